"""Normalising segments and scoring translation-memory matches.

* ``exact_key(text)``: what two sources must share to count as the *same* approved segment:
  Unicode NFC, typographic quotes and apostrophes made straight, non-breaking and runs of
  whitespace made one space, trimmed. Case, accents, numbers and Markdown are kept.
* ``fuzzy_key(text)``: for similarity only: the exact key of the segment's plain text
  (link targets and emphasis markers removed), case-folded.
* ``match_percent(a, b)``: ``100 × (1 − Levenshtein distance / longer length)`` on fuzzy keys,
  rounded down (python-Levenshtein, with a cut-off so hopeless candidates stop early).
* ``word_diff(new, old)``: the words where an approved source differs from the new one, as
  the review page highlights them; numbers and names are labelled, as they matter most.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "‹": "'", "›": "'",
})
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+(?:[.,:/'-]\w+)*|[^\w\s]", re.UNICODE)
FUZZY_MIN = 75


def exact_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def plain_text(text: str) -> str:
    """A segment without Markdown link targets and emphasis markers (code and URLs kept)."""
    from edtools.inline import parse_inline

    spans = parse_inline(text)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for span in spans:
        if span.start < pos:
            continue  # nested in an element already handled
        out.append(text[pos : span.start])
        if span.kind in ("link", "image", "emphasis") and span.inner_end > span.inner_start:
            out.append(plain_text(text[span.inner_start : span.inner_end]))
        else:
            out.append(text[span.start : span.end])
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def fuzzy_key(text: str) -> str:
    return exact_key(plain_text(text)).casefold()


def match_percent(a: str, b: str, *, minimum: int = 0) -> int:
    """Similarity of two fuzzy keys in percent (0 when below ``minimum``)."""
    import Levenshtein

    longest = max(len(a), len(b))
    if longest == 0:
        return 100
    allowed = longest - (minimum * longest + 99) // 100  # most edits that still reach `minimum`
    if abs(len(a) - len(b)) > allowed:
        return 0
    distance = Levenshtein.distance(a, b, score_cutoff=allowed)
    if distance > allowed:
        return 0
    return (100 * (longest - distance)) // longest


def length_window(length: int, minimum: int = FUZZY_MIN) -> tuple[int, int]:
    """The fuzzy-key lengths that can still reach ``minimum`` % against one of ``length``."""
    return (minimum * length + 99) // 100, (length * 100) // max(minimum, 1)


@dataclass(frozen=True, slots=True)
class DiffPart:
    """One stretch of the approved source that differs from the new source."""

    start: int  # [start, end) in the approved (TM) source
    end: int
    old: str  # the approved source's words there ("" when the new source has extra words)
    new: str  # what the new source has instead ("" when words were dropped)
    kind: str  # "number" | "name" | "word"
    new_start: int = 0  # [new_start, new_end) in the new source
    new_end: int = 0


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _number_words(words: str) -> bool:
    """Spanish or English number words ("tres", "dos millones", "five"), read with text2num."""
    try:
        from text_to_num import alpha2digit
    except ImportError:  # pragma: no cover - a core dependency
        return False
    # threshold 2: "un", "una", "one" stay words (articles), "dos"/"two" and up count
    return any(any(ch.isdigit() for ch in alpha2digit(words, lang, threshold=2)) for lang in ("es", "en"))


def _kind(words: str, sentence_start: bool) -> str:
    if any(ch.isdigit() for ch in words) or (words and _number_words(words)):
        return "number"
    caps = [w for w in words.split() if w[:1].isupper()]
    if caps and not (sentence_start and len(caps) == 1 and words.split()[0] == caps[0]):
        return "name"
    return "word"


def word_diff(new: str, old: str) -> list[DiffPart]:
    """Where ``old`` (an approved source) differs from ``new``, word by word.

    Token comparison ignores case and typographic quotes; offsets point into ``old`` so the
    differing words can be marked in place.
    """
    import Levenshtein

    a, b = _tokens(old), _tokens(new)
    ka = [exact_key(t).casefold() for t, _s, _e in a]
    kb = [exact_key(t).casefold() for t, _s, _e in b]
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in Levenshtein.opcodes(ka, kb):
        if op == "equal":
            continue
        start = a[i1][1] if i1 < i2 else (a[i1][1] if i1 < len(a) else len(old))
        end = a[i2 - 1][2] if i1 < i2 else start
        old_words = old[start:end]
        ns = b[j1][1] if j1 < len(b) else len(new)
        ne = b[j2 - 1][2] if j1 < j2 else ns
        new_words = new[ns:ne]
        kind_old = _kind(old_words, i1 == 0) if old_words else "word"
        kind_new = _kind(new_words, j1 == 0) if new_words else "word"
        kind = "number" if "number" in (kind_old, kind_new) else ("name" if "name" in (kind_old, kind_new) else "word")
        parts.append(DiffPart(start, end, old_words, new_words, kind, ns, ne))
    return parts
