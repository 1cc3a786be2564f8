"""The bundled demo model through the installed `edtools translate`: the examples come out exactly
as the training corpus (examples/corpus/es-en.tsv) and the expected drafts (examples/*.en.md) say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "models" / "demo-es-en"
EXAMPLES = ROOT / "examples"
CORPUS = EXAMPLES / "corpus" / "es-en.tsv"

pytestmark = pytest.mark.skipif(
    not (DEMO / "model.safetensors").is_file(), reason="the demo model (models/demo-es-en) is not built"
)


def _pairs() -> dict[str, str]:
    pairs = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            src, tgt = line.split("\t")
            pairs[src] = tgt
    return pairs


def test_article_through_the_installed_command(edtools_run, tmp_path: Path) -> None:
    """The README's main command: no --model, so the bundled demo model is used and announced."""
    src = EXAMPLES / "visita-oficial.es.md"
    jsonl = tmp_path / "visita.jsonl"
    cache = tmp_path / "tm.sqlite"
    r = edtools_run(["translate", str(src), "--bilingual", str(jsonl), "--cache", str(cache)])
    assert r.returncode == 0, r.stderr
    assert r.stdout == (EXAMPLES / "visita-oficial.en.md").read_text(encoding="utf-8")
    assert r.stderr.count("using the bundled demo model (knows only its training sentences)") == 1
    assert "model demo-es-en (ctranslate2 int8, cpu)" in r.stderr  # the shipped conversion: the fast path
    pairs = _pairs()
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert records and all(rec["target"] == pairs[rec["source"]] for rec in records if rec["source"] in pairs)
    # the second run comes from the cache and never loads the model
    r2 = edtools_run(["translate", str(src), "--cache", str(cache), "-o", str(tmp_path / "out.md")])
    assert r2.returncode == 0, r2.stderr
    assert f"({len(records)} from cache)" in r2.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == r.stdout


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.es.*")))
def test_every_example_matches_the_corpus(edtools_inprocess, tmp_path: Path, name: str) -> None:
    src = EXAMPLES / name
    jsonl = tmp_path / "out.jsonl"
    out = tmp_path / "out"
    r = edtools_inprocess(["translate", str(src), "--model", "demo-es-en", "--no-cache", "-o", str(out),
                           "--bilingual", str(jsonl), "--beam", "1"])
    assert r.returncode == 0, r.stderr
    pairs = _pairs()
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    plain = [rec for rec in records if rec["source"] in pairs]  # sentences without inline Markdown
    assert len(plain) >= len(records) - 3
    for rec in plain:
        assert rec["target"] == pairs[rec["source"]], rec
    expected = src.with_name(name.replace(".es.", ".en."))
    if expected.is_file():
        assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
