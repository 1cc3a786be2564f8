"""Property tests (hypothesis) for the block splitter, the sentence splitter and line/column mapping.

The check functions and strategies are reused by ``scripts/fuzz_long.py`` for long sessions.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edtools.document import parse_document
from edtools.inline import parse_inline, protected_spans
from edtools.segment import split_sentences

# ---- strategies ------------------------------------------------------------------------------

_PREFIXES = [
    "", "", "", "# ", "## ", "###### ", "#", "> ", ">", "> > ", "- ", "* ", "+ ", "1. ", "2) ", "10. ",
    "   ", "    ", "\t", "  - ", "    - ", "- [ ] ", "- [x] ", "```", "```py", "~~~", "---", "***", "___",
    "===", "| ", "|---|---|", "--- | ---", "<div>", "</div>", "<!-- ", "-->", "<script>", "</script>",
    "<?php ", "?>", "+++", "<span>", "\\",
]
_ALPHABET = st.sampled_from(
    list("abcdefghij ABCDEF ñáéíóú 0123456789 ..,,;:!?¿¡«»“”\"'()[]{}<>*_`~#|\\-+=/@&%$ \t")
    + ["Sr.", "EE.UU.", "p. m.", "www.x.ec", "http://a.b/c", "a@b.ec", "...", "…", "nov.", "J. M."]
)
_WORDS = st.lists(_ALPHABET, max_size=12).map("".join)
_LINE = st.tuples(st.sampled_from(_PREFIXES), _WORDS, st.sampled_from(["", "", " #", "  ", " |", " ##"])).map(
    lambda t: t[0] + t[1] + t[2]
)
markdownish = st.lists(_LINE, max_size=25).map("\n".join) | st.lists(_LINE, max_size=25).map(
    lambda ls: "\n".join(ls) + "\n"
)
any_text = st.text(st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)), max_size=300)
documents = markdownish | any_text
sentence_text = st.lists(
    st.sampled_from(
        ["El", "Sr.", "Dr.", "EE.UU.", "él", "Hoy", "nov.", "(EFE).-", "¿Qué?", "¡No!", "«Sí.»", "3.000", "10.30",
         "h.", "p.", "m.", "J.", "art.", "155", "XX", "s.", "...", "…", "www.x.ec.", "a@b.ec.", "U.S.", "The", ".",
         "?", "!", "\n", "\n\n", " ", "  ", "x", "Y.", "`a. B`", "[t. U](v)"]
    ),
    max_size=40,
).map(" ".join) | any_text

# ---- checks ----------------------------------------------------------------------------------


def check_document(text: str) -> None:
    """Round trip, piece consistency, exact line-wise render, blank lines kept, segments consistent."""
    for fmt in ("markdown", "text"):
        doc = parse_document(text, fmt=fmt)
        assert doc.text == text
        assert doc.render({}) == text
        assert doc.render({b.index: b.text for b in doc.blocks}) == text
        last = 0
        for i, b in enumerate(doc.blocks):
            assert b.index == i
            assert b.pieces, b
            assert b.text == "\n".join(text[s:e] for s, e in b.pieces)
            for s, e in b.pieces:
                assert last <= s <= e <= len(text)
                last = e
            assert doc.line_col(b.pieces[0][0])[0] == b.line
            for j in (0, len(b.text) // 2, len(b.text)):
                off = b.file_offset(j)
                assert b.pieces[0][0] <= off <= b.pieces[-1][1]
        # line-by-line replacement touches exactly the content pieces
        wrapped = {b.index: "\n".join("«" + ln + "»" for ln in b.text.split("\n")) for b in doc.blocks if b.translatable}
        expected = []
        pos = 0
        for b in doc.blocks:
            if not b.translatable:
                continue
            for s, e in b.pieces:
                expected.append(text[pos:s])
                expected.append("«" + text[s:e] + "»")
                pos = e
        expected.append(text[pos:])
        assert doc.render(wrapped) == "".join(expected)
        # one-line replacement: blank lines are preserved exactly
        flat = doc.render({b.index: "Z" for b in doc.blocks if b.translatable})
        blank = (lambda ln: not ln.strip(" \t")) if fmt == "markdown" else (lambda ln: not ln.strip())
        assert sum(map(blank, flat.split("\n"))) == sum(map(blank, text.split("\n")))
        for b in doc.blocks:
            assert not b.translatable or b.text.strip(), b  # whitespace is never a translatable block
        for seg in doc.segments("es"):
            b = doc.blocks[seg.block]
            assert b.translatable and b.text[seg.start : seg.end] == seg.text
            assert 1 <= seg.line <= doc.line_count


def check_sentences(text: str, lang: str = "es", protected: tuple[tuple[int, int], ...] = ()) -> None:
    """No text lost or duplicated: spans + whitespace gaps give the text back; no cut inside protected spans."""
    spans = split_sentences(text, lang, protected)
    pos = 0
    for s, e in spans:
        assert pos <= s < e <= len(text)
        assert text[pos:s].strip() == "", (text, spans)
        assert not text[s].isspace() and not text[e - 1].isspace()
        pos = e
    assert text[pos:].strip() == ""
    rebuilt = "".join(text[s:e] for s, e in spans)
    assert rebuilt == "".join(text.split()) or "".join(rebuilt.split()) == "".join(text.split())
    for (_s0, e0), (s1, _e1) in zip(spans, spans[1:]):
        gap = text[e0:s1]
        if "\n" in gap and gap.count("\n") >= 2:
            continue  # a blank line always separates
        for ps, pe in protected:
            assert not (ps < e0 and pe > s1), (text, spans, protected)


def check_line_col(text: str, offsets: list[int]) -> None:
    doc = parse_document(text, fmt="text") if text.strip() else parse_document(text, fmt="text")
    for o in offsets:
        o = o % (len(text) + 1)
        line, col = doc.line_col(o)
        assert line == text.count("\n", 0, o) + 1
        assert doc.line_start(line) + col - 1 == o
        assert col == o - (text.rfind("\n", 0, o) + 1) + 1


def check_inline(text: str) -> None:
    spans = parse_inline(text)
    for sp in spans:
        assert 0 <= sp.start <= sp.inner_start <= sp.inner_end <= sp.end <= len(text)
    prot = protected_spans(text)
    for (a, b), (c, _d) in zip(prot, prot[1:]):
        assert a < b < c


# ---- the suite's properties (modest settings; scripts/fuzz_long.py runs them for minutes) ----

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
def test_document_round_trip(text):
    check_document(text)


@SETTINGS
@given(sentence_text, st.sampled_from(["es", "en"]))
def test_sentences_cover_text(text, lang):
    check_sentences(text, lang)


@SETTINGS
@given(sentence_text, st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30)), max_size=4))
def test_sentences_respect_protected_spans(text, raw):
    prot = tuple(sorted((s, min(s + w, len(text))) for s, w in raw if s < len(text)))
    check_sentences(text, "es", prot)


@SETTINGS
@given(any_text | markdownish, st.lists(st.integers(0, 10_000), min_size=1, max_size=10))
def test_line_col_consistent(text, offsets):
    check_line_col(text, offsets)


@SETTINGS
@given(markdownish | any_text)
def test_inline_spans_in_bounds(text):
    check_inline(text)
