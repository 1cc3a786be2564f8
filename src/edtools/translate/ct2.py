"""The CTranslate2 backend: the fast CPU path for MarianMT models.

A MarianMT folder ``X`` is converted once (``edtools models convert``) into ``X-ct2/``
with CTranslate2's own converter; the conversion records its quantization and the
fingerprint of the source files in ``X-ct2/edtools-ct2.json`` so that ``--backend auto``
uses it only while it is current.

Tokenisation reproduces the MarianTokenizer of the source folder with sentencepiece alone
(``spm.MarianPieces``), so this path never imports transformers or torch: the converter drops
``<pad>`` from the vocabulary and starts decoding from ``</s>``, so the source pieces are
fed to CTranslate2 *including* the final ``</s>`` (CTranslate2 does not add it).

transformers (conversion only) and ctranslate2 are imported inside functions only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from edtools.errors import ModelError
from edtools.translate.models import file_sha256, files_fingerprint

META_FILE = "edtools-ct2.json"
QUANTIZATIONS = ("int8", "int16", "float32")
# Marian's static positions: inputs longer than this cannot be encoded.
MAX_POSITIONS = 512


def ct2_dir_for(model_dir: str | os.PathLike[str]) -> Path:
    """Where the CTranslate2 conversion of ``model_dir`` lives: ``<model_dir>-ct2`` beside it."""
    p = Path(model_dir).resolve()
    return p.with_name(p.name + "-ct2")


def source_fingerprint(model_dir: str | os.PathLike[str]) -> str:
    """Fingerprint of a MarianMT folder's files (the project's one definition, models.files_fingerprint)."""
    path = Path(model_dir)
    if not (path / "config.json").is_file():
        raise ModelError(f"{path}: not a MarianMT model folder (no config.json)")
    return files_fingerprint(path)


def read_meta(ct2_dir: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The ``edtools-ct2.json`` of a conversion, or None when missing or unreadable."""
    path = Path(ct2_dir) / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def conversion_status(model_dir: str | os.PathLike[str]) -> tuple[Path | None, str]:
    """``(ct2_dir, "current")`` when a usable, up-to-date conversion exists beside ``model_dir``;
    else ``(None, reason)`` with a short human reason ("not converted", "stale: …")."""
    ct2 = ct2_dir_for(model_dir)
    if not ct2.is_dir():
        return None, "not converted"
    if not (ct2 / "model.bin").is_file():
        return None, f"{ct2} has no model.bin"
    meta = read_meta(ct2)
    if meta is None:
        return None, f"{ct2} has no readable {META_FILE}"
    try:
        current = source_fingerprint(model_dir)
    except ModelError as exc:
        return None, exc.message
    if meta.get("source_fingerprint") != current:
        return None, "stale: the model changed since it was converted (run `edtools models convert --force`)"
    return ct2, "current"


def find_current_conversion(model_dir: str | os.PathLike[str]) -> Path | None:
    """The conversion folder when it is present and current, else None (what ``--backend auto`` asks)."""
    return conversion_status(model_dir)[0]


def convert_model(
    model_dir: str | os.PathLike[str],
    quantization: str = "int8",
    out: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
) -> Path:
    """Convert a MarianMT folder with CTranslate2's converter into ``<model_dir>-ct2/`` (or ``out``).

    Written into a temporary folder beside the target and renamed into place, so a
    failed conversion never leaves a half-written model. Raises :class:`ModelError` for a
    missing model, an existing conversion (without ``force``) and converter failures.
    """
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantization {quantization!r} (choose {', '.join(QUANTIZATIONS)})")
    src = Path(model_dir)
    if not src.is_dir():
        raise ModelError(f"{src}: no such model folder")
    if not (src / "config.json").is_file():
        raise ModelError(f"{src}: not a MarianMT model folder (no config.json)")
    target = Path(out) if out is not None else ct2_dir_for(src)
    if target.exists() and not force:
        raise ModelError(f"{target} already exists (use --force to convert again)")
    if not os.access(target.parent if target.parent.exists() else target.parent.parent, os.W_OK):
        raise ModelError(f"cannot write {target}: folder {target.parent} is not writable")
    fingerprint = source_fingerprint(src)

    try:
        from ctranslate2.converters import TransformersConverter  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(f"ctranslate2 is not installed ({exc}); install edtools[mt]") from None

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    started = time.perf_counter()
    try:
        _quiet_transformers()
        start_token = _trained_start_token(src)
        try:
            converter = TransformersConverter(str(src))
            with _keep_start_token(start_token):
                converter.convert(str(tmp), quantization=quantization, force=True)
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001 - the converter raises anything; report it in one line
            raise ModelError(f"conversion of {src} failed: {type(exc).__name__}: {exc}") from None
        import ctranslate2  # noqa: PLC0415

        meta = {
            "format": 1,
            "quantization": quantization,
            "source": str(src.resolve()),
            "source_fingerprint": fingerprint,
            # None: CTranslate2's standard Marian conversion (decoding starts from a zero embedding);
            # else the token whose (trained) embedding starts decoding, kept in the vocabulary and
            # suppressed in the output, as transformers does
            "decoder_start_token": start_token,
            "ctranslate2": getattr(ctranslate2, "__version__", "?"),
            "seconds": round(time.perf_counter() - started, 2),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _trained_start_token(model_dir: Path) -> str | None:
    """The decoder start token when its embedding is not zero, else None.

    CTranslate2's Marian converter drops ``<pad>`` and starts decoding from a zero embedding,
    which is exact for hub opus-mt models (their ``<pad>`` row is zero). A model fine-tuned
    with transformers and tied embeddings trains that row through the output projection;
    converting it the standard way would change every translation's first words. Such a
    model is converted keeping its start token.
    """
    cfg = _read_json(model_dir / "config.json")
    start = cfg.get("decoder_start_token_id", cfg.get("pad_token_id"))
    weights = model_dir / "model.safetensors"
    if start is None or not weights.is_file():
        return None
    try:
        from safetensors import safe_open  # noqa: PLC0415

        with safe_open(str(weights), framework="np") as fh:
            names = set(fh.keys())
            for name in ("model.decoder.embed_tokens.weight", "model.shared.weight", "model.encoder.embed_tokens.weight"):
                if name in names:
                    row = fh.get_slice(name)[int(start) : int(start) + 1]
                    if not bool((row != 0).any()):
                        return None
                    break
            else:
                return None
    except Exception:  # noqa: BLE001 - unreadable weights: the converter will say so
        return None
    vocab = _read_json(model_dir / "vocab.json")
    for piece, index in vocab.items():
        if index == int(start):
            return str(piece)
    return None


class _keep_start_token:
    """Within the block, CTranslate2 converts Marian models keeping ``token`` as the decoder start."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self._saved: Any = None

    def __enter__(self) -> None:
        if self.token is None:
            return
        from ctranslate2.converters import transformers as ct2t  # noqa: PLC0415

        token = self.token

        class KeepStartLoader(ct2t.MarianMTLoader):
            def get_model_spec(self, model):  # noqa: ANN001, ANN202 - the converter's interface
                model.config.normalize_before = False
                model.config.normalize_embedding = False
                return ct2t.BartLoader.get_model_spec(self, model)

            def set_config(self, config, model, tokenizer):  # noqa: ANN001, ANN202
                config.eos_token = tokenizer.eos_token
                config.unk_token = tokenizer.unk_token
                config.decoder_start_token = token

            def set_decoder(self, spec, decoder):  # noqa: ANN001, ANN202
                spec.start_from_zero_embedding = False
                ct2t.BartLoader.set_decoder(self, spec, decoder)

            def get_vocabulary(self, model, tokenizer):  # noqa: ANN001, ANN202
                return ct2t.BartLoader.get_vocabulary(self, model, tokenizer)

        self._saved = ct2t._MODEL_LOADERS.get("MarianConfig")  # noqa: SLF001 - no public hook for this
        if self._saved is None:
            raise ModelError("this ctranslate2 version has no Marian converter")
        ct2t._MODEL_LOADERS["MarianConfig"] = KeepStartLoader()  # noqa: SLF001

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            from ctranslate2.converters import transformers as ct2t  # noqa: PLC0415

            ct2t._MODEL_LOADERS["MarianConfig"] = self._saved  # noqa: SLF001


def _quiet_transformers() -> None:
    try:
        from transformers.utils import logging as hf_logging  # noqa: PLC0415

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except Exception:  # noqa: BLE001 - cosmetic only
        pass


class CT2Translator:
    """A :class:`edtools.translate.base.Translator` on CTranslate2.

    ``min_length`` / ``max_new_tokens`` exist for benchmarks (force identical output
    lengths); their defaults change nothing.
    """

    backend = "ctranslate2"
    # Sentences per call when the user sets no --batch-size. Bigger GEMMs pay on CTranslate2:
    # on the full-size opus-mt shape (2 cores, beam 4, int8) a 60-document folder took 46 s in
    # batches of 16, 41 s in 32 and 37.5 s in 64; 128 is slower again (its logits no longer fit
    # the cache). transformers keeps 16 (memory grows with batch x beam x vocabulary).
    batch_size = 64

    def __init__(
        self,
        model_dir: str | os.PathLike[str],
        ct2_dir: str | os.PathLike[str] | None = None,
        *,
        device: str = "cpu",
        beam: int = 4,
        max_length: int | None = None,
        min_length: int = 1,
        max_new_tokens: int | None = None,
        threads: int | None = None,
        display_name: str | None = None,
        patience: float = 2.0,
        load: bool = True,
    ) -> None:
        #: what a worker process needs to build the same translator (engines.TranslatorSpec)
        self.init_kwargs = {"device": device, "beam": beam, "max_length": max_length, "min_length": min_length,
                            "max_new_tokens": max_new_tokens, "display_name": display_name, "patience": patience}
        self.model_dir = Path(model_dir)
        self.ct2_dir = Path(ct2_dir) if ct2_dir is not None else ct2_dir_for(self.model_dir)
        if beam < 1:
            raise ModelError("beam must be at least 1")
        if device not in ("cpu", "cuda"):
            raise ModelError(f"unknown device {device!r} (choose cpu or cuda)")
        if not (self.ct2_dir / "model.bin").is_file():
            raise ModelError(
                f"{self.ct2_dir}: no CTranslate2 model here (run `edtools models convert {self.model_dir}`)"
            )
        meta = read_meta(self.ct2_dir) or {}
        start = meta.get("decoder_start_token")
        # a kept start token (usually <pad>) is never produced, as transformers' bad_words_ids ensures
        self._suppress = [[str(start)]] if start else None
        self.quantization = str(meta.get("quantization") or "default")
        self.beam = beam
        gen = _read_json(self.model_dir / "generation_config.json")
        cfg = _read_json(self.model_dir / "config.json")
        self.max_positions = int(cfg.get("max_position_embeddings") or MAX_POSITIONS)
        self.max_length = int(max_length or gen.get("max_length") or cfg.get("max_length") or 512)
        forced = gen.get("forced_eos_token_id", cfg.get("forced_eos_token_id"))
        self._forced_eos = forced is not None
        self.min_length = min_length
        # transformers' beam search (early_stopping=False) keeps looking after the first `beam`
        # hypotheses end; CTranslate2 stops there unless patience > 1. With 2 the demo model's
        # beam-4 output matches transformers on every sentence of the example.
        self.patience = patience if beam > 1 else 1.0
        self.max_new_tokens = max_new_tokens
        self.device = device

        try:
            import ctranslate2  # noqa: PLC0415
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelError(f"the CTranslate2 backend needs ctranslate2 ({exc}); install edtools[mt]") from None
        from edtools.translate.spm import MarianPieces  # noqa: PLC0415

        if device == "cuda" and ctranslate2.get_cuda_device_count() < 1:
            raise ModelError("--device cuda: CTranslate2 sees no CUDA device on this machine")
        supported = ctranslate2.get_supported_compute_types(device)
        self.compute_type = self._compute_type(self.quantization, device, supported)
        self._tok = MarianPieces(self.model_dir)
        # Two workers with one thread each beat one worker with two threads on a 2-core CPU
        # (measured: greedy 930 vs 362 tok/s, beam 4 457 vs 216 on the full-size shape): each
        # batch is split in two halves decoded in parallel. More cores go to threads per worker.
        # The split itself never depends on the cores, so that a sentence meets the same batch
        # neighbours (and gets the same bytes) with any number of threads or --jobs.
        cores = threads or os.cpu_count() or 1
        self.split = 2 if device == "cpu" else 1
        self.workers = 2 if device == "cpu" and cores >= 2 else 1
        self._threads = (max(1, cores // self.workers), self.workers)
        self._ctranslate2 = ctranslate2
        self._ct2: Any = None
        #: seconds spent loading the CTranslate2 model
        self.load_seconds = 0.0
        if load:
            self.load()

        model_name = display_name or self.model_dir.name
        self.name = f"{model_name} (ctranslate2 {self.compute_type}, {device})"
        self.fingerprint = self._fingerprint(meta)

    def _fingerprint(self, meta: dict[str, Any]) -> str:
        """A hash of everything that decides the output: the source model, the conversion, the options."""
        h = hashlib.sha256()
        h.update(
            json.dumps(
                {
                    "backend": "ctranslate2",
                    "source_fingerprint": meta.get("source_fingerprint"),
                    "quantization": self.quantization,
                    "compute_type": self.compute_type,
                    "ctranslate2": meta.get("ctranslate2"),
                    "device": self.device,
                    "beam": self.beam,
                    "max_length": self.max_length,
                    "min_length": self.min_length,
                    "max_new_tokens": self.max_new_tokens,
                    "patience": self.patience,
                    "decoder_start_token": meta.get("decoder_start_token"),
                },
                sort_keys=True,
            ).encode()
        )
        if not meta.get("source_fingerprint"):
            # no metadata: hash the converted weights themselves
            h.update(file_sha256(self.ct2_dir / "model.bin").encode())
        return h.hexdigest()

    def load(self) -> Any:
        """The CTranslate2 model, loaded on first use (a parent that only dispatches never loads it)."""
        if self._ct2 is None:
            started = time.perf_counter()
            intra, inter = self._threads
            try:
                self._ct2 = self._ctranslate2.Translator(
                    str(self.ct2_dir), device=self.device, compute_type=self.compute_type,
                    intra_threads=intra, inter_threads=inter,
                )
            except Exception as exc:  # noqa: BLE001
                raise ModelError(
                    f"{self.ct2_dir}: cannot load the CTranslate2 model ({type(exc).__name__}: {exc})"
                ) from None
            self.load_seconds = time.perf_counter() - started
        return self._ct2

    @staticmethod
    def _compute_type(quantization: str, device: str, supported: set[str]) -> str:
        if quantization in supported:
            return quantization
        if device == "cuda" and quantization == "int8" and "int8_float16" in supported:
            return "int8_float16"
        if device == "cuda" and "float16" in supported:
            return "float16"
        return "default"

    def tokenize(self, sentences: list[str]) -> list[list[str]]:
        """Source pieces per sentence, ending with ``</s>`` (truncated to the model's positions)."""
        return self._tok.encode(list(sentences), self.max_positions)

    def detokenize(self, pieces: list[str]) -> str:
        return self._tok.decode(pieces)

    def decoding_length(self, batch: list[list[str]]) -> int:
        """The most target pieces a batch may produce.

        Mirrors MarianTranslator's cap (twice the longest source plus ten, at least 16,
        within the model's limits), and since transformers spends the last of those
        steps on the forced ``</s>``, CTranslate2 (which returns no ``</s>``) gets one
        step less: both backends then cut a runaway output at the same piece.
        """
        if self.max_new_tokens is not None:
            return self.max_new_tokens
        longest = max((len(p) for p in batch), default=1)
        max_new = max(16, min(self.max_length, self.max_positions, 2 * longest + 10))
        return max_new - 1 if self._forced_eos else max_new

    def translate_pieces(self, batch: list[list[str]]) -> list[list[str]]:
        """Raw CTranslate2 call on tokenised input (one hypothesis per input)."""
        results = self.load().translate_batch(
            batch,
            max_batch_size=max(1, -(-len(batch) // self.split)),
            beam_size=self.beam,
            patience=self.patience,
            max_decoding_length=self.decoding_length(batch),
            min_decoding_length=self.min_length,
            max_input_length=self.max_positions,
            return_scores=False,
            suppress_sequences=self._suppress,
        )
        return [r.hypotheses[0] for r in results]

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        # empty/whitespace sentences translate to empty output, not to model noise
        keep = [i for i, s in enumerate(sentences) if s.strip()]
        out = [""] * len(sentences)
        if keep:
            hyps = self.translate_pieces(self.tokenize([sentences[i] for i in keep]))
            for i, hyp in zip(keep, hyps):
                out[i] = self.detokenize(hyp).strip()
        return out

    def __repr__(self) -> str:
        return f"CT2Translator({str(self.ct2_dir)!r}, device={self.device!r}, beam={self.beam})"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
