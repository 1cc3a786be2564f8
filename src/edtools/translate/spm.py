"""MarianTokenizer's pieces with sentencepiece alone (no transformers, no torch).

    tok = MarianPieces(model_dir)
    tok.encode(["Hola."])  -> [["▁Hola", ".", "</s>"]]      # what the CTranslate2 backend feeds
    tok.decode(["▁Hello", "."]) -> "Hello."

The CTranslate2 path needs only the source pieces of each sentence and the text of the
output pieces. transformers' MarianTokenizer does this with sentencepiece too, but importing
transformers costs seconds on every run. This module reproduces its behaviour exactly (a
test compares both on the example corpus and on hostile strings):

- the special tokens (``</s>``, ``<unk>``, ``<pad>``) written literally in the text are split
  out first (leftmost, longest) and kept as single pieces;
- each other chunk loses a leading ``>>xx<<`` language code (kept as a piece) and is encoded
  with ``source.spm``; a piece missing from ``vocab.json`` becomes ``<unk>``;
- ``</s>`` is appended; truncation keeps ``max_length - 1`` pieces and the ``</s>``;
- decoding drops special pieces (and pieces unknown to the vocabulary, which transformers maps
  to ``<unk>`` and then skips), joins the rest with the source model when the vocabulary is
  shared (transformers 5 does so), turns ``▁`` into spaces and strips.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from edtools.errors import ModelError

SPIECE_UNDERLINE = "▁"


class MarianPieces:
    """Source tokenisation and target detokenisation of a MarianMT folder, as MarianTokenizer does."""

    def __init__(self, model_dir: str | os.PathLike[str]) -> None:
        try:
            import sentencepiece  # noqa: PLC0415
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelError(f"the CTranslate2 backend needs sentencepiece ({exc}); install edtools[mt]") from None
        path = Path(model_dir)
        conf = _read_json(path / "tokenizer_config.json")
        try:
            self.vocab: dict[str, int] = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
            source = sentencepiece.SentencePieceProcessor()
            source.Load(str(path / "source.spm"))
            target = sentencepiece.SentencePieceProcessor()
            target.Load(str(path / "target.spm"))
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"{path}: cannot load the tokenizer ({type(exc).__name__}: {exc})") from None
        if conf.get("separate_vocabs"):
            raise ModelError(f"{path}: separate source and target vocabularies are not supported by the CTranslate2 path")
        self.eos = str(conf.get("eos_token") or "</s>")
        self.unk = str(conf.get("unk_token") or "<unk>")
        self.pad = str(conf.get("pad_token") or "<pad>")
        if self.unk not in self.vocab:
            raise ModelError(f"{path}: vocab.json has no {self.unk} token")
        self.special = (self.eos, self.unk, self.pad)
        self.max_length = int(conf.get("model_max_length") or 512)
        self._source = source
        # transformers 5 decodes with the source model when the vocabulary is shared
        self._decoder = source
        self._target = target

    # ---------------------------------------------------------------- encoding

    def _split_special(self, text: str) -> list[str]:
        """``text`` cut around literal special tokens (leftmost, longest first)."""
        out: list[str] = []
        pos = start = 0
        ordered = sorted(self.special, key=len, reverse=True)
        while pos < len(text):
            hit = next((t for t in ordered if text.startswith(t, pos)), None)
            if hit is None:
                pos += 1
                continue
            if pos > start:
                out.append(text[start:pos])
            out.append(hit)
            pos += len(hit)
            start = pos
        if start < len(text):
            out.append(text[start:])
        return out

    def _chunk_pieces(self, chunk: str) -> list[str]:
        code: list[str] = []
        if chunk.startswith(">>") and (end := chunk.find("<<")) != -1:
            code.append(chunk[: end + 2])
            chunk = chunk[end + 2 :]
        return code + list(self._source.encode(chunk, out_type=str))

    def pieces(self, text: str) -> list[str]:
        """The source pieces of one sentence, without ``</s>`` and untruncated."""
        out: list[str] = []
        for chunk in self._split_special(text):
            if chunk in self.special:
                out.append(chunk)
            else:
                out.extend(self._chunk_pieces(chunk))
        return [p if p in self.vocab else self.unk for p in out]

    def encode(self, sentences: list[str], max_length: int | None = None) -> list[list[str]]:
        """Source pieces per sentence ending with ``</s>``, at most ``max_length`` pieces in all."""
        limit = max(1, int(max_length or self.max_length))
        return [self.pieces(s)[: limit - 1] + [self.eos] for s in sentences]

    # ---------------------------------------------------------------- decoding

    def decode(self, pieces: list[str]) -> str:
        kept = [p for p in pieces if p in self.vocab and p not in self.special]
        text = self._decoder.decode_pieces(kept) if kept else ""
        return text.replace(SPIECE_UNDERLINE, " ").strip()


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
