"""Small text helpers shared by the lint rules (tokens, masks, sentence spans)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Masks written over the block text before rules see it (same length, so offsets hold):
OBJ = "\ufffc"  # protected content (code, URL, e-mail, HTML, link target): breaks words and repeats
MARK = "\u2063"  # Markdown syntax (emphasis markers, link brackets): transparent between words

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\"“”]+[^\s<>()\"“”.,;:!?]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str


@lru_cache(maxsize=16)
def tokens(text: str) -> tuple[Token, ...]:
    """Word tokens (letters/digits, inner apostrophes and hyphens) with their offsets; cached."""
    out = []
    for m in WORD_RE.finditer(text):
        word = m.group()
        out.append(Token(m.start(), m.end(), word, word.lower()))
    return tuple(out)


def mask(text: str, spans: list[tuple[int, int]], char: str) -> str:
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for i in range(max(s, 0), min(e, len(chars))):
            if chars[i] != "\n":
                chars[i] = char
    return "".join(chars)


_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]*[A-Z0-9¿¡])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Sra|Jr|St|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Mt|No|Inc|Ltd|Co|Corp|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|e\.g|i\.e|a\.m|p\.m)|\b[A-Z])\.$"
)


def simple_sentences(text: str) -> list[tuple[int, int]]:
    """English sentence spans by punctuation (a fallback used when segment.py is unavailable)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if _ABBREV.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            out.append((s + ls, s + rs))
    return out


def sentence_spans(text: str, protected: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """English sentence spans of a block's (masked) text."""
    try:
        from edtools.segment import split_sentences
    except ImportError:  # pragma: no cover - segment.py is written in parallel
        return simple_sentences(text)
    return list(split_sentences(text, "en", protected or ()))
