"""Lint output writers, one module per format: text, json, github, sarif.

    render(findings, fmt, *, files=None) -> str
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from edtools.errors import UserError

if TYPE_CHECKING:  # pragma: no cover
    from edtools.lint.finding import Finding

FORMATS = ("text", "json", "github", "sarif")


def render(findings: Sequence[Finding], fmt: str = "text", *, files: int | None = None, fixed: int = 0) -> str:
    """The findings in one output format (a complete document, ending with a newline when not empty).

    ``files`` is the number of files checked (for the text summary); ``fixed`` the
    number of fixes ``--fix`` applied.
    """
    findings = sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))
    if fmt == "text":
        from edtools.report.text import render_text

        return render_text(findings, files=files, fixed=fixed)
    if fmt == "json":
        from edtools.report.json import render_json

        return render_json(findings)
    if fmt == "github":
        from edtools.report.github import render_github

        return render_github(findings)
    if fmt == "sarif":
        from edtools.report.sarif import render_sarif

        return render_sarif(findings)
    raise UserError(f"unknown output format {fmt!r} (use one of: {', '.join(FORMATS)})")
