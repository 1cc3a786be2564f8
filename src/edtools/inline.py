"""Markdown inline elements inside one block's text.

``parse_inline(text)`` finds code spans, links, images, reference links, autolinks, bare
URLs, e-mail addresses, inline HTML, emphasis/strong and strikethrough. Each element is an
:class:`InlineSpan` with the whole element (``start``/``end``) and its translatable inner text
(``inner_start``/``inner_end``: link text, image alt text, emphasis content; empty for code,
URLs, e-mails, autolinks and HTML).

``protected_spans(text)`` gives the parts that must never be translated or linted: code spans,
URLs, e-mail addresses, autolinks, HTML tags, and the markup of links and images (the opening
``[``/``![`` and everything from the closing ``]`` on: ``](target "title")`` or ``][ref]``).

``atomic_spans(text)`` adds whole links and images to that: a sentence splitter must never cut
inside them, or a translated link would lose its markup.

The scanner is a single left-to-right pass (linear in the block length apart from bracket
matching, which is bounded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["InlineSpan", "parse_inline", "protected_spans", "atomic_spans", "find_urls_emails"]


@dataclass(frozen=True, slots=True)
class InlineSpan:
    kind: str  # "code" | "url" | "email" | "link" | "image" | "autolink" | "html" | "emphasis"
    start: int
    end: int
    inner_start: int
    inner_end: int


_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Bare URLs and e-mail addresses (also used by the sentence splitter on plain text).
_URL_RE = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»“”]+", re.IGNORECASE)
_EMAIL_RE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+"
)
_TRAIL_PUNCT = ".,:;!?'\"*_~»”’…"

_AUTOLINK_RE = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)
_HTML_RE = re.compile(
    r"<(?:"
    r"[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|/[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|!--(?:.|\n)*?-->"
    r"|\?(?:.|\n)*?\?>"
    r"|![A-Za-z][^>]*>"
    r"|!\[CDATA\[(?:.|\n)*?\]\]>"
    r")"
)
_LINK_TITLE_RE = re.compile(r"[ \t]*\n?[ \t]*(?:\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|\((?:\\.|[^()\\])*\))")
_REF_RE = re.compile(r"\[((?:\\.|[^\[\]\\]){0,999})\]")

_SPECIAL = re.compile(r"[\\`<\[!*_~]")
_MAX_BRACKET = 2000  # link text longer than this is not a link (keeps the scan linear)


def _word_start_ok(text: str, i: int) -> bool:
    if i == 0:
        return True
    prev = text[i - 1]
    return prev.isspace() or prev in "([{<\"'«“‘*_~¿¡:"


def _trim_url(text: str, start: int, end: int) -> int:
    """GFM-style trimming of trailing punctuation and unbalanced ')' from a bare URL."""
    while end > start:
        ch = text[end - 1]
        if ch in _TRAIL_PUNCT:
            end -= 1
            continue
        if ch == ")":
            seg = text[start:end]
            if seg.count(")") > seg.count("("):
                end -= 1
                continue
        if ch == ";":
            end -= 1
            continue
        break
    return end


def find_urls_emails(text: str) -> list[tuple[str, int, int]]:
    """Bare URLs and e-mail addresses in any text (no Markdown needed): (kind, start, end)."""
    found: list[tuple[str, int, int]] = []
    has_url = "://" in text or "www." in text or "WWW." in text or "Www." in text
    has_at = "@" in text
    if not has_url and not has_at:
        return found
    for m in (_URL_RE.finditer(text) if has_url else ()):
        if not _word_start_ok(text, m.start()):
            continue
        end = _trim_url(text, m.start(), m.end())
        if text[m.start() : end].lower().rstrip("/") in ("http:", "https:", "www", "ftp:"):
            continue
        if end > m.start():
            found.append(("url", m.start(), end))
    for m in (_EMAIL_RE.finditer(text) if has_at else ()):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ".-":
            e -= 1
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/:."):
            continue  # part of a URL (user@host inside http://user@host) or a longer token
        found.append(("email", s, e))
    found.sort(key=lambda t: (t[1], -t[2]))
    out: list[tuple[str, int, int]] = []
    last_end = -1
    for kind, s, e in found:
        if s < last_end:
            continue
        out.append((kind, s, e))
        last_end = e
    return out


def _code_span_end(text: str, i: int, n: int) -> tuple[int, int] | None:
    """At a run of backticks starting at i: return (run length, end of the code span) or None."""
    j = i
    while j < n and text[j] == "`":
        j += 1
    run = j - i
    k = j
    while True:
        k = text.find("`" * run, k)
        if k < 0:
            return None
        m = k
        while m < n and text[m] == "`":
            m += 1
        if m - k == run:
            return run, m
        k = m


def _match_bracket(text: str, i: int, n: int) -> int:
    """text[i] == '[': index of the matching ']' (code spans and escapes skipped), or -1."""
    depth = 0
    j = i
    limit = min(n, i + _MAX_BRACKET)
    while j < limit:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            cs = _code_span_end(text, j, n)
            if cs is not None:
                j = cs[1]
                continue
            while j < n and text[j] == "`":
                j += 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _link_tail(text: str, j: int, n: int) -> int:
    """text[j] follows ']': the end of '(dest "title")' or '[ref]' if there is one there, else -1."""
    if j >= n:
        return -1
    if text[j] == "(":
        k = j + 1
        while k < n and text[k] in " \t\n":
            k += 1
        if k < n and text[k] == "<":
            e = k + 1
            while e < n and text[e] not in "<>\n":
                e += 2 if text[e] == "\\" else 1
            if e >= n or text[e] != ">":
                return -1
            k = e + 1
        else:
            depth = 0
            while k < n:
                ch = text[k]
                if ch == "\\" and k + 1 < n:
                    k += 2
                    continue
                if ch.isspace() or ord(ch) < 32:
                    break
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth == 0:
                        break
                    depth -= 1
                k += 1
                if k - j > 4000:
                    return -1
        m = _LINK_TITLE_RE.match(text, k)
        if m is not None:
            k = m.end()
        while k < n and text[k] in " \t\n":
            k += 1
        if k < n and text[k] == ")":
            return k + 1
        return -1
    if text[j] == "[":
        m = _REF_RE.match(text, j)
        if m is not None:
            return m.end()
    return -1


_FLANK_PUNCT = _ASCII_PUNCT | set("¿¡«»“”‘’—–…·")


def _is_punct(ch: str) -> bool:
    return ch in _FLANK_PUNCT or (not ch.isalnum() and not ch.isspace())


def parse_inline(text: str) -> list[InlineSpan]:
    """All inline elements of a Markdown block text, sorted by start (nested ones included)."""
    spans: list[InlineSpan] = []
    _scan(text, 0, len(text), spans)
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _scan(text: str, lo: int, hi: int, spans: list[InlineSpan]) -> None:
    n = hi
    i = lo
    # delimiter runs for emphasis: [char, start, length, can_open, can_close]
    delims: list[list] = []
    bare_list = find_urls_emails(text[lo:hi])  # bare URL/e-mail matches, offsets relative to lo
    bare_idx = 0
    special = _SPECIAL.search
    while i < n:
        # jump to the next character that can start an element (or a bare URL/e-mail)
        nxt = bare_list[bare_idx][1] + lo if bare_idx < len(bare_list) else n
        if nxt < i:
            nxt = i
        m = special(text, i, n)
        stop = m.start() if m is not None else n
        i = min(stop, nxt)
        if i >= n:
            break
        ch = text[i]
        # bare URLs / e-mails starting here
        while bare_idx < len(bare_list) and bare_list[bare_idx][1] + lo < i:
            bare_idx += 1
        if bare_idx < len(bare_list) and bare_list[bare_idx][1] + lo == i:
            kind, s, e = bare_list[bare_idx]
            s += lo
            e += lo
            spans.append(InlineSpan(kind, s, e, s, s))
            bare_idx += 1
            i = e
            continue
        if ch == "\\":
            i += 2 if (i + 1 < n and text[i + 1] in _ASCII_PUNCT) else 1
            continue
        if ch == "`":
            cs = _code_span_end(text, i, n)
            if cs is not None:
                spans.append(InlineSpan("code", i, cs[1], i, i))
                i = cs[1]
            else:
                while i < n and text[i] == "`":
                    i += 1
            continue
        if ch == "<":
            m = _AUTOLINK_RE.match(text, i, n)
            if m is not None:
                spans.append(InlineSpan("autolink", i, m.end(), i, i))
                i = m.end()
                continue
            m = _HTML_RE.match(text, i, n)
            if m is not None:
                spans.append(InlineSpan("html", i, m.end(), i, i))
                i = m.end()
                continue
            i += 1
            continue
        if ch == "[" or (ch == "!" and i + 1 < n and text[i + 1] == "["):
            b = i + 1 if ch == "!" else i
            close = _match_bracket(text, b, n)
            if close > 0:
                tail = _link_tail(text, close + 1, n)
                if tail > 0:
                    kind = "image" if ch == "!" else "link"
                    spans.append(InlineSpan(kind, i, tail, b + 1, close))
                    _scan(text, b + 1, close, spans)
                    i = tail
                    continue
            i = b + 1
            continue
        if ch in "*_~":
            j = i
            while j < n and text[j] == ch:
                j += 1
            run = j - i
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < len(text) and j < n else " "
            left = not after.isspace() and (not _is_punct(after) or before.isspace() or _is_punct(before))
            right = not before.isspace() and (not _is_punct(before) or after.isspace() or _is_punct(after))
            if ch == "_":
                can_open = left and (not right or _is_punct(before))
                can_close = right and (not left or _is_punct(after))
            elif ch == "~":
                can_open, can_close = (left, right) if run == 2 else (False, False)
            else:
                can_open, can_close = left, right
            if can_open or can_close:
                delims.append([ch, i, run, can_open, can_close])
            i = j
            continue
        i += 1
    _match_emphasis(delims, spans)


def _match_emphasis(delims: list[list], spans: list[InlineSpan]) -> None:
    """A simplified CommonMark delimiter-stack pass: pairs openers and closers of the same character."""
    openers: list[list] = []  # [char, start, remaining_len]
    for ch, start, run, can_open, can_close in delims:
        remaining = run
        cstart = start
        if can_close:
            while remaining > 0:
                k = len(openers) - 1
                while k >= 0 and openers[k][0] != ch:
                    k -= 1
                if k < 0:
                    break
                op = openers[k]
                use = 2 if (op[2] >= 2 and remaining >= 2) else 1
                if ch == "~":
                    if op[2] != remaining:
                        break
                    use = remaining
                o_end = op[1] + op[2]  # end of the opener's remaining delimiters
                o_start = o_end - use
                spans.append(InlineSpan("emphasis", o_start, cstart + use, o_end, cstart))
                op[2] -= use
                remaining -= use
                cstart += use
                del openers[k + 1 :]
                if op[2] == 0:
                    del openers[k]
        if can_open and remaining > 0:
            openers.append([ch, cstart, remaining])


def protected_spans(text: str, spans: list[InlineSpan] | None = None) -> list[tuple[int, int]]:
    """Spans never to translate or lint, sorted and merged (``spans``: a ready ``parse_inline(text)``)."""
    out: list[tuple[int, int]] = []
    for sp in parse_inline(text) if spans is None else spans:
        if sp.kind in ("code", "url", "email", "autolink", "html"):
            out.append((sp.start, sp.end))
        elif sp.kind in ("link", "image"):
            out.append((sp.start, sp.inner_start))
            out.append((sp.inner_end, sp.end))
    return _merge(out)


def atomic_spans(text: str) -> list[tuple[int, int]]:
    """Protected spans plus whole links and images: no sentence boundary may fall inside them."""
    parsed = parse_inline(text)
    out = list(protected_spans(text, parsed))
    for sp in parsed:
        if sp.kind in ("link", "image"):
            out.append((sp.start, sp.end))
    return _merge(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(s for s in spans if s[1] > s[0])
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged
