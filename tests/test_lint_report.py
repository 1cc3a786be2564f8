"""Output formats: snapshot files for text, json, github and sarif (ruff-style).

Set EDTOOLS_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after a deliberate change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from edtools.document import parse_document
from edtools.lint.engine import lint_document
from edtools.lint.registry import all_rules
from edtools.report import render
from edtools.report.github import escape_data, escape_property

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "snapshots"
DRAFT = HERE / "data" / "lint" / "draft.md"


@pytest.fixture(scope="module")
def findings():
    text = DRAFT.read_text(encoding="utf-8")
    return lint_document(parse_document(text, fmt="markdown", path="tests/data/lint/draft.md"))


def test_the_draft_has_one_finding_per_planted_defect(findings):
    got = [(f.line, f.code) for f in findings]
    assert got == [
        (5, "ED101"), (7, "ED101"), (9, "ED401"), (9, "ED401"), (10, "ED501"), (10, "ED501"),
        (12, "ED201"), (18, "ED502"),
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_snapshot(findings, fmt):
    out = render(findings, fmt, files=1)
    if fmt == "sarif":  # the version and the rules' prose would churn the snapshot
        data = json.loads(out)
        data["runs"][0]["tool"]["driver"]["version"] = "VERSION"
        for rule in data["runs"][0]["tool"]["driver"]["rules"]:
            rule["fullDescription"]["text"] = "…"
            rule["help"] = {"text": "…", "markdown": "…"}
        out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path = SNAPSHOTS / f"lint.{fmt}.snap"
    if os.environ.get("EDTOOLS_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_json_wire_schema(findings):
    data = json.loads(render(findings, "json"))
    assert data["version"] == 1
    keys = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "text",
            "suggestion", "fixable", "source"}
    for item in data["findings"]:
        assert set(item) == keys
        assert item["line"] >= 1 and item["column"] >= 1
    assert render([], "json") == '{\n  "version": 1,\n  "findings": []\n}\n'


def test_json_schema_doc_lists_every_field():
    doc = (HERE.parent / "docs" / "json-schema.md").read_text(encoding="utf-8")
    for key in ("path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "text",
                "suggestion", "fixable", "source", '"version": 1'):
        assert f"`{key}`" in doc or key in doc


def test_sarif_rules_come_from_the_registry(findings):
    data = json.loads(render(findings, "sarif"))
    run = data["runs"][0]
    assert data["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    ed101 = rules[0]
    assert ed101["name"] == "repeated-word"
    assert ed101["defaultConfiguration"]["level"] == "error"
    assert "training, training" in ed101["fullDescription"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    fixable = [r for r in run["results"] if "fixes" in r]
    assert fixable, "the doubled 'the the' carries a SARIF fix"


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_text_summary_counts(findings):
    out = render(findings, "text", files=1)
    assert out.splitlines()[-1] == "8 findings (2 errors, 6 warnings) in 1 file; 3 fixable with --fix."
    assert render([], "text", files=3) == "No findings in 3 files.\n"
