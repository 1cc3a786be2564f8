"""A progress bar on stderr (rich), shown only when it helps: a TTY, not -q, a long input."""

from __future__ import annotations

import sys
from typing import Any

from edtools.console import is_quiet

MIN_SEGMENTS = 20


def wants_progress(total: int, *, requested: bool = True) -> bool:
    if not requested or is_quiet() or total <= MIN_SEGMENTS:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """``with Progress(total, enabled) as p: p.advance(n)`` — a no-op when disabled."""

    def __init__(self, total: int, enabled: bool, description: str = "translating", documents: int = 1) -> None:
        self.total = total
        #: documents in the run; above one the bar also counts the documents written
        self.documents = documents
        self._docs_done = 0
        self.enabled = enabled
        self.description = description
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._progress = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("segments"),
                *([TextColumn("{task.fields[docs]} documents")] if self.documents > 1 else []),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self.description, total=self.total,
                                                 docs=f"0/{self.documents}")
        return self

    def advance(self, n: int) -> None:
        if self._progress is not None and n:
            self._progress.advance(self._task, n)

    def documents_done(self, n: int) -> None:
        self._docs_done += n
        if self._progress is not None and n:
            self._progress.update(self._task, docs=f"{self._docs_done}/{self.documents}")

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
            self._progress = None
