"""`edtools glossary …` run as a user would: the installed entry point, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "glossary"
REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "edtools", "glossary", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def test_validate_repo_glossary_by_default() -> None:
    r = run("validate")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith(": 0 errors, 0 warnings")
    assert "entries in 10 files" in r.stdout


def test_validate_github_annotations_and_exit_1() -> None:
    r = run("validate", str(DATA / "validate" / "gl002-boolean.yaml"), "--format", "github")
    assert r.returncode == 1
    assert r.stdout.startswith("::error file=")
    assert ",line=8,col=20," in r.stdout and "Traceback" not in r.stderr


def test_validate_json() -> None:
    r = run("validate", str(DATA / "validate" / "gl010-duplicate-id.yaml"), "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert [(p["code"], p["line"]) for p in data["problems"]] == [("GL010", 7)]


@pytest.mark.skipif(not (EXAMPLES / "visita-oficial.en.md").is_file(), reason="example draft not present")
def test_apply_to_example_draft(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    report = tmp_path / "report.json"
    r = run("apply", "--glossary", str(DATA / "small.yaml"), "--source", str(EXAMPLES / "visita-oficial.es.md"),
            str(EXAMPLES / "visita-oficial.en.md"), "-o", str(out), "--report", str(report))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "Foreign Minister Manrique said" in text
    assert "The foreign minister of Ecuador, Gustavo Manrique" in text
    assert "U.S. Agency for International Development (USAID)" in text
    assert "Chancellor" not in text
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {"segment", "line", "old", "new", "entry", "reason"} <= set(data["changes"][0])
    assert ("Chancellor", "Foreign Minister", "canciller") in {(c["old"], c["new"], c["entry"]) for c in data["changes"]}
    assert "'Chancellor' -> 'Foreign Minister' [canciller]" in r.stderr
    # lines the glossary does not touch are identical
    before = (EXAMPLES / "visita-oficial.en.md").read_text(encoding="utf-8").splitlines()
    after = text.splitlines()
    assert len(before) == len(after)
    by_line: dict[int, list[dict]] = {}
    for c in data["changes"]:
        by_line.setdefault(c["line"], []).append(c)
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == sorted(by_line)
    for line in changed:  # each changed line is the old line with exactly the reported replacements
        expected = before[line - 1]
        for c in by_line[line]:
            expected = expected.replace(c["old"], c["new"], 1)
        assert after[line - 1] == expected


def test_apply_needs_a_source() -> None:
    r = run("apply", str(DATA / "small.yaml"))
    assert r.returncode == 2
    assert r.stderr.strip() == ("edtools: error: glossary apply needs --source SRC or --bilingual SEGMENTS.jsonl "
                                "to know the Spanish")


def test_import_tbx_to_yaml(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    r = run("import", str(DATA / "tbx-basic-es-en.tbx"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "imported 4 entries" in r.stderr
    r2 = run("validate", str(out))
    # imported entries lack refs: warnings, not errors
    assert r2.returncode == 0 and "GL011 warning" in r2.stdout


def test_import_refuses_entity_bomb_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    r = run("import", str(DATA / "entity-bomb.tbx"), "-o", str(out))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "declares XML entities" in r.stderr
    assert not out.exists()


def test_export_csv_and_tbx_to_stdout() -> None:
    r = run("export", str(DATA / "small.yaml"), "--to", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("source,target,source_variants,avoid,exceptions,note")
    r = run("export", "--to", "tbx")
    assert r.returncode == 0 and '<conceptEntry id="canciller">' in r.stdout


def test_list_and_show() -> None:
    r = run("list", "--tag", "united-states")
    assert r.returncode == 0
    assert any(line.startswith("usaid ") for line in r.stdout.splitlines())
    r = run("show", "cancilleres")
    assert r.returncode == 0
    assert "id:          canciller" in r.stdout and "plural: foreign ministers" in r.stdout
    r = run("show", "nada-de-esto")
    assert r.returncode == 2 and r.stderr.strip() == "edtools: error: no glossary entry for 'nada-de-esto'"


def test_missing_glossary_file_is_one_line() -> None:
    r = run("validate", "no/such/file.yaml")
    assert r.returncode == 2
    assert r.stderr.strip() == "edtools: error: no/such/file.yaml: no such glossary file or folder"


def test_apply_with_bilingual_segments(tmp_path: Path) -> None:
    records = [
        {"id": 1, "block": 0, "line": 1, "source": "El canciller Manrique llegó.", "target": "Chancellor Manrique arrived."},
        {"id": 2, "block": 1, "line": 3, "source": "Sin cargos.", "target": "No titles here."},
    ]
    seg = tmp_path / "segments.jsonl"
    seg.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Chancellor Manrique arrived.\n\nNo titles here.\n", encoding="utf-8")
    r = run("apply", "--glossary", str(DATA / "small.yaml"), "--bilingual", str(seg), str(draft), "-q")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "Foreign Minister Manrique arrived.\n\nNo titles here.\n"
    assert r.stderr == ""


def test_apply_block_count_mismatch_is_one_clear_line(tmp_path: Path) -> None:
    src = tmp_path / "s.txt"
    src.write_text("El canciller llegó.\n\nOtro párrafo.\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("The Chancellor arrived.\n", encoding="utf-8")
    r = run("apply", "--glossary", str(DATA / "small.yaml"), "--source", str(src), str(draft))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "2 translatable blocks" in lines[0] and "has 1" in lines[0]
