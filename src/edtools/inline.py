"""Markdown inline elements inside one block's text.

``parse_inline(text)`` finds code spans, links, images, reference links, autolinks, bare
URLs, e-mail addresses, inline HTML, character and numeric entities (``&nbsp;``, ``&#42;``),
GFM footnote references (``[^1]``), emphasis/strong and strikethrough (``~~``). Each element is an
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
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["InlineSpan", "parse_inline", "protected_spans", "atomic_spans", "find_urls_emails"]


@dataclass(frozen=True, slots=True)
class InlineSpan:
    kind: str  # "code" | "url" | "email" | "link" | "image" | "autolink" | "html" | "entity" | "footnote"
    #          | "emphasis"
    start: int
    end: int
    inner_start: int
    inner_end: int


_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Bare URLs and e-mail addresses (also used by the sentence splitter on plain text).
_URL_RE = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»“”]+", re.IGNORECASE)
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
_REF_RE = re.compile(r"\[((?:\\.|[^\[\]\\]){0,999})\]")

_SPECIAL = re.compile(r"[\\`<\[!*_~&]")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def entity_text(entity: str) -> str | None:
    """The character(s) a CommonMark entity or numeric reference stands for (None: not one)."""
    import html
    from html.entities import html5

    if entity[1] == "#":
        try:
            code = int(entity[3:-1], 16) if entity[2] in "xX" else int(entity[2:-1])
        except ValueError:
            return None
        return "\ufffd" if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)
    name = entity[1:]
    return html.unescape(entity) if name in html5 else None


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
    if has_at:
        _find_emails(text, found)
    found.sort(key=lambda t: (t[1], -t[2]))
    out: list[tuple[str, int, int]] = []
    last_end = -1
    for kind, s, e in found:
        if s < last_end:
            continue
        out.append((kind, s, e))
        last_end = e
    return out


_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)+")


def _find_emails(text: str, found: list[tuple[str, int, int]]) -> None:
    """E-mail addresses around each '@' (bounded look-around: linear on any input)."""
    n = len(text)
    at = text.find("@")
    while at >= 0:
        s = at
        lo = max(0, at - 64)
        while s > lo and text[s - 1] in _LOCAL_CHARS:
            s -= 1
        while s < at and not text[s].isalnum():
            s += 1  # the local part starts with a letter or digit
        if s < at and (s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "/:.")):
            m = _DOMAIN_RE.match(text, at + 1, min(n, at + 256))
            if m is not None:
                e = m.end()
                while e > at + 1 and text[e - 1] in ".-":
                    e -= 1
                if "." in text[at + 1 : e]:
                    found.append(("email", s, e))
        at = text.find("@", at + 1)


class _Ctx:
    """Per-text indexes that keep the scan linear: backtick runs, bracket pairs, closing markers."""

    __slots__ = ("text", "runs", "pairs", "memo")

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs: dict[int, list[int]] = {}
        for m in _BACKTICKS.finditer(text):
            self.runs.setdefault(m.end() - m.start(), []).append(m.start())
        self.pairs: dict[int, int] | None = None
        self.memo: dict[str, tuple[int, int]] = {}

    def code_span_end(self, i: int) -> int:
        """At the start of a backtick run: the end of the code span it opens, or -1."""
        text = self.text
        j = i
        n = len(text)
        while j < n and text[j] == "`":
            j += 1
        starts = self.runs.get(j - i, ())
        k = bisect_right(starts, i)
        return starts[k] + (j - i) if k < len(starts) else -1

    def bracket_pairs(self) -> dict[int, int]:
        if self.pairs is None:
            pairs: dict[int, int] = {}
            stack: list[int] = []
            text = self.text
            n = len(text)
            i = 0
            while i < n:
                m = _BRACKETISH.search(text, i)
                if m is None:
                    break
                i = m.start()
                ch = text[i]
                if ch == "\\":
                    i += 2
                    continue
                if ch == "`":
                    e = self.code_span_end(i)
                    if e > 0:
                        i = e
                        continue
                    while i < n and text[i] == "`":
                        i += 1
                    continue
                if ch == "[":
                    stack.append(i)
                elif stack:
                    pairs[stack.pop()] = i
                i += 1
            self.pairs = pairs
        return self.pairs

    def find(self, needle: str, start: int) -> int:
        """text.find(needle, start), remembering the last answer (the scan only moves forward)."""
        got = self.memo.get(needle)
        if got is not None:
            searched_from, result = got
            if searched_from <= start and (result == -1 or result >= start):
                return result
        result = self.text.find(needle, start)
        self.memo[needle] = (start, result)
        return result


_BACKTICKS = re.compile(r"`+")
_BRACKETISH = re.compile(r"[\\`\[\]]")
_HTML_CLOSERS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"))
_WINDOW = 2000  # the longest HTML tag or reference label looked for (link targets and autolinks: any length)


_C = r"(?:[^\x00-\x20()\\]|\\.)"  # a destination character (no space or control character) or an escape
_P2 = r"\((?:" + _C + r"|\(" + _C + r"*\))*\)"  # parentheses, nested two deep (disjoint: linear)
_DEST_RE = re.compile(
    r"\([ \t]*\n?[ \t]*"
    r"(?:<[^<>\n]*>|(?!<)" + _C + r"*(?:" + _P2 + _C + r"*)*)"
    r"(?:[ \t]*\n?[ \t]*(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"
    r"[ \t]*\n?[ \t]*\)"
)


def _link_tail(text: str, j: int, n: int) -> int:
    """text[j] follows ']': the end of '(dest "title")' or '[ref]' if there is one there, else -1.

    Regular expressions with disjoint alternatives and a bounded window: linear on any input.
    Destinations may hold one level of balanced parentheses (Wikipedia-style URLs).
    """
    if j >= n:
        return -1
    if text[j] == "(":
        m = _DEST_RE.match(text, j, n)  # any length: a data: URI image can be megabytes
        return m.end() if m is not None else -1
    if text[j] == "[":
        m = _REF_RE.match(text, j, min(n, j + _WINDOW))
        if m is not None:
            return m.end()
    return -1


_FLANK_PUNCT = _ASCII_PUNCT | set("¿¡«»“”‘’—–…·")


def _is_punct(ch: str) -> bool:
    return ch in _FLANK_PUNCT or (not ch.isalnum() and not ch.isspace())


def _has_space(text: str, a: int, b: int) -> bool:
    return any(ch.isspace() for ch in text[a:b])


def parse_inline(text: str) -> list[InlineSpan]:
    """All inline elements of a Markdown block text, sorted by start (nested ones included)."""
    spans: list[InlineSpan] = []
    _scan(_Ctx(text), 0, len(text), spans, 0)
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _scan_angle(ctx: _Ctx, i: int, n: int, spans: list[InlineSpan]) -> int:
    """At a "<": an autolink or inline HTML (added to spans); return where the scan goes on."""
    text = ctx.text
    m = _AUTOLINK_RE.match(text, i, n)  # linear: stops at the first space, < or >
    if m is not None:
        spans.append(InlineSpan("autolink", i, m.end(), i, i))
        return m.end()
    if text.startswith(("<!-->", "<!--->"), i):  # the shortest comments (CommonMark 0.31)
        e = i + (5 if text.startswith("<!-->", i) else 6)
        spans.append(InlineSpan("html", i, e, i, i))
        return e
    for opener, closer in _HTML_CLOSERS:
        if text.startswith(opener, i):
            e = ctx.find(closer, i + len(opener))
            if 0 <= e and e + len(closer) <= n:
                spans.append(InlineSpan("html", i, e + len(closer), i, i))
                return e + len(closer)
            return i + 1
    m = _HTML_RE.match(text, i, min(n, i + _WINDOW))
    if m is not None:
        spans.append(InlineSpan("html", i, m.end(), i, i))
        return m.end()
    return i + 1


def _scan(ctx: _Ctx, lo: int, hi: int, spans: list[InlineSpan], depth: int) -> None:
    text = ctx.text
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
            e = ctx.code_span_end(i)
            if 0 < e <= n:
                spans.append(InlineSpan("code", i, e, i, i))
                i = e
            else:
                while i < n and text[i] == "`":
                    i += 1
            continue
        if ch == "<":
            i = _scan_angle(ctx, i, n, spans)
            continue
        if ch == "&":
            m = _ENTITY_RE.match(text, i, n)
            if m is not None and entity_text(m.group()) is not None:
                spans.append(InlineSpan("entity", i, m.end(), i, i))
                i = m.end()
            else:
                i += 1
            continue
        if ch == "[" and i + 1 < n and text[i + 1] == "^":
            close = ctx.bracket_pairs().get(i, -1)
            if i + 2 < close < n and _link_tail(text, close + 1, n) < 0 and not _has_space(text, i + 2, close):
                spans.append(InlineSpan("footnote", i, close + 1, i, i))  # a GFM footnote reference
                i = close + 1
                continue
        if ch == "[" or (ch == "!" and i + 1 < n and text[i + 1] == "["):
            b = i + 1 if ch == "!" else i
            close = ctx.bracket_pairs().get(b, -1)
            if b < close < n:
                tail = _link_tail(text, close + 1, n)
                if tail > 0:
                    kind = "image" if ch == "!" else "link"
                    spans.append(InlineSpan(kind, i, tail, b + 1, close))
                    if depth < 16:
                        _scan(ctx, b + 1, close, spans, depth + 1)
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
                floor = max(-1, k - 100)  # bounded look-back keeps hostile input linear
                while k > floor and openers[k][0] != ch:
                    k -= 1
                if k == floor:
                    k = -1
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
        if sp.kind in ("code", "url", "email", "autolink", "html", "entity", "footnote"):
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
