"""Errors that reach the user as one clear line and a non-zero exit.

Raise :class:`UserError` (or a subclass) anywhere for a problem the user can fix:
bad input, a missing file, a broken glossary. ``edtools.cli.main`` prints it as
``edtools: error: <message>`` and exits with ``exit_code`` (2 by default), never
with a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input, files or options (exit 2)."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InputError(UserError):
    """An input file that cannot be read or decoded."""


class ConfigError(UserError):
    """A configuration file or option that is invalid."""


class ModelError(UserError):
    """A translation model that is missing, incomplete or refused."""
