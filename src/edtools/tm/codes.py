"""Markdown inline elements as the inline codes of TMX and XLIFF, and back.

A segment's text is cut into *pieces*: plain strings and :class:`Code` objects. A code is
either paired (``pc``: a link, an image, emphasis — its original opening and closing markup
around translatable text, e.g. ``[`` … ``](https://…)``) or standalone (``ph``: a code span,
a URL, an e-mail address, an autolink, an HTML tag — never translated). ``to_markdown`` joins
the pieces back; for every segment, ``to_markdown(pieces(text)) == text`` byte for byte.
Plain-text documents have no Markdown: only URLs and e-mail addresses become codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

PAIRED = frozenset({"link", "image", "emphasis"})


@dataclass(frozen=True, slots=True)
class Code:
    kind: str  # "pc" (paired) | "ph" (standalone)
    id: str  # "1", "2", … in document order inside the segment
    md: str  # the Markdown element: link | image | emphasis | code | url | email | autolink | html
    open: str  # ph: the whole element; pc: the markup before the inner text
    close: str = ""  # pc: the markup after the inner text
    children: tuple[Piece, ...] = ()


Piece = Union[str, Code]


def pieces(text: str, fmt: str = "markdown") -> list[Piece]:
    """``text`` cut into strings and codes (ids numbered from 1 in order of appearance)."""
    from edtools.inline import InlineSpan, find_urls_emails, parse_inline

    if fmt == "markdown":
        spans = parse_inline(text)
    else:
        spans = [InlineSpan(k, a, b, a, a) for k, a, b in find_urls_emails(text)]
    counter = [0]

    def walk(lo: int, hi: int) -> list[Piece]:
        out: list[Piece] = []
        pos = lo
        for span in spans:
            if span.start < pos or span.start < lo or span.end > hi:
                continue
            if span.start > pos:
                out.append(text[pos : span.start])
            counter[0] += 1
            cid = str(counter[0])
            if span.kind in PAIRED and span.inner_end > span.inner_start:
                inner = walk(span.inner_start, span.inner_end)
                out.append(Code("pc", cid, span.kind, text[span.start : span.inner_start],
                                text[span.inner_end : span.end], tuple(inner)))
            else:
                out.append(Code("ph", cid, span.kind, text[span.start : span.end]))
            pos = span.end
        if pos < hi:
            out.append(text[pos:hi])
        return out

    return walk(0, len(text))


def to_markdown(items: list[Piece] | tuple[Piece, ...]) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif item.kind == "pc":
            out.append(item.open + to_markdown(item.children) + item.close)
        else:
            out.append(item.open)
    return "".join(out)


def all_codes(items: list[Piece] | tuple[Piece, ...]) -> list[Code]:
    """Every code, outer before inner, in order."""
    found: list[Code] = []
    for item in items:
        if isinstance(item, Code):
            found.append(item)
            found.extend(all_codes(item.children))
    return found


def renumber_like(target: list[Piece], source: list[Piece]) -> list[Piece]:
    """Give the target's codes the ids of the source codes with the same original markup.

    A target code with no counterpart in the source (markup the model or a person added)
    is turned back into plain text, so it survives as written but claims no source id.
    """
    free: dict[tuple[str, str, str], list[str]] = {}
    for code in all_codes(source):
        free.setdefault((code.kind, code.open, code.close), []).append(code.id)

    def walk(items: list[Piece] | tuple[Piece, ...]) -> list[Piece]:
        out: list[Piece] = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
                continue
            ids = free.get((item.kind, item.open, item.close))
            children = walk(item.children)
            if ids:
                out.append(Code(item.kind, ids.pop(0), item.md, item.open, item.close, tuple(children)))
            elif item.kind == "pc":
                out.extend([item.open, *children, item.close])
            else:
                out.append(item.open)
        return out

    return walk(target)
