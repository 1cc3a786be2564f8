"""The record every lint rule produces: one immutable finding with its place in the file."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file.

    Lines and columns are 1-based and count characters; ``end_line``/``end_column``
    are exclusive. ``text`` is the offending span as it appears in the file.
    ``suggestion`` is what the editor might write instead (None when there is no
    single answer). ``fix`` is set only for *safe* fixes that ``--fix`` applies
    by itself: the replacement for the span ``[offset, end_offset)`` of the file.
    ``source`` is the source sentence the finding was compared with (bilingual rules).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: str
    message: str
    text: str
    suggestion: str | None = None
    fix: str | None = None
    offset: int = 0
    end_offset: int = 0
    source: str | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: a span of the text it was given, and a message.

    ``start``/``end`` index the text the rule was called with (a block's text, or
    the target of an aligned pair); ``block`` is set by document-level rules that
    see several blocks at once.
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None
    fix: str | None = None
    block: int | None = None
    source: str | None = None
