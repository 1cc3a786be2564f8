"""The fast path by default: the shipped CTranslate2 int8 conversion of the demo model.

- scripts/convert_demo_model.py built models/demo-es-en-ct2/ from the current demo model;
- its drafts agree with the transformers backend on the example documents;
- the CTranslate2 path tokenises with sentencepiece alone, piece for piece as MarianTokenizer;
- the README's first command never imports torch or transformers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "models" / "demo-es-en"
EXAMPLES = ROOT / "examples"

pytest.importorskip("ctranslate2")


def _corpus_sources() -> list[str]:
    lines = (EXAMPLES / "corpus" / "es-en.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") [0] for line in lines if "\t" in line and not line.startswith("#")]


HOSTILE = ["", " ", "hola </s> mundo", "</s>", "a<unk>b", "<pad><pad>", ">>en<< Hola", "x >>es<< y",
           "  espacios  dobles  ", "émoji 😀 ñandú ÀÉÎ", "tab\there", "ﬁ ligadura", "x" * 3000,
           "palabra " * 600, "\u200b cero", "<s> </S>", "¿Qué? ¡Sí! «comillas» — 1.500,5 %"]


def test_the_shipped_conversion_is_current() -> None:
    from edtools.translate.ct2 import conversion_status, read_meta

    folder, why = conversion_status(DEMO)
    assert folder == DEMO.with_name("demo-es-en-ct2"), f"run scripts/convert_demo_model.py ({why})"
    meta = read_meta(folder)
    assert meta["quantization"] == "int8" and meta["source"] == "models/demo-es-en"
    assert "seconds" not in meta  # portable and reproducible: the script rewrites nothing else
    from edtools.translate.models import file_sha256, load_registry

    entry = load_registry()["demo-es-en"]
    shipped = sorted(p.name for p in folder.iterdir() if p.name != "edtools-ct2.json")
    assert shipped == ["config.json", "model.bin", "shared_vocabulary.json"]
    for name in shipped:  # models verify checks these; a rebuilt conversion must update the registry
        assert entry.digest(f"ct2/{name}") == file_sha256(folder / name, use_index=False), name


@pytest.mark.slow
def test_sentencepiece_pieces_match_marian_tokenizer() -> None:
    pytest.importorskip("transformers")
    from transformers import MarianTokenizer

    from edtools.translate.spm import MarianPieces

    hf = MarianTokenizer.from_pretrained(str(DEMO))
    ours = MarianPieces(DEMO)
    texts = _corpus_sources() + HOSTILE
    for text in texts:
        expected = hf.convert_ids_to_tokens(hf(text, truncation=True, max_length=512)["input_ids"])
        assert ours.encode([text], 512)[0] == expected, text[:80]
    targets = [line.split("\t")[1] for line in (EXAMPLES / "corpus" / "es-en.tsv").read_text(
        encoding="utf-8").splitlines() if "\t" in line and not line.startswith("#")]
    for target in targets:
        pieces = hf.convert_ids_to_tokens(hf(target)["input_ids"])
        for variant in (pieces, ["<pad>", *pieces], [*pieces[:2], "<unk>", "not-a-piece", *pieces[2:]]):
            ids = hf.convert_tokens_to_ids(variant)
            assert ours.decode(variant) == hf.decode(ids, skip_special_tokens=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.es.*")))
def test_shipped_conversion_agrees_with_transformers(name: str) -> None:
    from edtools.document import load_document
    from edtools.translate.backends import load_translator
    from edtools.translate.pipeline import translate_document

    doc = load_document(str(EXAMPLES / name))
    fast = load_translator("demo-es-en", backend="auto")
    assert fast.backend == "ctranslate2"
    hf = load_translator("demo-es-en", backend="transformers")
    a = translate_document(doc, fast, cache=None)
    b = translate_document(doc, hf, cache=None)
    assert a.draft == b.draft
    assert [r.target for r in a.records] == [r.target for r in b.records]


@pytest.mark.slow
def test_readme_command_never_imports_torch(tmp_path: Path) -> None:
    """`edtools translate examples/visita-oficial.es.md` with an empty cache: ctranslate2 and
    sentencepiece only (torch and transformers cost ~6 s of the old 7–9 s)."""
    script = (
        "import sys, json\n"
        "from edtools.cli import main\n"
        "try:\n"
        f"    main(['translate', {str(EXAMPLES / 'visita-oficial.es.md')!r}, '-o', {str(tmp_path / 'o.md')!r},"
        f" '--cache', {str(tmp_path / 'tm.sqlite')!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(json.dumps(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1]) == ["ctranslate2"]
    assert "model demo-es-en (ctranslate2 int8, cpu)" in r.stderr
    assert (tmp_path / "o.md").read_text(encoding="utf-8") == (EXAMPLES / "visita-oficial.en.md").read_text(
        encoding="utf-8")
