"""The installed `edtools lint` and `edtools rules` commands, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import run_edtools

from edtools.lint.docs import rules_markdown
from edtools.lint.engine import lint_text

ROOT = Path(__file__).resolve().parents[1]

# The one sentence of the published article (../shared/data, 2022-11-21) that holds the defect.
ARTICLE_SENTENCE = (
    "She added that bilateral cooperation will focus on strengthening the capacities of the Police, the Armed "
    "Forces and the legal and intelligence teams, with technology, training, training and information."
)


def test_article_sentence_is_caught_and_nothing_else():
    found = lint_text(ARTICLE_SENTENCE, fmt="text")
    assert [(f.code, f.text, f.column) for f in found] == [("ED101", "training, training", ARTICLE_SENTENCE.index("training, training") + 1)]
    assert found[0].fix is None  # an editor must choose the second term


def test_exit_codes_through_the_installed_command(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("The foreign minister met the delegation on Monday.\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("It covers technology, training, training and data.\n", encoding="utf-8")
    warn = tmp_path / "warn.md"
    warn.write_text("The minister  arrived.\n", encoding="utf-8")

    r = run_edtools("lint", str(clean))
    assert (r.returncode, r.stdout, r.stderr) == (0, "No findings in 1 file.\n", "")
    r = run_edtools("lint", str(bad))
    assert r.returncode == 1
    assert r.stdout.startswith(f"{bad}:1:23: ED101 [repeated-word] repeated word 'training' across ','")
    assert r.stdout.endswith("1 finding (1 error) in 1 file.\n")
    assert run_edtools("lint", str(warn)).returncode == 1
    assert run_edtools("lint", "--fail-level", "error", str(warn)).returncode == 0
    assert run_edtools("lint", "--ignore", "ED5", str(warn)).returncode == 0
    assert run_edtools("lint", "--select", "ED101", str(tmp_path)).stdout.endswith("in 3 files.\n")

    for args, message in [
        (["lint", str(tmp_path / "missing.md")], "missing.md: no such file"),
        (["lint", "--select", "ED7", str(clean)], "unknown rule code 'ED7'"),
        (["lint", "--format", "xml", str(clean)], "Invalid value for '--format'"),
        (["lint", "--source", str(clean), str(clean), str(bad)], "exactly one draft FILE"),
        (["rules", "ED999"], "unknown rule 'ED999'"),
    ]:
        r = run_edtools(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr
        assert "Traceback" not in r.stderr and r.stdout == ""


def test_stdin_and_json(tmp_path):
    r = run_edtools("lint", "--format", "json", "-", stdin="And and then ¿what?\n")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["version"] == 1
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in data["findings"]] == [
        ("<stdin>", "ED101", 1, 1),
        ("<stdin>", "ED501", 1, 14),
    ]


def test_config_file_is_found_and_validated(tmp_path):
    (tmp_path / "edtools.toml").write_text('[lint]\nignore = ["ED101"]\n', encoding="utf-8")
    draft = tmp_path / "sub" / "d.md"
    draft.parent.mkdir()
    draft.write_text("The the minister arrived.\n", encoding="utf-8")
    assert run_edtools("lint", str(draft)).returncode == 0
    (tmp_path / "edtools.toml").write_text('[lint]\nignore = ["ED101"]\nfail = "x"\n', encoding="utf-8")
    r = run_edtools("lint", str(draft))
    assert r.returncode == 2
    assert r.stderr.strip() == f"edtools: error: {tmp_path / 'edtools.toml'}: unknown key 'lint.fail' (known: " \
        "select, ignore, fail-level, allowed-repeats, allowed-words, severity, near-duplicate-threshold)"


def test_fix_applies_only_safe_fixes(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(
        "# Title\n\nThe the minister said «never again».\n\n¿Training, training and data?\n", encoding="utf-8"
    )
    r = run_edtools("lint", "--fix", str(draft))
    assert draft.read_text(encoding="utf-8") == (
        "# Title\n\nThe minister said “never again”.\n\nTraining, training and data?\n"
    )
    assert r.returncode == 1  # "training, training" remains for the editor
    assert "ED101 [repeated-word] repeated word 'training' across ','" in r.stdout
    assert r.stdout.endswith("1 finding (1 error) in 1 file; 3 fixes applied.\n")
    assert r.stderr.splitlines() == [
        f"edtools: {draft}:3:1: fixed ED101 [repeated-word] 'The the' -> 'The'",
        f"edtools: {draft}:3:23: fixed ED501 [spanish-punctuation] '«never again»' -> '“never again”'",
        f"edtools: {draft}:5:1: fixed ED501 [spanish-punctuation] '¿' -> ''",
    ]
    r = run_edtools("lint", "--fix", "-", stdin="x")
    assert r.returncode == 2 and "cannot fix standard input" in r.stderr


def test_source_alignment(tmp_path):
    src = tmp_path / "s.md"
    src.write_text("La reunión fue el 8 de mayo de 2023.\n\nSe incautaron 2.350 kilos.\n", encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text("The meeting was on May 18, 2023.\n\nPolice seized 2,350 kilos.\n", encoding="utf-8")
    r = run_edtools("lint", "--format", "json", "--source", str(src), str(draft))
    found = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["line"], f["text"], f["source"]) for f in found] == [
        ("ED403", 1, "May 18, 2023", "La reunión fue el 8 de mayo de 2023."),
    ]
    src.write_text("Uno.\n\nDos.\n\nTres.\n", encoding="utf-8")
    r = run_edtools("lint", "--source", str(src), str(draft))
    assert r.returncode == 2 and "block" in r.stderr


def test_rules_command_and_docs_in_sync():
    r = run_edtools("rules")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("ED101  repeated-word")
    r = run_edtools("rules", "repeated-word")
    assert "## What it does" in r.stdout and "## Use instead" in r.stdout
    on_disk = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    assert on_disk == rules_markdown(), "docs/lint.md is stale: run `edtools rules --format markdown > docs/lint.md`"


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_other_formats_run(tmp_path, fmt):
    d = tmp_path / "d.md"
    d.write_text("The the x.\n", encoding="utf-8")
    out = tmp_path / "report.out"
    r = run_edtools("lint", "--format", fmt, "-o", str(out), str(d))
    assert r.returncode == 1 and r.stdout == ""
    assert "ED101" in out.read_text(encoding="utf-8")


def test_lint_does_not_import_torch():
    import subprocess
    import sys

    code = (
        "import sys; from edtools.lint.engine import lint_text; "
        "lint_text('The the x. La reunión se realizó en Quito el pasado miércoles por la tarde.'); "
        "import edtools.report.sarif; print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr


def test_bilingual_segments(tmp_path):
    from edtools.bilingual import SegmentRecord, write_jsonl

    draft = tmp_path / "d.md"
    draft.write_text("# Talks\n\nThe meeting was on Nov. 16. Police seized 2,530 kilos.\n", encoding="utf-8")
    segs = tmp_path / "d.segments.jsonl"
    write_jsonl(segs, [
        SegmentRecord(1, 0, 1, "Conversaciones", "Talks"),
        SegmentRecord(2, 1, 3, "La reunión fue el 16 nov.", "The meeting was on Nov. 16."),
        SegmentRecord(3, 1, 3, "La policía incautó 2.350 kilos.", "Police seized 2,530 kilos."),
    ])
    r = run_edtools("lint", "--format", "json", "--bilingual", str(segs), str(draft))
    found = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["line"], f["column"], f["text"]) for f in found] == [("ED402", 3, 43, "2,530")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    r = run_edtools("lint", "--bilingual", str(bad), str(draft))
    assert r.returncode == 2 and "bad.jsonl:1: not valid JSON" in r.stderr


def test_rules_json_lists_every_rule():
    from edtools.lint.registry import all_rules

    r = run_edtools("rules", "--format", "json")
    data = json.loads(r.stdout)
    assert [d["code"] for d in data] == [x.code for x in all_rules()]
    assert all(d["doc"] and d["summary"] for d in data)
