"""Property: wherever a doubled word lands in a Markdown document, the finding points at it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from edtools.document import parse_document
from edtools.lint.engine import LintSettings, lint_document

WORDS = ["minister", "police", "said", "Quito", "agreement", "trade", "Holguín", "niño", "cargo", "“quote”"]
PREFIXES = ["", "> ", "- ", "1. ", "## ", "  - ", "> - "]


@st.composite
def documents(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        prefix = draw(st.sampled_from(PREFIXES))
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            lines.append(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))))
        cont = "> " if prefix.startswith(">") else ""
        blocks.append(prefix + ("\n" + cont).join(lines))
    target = draw(st.integers(0, len(blocks) - 1))
    blocks[target] += " zebra zebra."
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=60, deadline=None)
@given(documents())
def test_doubled_word_position(text):
    doc = parse_document(text, fmt="markdown", path="p.md")
    found = [f for f in lint_document(doc, settings=LintSettings(select=("ED101",))) if f.text == "zebra zebra"]
    assert len(found) == 1
    f = found[0]
    line = text.split("\n")[f.line - 1]
    assert line[f.column - 1 : f.end_column - 1] == "zebra zebra"
    assert f.line == f.end_line
    assert text[f.offset : f.end_offset] == "zebra zebra"
