"""What a lint run checks and how loudly: LintSettings, built from CLI options and the config's [lint] table.

Kept apart from the engine so that the engine, the suppression comments and the config
validation can all import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from edtools.lint.finding import SEVERITY_RANK, Finding
from edtools.lint.registry import Rule, is_enabled


@dataclass(frozen=True)
class LintSettings:
    """What to check and how loudly (built from CLI options and the config's [lint] table)."""

    select: tuple[str, ...] = ("ED",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # code or prefix -> level
    fail_level: str = "warning"
    allowed_repeats: tuple[str, ...] = ()
    allowed_words: tuple[str, ...] = ()  # words and phrases ED202 accepts (config lint.allowed-words)
    near_duplicate_threshold: float = 90.0
    language_detector: str = "lingua"

    def enabled(self, code: str) -> bool:
        return is_enabled(code, self.select, self.ignore)

    def severity_for(self, rule: Rule) -> str:
        best, level = -1, rule.severity
        for key, value in self.severity.items():
            k = key.upper()
            if rule.code.startswith(k) and len(k) > best:
                best, level = len(k), value
        return level

    def fails(self, finding: Finding) -> bool:
        return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[self.fail_level]
