"""Markdown and plain-text documents as blocks with exact offsets, and rendering them back.

``parse_document`` scans a document line by line (CommonMark block structure, GFM tables and
footnote definitions, link reference definitions over one line or several, front matter) and records, for every block, the exact ``[start, end)`` offsets of each content
line in ``Document.text``. Everything that is not content — list markers, ``>`` markers,
indentation, ``#`` marks, closing ``#``s, table pipes, setext underlines, blank lines, code,
front matter, HTML — is never touched by :meth:`Document.render`, which only swaps content
pieces. Rendering every block with its own text gives the input back byte for byte.

Offsets are string indices into the decoded, newline-normalised text (``\\n``);
``Document.newline`` remembers the original style for writing back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from edtools.errors import UserError

__all__ = [
    "Block",
    "Segment",
    "Document",
    "parse_document",
    "load_document",
    "detect_format",
    "TRANSLATABLE_KINDS",
]

TRANSLATABLE_KINDS = frozenset({"paragraph", "heading", "list_item", "quote", "table_cell"})
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


@dataclass(frozen=True, slots=True)
class Block:
    index: int  # position in Document.blocks (all blocks, translatable or not)
    kind: str  # paragraph | heading | list_item | quote | table_cell | code | front_matter | html | table_rule | rule
    #            | link_def (a link reference definition "[id]: url": not translatable)
    line: int  # 1-based file line where the content starts
    text: str  # the content, prefixes removed; lines joined with "\n"
    pieces: tuple[tuple[int, int], ...]  # [start, end) offsets in Document.text of each content line
    translatable: bool
    level: int = 0  # heading level (1-6) for headings, nesting depth for list items/quotes, else 0
    # start of each piece inside ``text`` (for fast offset mapping); filled by the parser
    text_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def file_offset(self, i: int) -> int:
        """Index into ``text`` -> offset into ``Document.text``.

        ``i == len(text)`` maps to the end of the last piece; an index on a joining ``\\n``
        maps to the end of the piece before it.
        """
        if not self.pieces:
            raise ValueError("block has no content")
        if i < 0 or i > len(self.text):
            raise IndexError(f"offset {i} outside block text of length {len(self.text)}")
        starts = self.text_starts
        if not starts:
            acc = []
            pos = 0
            for s, e in self.pieces:
                acc.append(pos)
                pos += e - s + 1
            starts = tuple(acc)
        k = bisect_right(starts, i) - 1
        s, e = self.pieces[k]
        return min(s + (i - starts[k]), e)


@dataclass(frozen=True, slots=True)
class Segment:
    id: int  # 1-based, document order over translatable blocks
    block: int  # Block.index
    start: int  # [start, end) offsets into block.text
    end: int
    text: str  # raw, inline Markdown included
    line: int  # 1-based file line where the segment starts


class Document:
    """A parsed document. ``blocks`` are in file order; pieces never overlap."""

    __slots__ = ("path", "text", "fmt", "newline", "blocks", "_line_starts", "encoding")

    def __init__(
        self,
        path: str,
        text: str,
        fmt: str,
        newline: str,
        blocks: list[Block],
        encoding: str = "utf-8",
    ) -> None:
        self.path = path
        self.text = text
        self.fmt = fmt
        self.newline = newline
        self.blocks = blocks
        self.encoding = encoding
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._line_starts = starts

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, fmt={self.fmt!r}, blocks={len(self.blocks)})"

    def translatable_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.translatable]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset into ``text``."""
        if offset < 0 or offset > len(self.text):
            raise IndexError(f"offset {offset} outside the document (length {len(self.text)})")
        k = bisect_right(self._line_starts, offset) - 1
        return k + 1, offset - self._line_starts[k] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._line_starts[line - 1]

    def block_at(self, offset: int) -> Block | None:
        """The block whose content pieces contain ``offset`` (ends included), or None."""
        starts = [b.pieces[0][0] for b in self.blocks]
        k = bisect_right(starts, offset) - 1
        for j in (k, k - 1):  # pieces never overlap: only the nearest two blocks can hold it
            if j < 0:
                continue
            b = self.blocks[j]
            for s, e in b.pieces:
                if s <= offset <= e:
                    return b
        return None

    def segments(self, lang: str = "es") -> list[Segment]:
        """Sentence split of every translatable block (no boundary inside code, URLs or links)."""
        from edtools.inline import atomic_spans, find_urls_emails
        from edtools.segment import split_sentences

        out: list[Segment] = []
        hint = _INLINE_HINT.search
        for b in self.blocks:
            if not b.translatable:
                continue
            text = b.text
            if hint(text) is None:
                protected: list[tuple[int, int]] = []  # nothing inline to protect: skip the inline scan
            elif self.fmt == "markdown":
                protected = atomic_spans(text)
            else:
                protected = [(s, e) for _k, s, e in find_urls_emails(text)]
            first_len = b.pieces[0][1] - b.pieces[0][0]
            for s, e in split_sentences(text, lang, protected, detect_urls=False):
                line = b.line if s <= first_len else self.line_col(b.file_offset(s))[0]
                out.append(Segment(id=len(out) + 1, block=b.index, start=s, end=e, text=text[s:e], line=line))
        return out

    def render(self, new_texts: dict[int, str]) -> str:
        """Replace the content of the given blocks; every other byte stays as it was.

        A new text with as many lines as the block has content lines replaces them line by line
        (prefixes kept). Otherwise the new text goes in place of the first content line and the
        later content lines are dropped together with their prefixes; a newline inside such a new
        text is continued with the block's continuation prefix (``> ``, indentation), and becomes a
        space in headings and table cells, which cannot span lines; a ``|`` in a table cell's new
        text is escaped.
        """
        edits: list[tuple[int, int, str]] = []
        text = self.text
        for idx, new in new_texts.items():
            try:
                b = self.blocks[idx]
            except (IndexError, TypeError):
                raise KeyError(f"no block {idx!r} in {self.path}") from None
            if new == b.text or not b.pieces:
                continue
            if b.kind == "table_cell" and "|" in new:
                new = _UNESCAPED_PIPE.sub(r"\\|", new)  # a translated cell must not split the row
            new_lines = new.split("\n")
            if len(new_lines) == len(b.pieces):
                for (s, e), line in zip(b.pieces, new_lines):
                    if line.endswith("  ") and text[e : e + 2] == "  ":
                        line = line.rstrip(" ")  # a hard break whose spaces the file already has
                    if text[s:e] != line:
                        edits.append((s, e, line))
                continue
            if b.kind in ("heading", "table_cell"):
                new = " ".join(part.strip() for part in new_lines)
            elif len(new_lines) > 1:
                new = ("\n" + self._continuation_prefix(b)).join(new_lines)
            s0, e0 = b.pieces[0]
            edits.append((s0, e0, new))
            prev_end = e0
            for s, e in b.pieces[1:]:
                # drop the line break, the line's prefix and its content
                edits.append((prev_end, e, ""))
                prev_end = e
        if not edits:
            return text
        edits.sort(key=lambda t: (t[0], t[1]))
        parts: list[str] = []
        pos = 0
        for s, e, rep in edits:
            if s < pos:  # cannot happen with well-formed blocks; keep output sane regardless
                s = pos
                e = max(e, pos)
            parts.append(text[pos:s])
            parts.append(rep)
            pos = e
        parts.append(text[pos:])
        return "".join(parts)

    def _continuation_prefix(self, b: Block) -> str:
        if len(b.pieces) > 1:
            s = b.pieces[1][0]
            ls = self._line_starts[bisect_right(self._line_starts, s) - 1]
            return self.text[ls:s]
        s = b.pieces[0][0]
        ls = self._line_starts[bisect_right(self._line_starts, s) - 1]
        prefix = self.text[ls:s]
        # keep quote markers, turn list markers and task boxes into spaces
        return "".join(ch if ch in "> \t" else " " for ch in prefix)


# --------------------------------------------------------------------------------------------
# Scanning

_BLANK = re.compile(r"[ \t]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_INLINE_HINT = re.compile(r"[\\`<\[*_~@&]|://|www\.", re.IGNORECASE)
_ATX = re.compile(r"( {0,3})(#{1,6})(?=[ \t]|$)")
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)$")
_HR = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_BULLET = re.compile(r"( {0,3})([-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_QUOTE = re.compile(r" {0,3}>")
_FOOTNOTE_DEF = re.compile(r" {0,3}\[\^[^\]\s]{1,999}\]:[ \t]?")
_TASK = re.compile(r"\[[ xX]\](?=[ \t]|$)[ \t]*")
_TABLE_DELIM = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HTML_1 = re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)", re.IGNORECASE)
_HTML_1_END = re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)
_HTML_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|"
    "link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_HTML_6 = re.compile(r" {0,3}</?(?:" + _HTML_BLOCK_TAGS + r")(?:[ \t]|/?>|$)", re.IGNORECASE)
_HTML_7 = re.compile(
    r" {0,3}(?:<[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>)[ \t]*$"
)

_MAX_DEPTH = 64  # deeper quotes/lists are read as paragraphs
Line = tuple[int, str]  # (offset of the line's first character in Document.text, the line's text)


def _indent_width(s: str) -> int:
    """Columns of leading whitespace (tabs to the next multiple of 4)."""
    col = 0
    for ch in s:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _strip_columns(s: str, width: int) -> int:
    """Number of leading characters of s that make up ``width`` columns of indentation."""
    col = 0
    i = 0
    while i < len(s) and col < width:
        ch = s[i]
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
        i += 1
    return i


def _html_start(s: str, in_paragraph: bool) -> int:
    """Kind of HTML block starting on this line: 0 none, 1..7 as in CommonMark."""
    t = s.lstrip(" ")
    if len(s) - len(t) > 3 or not t.startswith("<"):
        return 0
    if _HTML_1.match(s):
        return 1
    if t.startswith("<!--"):
        return 2
    if t.startswith("<?"):
        return 3
    if t.startswith("<![CDATA["):
        return 5
    if len(t) > 2 and t[1] == "!" and t[2].isalpha():
        return 4
    if _HTML_6.match(s):
        return 6
    if not in_paragraph and _HTML_7.match(s):
        return 7
    return 0


_HTML_END = {2: "-->", 3: "?>", 4: ">", 5: "]]>"}


def _list_marker(s: str) -> tuple[int, int, str] | None:
    """(marker end index, content start index, marker) for a list item line, else None."""
    m = _BULLET.match(s)
    if m is None:
        return None
    mend = m.end()
    rest = s[mend:]
    if not rest.strip():
        return mend, len(s), m.group(2)
    spaces = _indent_width(rest)
    if spaces > 4:  # content is indented code: the item content starts one column after the marker
        return mend, mend + 1, m.group(2)
    return mend, mend + _strip_columns(rest, spaces), m.group(2)


def _table_cells(s: str) -> list[tuple[int, int]]:
    """[start, end) of each cell's content (trimmed) in a table row line (GFM: only ``\\|`` escapes a pipe)."""
    pipes: list[int] = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            pipes.append(i)
        i += 1
    lead = len(s) - len(s.lstrip(" \t"))
    tail = len(s.rstrip(" \t"))
    start, end = lead, tail
    if pipes and pipes[0] == lead:
        start = lead + 1
        pipes = pipes[1:]
    if pipes and pipes[-1] == tail - 1 and tail - 1 >= start:
        end = tail - 1
        pipes = pipes[:-1]
    bounds = [start - 1, *pipes, end]
    cells: list[tuple[int, int]] = []
    for k in range(len(bounds) - 1):
        a, e = bounds[k] + 1, bounds[k + 1]
        while a < e and s[a] in " \t":
            a += 1
        while e > a and s[e - 1] in " \t":
            e -= 1
        cells.append((a, e))
    return cells


def _delim_cells(s: str) -> int:
    return len(_table_cells(s))


def _column_of(s: str, idx: int) -> int:
    """Column (tabs to multiples of 4) of character index idx in line s."""
    col = 0
    for ch in s[:idx]:
        col += 4 - col % 4 if ch == "\t" else 1
    return col


def _is_table_start(lines: Sequence[Line], i: int) -> bool:
    if i + 1 >= len(lines):
        return False
    head = lines[i][1]
    if "|" not in head or _indent_width(head) > 3:
        return False
    delim = lines[i + 1][1]
    if "-" not in delim or not _TABLE_DELIM.match(delim) or _indent_width(delim) > 3:
        return False
    if "|" not in delim and "|" not in head.strip():
        return False
    return _delim_cells(delim) == len(_table_cells(head))


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.raw: list[tuple[str, tuple[tuple[int, int], ...], bool, int]] = []

    def add(self, kind: str, pieces: Iterable[tuple[int, int]], translatable: bool, level: int = 0) -> None:
        pieces = tuple(pieces)
        if not pieces:
            return
        if translatable and all(not self.text[s:e].strip() for s, e in pieces):
            return  # nothing to translate (empty, or only Unicode spaces): not a block
        self.raw.append((kind, pieces, translatable, level))


_LINK_DEF_MAX_LINES = 64  # a definition (label, target, title) spread over more lines is read as a paragraph


def _link_def_lines(lines: Sequence[Line], i: int) -> int:
    """Number of lines taken by the link reference definition starting at line i (0: none)."""
    s = lines[i][1]
    if "]:" not in s and "]" in s:
        return 0
    lead = len(s) - len(s.lstrip(" "))
    if lead > 3 or s[lead : lead + 1] != "[" or s[lead + 1 : lead + 2] == "^":
        return 0
    parts = []
    for _o, t in lines[i : i + _LINK_DEF_MAX_LINES]:
        if _BLANK.match(t):
            break
        parts.append(t)
    text = "\n".join(parts)
    end = _link_def_end(text, lead)
    return text.count("\n", 0, end) + 1 if end else 0


def _skip_space(text: str, i: int, newline: bool = True) -> tuple[int, bool]:
    """Skip spaces and tabs and at most one line break; (new index, crossed a line break)."""
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    crossed = False
    if newline and i < n and text[i] == "\n":
        crossed = True
        i += 1
        while i < n and text[i] in " \t":
            i += 1
    return i, crossed


def _line_rest_blank(text: str, i: int) -> int:
    """End of the line at i if only spaces/tabs remain on it, else -1."""
    nl = text.find("\n", i)
    e = len(text) if nl < 0 else nl
    return e if not text[i:e].strip(" \t") else -1


def _link_def_end(text: str, i: int) -> int:
    """``text[i]`` is ``[``: the end of a link reference definition there (0: none). Linear scan."""
    n = len(text)
    j = i + 1
    while j < n and text[j] != "]":  # the label: no unescaped brackets, at most 999 characters
        if text[j] == "\\":
            j += 1
        elif text[j] == "[":
            return 0
        j += 1
    if j >= n or j - i - 1 > 999 or not text[i + 1 : j].strip() or text[j + 1 : j + 2] != ":":
        return 0
    j, _ = _skip_space(text, j + 2)
    if j < n and text[j] == "<":
        k = j + 1
        while k < n and text[k] not in "<>\n":
            k += 2 if text[k] == "\\" else 1
        if k >= n or text[k] != ">":
            return 0
        j = k + 1
    else:
        k, depth = j, 0
        while k < n and not text[k].isspace() and ord(text[k]) > 0x1F:
            ch = text[k]
            if ch == "\\":
                k += 1
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth < 0:
                    break
            k += 1
        if k == j or depth != 0:
            return 0
        j = k
    dest_end = _line_rest_blank(text, j)
    t, crossed = _skip_space(text, j)
    if t == j and dest_end < 0:
        return 0  # something glued to the destination
    title_end = _title_end(text, t) if t < n else -1
    if title_end > 0:
        line_end = _line_rest_blank(text, title_end)
        if line_end >= 0:
            return line_end
    return dest_end if dest_end >= 0 else 0  # a title that is not one: the definition ends with its line


def _title_end(text: str, i: int) -> int:
    """End of a link title ("…", '…' or (…), escapes allowed, no blank line) starting at i, or -1."""
    closer = {'"': '"', "'": "'", "(": ")"}.get(text[i])
    if closer is None:
        return -1
    k = i + 1
    n = len(text)
    while k < n and text[k] != closer:
        if text[k] == "\\":
            k += 1
        elif closer == ")" and text[k] == "(":
            return -1
        k += 1
    return k + 1 if k < n else -1


def _starts_block(s: str, in_paragraph: bool) -> bool:
    """Does this line interrupt a paragraph (so it cannot be a lazy continuation line)?"""
    if _BLANK.match(s):
        return True
    if _indent_width(s) >= 4:
        return False
    if _ATX.match(s) or _fence_info(s) is not None or _HR.match(s) or _QUOTE.match(s):
        return True
    lm = _list_marker(s)
    if lm is not None:
        mend, cstart, marker = lm
        if cstart >= len(s):
            return False  # an empty item cannot interrupt a paragraph
        if marker[0].isdigit() and marker[:-1].lstrip("0") not in ("1",) and marker[:-1] != "1":
            return False  # an ordered list must start at 1 to interrupt a paragraph
        return True
    return _html_start(s, in_paragraph) in (1, 2, 3, 4, 5, 6)


def _ends_lazy(lines: Sequence[Line], j: int) -> bool:
    """Inside a quote or list item: can line j NOT be a lazy continuation line?"""
    t = lines[j][1]
    if _starts_block(t, True) or _SETEXT.match(t) or _is_table_start(lines, j):
        return True
    return _list_marker(t) is not None  # even an empty item: outside a paragraph, a list item starts


def _fence_info(s: str) -> tuple[int, str] | None:
    """(indent, fence string) if the line opens a fenced code block."""
    m = _FENCE.match(s)
    if m is None:
        return None
    fence = m.group(2)
    if fence[0] == "`" and "`" in m.group(3):
        return None
    return len(m.group(1)), fence


def _parse_lines(lines: list[Line], container: str, depth: int, b: _Builder) -> None:
    """Parse the lines of one container (document, quote, list item, footnote) into blocks."""
    n = len(lines)
    i = 0
    while i < n:
        s = lines[i][1]
        if _BLANK.match(s):
            i += 1
            continue
        if s[0].isalpha() and "|" not in s and (i + 1 >= n or "|" not in lines[i + 1][1]):
            # fast path: a line starting with a letter can only start a paragraph (no table here)
            i = _paragraph(lines, i, container, depth, b)
            continue
        for handler in _BLOCK_STARTS:
            j = handler(lines, i, depth, b)
            if j > i:
                i = j
                break
        else:
            i = _paragraph(lines, i, container, depth, b)


def _indented_code(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    if _indent_width(lines[i][1]) < 4:
        return i
    n = len(lines)
    j = last = i
    while j < n and (_BLANK.match(lines[j][1]) or _indent_width(lines[j][1]) >= 4):
        if not _BLANK.match(lines[j][1]):
            last = j
        j += 1
    b.add("code", [(o, o + len(t)) for o, t in lines[i : last + 1]], False)
    return last + 1


def _fenced_code(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    fi = _fence_info(lines[i][1])
    if fi is None:
        return i
    fence = fi[1]
    n = len(lines)
    j = i + 1
    close_re = re.compile(r" {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
    while j < n and not close_re.match(lines[j][1]):
        j += 1
    end = min(j, n - 1)
    b.add("code", [(o, o + len(t)) for o, t in lines[i : end + 1]], False)
    return end + 1


def _atx_heading(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    off, s = lines[i]
    m = _ATX.match(s)
    if m is None:
        return i
    a = m.end()
    while a < len(s) and s[a] in " \t":
        a += 1
    e = len(s)
    while e > a and s[e - 1] in " \t":
        e -= 1
    # optional closing sequence: spaces then #s (a lone run of #s also counts)
    k = e
    while k > a and s[k - 1] == "#":
        k -= 1
    if k < e and (k == a or s[k - 1] in " \t"):
        e = k
        while e > a and s[e - 1] in " \t":
            e -= 1
    b.add("heading", [(off + a, off + e)], True, len(m.group(2)))
    return i + 1


def _thematic_break(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    off, s = lines[i]
    if not _HR.match(s):
        return i
    b.add("rule", [(off, off + len(s))], False)
    return i + 1


def _quote_laziness(content: str, in_fence: bool, was_para: bool) -> bool:
    """After this quote line, may the next unmarked line be a lazy paragraph continuation?"""
    stripped = content
    while True:  # nested quote markers: judge laziness on the innermost content
        qm = _QUOTE.match(stripped)
        if qm is None:
            break
        stripped = stripped[qm.end() :].lstrip(" ")
    return (
        not in_fence
        and not _BLANK.match(stripped)
        and (_indent_width(stripped) < 4 or was_para)
        and not _ATX.match(stripped)
        and not _HR.match(stripped)
        and _fence_info(stripped) is None
        and _html_start(stripped, True) == 0
    )


def _block_quote(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    # nesting is capped: a hostile file cannot exhaust the stack
    if depth >= _MAX_DEPTH or not _QUOTE.match(lines[i][1]):
        return i
    n = len(lines)
    j = i
    inner: list[Line] = []
    in_fence = False
    lazy_ok = False
    while j < n:
        o, t = lines[j]
        qm = _QUOTE.match(t)
        if qm is not None:
            k = qm.end()
            if k < len(t) and t[k] in " \t":
                k += 1
            content = t[k:]
            inner.append((o + k, content))
            if _fence_info(content.lstrip(" >")) is not None:
                in_fence = not in_fence
            lazy_ok = _quote_laziness(content, in_fence, lazy_ok)
        elif lazy_ok and not _ends_lazy(lines, j):
            inner.append((o, t))
        else:
            break
        j += 1
    _parse_lines(inner, "quote", depth + 1, b)
    return j


def _list_item(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    off, s = lines[i]
    lm = _list_marker(s) if depth < _MAX_DEPTH else None
    if lm is None:
        return i
    mend, cstart, _marker = lm
    first = s[cstart:]
    blank_first = _BLANK.match(first) is not None
    width = _column_of(s, mend) + 1 if blank_first else _column_of(s, cstart)
    lazy_ok = not blank_first and _indent_width(first) < 4 and (
        not _starts_block(first, True) or _list_marker(first) is not None or _QUOTE.match(first) is not None
    )
    return _item_body(lines, i, (off + cstart, first), width, lazy_ok, blank_first, "list_item", depth, b)


def _item_body(lines: list[Line], i: int, first: Line, width: int, lazy_ok: bool, blank_first: bool,
               container: str, depth: int, b: _Builder) -> int:
    """The lines of a list item or footnote definition whose first content is ``first``: those indented
    by ``width`` columns or more, and lazy continuation lines; parsed as one container."""
    n = len(lines)
    inner = [first]
    j = i + 1
    in_fence = _fence_info(first[1]) is not None
    pending_blank: list[Line] = []
    while j < n:
        o, t = lines[j]
        if _BLANK.match(t):
            if blank_first and j == i + 1:
                break  # an item can begin with at most one blank line
            k = _strip_columns(t, width)
            pending_blank.append((o + k, t[k:]))
            j += 1
            lazy_ok = False
            continue
        if _indent_width(t) >= width:
            k = _strip_columns(t, width)
            inner.extend(pending_blank)
            pending_blank = []
            content = t[k:]
            inner.append((o + k, content))
            if _fence_info(content) is not None:
                in_fence = not in_fence
            lazy_ok = not in_fence and (
                (_indent_width(content) < 4 and not _starts_block(content, True))
                or (_list_marker(content) is not None and not _BLANK.match(content))
                or (lazy_ok and _indent_width(content) >= 4)  # an indented line continues a paragraph
            )
            j += 1
            continue
        if not pending_blank and lazy_ok and not _ends_lazy(lines, j):
            inner.append((o, t))
            j += 1
            continue
        break
    _parse_lines(inner, container, depth + 1, b)
    return j  # trailing blank lines (pending) belong to no block


def _footnote_def(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    """A GFM footnote definition ``[^label]: text``: the label stays out of the content, which is
    parsed as a container (continuation lines indented by four columns)."""
    off, s = lines[i]
    m = _FOOTNOTE_DEF.match(s) if depth < _MAX_DEPTH else None
    if m is None:
        return i
    first = s[m.end() :]
    blank_first = _BLANK.match(first) is not None
    lazy_ok = not blank_first and not _starts_block(first, True)
    return _item_body(lines, i, (off + m.end(), first), 4, lazy_ok, blank_first, "footnote", depth, b)


def _link_definitions(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    """Link reference definitions ``[id]: target "title"``, each on one line or several (not translatable)."""
    j = i
    while j < len(lines):
        k = _link_def_lines(lines, j)
        if not k:
            break
        b.add("link_def", [(o, o + len(t)) for o, t in lines[j : j + k]], False)
        j += k
    return j


def _html_block(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    hk = _html_start(lines[i][1], False)
    if not hk:
        return i
    n = len(lines)
    if hk in (6, 7):
        j = i
        while j < n and not _BLANK.match(lines[j][1]):
            j += 1
        end = j - 1
    else:
        endpat = _HTML_END.get(hk)
        k = i
        while k < n:
            t = lines[k][1]
            if (hk == 1 and _HTML_1_END.search(t)) or (
                endpat is not None and endpat in (t if k > i else t[t.find("<") + 2 :])
            ):
                break
            k += 1
        end = min(k, n - 1)
    b.add("html", [(o, o + len(t)) for o, t in lines[i : end + 1]], False)
    return end + 1


def _table(lines: list[Line], i: int, depth: int, b: _Builder) -> int:
    if not _is_table_start(lines, i):
        return i
    _add_table_row(lines[i], b)
    o, t = lines[i + 1]
    b.add("table_rule", [(o, o + len(t))], False)
    n = len(lines)
    j = i + 2
    while j < n:
        o, t = lines[j]
        if _BLANK.match(t) or (_starts_block(t, True) and not t.lstrip().startswith("|")):
            break
        _add_table_row(lines[j], b)
        j += 1
    return j


# tried in this order on a line that is not blank; the first that consumes lines wins
_BLOCK_STARTS = (
    _indented_code, _fenced_code, _atx_heading, _thematic_break, _block_quote, _list_item,
    _footnote_def, _link_definitions, _html_block, _table,
)


def _paragraph(lines: list[Line], i: int, container: str, depth: int, b: _Builder) -> int:
    """A paragraph (or setext heading) starting at line i; return the next line to parse."""
    n = len(lines)
    j = i + 1
    kind = {"document": "paragraph"}.get(container, container)
    level = depth
    setext = 0
    while j < n:
        t = lines[j][1]
        if t and t[0].isalpha() and "|" not in t:
            j += 1  # fast path: a line starting with a letter can only continue the paragraph
            continue
        sm = _SETEXT.match(t)
        if sm is not None and _indent_width(t) < 4:
            setext = 1 if sm.group(1)[0] == "=" else 2
            break
        if _starts_block(t, True) or _is_table_start(lines, j):
            break
        j += 1
    pieces = []
    for idx in range(i, j):
        o, t = lines[idx]
        a = len(t) - len(t.lstrip(" \t"))
        e = len(t.rstrip(" \t"))
        pieces.append((o + a, o + e))
    if container == "list_item" and i == 0:
        # a task-list box stays outside the content
        o, t = lines[i]
        tm = _TASK.match(t, pieces[0][0] - o)
        if tm is not None:
            pieces[0] = (o + tm.end(), max(o + tm.end(), pieces[0][1]))
    if setext:
        b.add("heading", pieces, True, setext)
        return j + 1
    b.add(kind, pieces, True, level if kind != "paragraph" else 0)
    return j


def _add_table_row(line: Line, b: _Builder) -> None:
    o, t = line
    for a, e in _table_cells(t):
        if a < e:
            b.add("table_cell", [(o + a, o + e)], True)


_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}


def _front_matter_end(text: str) -> int:
    """Length of the front matter at the top of text (0 if none): up to and excluding the newline after the closer."""
    first_nl = text.find("\n")
    if first_nl < 0:
        return 0
    opener = text[:first_nl].rstrip(" \t")
    closers = _FRONT_MATTER.get(opener)
    if closers is None:
        return 0
    pos = first_nl + 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        if text[pos:line_end].rstrip(" \t") in closers:
            return line_end
        if nl < 0:
            return 0
        pos = nl + 1
    return 0


def _split_lines(text: str, start: int = 0) -> list[Line]:
    lines: list[Line] = []
    pos = start
    n = len(text)
    find = text.find
    while pos <= n:
        nl = find("\n", pos)
        if nl < 0:
            if pos < n:
                lines.append((pos, text[pos:]))
            break
        lines.append((pos, text[pos:nl]))
        pos = nl + 1
    return lines


def detect_format(path: str | None) -> str:
    if path and str(path).lower().endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    return "text"


def _finish(raw: list, text: str) -> list[Block]:
    # line numbers by one forward walk over the (ordered) block starts
    starts = sorted(set(p[1][0][0] for p in raw))
    line_of: dict[int, int] = {}
    line = 1
    pos = 0
    for s in starts:
        line += text.count("\n", pos, s)
        pos = s
        line_of[s] = line
    blocks: list[Block] = []
    for kind, pieces, translatable, level in raw:
        tstarts = []
        acc = 0
        parts = []
        for s, e in pieces:
            tstarts.append(acc)
            acc += e - s + 1
            parts.append(text[s:e])
        blocks.append(
            Block(
                index=len(blocks),
                kind=kind,
                line=line_of[pieces[0][0]],
                text="\n".join(parts),
                pieces=pieces,
                translatable=translatable,
                level=level,
                text_starts=tuple(tstarts),
            )
        )
    return blocks


def parse_document(
    text: str,
    *,
    fmt: str | None = None,
    path: str | None = None,
    newline: str = "\n",
    encoding: str = "utf-8",
) -> Document:
    """Split a document into blocks. ``fmt`` None: by suffix (.md/.markdown -> markdown, else text)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt is None:
        fmt = detect_format(path)
    if fmt not in ("markdown", "text"):
        raise UserError(f"unknown document format {fmt!r} (expected markdown or text)")
    b = _Builder(text)
    if fmt == "markdown":
        fm_end = _front_matter_end(text)
        start = 0
        if fm_end:
            b.add("front_matter", [(0, fm_end)], False)
            start = fm_end + 1 if fm_end < len(text) else fm_end
        _parse_lines(_split_lines(text, start) if start <= len(text) else [], "document", 0, b)
        raw = b.raw
        raw.sort(key=lambda r: r[1][0][0])
    else:
        raw = []
        block: list[tuple[int, int]] = []
        for o, t in _split_lines(text):
            stripped = t.strip()
            if not stripped:
                if block:
                    raw.append(("paragraph", tuple(block), True, 0))
                    block = []
                continue
            a = len(t) - len(t.lstrip())
            e = len(t.rstrip())
            block.append((o + a, o + e))
        if block:
            raw.append(("paragraph", tuple(block), True, 0))
    return Document(path or "<text>", text, fmt, newline, _finish(raw, text), encoding)


def load_document(path: str, *, fmt: str | None = None) -> Document:
    """Read a file with ``textio.read_text_file`` ("-" = stdin) and parse it."""
    from edtools.textio import read_text_file

    tf = read_text_file(path)
    return parse_document(tf.text, fmt=fmt, path=tf.path, newline=tf.newline, encoding=tf.encoding)
