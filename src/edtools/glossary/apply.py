"""Making an English draft follow the glossary, sentence pair by sentence pair.

For every glossary term found in a source sentence, the aligned English sentence is searched for
(1) one of the entry's ``avoid`` renderings, replaced by the approved one; else (2) the approved
rendering itself, whose case is corrected if needed; else (3) nothing is changed and the pair is
reported as *approved rendering missing* (lint's ED302) — no insertion is ever invented.

The replacement takes the right form: a ``title`` entry is capitalised directly before a personal
name ("Foreign Minister Gustavo Manrique"), lowercase otherwise ("the foreign minister said"),
capital first letter at the start of a sentence; a plural source gives the plural ("foreign
ministers"); an all-capitals headline gets capitals; a ``name`` entry is written as given.
A target whose source has no glossary term comes back byte for byte.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace

from edtools.glossary.calque import find_calques, spanish_content_words
from edtools.glossary.match import (
    INSERTABLE_FORMS,
    SourceMatch,
    SourceMatcher,
    TargetMatcher,
    _en_variants,
    english_forms,
    is_acronym,
    norm,
)
from edtools.glossary.model import Entry, Glossary


@dataclass(frozen=True, slots=True)
class Change:
    segment: int
    old: str
    new: str
    entry: str
    start: int  # [start, end) of ``new`` in the new target
    end: int
    reason: str = "avoided"  # "avoided" (an avoid rendering replaced) | "case" (approved rendering re-cased)
    #                          | "calque" (the engine's literal rendering of the term replaced)


@dataclass(frozen=True, slots=True)
class Missing:
    """A source term whose approved rendering the target lacks (and no avoided one was found)."""

    segment: int
    entry: str
    source_text: str  # the Spanish words matched
    expected: str  # the approved rendering
    near_start: int = -1  # the narrowest part of the target that seems to render the term, or -1
    near_end: int = -1
    near_text: str = ""
    detail: str = ""  # why nothing was changed (context not resolved, only part of the term found...)


@dataclass(frozen=True)
class ApplyResult:
    targets: list[str]
    changes: list[Change] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


# Capitalised words that are not names even when a title precedes them.
_NOT_NAMES = frozenset("""
a an the and or but nor of in on at to for from by with as after before during since until when while if
he she it they we i you his her its their our my your this that these those who whom whose which what
said says say was were is are be been has have had will would shall should can could may might must do did
does told added stated noted announced
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december
mr mrs ms dr
""".split())
_OPENERS = " \t\n\u00a0\"'“‘«(*_¿¡["
_LONGER_NAME_RE = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.-]*")


def _next_token(text: str, end: int) -> str:
    i = end
    n = len(text)
    while i < n and text[i] in "*_":
        i += 1
    while i < n and text[i] in " \u00a0":
        i += 1
    while i < n and text[i] in "*_[":
        i += 1
    m = _TOKEN_RE.match(text, i)
    return m.group(0) if m else ""


def before_name(target: str, end: int, source: str | None) -> bool:
    """Is the title at ``target[..end]`` directly followed by a personal name?

    The next word must be capitalised, not a common sentence word, and — when the source is
    known — appear in the source too (names pass through translation unchanged; "Meets" does not).
    A comma in between means apposition ("the foreign minister, Gustavo Manrique"): not a name.
    """
    token = _next_token(target, end)
    if not token or not token[0].isupper():
        return False
    bare = token.rstrip(".'’").split("'")[0].split("’")[0]
    if bare.lower() in _NOT_NAMES or not bare:
        return False
    if source is not None:
        return re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", source) is not None
    return True


def sentence_initial(target: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and target[j] in _OPENERS:
        j -= 1
    return j < 0 or target[j] in ".!?:"


def all_caps(target: str) -> bool:
    letters = [c for c in target if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def title_case_line(target: str, start: int = 0, end: int = 0) -> bool:
    """A headline in title case ("Chancellor Meets With Nuland"): every longer word outside the
    term at [start, end) is capitalised, and there are at least three of them."""
    rest = target[:start] + " " + target[end:]
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def render_form(entry: Entry, plural: bool, target: str, start: int, end: int, source: str | None) -> str:
    """The approved rendering in the form the position in ``target`` calls for."""
    forms = english_forms(entry)
    if entry.case == "name":
        text = forms[("title", plural)]
        if text[:1].islower() and sentence_initial(target, start):
            text = text[:1].upper() + text[1:]
    else:
        style = "title" if before_name(target, end, source) or title_case_line(target, start, end) else "lower"
        text = forms[(style, plural)]
        if style == "lower" and sentence_initial(target, start):
            text = text[:1].upper() + text[1:]
    if all_caps(target):
        text = text.upper()
    return text


def _is_plural_form(old: str, entry: Entry, avoided: bool) -> bool:
    key = norm(old)
    if avoided:
        singles = {norm(a) for a in entry.avoid}
        plurals = {norm(f) for a in entry.avoid for f, p in _en_variants(a) if p}
    else:
        forms = english_forms(entry)
        singles = {norm(forms[("title", False)]), norm(forms[("lower", False)])}
        plurals = {norm(forms[("title", True)]), norm(forms[("lower", True)])}
    return key in plurals and key not in singles


def resolve_context(glossary: Glossary, entry: Entry, named: set[str]) -> tuple[Entry | None, list[Entry]]:
    """The title a context entry ("ministro del ramo") stands for in a document.

    Candidates are the entries tagged with the entry's ``context``; one counts as named when the
    document matches it or the institution it heads (its ``office``). Returns (the one named
    candidate or None, every named candidate).
    """
    named_entries = [c for c in glossary.entries
                     if entry.context in c.tags and c is not entry and (c.id in named or c.office in named)]
    return (named_entries[0] if len(named_entries) == 1 else None), named_entries


def _former(text: str, target: str, start: int, end: int, source: str) -> str:
    """'former ' + a rendering (AP: "former" stays lowercase before a name), "Former ..." at the
    start of a sentence, capitals in an all-capitals headline."""
    if all_caps(target):
        return "FORMER " + text
    if sentence_initial(target, start):
        if not before_name(target, end, source):
            text = text[:1].lower() + text[1:]
        return "Former " + text
    return "former " + text


_EX_BEFORE_RE = re.compile(r"(?:\b(?:former|ex)[ -]|\bex(?=[a-z]))$", re.IGNORECASE)


class Applier:
    """Matchers built once per glossary; :meth:`apply` runs on any number of sentence pairs."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.source = SourceMatcher(glossary)
        self.target = TargetMatcher(glossary)

    def apply(self, pairs: list[tuple[int, str, str]]) -> ApplyResult:
        targets: list[str] = []
        changes: list[Change] = []
        missing: list[Missing] = []
        found = [self.source.find(src) for _seg, src, _tgt in pairs]
        named = {m.entry.id for ms in found for m in ms}
        # an institution named by another of its names (Cancillería) names its office too
        named |= {m.entry.office for ms in found for m in ms if m.entry.office}
        for (seg, src, tgt), matches in zip(pairs, found):
            if not matches:
                targets.append(tgt)
                continue
            new, ch, miss = self._apply_one(seg, src, tgt, matches, named)
            targets.append(new)
            changes.extend(ch)
            missing.extend(miss)
        return ApplyResult(targets, changes, missing)

    def _resolve(self, seg: int, m: SourceMatch, named: set[str]) -> tuple[SourceMatch | None, Missing | None]:
        """A context entry's match made a match of the title it stands for, or reported."""
        if not m.entry.context:
            return m, None
        chosen, candidates = resolve_context(self.glossary, m.entry, named)
        if chosen is not None:
            return SourceMatch(chosen, m.start, m.end, m.text, m.plural, m.article, m.former, m.inserted), None
        detail = (f"the document names {len(candidates)} offices it may mean "
                  f"({', '.join(c.id for c in candidates)})" if candidates
                  else "the document names no office it may mean")
        return None, Missing(seg, m.entry.id, m.text, m.entry.en, detail=f"context not resolved: {detail}")

    def _locate(self, tgt: str, m: SourceMatch, rel: float, free, blocked):
        """(span, reason, kind) of the draft's rendering of ``m``; span None when not found."""
        entry = m.entry
        if m.inserted:  # the engine's rendering of the title with its inserted words ("salient minister")
            hard, soft = blocked(m.entry)
            runs = [c for c in find_calques(tgt, m.text, former=m.former, inserted=m.inserted, blocked=hard, soft=soft)
                    if c.accepted and c.fillers and free((c.start, c.end))]
            if runs:
                best = max(runs, key=lambda c: (c.covered, -abs((c.start + c.end) / 2 / max(len(tgt), 1) - rel)))
                return (best.start, best.end), "calque", best.fillers

        def closest(spans):
            spans = [sp for sp in spans if free(sp[:2])]
            if not spans:
                return None
            return min(spans, key=lambda sp: abs((sp[0] + sp[1]) / 2 / max(len(tgt), 1) - rel))

        span = closest(self.target.avoided_for(tgt, entry))
        if span is not None:
            return self._widen(tgt, m, span, blocked), "avoided", ""
        approved = [sp for sp in self.target.approved_spans(tgt, entry) if m.acronym or sp[2] != "acronym"]
        span = closest(approved)
        if span is not None:
            return span[:2], "case", span[2]
        hard, soft = blocked(m.entry)
        calques = [c for c in find_calques(tgt, m.text, former=m.former, inserted=m.inserted,
                                           blocked=hard, soft=soft) if c.accepted and free((c.start, c.end))]
        # only maximal runs (not "general public" inside "general public prosecutor"), then the closest
        calques = [c for c in calques if not any(d is not c and d.start <= c.start and c.end <= d.end
                                                 and d.covered >= c.covered for d in calques)]
        if calques:
            best = max(calques, key=lambda c: (c.covered, -abs((c.start + c.end) / 2 / max(len(tgt), 1) - rel)))
            return (best.start, best.end), "calque", best.fillers
        return None, "", ""

    def _widen(self, tgt: str, m: SourceMatch, span: tuple[int, int], blocked) -> tuple[int, int]:
        """An avoided rendering grown by the literal rendering around it ("Spanish Navy" + " of the
        Ecuador"), so that no half of the engine's rendering is left behind."""
        s, e = span
        hard, soft = blocked(m.entry)
        hard = [b for b in hard if b[1] <= s or b[0] >= e]
        for c in find_calques(tgt, m.text, former=m.former, inserted=m.inserted, blocked=hard, soft=soft):
            if c.start <= e and c.end >= s and (c.start < s or c.end > e):
                touching = tgt[c.end:s] if c.end <= s else tgt[e:c.start] if c.start >= e else ""
                if not touching.strip():
                    s, e = min(s, c.start), max(e, c.end)
        return s, e

    def _missing(self, seg: int, tgt: str, m: SourceMatch, free, blocked) -> Missing:
        """What could not be fixed, pinned to the narrowest part of the draft that seems to render it."""
        expected = m.entry.en if not m.former else f"former {m.entry.en}"
        hard, soft = blocked(m.entry)
        partial = [c for c in find_calques(tgt, m.text, former=m.former, inserted=m.inserted, blocked=hard, soft=soft)
                   if free((c.start, c.end))]
        if partial:
            c = partial[0]
            return Missing(seg, m.entry.id, m.text, expected, c.start, c.end, tgt[c.start:c.end],
                           f"only {c.covered} of the term's {len(spanish_content_words(m.text, former=m.former, inserted=m.inserted))} "
                           "words found here")
        return Missing(seg, m.entry.id, m.text, expected, detail="no rendering of the term found in the sentence")

    def _apply_one(self, seg: int, src: str, tgt: str, matches: list[SourceMatch], named: set[str] = frozenset()):
        used: list[tuple[int, int]] = []
        edits: list[tuple[int, int, str, str, str]] = []  # start, end, new, entry id, reason
        missing: list[Missing] = []

        def free(span: tuple[int, int]) -> bool:
            return all(span[1] <= s or span[0] >= e for s, e in used)

        resolved = []
        for m in matches:
            r, miss = self._resolve(seg, m, named)
            if r is None:
                runs = find_calques(tgt, m.text)  # point at the engine's rendering of the unresolved term
                if runs:
                    miss = replace(miss, near_start=runs[0].start, near_end=runs[0].end,
                                   near_text=tgt[runs[0].start:runs[0].end])
                missing.append(miss)
            else:
                resolved.append(r)
        others = {id(r.entry): r.entry for r in resolved}

        def blocked(current: Entry | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
            """(hard, soft): spans no calque may take (used ones, other terms' avoided renderings),
            and other terms' approved renderings, which a calque may only take inside a longer run
            ("prosecutor" inside "general public prosecutor subrogante")."""
            hard = list(used)
            soft = []
            for entry in others.values():
                if entry is current:
                    continue
                soft += [sp[:2] for sp in self.target.approved_spans(tgt, entry) if sp[2] != "acronym"]
                hard += self.target.avoided_for(tgt, entry)
            return hard, soft

        order = sorted(resolved, key=lambda m: (-len(m.entry.en), m.start))
        for m in order:
            rel = (m.start + m.end) / 2 / max(len(src), 1)
            span, reason, extra = self._locate(tgt, m, rel, free, blocked)
            if span is None:
                missing.append(self._missing(seg, tgt, m, free, blocked))
                continue
            used.append(span)
            edit = self._edit(tgt, src, m, span, reason, extra)
            if edit is not None:
                edits.append(edit)
        if not edits:
            return tgt, [], missing
        edits.sort()
        out: list[str] = []
        changes: list[Change] = []
        pos = 0
        length = 0
        for s, e, new, entry_id, reason in edits:
            piece = tgt[pos:s]
            out.append(piece)
            length += len(piece)
            out.append(new)
            changes.append(Change(seg, tgt[s:e], new, entry_id, length, length + len(new), reason))
            length += len(new)
            pos = e
        out.append(tgt[pos:])
        return "".join(out), changes, missing


    def _edit(self, tgt: str, src: str, m: SourceMatch, span: tuple[int, int], reason: str, extra):
        """(start, end, new text, entry id, reason) for one located rendering, or None to keep it."""
        entry = m.entry
        s, e = span
        old = tgt[s:e]
        if reason == "case" and extra in ("acronym", "accepted"):
            return None  # an acronym English keeps (USAID, CNE) or an accepted alternative
        if reason == "case" and _LONGER_NAME_RE.match(tgt, e) and not m.former:
            return None  # part of a longer capitalised name ("Minister of the Interior"): leave its case
        plural = m.plural or _is_plural_form(old, entry, reason == "avoided")
        if m.former:
            ex = _EX_BEFORE_RE.search(tgt, max(0, s - 8), s)
            if ex is not None:
                s = ex.start()
            new = _former(render_form(entry, plural, tgt, s, e, src), tgt, s, e, src)
        elif m.acronym and reason != "case" and (acr := _english_acronym(entry)):
            new = acr
        else:
            new = render_form(entry, plural, tgt, s, e, src)
        if reason == "calque" and extra:  # inserted words the run carried ("Ecuadorian", "outgoing")
            words = list(dict.fromkeys(INSERTABLE_FORMS.get(w.casefold(), w) for w in m.inserted))
            new = " ".join(words) + " " + (new[:1].lower() + new[1:] if entry.case == "title"
                                           and not before_name(tgt, e, src) else new)
            if sentence_initial(tgt, s):
                new = new[:1].upper() + new[1:]
        s, new = _agree_article(tgt, s, new)
        s, new = _drop_the_before_name(tgt, s, new, entry, e, src)
        if new == tgt[s:e]:
            return None
        return s, e, new, entry.id, reason


_INDEFINITE_RE = re.compile(r"\b(an?)(\s+)\Z", re.IGNORECASE)
# words whose spelling misleads: a vowel letter sounding like "y"/"w", a silent h
_A_BEFORE = re.compile(r"(?:uni|use|usu|uti|eu|ewe|one\b|once\b|ubiq|ura|ure|uro|u\.s\.)", re.IGNORECASE)
_AN_BEFORE = re.compile(r"(?:hour|honest|honor|honour|heir)", re.IGNORECASE)
_AN_LETTERS = frozenset("AEFHILMNORSX")  # letters whose names start with a vowel sound (an FBI agent)


def indefinite_article(word: str) -> str:
    """'a' or 'an' for the English word (or acronym) that follows it."""
    first = word.split()[0] if word.split() else word
    if len(first) > 1 and first.isupper() and first.isalpha():
        return "an" if first[0] in _AN_LETTERS else "a"
    if _AN_BEFORE.match(first):
        return "an"
    if _A_BEFORE.match(first):
        return "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def _agree_article(tgt: str, start: int, new: str) -> tuple[int, str]:
    """A replacement right after "a"/"an" takes the article its first sound needs ("an allanamiento"
    -> "a raid"): the new start and text, the article included when it changes."""
    found = _INDEFINITE_RE.search(tgt, max(0, start - 6), start)
    if found is None:
        return start, new
    article, gap = found.group(1), found.group(2)
    want = indefinite_article(new)
    if article.lower() == want:
        return start, new
    cased = want.upper() if article.isupper() and len(article) > 1 else (want.capitalize() if article[0].isupper() else want)
    return found.start(), cased + gap + new


_THE_RE = re.compile(r"\b(the)(\s+)\Z", re.IGNORECASE)


def _drop_the_before_name(tgt: str, start: int, new: str, entry: Entry, end: int, source: str) -> tuple[int, str]:
    """AP: a title directly before a name takes no article ("the President Daniel Noboa" ->
    "President Daniel Noboa"); the title then starts the sentence where the article did."""
    title = new[7:] if new.lower().startswith("former ") else new
    if entry.case != "title" or not title[:1].isupper() or not before_name(tgt, end, source):
        return start, new
    found = _THE_RE.search(tgt, max(0, start - 5), start)
    if found is None or all_caps(tgt):
        return start, new
    if sentence_initial(tgt, found.start()):
        new = new[:1].upper() + new[1:]
    return found.start(), new


def _english_acronym(entry: Entry) -> str:
    """The acronym English copy uses for an entry whose Spanish acronym it avoids (FMI -> IMF)."""
    for alt in entry.accepted:
        if " " not in alt and is_acronym(alt.replace(".", "")) and len(alt) <= 8:
            return alt
    return ""


_APPLIERS: dict[int, tuple[weakref.ref, Applier]] = {}


def applier_for(glossary: Glossary) -> Applier:
    """The cached :class:`Applier` of a glossary (built on first use)."""
    hit = _APPLIERS.get(id(glossary))
    if hit is not None and hit[0]() is glossary:
        return hit[1]
    applier = Applier(glossary)
    key = id(glossary)
    _APPLIERS[key] = (weakref.ref(glossary, lambda _r, k=key, d=_APPLIERS: d.pop(k, None)), applier)
    return applier


def apply_pairs(glossary: Glossary, pairs: list[tuple[int, str, str]]) -> ApplyResult:
    """Like :func:`apply_to_segments`, also returning the terms whose approved rendering is missing."""
    return applier_for(glossary).apply(pairs)


def apply_to_segments(glossary: Glossary, pairs: list[tuple[int, str, str]]) -> tuple[list[str], list[Change]]:
    """pairs: (segment id, source sentence, target sentence) -> (new targets in order, changes)."""
    result = apply_pairs(glossary, pairs)
    return result.targets, result.changes
