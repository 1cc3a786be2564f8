"""The editorial lint: rules for the mistakes machine translation makes.

Public API (docs/architecture.md, "Contracts"):

    lint_document(doc, *, settings=None, glossary=None, alignment=None) -> list[Finding]
    lint_text(text, *, fmt="markdown", path="<text>", settings=None, glossary=None, source=None)
    LintSettings(select=("ED",), ignore=(), severity={}, fail_level="warning", ...)
    build_settings(config, *, select=(), ignore=(), fail_level=None) -> LintSettings   # config's [lint] + options
    all_rules() -> list[Rule]

Output formats live in :mod:`edtools.report` (``render(findings, fmt)``).
Nothing heavy is imported here: lingua and rapidfuzz load only when a rule needs them.
"""

from edtools.lint.engine import LintSettings, lint_document, lint_text
from edtools.lint.finding import SEVERITIES, Finding
from edtools.lint.registry import Rule, all_rules, find_rule
from edtools.lint.run import LintResult, build_settings, lint_paths

__all__ = [
    "SEVERITIES",
    "Finding",
    "LintResult",
    "LintSettings",
    "Rule",
    "all_rules",
    "build_settings",
    "find_rule",
    "lint_document",
    "lint_paths",
    "lint_text",
]
