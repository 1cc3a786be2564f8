"""Messages to the user on stderr: warnings and notes, one line each."""

from __future__ import annotations

import sys

_quiet = False


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def is_quiet() -> bool:
    return _quiet


def warn(message: str) -> None:
    """Print ``edtools: warning: message`` on stderr (always shown, even with -q)."""
    print(f"edtools: warning: {message}", file=sys.stderr, flush=True)


def note(message: str) -> None:
    """Print an informational line on stderr, hidden by -q."""
    if not _quiet:
        print(f"edtools: {message}", file=sys.stderr, flush=True)
