"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding."""

from __future__ import annotations

from collections.abc import Sequence

from edtools.lint.finding import Finding
from edtools.report.text import describe_suggestion

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        props = (
            f"file={escape_property(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={escape_property(f'{f.code} {f.name}')}"
        )
        message = f.message
        if f.suggestion is not None and f.suggestion != f.text:
            message += f" (suggestion: {describe_suggestion(f.suggestion)})"
        lines.append(f"::{LEVELS[f.severity]} {props}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
