"""Findings point at the right file line and column, whatever the Markdown around them."""

from __future__ import annotations

import pytest

from edtools.document import parse_document
from edtools.lint.engine import LintSettings, lint_document

ED101 = LintSettings(select=("ED101",))


def _at(text: str, finding) -> str:
    """The file text at the finding's line:col .. end_line:end_column."""
    lines = text.split("\n")
    if finding.line == finding.end_line:
        return lines[finding.line - 1][finding.column - 1 : finding.end_column - 1]
    first = lines[finding.line - 1][finding.column - 1 :]
    last = lines[finding.end_line - 1][: finding.end_column - 1]
    return "\n".join([first, *lines[finding.line : finding.end_line - 1], last])


CASES = {
    "paragraph": ("Intro line.\n\nThe plan covers technology, training, training and data.\n", 3, "training, training"),
    "multi-line paragraph": ("First line of text\nsecond line with the the doubled word\nthird line.\n", 2, "the the"),
    "list item": ("# Title\n\n- one item\n- another and and item\n", 4, "and and"),
    "nested list": ("1. first\n   - nested with the the word\n", 2, "the the"),
    "quote": ("> Quoted text with a a doubled article.\n", 1, "a a"),
    "quote in list": ("- > quoted in a list with was was here\n", 1, "was was"),
    "table cell": ("| head | other |\n| --- | --- |\n| cell | it was was here |\n", 3, "was was"),
    "heading": ("## The the heading\n\nBody.\n", 1, "The the"),
    "after front matter": ("---\ntitle: the the\n---\n\nBody with the the repeat.\n", 5, "the the"),
    "emphasis": ("Some *emphasised* emphasised words.\n", 1, "emphasised* emphasised"),
    "unicode before": ("Holguín y Nuland — “a fantastic partnership” in in Quito.\n", 1, "in in"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_line_column_points_at_the_reported_text(name):
    text, line, expected = CASES[name]
    doc = parse_document(text, fmt="markdown", path="x.md")
    found = lint_document(doc, settings=ED101)
    assert len(found) == 1, found
    f = found[0]
    assert f.line == line
    assert _at(text, f) == expected
    assert f.text == expected


def test_span_across_lines_in_a_multi_line_quote():
    text = "> The report mentions training,\n> training and equipment.\n"
    f = lint_document(parse_document(text, fmt="markdown", path="x.md"), settings=ED101)[0]
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 23, 2, 11)
    assert f.text == "training,\ntraining"


def test_code_urls_and_front_matter_are_not_linted():
    text = (
        "---\ntitle: the the\n---\n\n"
        "Run `the the` or see https://example.com/the/the and mail the@the.com.\n\n"
        "```\nthe the\n```\n\n    indented the the\n"
    )
    doc = parse_document(text, fmt="markdown", path="x.md")
    assert lint_document(doc, settings=LintSettings(select=("ED1", "ED5"))) == []


def test_plain_text_positions():
    text = "Title\n\nFirst paragraph\n   indented line with the the repeat.\n"
    doc = parse_document(text, fmt="text", path="x.txt")
    f = lint_document(doc, settings=ED101)[0]
    assert (f.line, f.column) == (4, 23)
    assert _at(text, f) == "the the"
