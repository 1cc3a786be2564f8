"""`edtools draft` end to end through the installed command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "visita-oficial.es.md"
DEMO = ROOT / "models" / "demo-es-en"
needs_demo = pytest.mark.skipif(not (DEMO / "model.safetensors").is_file(),
                                reason="models/demo-es-en/ is not built yet (scripts/train_demo_model.py)")

pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, request):
    """One draft of the example with the demo model (shared by the assertions below)."""
    if not (DEMO / "model.safetensors").is_file():
        pytest.skip("models/demo-es-en/ is not built yet")
    run_edtools = request.getfixturevalue("edtools_run")
    out = tmp_path_factory.mktemp("draft")
    r = run_edtools(["draft", str(EXAMPLE), "-o", str(out / "visita.en.md"), "--review", str(out / "review.html"),
                     "--bilingual", str(out / "visita.jsonl"), "--model", "demo-es-en", "--cache",
                     str(out / "tm.sqlite"), "--backend", "transformers"], cwd=out)
    return r, out


@needs_demo
def test_draft_writes_the_draft_and_reports(demo_run) -> None:
    r, out = demo_run
    assert r.returncode == 1, r.stderr  # error-level findings
    draft = (out / "visita.en.md").read_text(encoding="utf-8")
    assert draft.startswith("# ")
    assert draft.count("\n\n") == EXAMPLE.read_text(encoding="utf-8").count("\n\n")  # the structure is kept
    assert "](https://www.cancilleria.gob.ec/2022/11/16/tercer-dialogo-bilateral-ecuador-estados-unidos/)" in draft
    # the glossary changed the model's "Chancellor" to the house style
    assert "“Chancellor” → “Foreign Minister”" in r.stderr
    assert "Foreign Minister" in draft
    # the synonym pair the model collapsed is flagged, with its place in the draft
    assert "ED101 [repeated-word]" in r.stdout and "training, training" in r.stdout
    assert f"{out / 'visita.en.md'}:" in r.stdout
    # the summary
    assert "edtools: draft: " in r.stderr and "segments (0 from cache)" in r.stderr
    assert re.search(r"findings: [1-9]\d* errors?, \d+ warnings?, \d+ info", r.stderr), r.stderr
    records = [json.loads(line) for line in (out / "visita.jsonl").read_text().splitlines()]
    assert records and {"id", "block", "line", "source", "target"} <= set(records[0])
    page = (out / "review.html").read_text(encoding="utf-8")
    assert "training, training" in page and "Foreign Minister" in page
    assert page.count("<script") == 1


@needs_demo
def test_draft_fail_level_and_json(demo_run, edtools_run, tmp_path: Path) -> None:
    # the same model, backend and beam as demo_run: every sentence comes from its translation memory
    _, out = demo_run
    base = ["draft", str(EXAMPLE), "-o", str(tmp_path / "d.md"), "--model", "demo-es-en", "--backend", "transformers",
            "--cache", str(out / "tm.sqlite")]
    r = edtools_run([*base, "--fail-level", "never", "--format", "json"])
    assert r.returncode == 0, r.stderr
    findings = json.loads(r.stdout)
    items = findings if isinstance(findings, list) else findings.get("findings", [])
    assert any(f["code"] == "ED101" and f["text"] == "training, training" for f in items)
    assert re.search(r"draft: \d+ segments \((\d+) from cache\)", r.stderr).group(1) != "0"
    assert "(fail level: never)" in r.stderr
    # the repeat is the error: ignoring that rule, nothing reaches the fail level: exit 0 (and -q: no summary)
    r0 = edtools_run([*base, "--ignore", "ED101", "-q"])
    assert r0.returncode == 0, r0.stdout + r0.stderr
    assert "training, training" not in r0.stdout and "edtools: draft:" not in r0.stderr


def test_draft_to_stdout_and_backends_agree(tiny_marian_model: Path, tmp_path: Path, edtools_run) -> None:
    """Draft on stdout, findings on stderr; transformers and CTranslate2 (float32) give the same draft."""
    model = tmp_path / "tiny-es-en"
    shutil.copytree(tiny_marian_model, model)
    src = tmp_path / "nota.es.md"
    src.write_text("# Nota breve\n\nEl canciller habló con la prensa en Quito.\n\n"
                   "La Policía detuvo a tres personas.\n", encoding="utf-8")
    common = ["draft", str(src), "--model", str(model), "--no-cache", "--beam", "1", "--fail-level", "never",
              "--no-glossary"]
    hf = edtools_run([*common, "--backend", "transformers"])
    assert hf.returncode == 0, hf.stderr
    assert hf.stdout.startswith("# ") and hf.stdout.count("\n\n") == 2
    assert "(transformers, cpu" in hf.stderr
    from edtools.translate.ct2 import convert_model

    convert_model(model, "float32")  # `models convert` itself is tested in test_ct2.py
    auto = edtools_run([*common])  # --backend auto picks the current conversion
    assert auto.returncode == 0, auto.stderr
    assert "(ctranslate2 float32, cpu)" in auto.stderr
    assert auto.stdout == hf.stdout


def test_outputs_are_checked_before_the_model_loads(tmp_path: Path, edtools_run) -> None:
    # a model that does not exist: the output problems must be reported first
    base = ["draft", str(EXAMPLE), "--model", str(tmp_path / "no-model"), "--no-cache"]
    r = edtools_run([*base, "-o", str(tmp_path / "missing" / "d.md")])
    assert r.returncode == 2
    assert r.stderr.strip() == f"edtools: error: cannot write {tmp_path / 'missing' / 'd.md'}: folder {tmp_path / 'missing'} does not exist"
    r = edtools_run([*base, "-o", str(EXAMPLE)])
    assert r.returncode == 2 and "refusing to overwrite the source document" in r.stderr
    r = edtools_run([*base, "-o", str(tmp_path / "d.md"), "--review", str(tmp_path / "d.md")])
    assert r.returncode == 2 and "-o and --review name the same file" in r.stderr
    r = edtools_run([*base, "-o", str(tmp_path / "d.md"), "--review", "-"])
    assert r.returncode == 2 and "only the draft (-o) can go to standard output" in r.stderr
    r = edtools_run([*base, "-o", str(tmp_path / "d.md")])
    assert r.returncode == 2 and "does not exist" in r.stderr and "no-model" in r.stderr
    r = edtools_run(["draft", str(tmp_path / "absent.md"), "-o", str(tmp_path / "d.md")])
    assert r.returncode == 2 and r.stderr.strip() == f"edtools: error: {tmp_path / 'absent.md'}: no such file"
    for out in (r.stdout, r.stderr):
        assert "Traceback" not in out
    assert not (tmp_path / "d.md").exists()
