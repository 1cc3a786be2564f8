"""Small text helpers shared by the lint rules (tokens, masks, sentence spans)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Masks written over the block text before rules see it (same length, so offsets hold):
OBJ = "\ufffc"  # protected content (code, URL, e-mail, HTML, link target): breaks words and repeats
MARK = "\u2063"  # Markdown syntax (emphasis markers, link brackets): transparent between words

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Each alternative starts only where a run of its characters starts (the look-behinds), so a long
# token is scanned once, not once per character (which took minutes on a 200,000-letter token).
URL_RE = re.compile(
    r"(?<![^\s<>()\"“”])(?:https?://|www\.)[^\s<>()\"“”]+[^\s<>()\"“”.,;:!?]|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


# 200+ characters without a space are no prose (base64, hashes): masked like a URL before rules run
LONG_RUN_RE = re.compile(r"\S{200,}")


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


def sentence_spans(text: str, protected: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """English sentence spans of a block's (masked) text."""
    from edtools.segment import split_sentences

    return list(split_sentences(text, "en", protected or ()))
