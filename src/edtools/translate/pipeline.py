"""Document -> English draft: segments, inline Markdown, cache, batches, glossary, render.

    translate_document(doc, translator, *, cache, batch_size=None, glossary=None, progress=False)
        -> TranslationResult
    translate_documents(plans, translator, *, cache, batch_size, glossary, on_document, runner)
        -> CorpusStats          # several documents as one job (translate_document is a corpus of one)
    block_texts(doc, segments, targets) -> {block index: new text}   # also used by xliff.rebuild

Steps: ``doc.segments("es")`` → each segment's MT input (emphasis markers removed, links and
images replaced by their text; code spans, URLs, e-mails, autolinks and HTML tags kept
verbatim) → cache lookup → misses de-duplicated, sorted by length, batched →
``translator.translate_batch`` (every batch committed to the cache at once) → verbatim
elements checked and repaired → link texts and emphasised phrases (translated alone in the
same batches) located in the sentence translation and wrapped again with their original
markup, link targets byte for byte → optional glossary → blocks rebuilt in order → render.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from typing import Any

from edtools.bilingual import SegmentRecord
from edtools.errors import ModelError
from edtools.translate.base import Translator
from edtools.translate.cache import TranslationCache
from edtools.translate.progress import Progress, wants_progress

VERBATIM_KINDS = frozenset({"code", "url", "email", "autolink", "html", "footnote"})
# tag: a pair of inline HTML tags; note: a word and the footnote reference glued to it
WRAP_KINDS = frozenset({"link", "image", "emphasis", "tag", "note"})
FUZZY_PLACE = 85  # rapidfuzz partial_ratio to accept a phrase location
FUZZY_REPAIR = 60  # rapidfuzz partial_ratio to replace a garbled verbatim element in place
MAX_PLACES = 64  # exact places of a phrase or verbatim element examined (keeps hostile input near linear)
MAX_WRAPPERS = 64  # links/emphasis/tag pairs re-placed per sentence; further ones are kept verbatim
_SOFT_BREAK = re.compile(r"[ \t]*\n\s*")
_TRAILING_PUNCT = ".!?…;:"
_CLOSERS = ".,;:!?…)]»”’\"'"
_OPENERS = "([«“‘¿¡\"'"


@dataclass
class TranslationResult:
    draft: str
    records: list[SegmentRecord]
    segments: int
    cached: int
    seconds: float
    model: str
    glossary_changes: list[Any] = field(default_factory=list)
    #: links that could not be located in their sentence and were appended after it
    links_appended: int = 0
    #: emphasis that could not be located and was dropped
    emphasis_dropped: int = 0
    #: pairs of inline HTML tags whose text could not be located, dropped
    tags_dropped: int = 0
    #: verbatim elements (code, URLs, e-mails, HTML) the model garbled and that were restored
    verbatim_repaired: int = 0
    #: distinct sentences sent to the model in this run
    model_inputs: int = 0
    #: part of ``seconds`` spent loading the model (a lazily loaded backend), 0 when already loaded
    load_seconds: float = 0.0
    #: segments taken from the approved translation memory instead of the model
    tm_reused: int = 0
    #: segment id -> the approved unit (edtools.tm.TMUnit) reused for it
    tm_approved: dict[int, Any] = field(default_factory=dict)
    #: segment id -> fuzzy matches (edtools.tm.TMMatch, best first) shown as suggestions, never applied
    tm_suggestions: dict[int, list[Any]] = field(default_factory=dict)


@dataclass
class _Wrapper:
    kind: str
    mt: str  # MT input of the inner text (nested markup removed)
    open: str  # original markup before the inner text, e.g. "[" or "**"
    close: str  # original markup after it, e.g. "](https://…)" or "**"
    parent: int | None  # index of the enclosing wrapper in the same segment
    depth: int
    hint: float = 0.0  # where the inner text starts in the source, as a fraction of the enclosing text


@dataclass
class _Prepared:
    mt: str  # what the model sees for the whole segment
    verbatim: list[str]
    wrappers: list[_Wrapper]
    translate: bool  # False: nothing to translate (no letters outside verbatim elements)
    entities: dict[str, str] = field(default_factory=dict)  # decoded character -> entity to write back


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _flatten(text: str) -> str:
    return _SOFT_BREAK.sub(" ", text).strip()


def prepare_segment(text: str, spans: list[Any] | None = None) -> _Prepared:
    """The MT input of a segment, its verbatim elements and its markup to restore."""
    from edtools.inline import entity_text
    from edtools.translate.chunks import entity_table, footnote_wrappers, paired_tags

    if spans is None:
        from edtools.inline import parse_inline

        spans = parse_inline(text)
        tags = paired_tags(text, spans) + footnote_wrappers(text, spans)
        if tags:
            spans = sorted([*spans, *tags], key=lambda sp: (sp.start, -sp.end))
    verbatim: list[str] = []
    wrappers: list[_Wrapper] = []
    letters_outside = []

    def walk(lo: int, hi: int, parent: int | None, depth: int) -> str:
        out: list[str] = []
        pos = lo
        placed: list[tuple[int, int]] = []  # (wrapper, offset of its inner text in this region's output)
        length = 0
        for span in spans:
            if span.start < pos or span.start < lo or span.end > hi:
                continue  # nested in an element already handled, or outside this range
            out.append(text[pos : span.start])
            length += span.start - pos
            if parent is None:
                letters_outside.append(text[pos : span.start])
            element = text[span.start : span.end]
            if span.kind == "entity":  # the model reads the character; encode_entities writes it back
                out.append(entity_text(element) or element)
                length += len(out[-1])
                pos = span.end
                continue
            if span.kind in WRAP_KINDS and span.inner_end > span.inner_start and len(wrappers) < MAX_WRAPPERS:
                index = len(wrappers)
                placed.append((index, length))
                wrappers.append(_Wrapper(span.kind, "", text[span.start : span.inner_start],
                                         text[span.inner_end : span.end], parent, depth))
                inner = walk(span.inner_start, span.inner_end, index, depth + 1)
                wrappers[index].mt = _flatten(inner)
                out.append(inner)
                length += len(inner)
                if parent is None:
                    letters_outside.append(inner)
            else:  # verbatim; also a link or image with empty text, kept as it is
                verbatim.append(element)
                out.append(element)
                length += len(element)
            pos = span.end
        out.append(text[pos:hi])
        length += hi - pos
        if parent is None:
            letters_outside.append(text[pos:hi])
        for index, offset in placed:  # where each phrase sits in what the model reads
            wrappers[index].hint = offset / max(1, length)
        return "".join(out)

    mt = _flatten(walk(0, len(text), None, 0))
    outside = "".join(letters_outside)
    for v in verbatim:
        outside = outside.replace(v, " ")
    return _Prepared(mt=mt, verbatim=verbatim, wrappers=wrappers, translate=_has_letters(outside),
                     entities=entity_table(text, spans))


# ------------------------------------------------------------------ locating text


def _free(a: int, b: int, blocked: list[tuple[int, int]]) -> bool:
    """[a, b) may be wrapped: it does not cut through, nor lie inside, a blocked interval."""
    for s, e in blocked:
        if e <= a or b <= s:
            continue  # disjoint
        if a <= s and e <= b:
            continue  # contains the blocked interval entirely (e.g. a code span inside link text)
        return False
    return True


def _word_bounded(text: str, a: int, b: int) -> bool:
    return (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())


def locate(
    haystack: str,
    needle: str,
    lo: int,
    hi: int,
    blocked: list[tuple[int, int]],
    taken: list[tuple[int, int]] = (),  # type: ignore[assignment]
    hint: float | None = None,
) -> tuple[int, int] | None:
    """Where ``needle`` (a phrase translated alone) sits in ``haystack[lo:hi]``.

    Exact, then case-insensitive (whole words first), then fuzzy (rapidfuzz ≥ 85, widened to
    whole words). Never a place that cuts through a blocked interval (markup, verbatim
    elements) nor one that touches a taken interval (a sibling already placed). Of several exact
    places, the one nearest ``hint`` (the phrase's relative position in the source) wins.
    """

    def ok(a: int, b: int) -> bool:
        return _free(a, b, blocked) and all(b <= s or e <= a for s, e in taken)

    needle = needle.strip()
    if not needle:
        return None
    width = max(1, hi - lo)
    for flags in (0, re.IGNORECASE):
        found = [(m.start() + lo, m.end() + lo) for m in re.finditer(re.escape(needle), haystack[lo:hi], flags)]
        if hint is not None and len(found) > 1:
            found.sort(key=lambda p: abs((p[0] - lo) / width - hint))  # nearest the hint first
        found = found[:MAX_PLACES]  # a phrase repeated hundreds of times: look near the hint only
        bounded = [(a, b) for a, b in found if _word_bounded(haystack, a, b)]
        for a, b in bounded + [p for p in found if p not in bounded]:
            if ok(a, b):
                return a, b
    from rapidfuzz import fuzz

    window = haystack[lo:hi]
    al = fuzz.partial_ratio_alignment(needle.lower(), window.lower(), score_cutoff=FUZZY_PLACE)
    if al is None or al.score < FUZZY_PLACE:
        return None
    a, b = al.dest_start + lo, al.dest_end + lo
    while a > lo and haystack[a - 1].isalnum() and haystack[a].isalnum():
        a -= 1
    while b < hi and b > a and haystack[b - 1].isalnum() and haystack[b].isalnum():
        b += 1
    while a < b and haystack[a].isspace():
        a += 1
    while b > a and haystack[b - 1].isspace():
        b -= 1
    if a >= b or not ok(a, b):
        return None
    return a, b


def _clean_phrase(translation: str, source: str) -> str:
    """A phrase translated alone: drop the sentence punctuation the model likes to add."""
    t = translation.strip()
    while t and t[-1] in _TRAILING_PUNCT and not source.rstrip().endswith(t[-1]):
        t = t[:-1].rstrip()
    return t


def _insert_before_final_punct(text: str, addition: str) -> tuple[str, int]:
    """Insert ``addition`` before the sentence's closing punctuation; return (text, insert offset)."""
    end = len(text.rstrip())
    cut = end
    while cut > 0 and text[cut - 1] in _TRAILING_PUNCT + "\"'»”’)":
        cut -= 1
    if cut == 0:
        cut = end
    return text[:cut] + addition + text[cut:], cut


def _core(element: str) -> str:
    """What a model tends to leave of a verbatim element: `code` -> code, <url> -> url."""
    if element.startswith("`") and element.endswith("`"):
        return element.strip("`").strip()
    if element.startswith("<") and element.endswith(">") and " " not in element:
        return element[1:-1]
    return element


def _snap(text: str, a: int, b: int) -> tuple[int, int]:
    """Move fuzzy-alignment edges to token (whitespace) boundaries: a token mostly covered is
    taken whole, a token barely touched is left out."""
    if 0 < a < len(text) and not text[a - 1].isspace() and not text[a].isspace():
        start = a
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = a
        while end < len(text) and not text[end].isspace():
            end += 1
        covered = min(end, b) - a
        a = start if covered * 2 >= end - start else end
    if 0 < b < len(text) and not text[b - 1].isspace() and not text[b].isspace():
        start = b
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = b
        while end < len(text) and not text[end].isspace():
            end += 1
        covered = b - max(start, a)
        b = end if covered * 2 >= end - start else start
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _garbled_location(element: str, out: str, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the model's garbled rendering of a verbatim element is in ``out`` (None: dropped)."""
    from rapidfuzz import fuzz

    core = _core(element)
    if core and core != element:
        for m in re.finditer(re.escape(core), out):
            if _word_bounded(out, m.start(), m.end()) and _free(m.start(), m.end(), blocked):
                return m.start(), m.end()
    if not out:
        return None
    al = fuzz.partial_ratio_alignment(element, out, score_cutoff=FUZZY_REPAIR)
    if al is None or al.dest_end <= al.dest_start:
        return None
    a, b = _snap(out, al.dest_start, al.dest_end)
    # sentence punctuation next to the element is not part of it
    while b > a and out[b - 1] in _CLOSERS and not element.endswith(out[b - 1]):
        b -= 1
    while a < b and out[a] in _OPENERS and not element.startswith(out[a]):
        a += 1
    if a >= b or not _free(a, b, blocked):
        return None
    return a, b


@dataclass
class _Outcome:
    text: str
    links_appended: int = 0
    emphasis_dropped: int = 0
    tags_dropped: int = 0
    repaired: int = 0


def _free_sorted(a: int, b: int, blocked: list[tuple[int, int]]) -> bool:
    """[a, b) neither cuts through nor equals an interval of ``blocked`` (disjoint, sorted): only the
    neighbours of [a, b) are looked at."""
    k = bisect_left(blocked, (a, a))
    if k > 0 and blocked[k - 1][1] > a:
        return False  # starts before a and reaches into [a, b)
    while k < len(blocked) and blocked[k][0] < b:
        if blocked[k][1] > b or blocked[k] == (a, b):
            return False
        k += 1
    return True


class _Text:
    """The translation being repaired, with its lower-case form computed once per change."""

    __slots__ = ("out", "_lower")

    def __init__(self, out: str) -> None:
        self.out = out
        self._lower: str | None = None

    def set(self, out: str, same_lower: bool = False) -> None:
        self.out = out
        if not same_lower:
            self._lower = None

    def lower(self) -> str | None:
        if self._lower is None:
            low = self.out.lower()
            self._lower = low if len(low) == len(self.out) else ""
        return self._lower or None


def _find_verbatim(v: str, text: _Text, blocked: list[tuple[int, int]], cursor: int) -> tuple[int, int] | None:
    """A free place of verbatim element ``v``: as it is, as the model read it (line breaks as spaces),
    then either ignoring case (a model, or the pseudo backend, changed its letters). Elements come
    back in order as a rule: the search starts at ``cursor`` (the end of the one before), then wraps."""
    forms = [v]
    flat = _SOFT_BREAK.sub(" ", v)
    if flat != v:
        forms.append(flat)
    lower = None
    for fold in (False, True):
        if fold:
            lower = text.lower()
            if lower is None:
                break
        hay = lower if fold else text.out
        for form in forms:
            needle = form.lower() if fold else form
            for start in ((cursor, 0) if cursor else (0,)):
                a = hay.find(needle, start)
                tries = 0
                while a >= 0 and tries < MAX_PLACES and not (start == 0 and cursor and a >= cursor):
                    if _free_sorted(a, a + len(needle), blocked):
                        return a, a + len(needle)
                    a = hay.find(needle, a + 1)
                    tries += 1
    return None


def _restore_verbatim(out: str, verbatim: list[str], result: _Outcome) -> tuple[str, list[tuple[int, int]]]:
    """Step 1 of restore_markup: every verbatim element byte for byte in ``out`` (found, repaired in
    place, or inserted before the closing punctuation); returns the text and their intervals, sorted."""
    text = _Text(out)
    blocked: list[tuple[int, int]] = []
    cursor = 0
    for v in verbatim:
        where = _find_verbatim(v, text, blocked, cursor)
        if where is not None and text.out[where[0] : where[1]] == v:
            insort(blocked, where)
            cursor = where[1]
            continue
        if where is None:
            result.repaired += 1
            # a fuzzy search reads the whole sentence: only for the first few garbled elements
            where = _garbled_location(v, text.out, blocked) if result.repaired <= MAX_PLACES else None
        if where is not None:
            a, b = where
            delta = len(v) - (b - a)
            same = delta == 0 and text.out[a:b].lower() == v.lower()
            text.set(text.out[:a] + v + text.out[b:], same_lower=same)
            if delta:
                blocked = [(s + delta, e + delta) if s >= b else (s, e) for s, e in blocked]
            insort(blocked, (a, a + len(v)))
            cursor = a + len(v)
        else:
            addition = (" " if text.out else "") + v
            new, at = _insert_before_final_punct(text.out, addition)
            text.set(new)
            blocked = [(s + len(addition) if s >= at else s, e + len(addition) if e >= at else e) for s, e in blocked]
            insort(blocked, (at + len(addition) - len(v), at + len(addition)))
    return text.out, blocked


def restore_markup(translation: str, prep: _Prepared, phrase_translations: list[str]) -> _Outcome:
    """Restore verbatim elements and re-wrap link texts / emphasis in a sentence translation."""

    out = translation.strip()
    result = _Outcome(out)

    # 1. verbatim elements: each must appear byte for byte
    out, blocked = _restore_verbatim(out, prep.verbatim, result)

    # 1b. characters the source wrote as entities (&nbsp;, &#42;) are written as entities again
    from edtools.translate.chunks import encode_entities

    out, blocked = encode_entities(out, prep.entities, blocked)

    # 2. link texts and emphasis, outermost first
    order = sorted(range(len(prep.wrappers)), key=lambda i: (prep.wrappers[i].depth, i))
    regions: dict[int, tuple[int, int]] = {}  # wrapper -> its inner text in `out`
    appended: list[str] = []
    for i in order:
        w = prep.wrappers[i]
        if w.parent is not None and w.parent not in regions:
            # the enclosing link was not placed: nested markup cannot be placed either
            if w.kind == "emphasis":
                result.emphasis_dropped += 1
            continue
        lo, hi = regions[w.parent] if w.parent is not None else (0, len(out))
        phrase = phrase_translations[i]
        for char, entity in prep.entities.items():
            phrase = phrase.replace(char, entity)
        ancestors = set()
        p = w.parent
        while p is not None:
            ancestors.add(p)
            p = prep.wrappers[p].parent
        taken = [r for j, r in regions.items() if j not in ancestors]
        where = locate(out, phrase, lo, hi, blocked, taken, w.hint) if phrase else None
        if where is None and w.mt and w.mt != phrase:
            where = locate(out, w.mt, lo, hi, blocked, taken, w.hint)  # a name or number the model left alone
        if where is None:
            if w.kind in ("link", "image"):
                appended.append(f"{w.open}{phrase or w.mt}{w.close}")
                result.links_appended += 1
            elif w.kind == "tag":
                result.tags_dropped += 1
            elif w.kind == "note":  # the footnote reference goes at the end of the sentence
                out, _at = _insert_before_final_punct(out, w.close)
                result.links_appended += 1
            else:
                result.emphasis_dropped += 1
            continue
        a, b = where
        out = out[:a] + w.open + out[a:b] + w.close + out[b:]
        lo_len, lc_len = len(w.open), len(w.close)

        def move(iv: tuple[int, int]) -> tuple[int, int]:
            s, e = iv
            s2 = s + lo_len + lc_len if s >= b else (s + lo_len if s >= a else s)
            e2 = e + lo_len + lc_len if e > b or (e == b and s >= b) else (e + lo_len if e > a else e)
            return s2, e2

        blocked = [move(iv) for iv in blocked]
        # an enclosing link's text now also holds the new markup
        regions = {j: (r[0], r[1] + lo_len + lc_len) if j in ancestors else move(r) for j, r in regions.items()}
        blocked.append((a, a + lo_len))
        blocked.append((b + lo_len, b + lo_len + lc_len))
        regions[i] = (a + lo_len, b + lo_len)
    if appended:
        out = out.rstrip() + "".join(f" ({x})" for x in appended)
    result.text = out
    return result


# ------------------------------------------------------------------ the pipeline


# The models read at most 512 pieces (OPUS-MT): a longer input is cut by the tokenizer and the rest
# of it silently lost. A run-on this long (text with no sentence punctuation) is split at word
# boundaries, after , ; : where possible, into parts well under the limit, translated as parts.
MAX_INPUT_CHARS = 1000


def split_long_input(text: str, limit: int = MAX_INPUT_CHARS) -> list[str]:
    """``text`` as parts of at most ``limit`` characters, cut between words (one part if short)."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind(", "), window.rfind("; "), window.rfind(": "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        cut = limit if cut <= 0 else cut + 1  # one enormous "word" is cut anyway
        parts.append(rest[:cut].strip())
        rest = rest[cut:].lstrip()
    parts.append(rest)
    return [p for p in parts if p]


def _translate_parts(translator: Translator, batch: list[str]) -> list[str]:
    """``translator.translate_batch``, with over-long inputs translated in parts and joined again."""
    pieces: list[str] = []
    owner: list[int] = []
    glue: list[str] = []  # what joins a part's translation to the next one's: a space, or nothing
    for i, text in enumerate(batch):
        pos = 0
        for part in split_long_input(text):
            at = text.find(part, pos)
            pos = at + len(part) if at >= 0 else pos
            pieces.append(part)
            owner.append(i)
            glue.append(" " if pos >= len(text) or text[pos : pos + 1].isspace() else "")
    if len(pieces) == len(batch):
        return translator.translate_batch(batch)
    size = max(1, len(batch))
    outputs: list[str] = []
    for j in range(0, len(pieces), size):
        outputs.extend(translator.translate_batch(pieces[j : j + size]))
    if len(outputs) != len(pieces):
        raise ModelError(f"the translator returned {len(outputs)} translations for {len(pieces)} sentences")
    joined: list[list[str]] = [[] for _ in batch]
    for i, out, sep in zip(owner, outputs, glue):
        joined[i].append(out + sep if out else "")
    return ["".join(outs).strip() for outs in joined]


def hard_breaks(doc: Any) -> dict[int, list[int]]:
    """Block index -> offsets in its text of the line ends that are hard breaks made of two or more
    trailing spaces (the spaces lie outside the block's pieces; backslash breaks are in the text)."""
    out: dict[int, list[int]] = {}
    text = doc.text
    for block in doc.blocks:
        if not block.translatable or len(block.pieces) < 2:
            continue
        for k, (_s, e) in enumerate(block.pieces[:-1]):
            nl = text.find("\n", e)
            if nl - e >= 2 and text[nl - 2 : nl] == "  " and not text[e:nl].strip():
                out.setdefault(block.index, []).append(block.text_starts[k + 1] - 1)
    return out


def _gap(text: str, a: int, b: int, block_breaks: Any) -> str:
    """What goes between two translated sentences of a block: nothing, one space, or a hard break."""
    if a == b:
        return ""
    nl = text.find("\n", a, b)
    if nl >= 0 and nl in block_breaks:
        return "  \n"
    if nl >= 0 and text[a - 1] == "\\" and (len(text[:a]) - len(text[:a].rstrip("\\"))) % 2:
        return "\n"  # the backslash of the break ends the sentence before
    return " "


def _plan_segment(seg: Any, block_breaks: Any, markdown: bool) -> list[tuple[str, _Prepared | None]]:
    """The segment as chunks to translate (with their preparation) and separators kept as they are."""
    text = seg.text
    if not markdown:  # plain text: no Markdown; only URLs and e-mail addresses are kept verbatim
        from edtools.inline import InlineSpan, find_urls_emails

        spans = [InlineSpan(k, a, b, a, a) for k, a, b in find_urls_emails(text)]
        return [(text, prepare_segment(text, spans))]
    from edtools.inline import parse_inline
    from edtools.translate.chunks import LONG_TOKEN, cut_points, split_at

    spans = parse_inline(text)
    local = [b - seg.start for b in block_breaks if seg.start <= b < seg.end]
    cuts = cut_points(text, spans, local) if (local or "<" in text or "&" in text or "[^" in text or "\\\n" in text or len(text) >= LONG_TOKEN) else []
    if not cuts:
        return [(text, prepare_segment(text))]
    plan: list[tuple[str, _Prepared | None]] = []
    pos = 0
    for piece, sep in split_at(text, cuts):
        start, pos = pos, pos + len(piece)
        if not sep:
            plan.append((piece, prepare_segment(piece)))
            continue
        nl = piece.find("\n")
        if nl >= 0 and start + nl in local and not piece[:nl].endswith("\\"):
            piece = piece[:nl] + "  " + piece[nl:]  # a hard break's spaces lie outside the block text
        plan.append((piece, None))
    return plan


def _assemble(seg: Any, plan: list[tuple[str, _Prepared | None]], known: dict[str, str],
              from_cache_inputs: frozenset[str], result: TranslationResult, untouched: set[int]) -> str:
    """A segment's translation: its chunks' translations (markup restored) and separators, in order."""
    parts: list[str] = []
    from_cache = []
    for raw, prep in plan:
        if prep is None:
            parts.append(raw)  # a hard break or an unpaired tag, as it was
            continue
        if not prep.translate or not prep.mt:
            parts.append(raw)  # nothing for the model: kept as it was, line breaks included
            continue
        from_cache.append(prep.mt in from_cache_inputs)
        if known[prep.mt] == prep.mt:  # returned unchanged (identity, a name): the source is the answer
            parts.append(raw)
            continue
        phrases = [_clean_phrase(known[w.mt], w.mt) if w.mt in known else w.mt for w in prep.wrappers]
        outcome = restore_markup(known[prep.mt], prep, phrases)
        result.links_appended += outcome.links_appended
        result.emphasis_dropped += outcome.emphasis_dropped
        result.tags_dropped += outcome.tags_dropped
        result.verbatim_repaired += outcome.repaired
        parts.append(outcome.text)
    if from_cache and all(from_cache):
        result.cached += 1
    if not from_cache:
        untouched.add(seg.id)
    return "".join(parts)


def block_texts(doc: Any, segments: list[Any], targets: list[str], untouched: set[int] | frozenset[int] = frozenset(),
                breaks: dict[int, list[int]] | None = None) -> dict[int, str]:
    """Each block's new text: its segments in order; between two, one space (or the hard break, or the
    line break before or after a segment that nothing of reached the model)."""
    if breaks is None:
        breaks = hard_breaks(doc) if getattr(doc, "fmt", "markdown") == "markdown" else {}
    by_block: dict[int, list[tuple[Any, str]]] = {}
    for seg, target in zip(segments, targets):
        by_block.setdefault(seg.block, []).append((seg, target))
    new_texts: dict[int, str] = {}
    for block_index, items in by_block.items():
        block = doc.blocks[block_index]
        text = block.text
        if block.kind == "table_cell":
            # a "|" the model wrote would split the cell: escape what the source did not have
            items = [(seg, re.sub(r"(?<!\\)\|", r"\\|", t)) for seg, t in items]
        parts = [text[: items[0][0].start]]
        for k, (seg, target) in enumerate(items):
            if k:
                prev = items[k - 1][0]
                gap = _gap(text, prev.end, seg.start, breaks.get(block_index, ()))
                if gap == " " and (prev.id in untouched or seg.id in untouched) and "\n" in text[prev.end : seg.start]:
                    gap = "\n"  # e.g. a line holding only an HTML tag keeps its own line
                parts.append(gap)
            parts.append(target)
        parts.append(text[items[-1][0].end :])
        new_texts[block_index] = "".join(parts)
    return new_texts


#: sentences per model call when neither the user nor the backend says otherwise
DEFAULT_BATCH_SIZE = 16


def default_batch_size(translator: Any) -> int:
    """The backend's preferred batch size (``translator.batch_size``), else :data:`DEFAULT_BATCH_SIZE`."""
    return int(getattr(translator, "batch_size", None) or DEFAULT_BATCH_SIZE)


def _batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_batch(translator: Translator, batch: list[str]) -> list[str]:
    """One batch through the model (long inputs in parts), its length checked: what every engine runs."""
    outputs = _translate_parts(translator, batch)
    if len(outputs) != len(batch):
        raise ModelError(f"the translator returned {len(outputs)} translations for {len(batch)} sentences")
    return outputs


class LocalRunner:
    """Runs the batches in this process, in order (the default engine)."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    def run(self, batches: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
        for index, batch in enumerate(batches):
            yield index, run_batch(self.translator, batch)


def _memory_lookup(memory: Any | None, segments: list[Any], prepared: list[_Prepared]
                   ) -> tuple[dict[str, Any], dict[int, list[Any]]]:
    """Exact approved matches (source text -> unit) and fuzzy suggestions (segment id -> matches)."""
    if memory is None:
        return {}, {}
    wanted = [seg.text for seg, prep in zip(segments, prepared) if prep.translate and prep.mt]
    approved = memory.exact(wanted)
    suggestions: dict[int, list[Any]] = {}
    for seg, prep in zip(segments, prepared):
        if prep.translate and prep.mt and seg.text not in approved:
            found = [m for m in memory.search(seg.text, limit=3) if m.score < 100]
            if found:
                suggestions[seg.id] = found
    return approved, suggestions


@dataclass
class DocumentPlan:
    """One document's segments and their MT inputs, before any translation."""

    doc: Any
    segments: list[Any]
    prepared: list[_Prepared]
    inputs: list[str]  # every MT input in order: sentences, then link texts / emphasised phrases
    approved: dict[str, Any] = field(default_factory=dict)  # source text -> approved TM unit (no model)
    suggestions: dict[int, list[Any]] = field(default_factory=dict)  # segment id -> fuzzy TM matches
    #: each segment as chunks to translate and separators kept as they are (translate/chunks.py)
    chunks: list[list[tuple[str, _Prepared | None]]] = field(default_factory=list)
    breaks: dict[int, list[int]] = field(default_factory=dict)  # block -> offsets of its hard breaks


def plan_document(doc: Any, memory: Any | None = None) -> DocumentPlan:
    """``memory`` (an :class:`edtools.tm.ApprovedMemory`): a segment with an exact approved match is
    taken from it and never reaches the model; the others get their fuzzy matches as suggestions."""
    segments = doc.segments("es")
    markdown = getattr(doc, "fmt", "markdown") == "markdown"
    breaks = hard_breaks(doc) if markdown else {}
    chunks = [_plan_segment(seg, breaks.get(seg.block, ()), markdown) for seg in segments]
    prepared = [_whole(plan) for plan in chunks]
    approved, suggestions = _memory_lookup(memory, segments, prepared)
    wanted: list[str] = []
    for seg, plan in zip(segments, chunks):
        if seg.text in approved:
            continue
        for _raw, prep in plan:
            if prep is None:
                continue
            if prep.translate and prep.mt:
                wanted.append(prep.mt)
            for w in prep.wrappers:
                if w.mt and _has_letters(w.mt):
                    wanted.append(w.mt)
    return DocumentPlan(doc, segments, prepared, wanted, approved, suggestions, chunks, breaks)


def _whole(plan: list[tuple[str, _Prepared | None]]) -> _Prepared:
    """One preparation standing for a segment's chunks (whether anything in it is to translate)."""
    if len(plan) == 1 and plan[0][1] is not None:
        return plan[0][1]
    preps = [p for _raw, p in plan if p is not None and p.translate and p.mt]
    return _Prepared(mt=" ".join(p.mt for p in preps), verbatim=[], wrappers=[], translate=bool(preps))



@dataclass
class CorpusStats:
    """What a run over one or more documents did (the final table of a multi-document run)."""

    documents: int = 0
    segments: int = 0
    cached: int = 0  # segments whose sentence came from the translation memory
    duplicates: int = 0  # sentences met again in the run (translated once)
    model_inputs: int = 0  # distinct sentences sent to the model
    batches: int = 0
    seconds: float = 0.0


def translate_documents(
    plans: list[DocumentPlan],
    translator: Translator,
    *,
    cache: TranslationCache | None,
    batch_size: int | None = None,
    glossary: Any | None = None,
    on_document: Callable[[int, TranslationResult], None],
    runner: Any | None = None,
    progress: bool = False,
) -> CorpusStats:
    """Translate several documents as one job; ``on_document(i, result)`` as each one is complete.

    The MT inputs of all documents are de-duplicated, looked up in the translation memory, and
    the misses sorted by length across documents and cut into batches; ``runner.run(batches)``
    (default: :class:`LocalRunner`) yields ``(batch index, outputs)`` in any order. Each batch is
    committed to the memory at once, by this process only; a document is finished (markup,
    glossary, render) and handed to ``on_document`` as soon as its last missing sentence is back.
    """
    started = time.perf_counter()
    batch_size = batch_size or default_batch_size(translator)
    if batch_size < 1:
        raise ModelError("--batch-size must be at least 1")
    if not getattr(translator, "cacheable", True):
        cache = None  # identity/pseudo: fake translations never enter the translation memory
    stats = CorpusStats(documents=len(plans), segments=sum(len(p.segments) for p in plans))
    occurrences = [s for p in plans for s in dict.fromkeys(p.inputs)]
    unique = list(dict.fromkeys(occurrences))
    stats.duplicates = len(occurrences) - len(unique)
    fingerprint = translator.fingerprint
    known: dict[str, str] = cache.get_many(fingerprint, unique) if cache is not None else {}
    from_cache = frozenset(known)
    misses = sorted((s for s in unique if s not in known), key=lambda s: (len(s), s))
    stats.model_inputs = len(misses)
    missing = [set(p.inputs) - from_cache for p in plans]
    needed = [len(m) for m in missing]  # distinct sentences each document sends to the model
    waiting: dict[str, list[int]] = {}
    for i, need in enumerate(missing):
        for s in need:
            waiting.setdefault(s, []).append(i)
    name = getattr(translator, "name", "?")

    def finish(i: int) -> None:
        result = finish_document(plans[i], known, from_cache, name, glossary, needed[i])
        result.seconds = time.perf_counter() - started
        stats.cached += result.cached
        on_document(i, result)

    for i, need in enumerate(missing):
        if not need:
            finish(i)
    batches = _batches(misses, batch_size)
    stats.batches = len(batches)
    show = wants_progress(stats.segments, requested=progress)
    with Progress(len(misses), show, documents=len(plans)) as bar:
        bar.documents_done(sum(1 for need in missing if not need))
        for index, outputs in (runner or LocalRunner(translator)).run(batches):
            batch = batches[index]
            pairs = list(zip(batch, outputs))
            known.update(pairs)
            if cache is not None:
                cache.put_many(fingerprint, pairs)
            done = []
            for s in batch:
                for i in waiting.pop(s, ()):
                    missing[i].discard(s)
                    if not missing[i]:
                        done.append(i)
            for i in sorted(done):
                finish(i)
            bar.advance(len(batch))
            bar.documents_done(len(done))
    stats.seconds = time.perf_counter() - started
    return stats


def finish_document(plan: DocumentPlan, known: dict[str, str], from_cache: frozenset[str], model: str,
                    glossary: Any | None, model_inputs: int) -> TranslationResult:
    """Markup restored, glossary applied, blocks rebuilt: the draft of a document whose inputs are known."""
    doc, segments, approved = plan.doc, plan.segments, plan.approved
    targets: list[str] = []
    result = TranslationResult(draft="", records=[], segments=len(segments), cached=0, seconds=0.0,
                               model=model, model_inputs=model_inputs, tm_suggestions=plan.suggestions)
    untouched: set[int] = set()  # segments of which nothing reached the model
    for seg, chunks in zip(segments, plan.chunks):
        if seg.text in approved:
            targets.append(approved[seg.text].target)
            result.tm_reused += 1
            result.tm_approved[seg.id] = approved[seg.text]
            continue
        targets.append(_assemble(seg, chunks, known, from_cache, result, untouched))

    if glossary is not None and segments:
        from edtools.glossary import apply_to_segments

        new_targets, changes = apply_to_segments(
            glossary, [(seg.id, seg.text, t) for seg, t in zip(segments, targets)]
        )
        targets = list(new_targets)
        result.glossary_changes = list(changes)

    result.draft = doc.render(block_texts(doc, segments, targets, untouched, plan.breaks))
    result.records = [
        SegmentRecord(id=seg.id, block=seg.block, line=seg.line, source=seg.text, target=target,
                      origin="tm" if seg.text in approved else "mt")
        for seg, target in zip(segments, targets)
    ]
    return result


def translate_document(
    doc: Any,
    translator: Translator,
    *,
    cache: TranslationCache | None,
    batch_size: int | None = None,
    glossary: Any | None = None,
    progress: bool = False,
    memory: Any | None = None,
    runner: Any | None = None,
) -> TranslationResult:
    """Translate every translatable block of ``doc``; return the rendered draft and records.

    A corpus of one: the same path as :func:`translate_documents`. ``memory``: see
    :func:`plan_document` (approved translation-memory reuse)."""
    started = time.perf_counter()
    if batch_size is not None and batch_size < 1:
        raise ModelError("--batch-size must be at least 1")
    results: list[TranslationResult] = []
    translate_documents([plan_document(doc, memory)], translator, cache=cache, batch_size=batch_size,
                        glossary=glossary, on_document=lambda _i, r: results.append(r), runner=runner,
                        progress=progress)
    result = results[0]
    result.seconds = time.perf_counter() - started
    result.load_seconds = float(getattr(translator, "load_seconds", 0.0) or 0.0)
    return result
