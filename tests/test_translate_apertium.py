"""`--backend apertium`: Debian's rule-based es->en pair as a translate/draft backend."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from edtools.translate import apertium as ap

PAIR_MODE = Path(os.environ.get("APERTIUM_DATADIR") or "/usr/share/apertium") / "modes" / f"{ap.DEFAULT_PAIR}.mode"
MISSING = (
    "apertium is not installed (Debian package apertium-eng-spa; .ci/run installs it)"
    if shutil.which("apertium") is None
    else f"the Apertium es-en pair is not installed ({PAIR_MODE} missing; Debian package apertium-eng-spa)"
    if not PAIR_MODE.is_file()
    else None
)
needs_apertium = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

NOTE = """# El ministro habla en Quito

El ministro de Gobierno habló con la prensa. La Policía detuvo a tres personas.

- Vea el [informe](https://example.com/a_b) y `ls -l`.
- Escriba a prensa@gob.ec.
- La **seguridad** es lo primero.

> La Asamblea Nacional aprobó el presupuesto.
"""

# What apertium-eng-spa 0.8.1 gives, every Markdown element kept (Quito -> "Remove" is the engine's).
NOTE_EN = """# The minister speaks in Remove

The minister of Government spoke with the press. The Police detained to three people.

- It see the [report](https://example.com/a_b) and `ls -l`.
- It write to prensa@gob.ec.
- The **security** is the first.

> The National Assembly approved the estimate.
"""


@pytest.fixture()
def note_md(tmp_path: Path) -> Path:
    p = tmp_path / "nota.es.md"
    p.write_text(NOTE, encoding="utf-8")
    return p


def _error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("edtools: error:")]


@needs_apertium
@pytest.mark.slow
def test_translate_markdown_through_the_installed_command(edtools_run, note_md: Path, tmp_path: Path) -> None:
    out = tmp_path / "nota.en.md"
    proc = edtools_run(["translate", str(note_md), "-o", str(out), "--backend", "apertium", "--no-glossary"])
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == NOTE_EN
    summary = [line for line in proc.stderr.splitlines() if "translated 7 segments (0 from cache)" in line]
    assert len(summary) == 1 and "apertium spa-eng_US" in summary[0], proc.stderr
    # the second run is served from the translation memory, under Apertium's own key
    again = edtools_run(["translate", str(note_md), "--backend", "apertium", "--no-glossary"])
    assert again.returncode == 0 and again.stdout == NOTE_EN
    assert "(7 from cache)" in again.stderr


@needs_apertium
@pytest.mark.slow
def test_draft_with_apertium_lints_and_writes_every_output(edtools_run, note_md: Path, tmp_path: Path) -> None:
    out, seg, review = tmp_path / "d.en.md", tmp_path / "d.jsonl", tmp_path / "d.html"
    proc = edtools_run(["draft", str(note_md), "--backend", "apertium", "--no-cache", "-o", str(out),
                        "--bilingual", str(seg), "--review", str(review)])
    # the bundled glossary replaces Apertium's calque "minister of Government" in place (issue 10); the
    # name Quito -> "Remove" is still a warning, so exit 1 at the default fail level
    assert proc.returncode == 1, proc.stderr
    assert "ED601" in proc.stdout and "ED302" not in proc.stdout
    assert "“minister of Government” → “government minister”" in proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# The minister speaks in Remove"
    assert lines[2].startswith("The government minister spoke with the press.")
    records = [json.loads(line) for line in seg.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 7 and records[0]["target"] == "The minister speaks in Remove"
    assert "Remove" in review.read_text(encoding="utf-8")
    assert "by apertium spa-eng_US" in proc.stderr


@needs_apertium
def test_config_selects_apertium(edtools_inprocess, note_md: Path) -> None:
    (note_md.parent / "edtools.toml").write_text('[translate]\nbackend = "apertium"\n', encoding="utf-8")
    res = edtools_inprocess(["translate", str(note_md), "--no-glossary", "--no-cache"])
    assert res.returncode == 0, res.stderr
    assert res.stdout == NOTE_EN
    assert "apertium spa-eng_US" in res.stderr


def test_config_names_apertium_among_the_backends(edtools_inprocess, note_md: Path) -> None:
    (note_md.parent / "edtools.toml").write_text('[translate]\nbackend = "apertum"\n', encoding="utf-8")
    res = edtools_inprocess(["translate", str(note_md)])
    assert res.returncode == 2
    (line,) = _error_lines(res.stderr)
    assert "translate.backend" in line and "apertium" in line


@pytest.mark.slow
@pytest.mark.parametrize("command", ["translate", "draft"])
def test_missing_apertium_is_one_clear_error(edtools_run, note_md: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out.en.md"
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    proc = edtools_run([command, str(note_md), "--backend", "apertium", "-o", str(out)], env={"PATH": str(empty)})
    assert proc.returncode == 2
    (line,) = _error_lines(proc.stderr)
    assert "apertium" in line and "apt-get install apertium-eng-spa" in line
    assert not out.exists()


def test_missing_pair_is_one_clear_error(edtools_inprocess, note_md: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("APERTIUM_DATADIR", str(tmp_path))
    monkeypatch.setattr(ap.shutil, "which", lambda name: "/usr/bin/apertium" if name == "apertium" else None)
    res = edtools_inprocess(["translate", str(note_md), "--backend", "apertium"])
    assert res.returncode == 2
    (line,) = _error_lines(res.stderr)
    assert "Spanish-English pair (spa-eng_US) is not installed" in line and "apertium-eng-spa" in line


def test_model_and_apertium_together_are_refused(edtools_inprocess, note_md: Path) -> None:
    res = edtools_inprocess(["translate", str(note_md), "--backend", "apertium", "--model", "demo-es-en"])
    assert res.returncode == 2
    (line,) = _error_lines(res.stderr)
    assert "--backend apertium uses no model" in line


@pytest.mark.parametrize(("args", "config", "expected"), [
    (["--backend", "apertium", "--beam", "2"], "", "--beam: the apertium backend has no beam search"),
    (["--beam", "4"], '[translate]\nbackend = "apertium"\n', "--beam: the apertium backend has no beam search"),
    (["--backend", "apertium", "--device", "cuda"], "", "--device cuda: the apertium backend runs on the CPU only"),
])
@pytest.mark.parametrize("command", ["translate", "draft"])
def test_beam_and_gpu_with_apertium_are_refused(edtools_inprocess, note_md: Path, tmp_path: Path, command: str,
                                                args: list[str], config: str, expected: str) -> None:
    """Options Apertium cannot honour are refused (as --model is), not silently ignored."""
    if config:
        (note_md.parent / "edtools.toml").write_text(config, encoding="utf-8")
    out = tmp_path / "out.en.md"
    res = edtools_inprocess([command, str(note_md), *args, "-o", str(out)])
    assert res.returncode == 2
    (line,) = _error_lines(res.stderr)
    assert expected in line
    assert not out.exists()


def test_auto_never_chooses_apertium(tiny_marian_model: Path) -> None:
    from edtools.translate.backends import load_translator

    translator = load_translator(str(tiny_marian_model), backend="auto")
    assert translator.backend in ("transformers", "ctranslate2")


@needs_apertium
def test_cache_key_keeps_apertium_apart_from_models(tiny_marian_model: Path) -> None:
    from edtools.translate.backends import load_translator

    apertium = load_translator(None, backend="apertium")
    marian = load_translator(str(tiny_marian_model), backend="transformers")
    assert apertium.backend == "apertium" and apertium.fingerprint != marian.fingerprint
    assert apertium.fingerprint == ap.ApertiumTranslator().fingerprint  # stable between runs


@needs_apertium
def test_a_batch_translates_as_each_sentence_alone() -> None:
    # fragments without final punctuation (headings, link texts, emphasis) must not run on into
    # the next sentence: with a bare blank line between them "Se reunió..." lost its "It".
    items = ["seguridad", "Se reunió con el presidente.", "el presidente", "Es una de las votaciones más reñidas.",
             "La canciller en Quito", "QUITO, 4 sep (EFE).- Marco Rubio llegó a Quito.", "de", "",
             "Vea `ls -l` y https://example.com/a_b & más.", "Hola."]
    t = ap.ApertiumTranslator()
    batch = t.translate_batch(items)
    assert batch == [t.translate_batch([s])[0] for s in items]
    assert batch[1] == "It gathered with the president."
    assert batch[7] == ""
    assert "`ls -l`" in batch[8] and "https://example.com/a_b" in batch[8] and "&" in batch[8]


@needs_apertium
def test_unknown_words_come_through_without_marks() -> None:
    out = ap.ApertiumTranslator().translate_batch(["El zorblaxiano llegó con los guayacanes de Zumbi."])[0]
    assert "zorblaxiano" in out and not any(ch in out for ch in "*#@")


def test_marks_are_removed_unless_the_source_has_them() -> None:
    assert ap.clean_output("the *zorblax of #Quito and @gobierno", "el zorblax de Quito y gobierno") == (
        "the zorblax of Quito and gobierno"
    )
    assert ap.clean_output("see #Ecuador and @Cancilleria", "ver #Ecuador y @Cancilleria") == "see #Ecuador and @Cancilleria"
    assert ap.clean_output("mail a@b.ec  now", "correo a@b.ec ya") == "mail a@b.ec now"


def test_verbatim_elements_travel_as_comments() -> None:
    text = "Vea `a  <b>` y https://example.com/x?a=1&b=2 & <i>más</i>."
    marked = ap.protect(text)
    assert "<!--`a  <b>`-->" in marked and "<!--https://example.com/x?a=1&b=2-->" in marked
    assert "&amp; " in marked and "<!--<i>-->" in marked
    assert ap.unprotect(marked, text) == text


@needs_apertium
@pytest.mark.slow
def test_worker_processes_give_the_same_drafts(edtools_run, note_md: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"n{i}.es.md").write_text(NOTE.replace("tres", str(i + 3)), encoding="utf-8")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = edtools_run(["translate", str(src), "-o", str(out), "--backend", "apertium", "--no-cache",
                            "--no-glossary", "--jobs", jobs])
        assert proc.returncode == 0, proc.stderr
        outs[jobs] = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    assert outs["1"] == outs["2"] and len(outs["1"]) == 3
    assert outs["1"]["n0.en.md"] == NOTE_EN.replace("three", "3")
