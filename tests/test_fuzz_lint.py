"""Property tests (hypothesis) for lint: it never crashes, and every finding points at its text.

For any text (Markdown-ish or arbitrary Unicode), with the bundled glossary and with a Spanish
source aligned, every finding:
  * has 0 <= offset <= end_offset <= len(text);
  * has line/column/end_line/end_column equal to those recomputed from the offsets (1-based,
    characters, end exclusive);
  * on one line: text[offset:end_offset] == finding.text == the file's line cut at the columns;
    across lines: finding.text is the block content (prefixes like "> " dropped), line by line
    what the file holds there;
  * has a known severity and a code that the registry knows.
A --fix run never touches text outside the fixed spans.

The check functions and strategies are reused by ``scripts/fuzz_all.py`` for long sessions.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edtools.document import parse_document
from edtools.errors import UserError
from edtools.lint.engine import LintSettings, lint_document
from edtools.lint.finding import SEVERITIES
from edtools.lint.registry import all_rules
from test_fuzz_document import any_text, markdownish

# ---- strategies ------------------------------------------------------------------------------

_EN_WORDS = [
    "The", "the", "minister", "Minister", "said", "said", "that", "that", "the", "Police", "police", "arrested",
    "three", "3", "1.500", "1,500", "2,3", "millones", "million", "dollars", "$", "US$", "%", "per", "cent",
    "Foreign", "Minister", "canciller", "chancellor", "el", "la", "de", "que", "niño", "Holguín", "Quito",
    "¿", "¡", "?", "!", ".", ",", ";", ":", "«", "»", "“", "”", "‘", "’", "\"", "'", "(", ")", "—", "–", "-",
    "is", "is", "a", "a", "an", "16", "de", "noviembre", "November", "on", "Tuesday", "martes", "10.30", "a.m.",
    "Mr.", "Sr.", "EE.UU.", "U.S.", "*", "_", "`code`", "[link](http://x.ec/a.b)", "http://x.ec", "a@b.ec",
    "<!-- edtools: ignore ED101 -->", "<!-- edtools: disable -->", "<!-- edtools: enable -->",
    "\u00a0", "\u200b", "é", "e\u0301", "ﬁ", "𝔸", "😀", "\t", "  ", "\n", "\n\n", "#", "##", ">", "-", "1.", "|",
]
_PREFIX = st.sampled_from(["", "", "", "# ", "## ", "> ", "- ", "1. ", "| ", "    ", "```\n", "---\n"])
_SENTENCE = st.lists(st.sampled_from(_EN_WORDS), max_size=30).map(" ".join)
english_ish = st.lists(st.tuples(_PREFIX, _SENTENCE).map("".join), min_size=1, max_size=12).map("\n\n".join)
lint_texts = english_ish | markdownish | any_text
SPANISH_SOURCES = st.sampled_from([
    None,
    "El canciller dijo que el ministro de Gobierno llegará el 16 de noviembre.",
    "# Título\n\nEl canciller habló.\n\nLa Policía detuvo a 3 personas.",
    "El presidente destinará 2,3 millones de dólares. La canciller viajó a Quito.",
])


@lru_cache(maxsize=1)
def bundled_glossary():  # type: ignore[no-untyped-def]
    from edtools.glossary import load_glossary
    from edtools.paths import bundled_glossary_dir

    return load_glossary([bundled_glossary_dir()])


# ---- checks ----------------------------------------------------------------------------------


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


KNOWN_CODES = {rule.code for rule in all_rules()}


def check_lint(text: str, source: str | None = None, fmt: str = "markdown", glossary: bool = True) -> None:
    """Lint ``text`` (as a file's decoded, newline-normalised content) and check every finding."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = parse_document(text, fmt=fmt, path="draft.md")
    alignment = None
    if source is not None:
        from edtools.align import align_documents

        try:
            alignment = align_documents(parse_document(source, fmt="markdown", path="src.md"), doc)
        except UserError:
            alignment = None  # block counts differ: lint runs without the bilingual checks
    findings = lint_document(doc, settings=LintSettings(), glossary=bundled_glossary() if glossary else None,
                             alignment=alignment)
    for f in findings:
        assert f.severity in SEVERITIES, f
        assert f.code in KNOWN_CODES, f
        assert 0 <= f.offset <= f.end_offset <= len(text), (f, len(text))
        assert (f.line, f.column) == _line_col(text, f.offset), (f, _line_col(text, f.offset))
        assert (f.end_line, f.end_column) == _line_col(text, f.end_offset), (f, _line_col(text, f.end_offset))
        span = text[f.offset : f.end_offset]
        if "\n" not in span:
            # one line: the file's text at line:column..end_column is exactly the finding's text
            assert span == f.text, (f, span)
            assert text.split("\n")[f.line - 1][f.column - 1 : f.end_column - 1] == f.text, f
        else:
            # across lines, f.text is the block's content (line prefixes such as "> " and the
            # spaces around the break removed, as test_lint_positions pins): each of its lines is
            # what the file holds on that line, give or take those prefixes and spaces
            parts = f.text.split("\n")
            file_parts = span.split("\n")
            assert len(parts) == len(file_parts) == f.end_line - f.line + 1, (f, span)
            assert file_parts[0].startswith(parts[0]) and not file_parts[0][len(parts[0]):].strip(), (f, span)
            assert file_parts[-1].endswith(parts[-1]), (f, span)
            assert not file_parts[-1][: len(file_parts[-1]) - len(parts[-1])].strip(" \t>-*+0123456789.)|"), (f, span)
            for got, held in zip(parts[1:-1], file_parts[1:-1]):
                assert got.strip() in held, (f, span)
    # the safe fixes only touch their own spans
    fixes = sorted((f for f in findings if f.fix is not None), key=lambda f: f.offset)
    if fixes:
        from edtools.lint.run import apply_fixes

        fixed, applied = apply_fixes(text, fixes)
        pos_old = pos_new = 0
        for f in sorted(applied, key=lambda f: f.offset):
            gap = text[pos_old : f.offset]
            assert fixed[pos_new : pos_new + len(gap)] == gap
            pos_new += len(gap) + len(f.fix or "")
            pos_old = f.end_offset
        assert fixed[pos_new:] == text[pos_old:]


lint_cases = st.tuples(lint_texts, SPANISH_SOURCES)


def check_lint_case(case: tuple[str, str | None]) -> None:
    check_lint(case[0], case[1])


# ---- tests -----------------------------------------------------------------------------------

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(lint_texts)
def test_lint_never_crashes_and_findings_point_at_their_text(text: str) -> None:
    check_lint(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(english_ish, SPANISH_SOURCES.filter(lambda s: s is not None))
def test_lint_with_a_source_aligned(text: str, source: str) -> None:
    check_lint(text, source)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lint_texts)
def test_lint_plain_text_format(text: str) -> None:
    check_lint(text, fmt="text", glossary=False)


def test_known_examples() -> None:
    # regression seeds: doubled words across a line break, a finding on the last character, combining accents
    for text in ("the the\nthe", "said that that", "e\u0301 e\u0301", "¿Qué? the minister said said", "is is"):
        check_lint(text)
