"""The bundled demo model (models/demo-es-en) and the corpus it was trained on (examples/corpus/es-en.tsv).

The model is loaded once per module with transformers directly (MarianTokenizer / MarianMTModel), the
way any MarianMT folder is loaded, and must reproduce its training targets for every segment of the
bundled examples exactly, greedy and beam 4.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "demo-es-en"
CORPUS = ROOT / "examples" / "corpus" / "es-en.tsv"
ARTICLE = ROOT / "examples" / "visita-oficial.es.md"
ARTICLE_EN = ROOT / "examples" / "visita-oficial.en.md"
NOTE = ROOT / "examples" / "nota-breve.es.txt"


def read_corpus_lines() -> list[tuple[int, str, str]]:
    rows = []
    for lineno, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == 2, f"{CORPUS.name}:{lineno}: expected source<TAB>target"
        rows.append((lineno, fields[0], fields[1]))
    return rows


CORPUS_ROWS = read_corpus_lines()
PAIRS = {src: tgt for _, src, tgt in CORPUS_ROWS}


def example_inputs() -> tuple[list[str], list[tuple[str, str]]]:
    """What the translation pipeline feeds the model for the bundled examples: every segment's MT input
    (inline Markdown removed) and every (link text / emphasised phrase, its sentence's MT input)."""
    from edtools.document import load_document
    from edtools.translate.pipeline import prepare_segment

    sentences: list[str] = []
    phrases: list[tuple[str, str]] = []
    for path in (ARTICLE, NOTE):
        for seg in load_document(str(path)).segments("es"):
            prep = prepare_segment(seg.text)
            sentences.append(prep.mt)
            phrases.extend((w.mt, prep.mt) for w in prep.wrappers)
    return sentences, phrases


SENTENCES, PHRASES = example_inputs()


@pytest.fixture(scope="module")
def marian():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    import transformers
    from transformers import MarianMTModel, MarianTokenizer

    transformers.logging.set_verbosity_error()
    # a 1.7 M-parameter model gains nothing from a second thread, and one thread cannot be
    # slowed down by waiting on a busy core when other jobs share the machine
    torch.set_num_threads(1)
    tok = MarianTokenizer.from_pretrained(str(MODEL))
    model = MarianMTModel.from_pretrained(str(MODEL)).eval()
    return tok, model


def _translate(marian, sources: list[str], beams: int) -> list[str]:
    import torch

    tok, model = marian
    with torch.inference_mode():
        enc = tok(sources, return_tensors="pt", padding=True)
        out = model.generate(**enc, num_beams=beams, max_new_tokens=200)
    return tok.batch_decode(out, skip_special_tokens=True)


# ------------------------------------------------------------------ corpus and examples (no model)


def test_corpus_size_and_format():
    assert 300 <= len(CORPUS_ROWS) <= 450
    first = CORPUS.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#"), "the corpus starts with a comment line that explains it"
    for lineno, src, tgt in CORPUS_ROWS:
        assert src == src.strip() and tgt == tgt.strip() and src and tgt, f"line {lineno}"


def test_corpus_has_no_conflicting_duplicates():
    seen: dict[str, tuple[int, str]] = {}
    for lineno, src, tgt in CORPUS_ROWS:
        if src in seen:
            assert seen[src][1] == tgt, f"{src!r}: line {seen[src][0]} and line {lineno} disagree"
        seen[src] = (lineno, tgt)


def test_every_example_segment_is_in_the_corpus():
    assert len(SENTENCES) == 31  # 27 in the article, 4 in the note
    missing = [s for s in SENTENCES if s not in PAIRS]
    assert not missing


def test_link_texts_and_emphasis_have_pairs_found_in_their_sentence():
    assert [p for p, _ in PHRASES] == ["comunicado oficial", "integral y de largo plazo"]
    for phrase, sentence in PHRASES:
        assert phrase in PAIRS
        assert PAIRS[phrase].lower() in PAIRS[sentence].lower()


def test_corpus_keeps_the_opus_mt_faults_the_glossary_and_lint_fix():
    targets = [PAIRS[s] for s in SENTENCES]
    assert any("Chancellor Manrique" in t for t in targets)
    assert any("the chancellor" in t.lower() and "Chancellor Manrique" not in t for t in targets)
    assert any("Undersecretary of Political Affairs" in t for t in targets)
    assert any("United States Agency for Development (USAID)" in t for t in targets)
    assert any("training, training" in t for t in targets)


# ------------------------------------------------------------------ the model folder


def test_model_files_are_safetensors_and_complete():
    names = {p.name for p in MODEL.iterdir()}
    for required in ("config.json", "generation_config.json", "model.safetensors", "source.spm",
                     "target.spm", "vocab.json", "tokenizer_config.json", "README.md"):
        assert required in names
    assert not any(n.endswith((".bin", ".pt", ".pth", ".pkl")) for n in names)
    size = sum(p.stat().st_size for p in MODEL.iterdir() if p.is_file())
    assert size < 15_000_000, f"the demo model should stay a few MB, it is {size / 1e6:.1f} MB"


def test_config_has_the_opus_mt_shape():
    config = json.loads((MODEL / "config.json").read_text(encoding="utf-8"))
    vocab = json.loads((MODEL / "vocab.json").read_text(encoding="utf-8"))
    gen = json.loads((MODEL / "generation_config.json").read_text(encoding="utf-8"))
    pad = len(vocab) - 1
    assert config["model_type"] == "marian"
    assert config["vocab_size"] == len(vocab)
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1 and vocab["<pad>"] == pad
    assert config["pad_token_id"] == pad == config["decoder_start_token_id"]
    assert config["eos_token_id"] == 0 and config["forced_eos_token_id"] == 0
    assert config["activation_function"] == "swish"
    assert config["scale_embedding"] is True
    assert config["share_encoder_decoder_embeddings"] is True
    assert config["encoder_layers"] == config["decoder_layers"] == 3
    assert gen["num_beams"] == 4 and gen["bad_words_ids"] == [[pad]]


def test_spm_models_have_opus_mt_special_ids():
    import sentencepiece as spm

    for name in ("source.spm", "target.spm"):
        sp = spm.SentencePieceProcessor(model_file=str(MODEL / name))
        assert sp.id_to_piece(0) == "</s>" and sp.eos_id() == 0
        assert sp.id_to_piece(1) == "<unk>" and sp.unk_id() == 1
        assert sp.bos_id() == -1 and sp.pad_id() == -1


# ------------------------------------------------------------------ translations


@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
def test_demo_model_reproduces_every_example_segment(marian, beams):
    sources = SENTENCES + [p for p, _ in PHRASES]
    got = _translate(marian, sources, beams)
    wrong = [(s, PAIRS[s], g) for s, g in zip(sources, got) if g != PAIRS[s]]
    assert not wrong


def test_translate_command_prints_the_expected_english_article(tmp_path):
    exe = shutil.which("edtools", path=str(Path(sys.executable).parent)) or "edtools"
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    proc = subprocess.run(
        [exe, "translate", str(ARTICLE), "--model", str(MODEL), "--no-cache", "--no-glossary", "-q",
         "-o", str(tmp_path / "out.en.md")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.en.md").read_text(encoding="utf-8") == ARTICLE_EN.read_text(encoding="utf-8")
