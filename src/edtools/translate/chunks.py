"""What of a segment reaches the model, and in how many pieces.

A segment (one sentence of a block, inline Markdown included) is cut into chunks that are
translated separately and joined again with the exact text between them:

- at a hard line break (two or more trailing spaces, or a backslash, before a line end): the
  lines around it are translated apart and the break is put back as it was;
- at a run of 200 or more characters without a space (base64, hashes): no word is that long,
  and the model never sees it;
- at a footnote reference that is not glued to a word (``fin.[^1]``);
- at an inline HTML tag that has no partner in the segment (``<br>``, ``<img …>``, a lone
  ``<a href>``): the tag never reaches the model and comes back in its place.

Only breaks outside every other inline element cut (a tag inside link text stays part of it),
except that a hard break inside emphasis cuts it in two, each side keeping its marker as text.
Paired tags (``<sup>1</sup>``, ``<span class="x">…</span>``) become wrappers like emphasis:
the text between them is translated, the tags are kept aside and put back around its
translation (``paired_tags``). A footnote reference glued to a word rides on that word the same
way (``footnote_wrappers``). Character and numeric entities are decoded for the model and
the non-alphanumeric ones (``&nbsp;``, ``&#42;``, ``&lt;``) are encoded again in the output
(``entity_table`` / ``encode_entities``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Sequence

from edtools.inline import InlineSpan, entity_text

_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9\-]*)")
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9\-]*)\s*>")
_BACKSLASH_BREAK = re.compile(r"\\\n")
LONG_TOKEN = 200  # characters without a space from which a run is kept as it is
_LONG_TOKEN = re.compile(r"[^\s]{%d,}" % LONG_TOKEN)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_MAX_PAIRING = 2000  # spans in one segment above which tags are not paired (keeps it linear)


def paired_tags(text: str, spans: Sequence[InlineSpan]) -> list[InlineSpan]:
    """Wrapper spans (kind "tag") for open/close HTML tag pairs that no other element crosses."""
    if len(spans) > _MAX_PAIRING:
        return []
    stack: list[tuple[str, InlineSpan]] = []
    pairs: list[tuple[InlineSpan, InlineSpan]] = []
    for sp in spans:
        if sp.kind != "html":
            continue
        tag = text[sp.start : sp.end]
        m = _CLOSE_TAG.fullmatch(tag)
        if m is not None:
            name = m.group(1).lower()
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    pairs.append((stack[k][1], sp))
                    del stack[k:]
                    break
            continue
        m = _OPEN_TAG.match(tag)
        if m is not None and not tag.endswith("/>") and m.group(1).lower() not in _VOID:
            stack.append((m.group(1).lower(), sp))
    out = []
    for o, c in pairs:
        if c.start > o.end and all(_nests(s, o.end, c.start, o.start, c.end) for s in spans):
            out.append(InlineSpan("tag", o.start, c.end, o.end, c.start))
    return out


_WORD_BEFORE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*$")


def footnote_wrappers(text: str, spans: Sequence[InlineSpan]) -> list[InlineSpan]:
    """A footnote reference glued to a word (``dato[^1]``) never reaches the model: a wrapper (kind
    "note") around the word carries it, put back after the word's translation."""
    out = []
    for sp in spans:
        if sp.kind != "footnote" or sp.start == 0:
            continue
        m = _WORD_BEFORE.search(text, max(0, sp.start - 64), sp.start)
        if m is not None and not any(o.start < sp.start and m.start() < o.end and o is not sp for o in spans):
            out.append(InlineSpan("note", m.start(), sp.end, m.start(), sp.start))
    return out


def _nests(s: InlineSpan, a: int, b: int, outer_a: int, outer_b: int) -> bool:
    """Span s lies inside [a, b), outside [outer_a, outer_b), or contains it: no crossing."""
    return (a <= s.start and s.end <= b) or s.end <= outer_a or s.start >= outer_b or (
        s.start <= outer_a and outer_b <= s.end
    ) or (s.start, s.end) in ((outer_a, a), (b, outer_b))


def top_level(spans: Sequence[InlineSpan]) -> list[InlineSpan]:
    """The spans not inside another (spans sorted by start, longest first)."""
    out: list[InlineSpan] = []
    end = -1
    for sp in spans:
        if sp.start >= end:
            out.append(sp)
            end = sp.end
    return out


def cut_points(text: str, spans: Sequence[InlineSpan], hard_breaks: Sequence[int] = ()) -> list[tuple[int, int]]:
    """[start, end) of each separator where the segment is cut: hard breaks (``hard_breaks``: offsets
    of their line ends in ``text``; a backslash break's backslash included) and unpaired tags."""
    tops = top_level(spans)
    paired: set[tuple[int, int]] = set()
    for w in paired_tags(text, spans):
        paired.update(((w.start, w.inner_start), (w.inner_end, w.end)))
    # a hard break may cut emphasis (each side keeps its marker as text); never code, links or tags
    inside = [(sp.start, sp.end) for sp in tops if sp.kind != "emphasis"]
    cuts: list[tuple[int, int]] = []
    glued = {(w.inner_end, w.end) for w in footnote_wrappers(text, spans)}
    for sp in tops:
        if sp.kind == "html" and (sp.start, sp.end) not in paired:
            cuts.append((sp.start, sp.end))
        elif sp.kind == "footnote" and (sp.start, sp.end) not in glued:
            cuts.append((sp.start, sp.end))  # after punctuation or a space ("fin.[^1]"): cut there
        elif sp.kind == "entity" and (not text[: sp.start].strip() or not text[sp.end :].strip()):
            if (entity_text(text[sp.start : sp.end]) or "x").isspace():
                cuts.append((sp.start, sp.end))  # a space written as an entity at an edge: not trimmed away
    if len(text) >= LONG_TOKEN:
        for m in _LONG_TOKEN.finditer(text):
            a, b = m.start(), m.end()
            if not any(s < b and a < e for s, e in inside):
                cuts.append((a, b))  # no word is this long (base64, a hash): the model never sees it
    for nl in hard_breaks:
        if not any(a < nl < b for a, b in inside):
            a = nl - 1 if nl > 0 and text[nl - 1] == "\\" else nl
            cuts.append((a, nl + 1))
    for m in _BACKSLASH_BREAK.finditer(text):
        k = m.start()
        if _odd_backslashes(text, k):
            if not any(a <= k < b for a, b in inside) and (k, k + 2) not in cuts:
                cuts.append((k, k + 2))
    cuts.sort()
    merged: list[tuple[int, int]] = []
    for a, b in cuts:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _odd_backslashes(text: str, k: int) -> bool:
    j = k
    while j >= 0 and text[j] == "\\":
        j -= 1
    return (k - j) % 2 == 1


def split_at(text: str, cuts: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """(piece, is_separator) in order; whitespace around a cut goes to the separator."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for a, b in cuts:
        while a > pos and text[a - 1] in " \t\n":
            a -= 1
        while b < len(text) and text[b] in " \t\n":
            b += 1
        if a > pos:
            out.append((text[pos:a], False))
        if out and out[-1][1]:
            out[-1] = (out[-1][0] + text[max(a, pos) : b], True)
        else:
            out.append((text[max(a, pos) : b], True))
        pos = max(pos, b)
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def entity_table(text: str, spans: Sequence[Any]) -> dict[str, str]:
    """Decoded character -> the entity the source wrote, for entities that are not letters or digits."""
    table: dict[str, str] = {}
    for sp in spans:
        if sp.kind == "entity":
            raw = text[sp.start : sp.end]
            char = entity_text(raw) or ""
            if char and not char.isalnum():
                table.setdefault(char, raw)
    return table


def encode_entities(out: str, table: dict[str, str], blocked: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Encode the table's characters in ``out`` again, outside the blocked intervals (verbatim
    elements); return the new text and the blocked intervals moved, with the entities added."""
    if not table:
        return out, blocked
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    parts: list[str] = []
    pos = 0
    shift_at: list[tuple[int, int]] = []  # (old offset, cumulative shift after it)
    added: list[tuple[int, int]] = []
    delta = 0
    for m in pattern.finditer(out):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        rep = table[m.group()]
        parts.append(out[pos : m.start()])
        start_new = m.start() + delta
        parts.append(rep)
        added.append((start_new, start_new + len(rep)))
        delta += len(rep) - (m.end() - m.start())
        shift_at.append((m.end(), delta))
        pos = m.end()
    if not added:
        return out, blocked
    parts.append(out[pos:])

    ats = [at for at, _dd in shift_at]

    def moved(x: int) -> int:
        k = bisect_right(ats, x)
        return x + (shift_at[k - 1][1] if k else 0)

    return "".join(parts), [(moved(s), moved(e)) for s, e in blocked] + added
