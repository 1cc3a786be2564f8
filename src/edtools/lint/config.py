"""Validate the ``[lint]`` table of ``edtools.toml`` (or ``[tool.edtools.lint]``) into LintSettings.

    [lint]
    select = ["ED"]                    # codes or prefixes; the longest matching prefix wins
    ignore = ["ED103"]
    fail-level = "warning"             # info | warning | error
    allowed-repeats = ["Pago Pago"]    # extra repeats that ED101/ED102 accept
    allowed-words = ["correísmo"]      # Spanish words and phrases that ED202/ED203 accept in English
    near-duplicate-threshold = 90      # ED103, 50–100
    [lint.severity]
    ED201 = "info"                     # code or prefix -> info | warning | error

Unknown keys, unknown codes and wrong types are a ConfigError naming the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from edtools.errors import ConfigError, UserError
from edtools.lint.settings import LintSettings
from edtools.lint.finding import SEVERITIES
from edtools.lint.registry import is_known_selector

KEYS = ("select", "ignore", "fail-level", "allowed-repeats", "allowed-words", "severity", "near-duplicate-threshold")


def parse_selectors(values: Iterable[str], where: str, what: str, error: type[UserError] = ConfigError) -> tuple[str, ...]:
    out = []
    for v in values:
        for part in str(v).replace(",", " ").split():
            if not is_known_selector(part):
                raise error(f"{where}: unknown rule code {part!r} in {what} (run `edtools rules` for the list)")
            out.append(part.upper())
    return tuple(out)


def settings_from_config(table: dict[str, Any], where: str, *, language_detector: str = "lingua") -> LintSettings:
    """Check the raw [lint] table and build LintSettings (CLI options are applied on top)."""
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key 'lint.{key}' (known: {', '.join(KEYS)})")

    def str_list(key: str) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: 'lint.{key}' must be a list of strings")
        return value

    select = parse_selectors(str_list("select"), where, "lint.select") if "select" in table else ("ED",)
    ignore = parse_selectors(str_list("ignore"), where, "lint.ignore")
    fail_level = table.get("fail-level", "warning")
    if fail_level not in SEVERITIES:
        raise ConfigError(f"{where}: 'lint.fail-level' must be one of {', '.join(SEVERITIES)}")
    allowed = tuple(str_list("allowed-repeats"))
    words = tuple(str_list("allowed-words"))
    for key, values in (("allowed-repeats", allowed), ("allowed-words", words)):
        if any(not v.strip() for v in values):
            raise ConfigError(f"{where}: 'lint.{key}' has an empty entry")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: [lint.severity] must be a table of code = level")
    for code, level in severity.items():
        if not is_known_selector(code):
            raise ConfigError(f"{where}: unknown rule code {code!r} in [lint.severity]")
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: lint.severity.{code} must be one of {', '.join(SEVERITIES)}, not {level!r}")
    threshold = table.get("near-duplicate-threshold", 90)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 50 <= threshold <= 100:
        raise ConfigError(f"{where}: 'lint.near-duplicate-threshold' must be a number from 50 to 100")
    return LintSettings(
        select=select,
        ignore=ignore,
        severity={k.upper(): v for k, v in severity.items()},
        fail_level=fail_level,
        allowed_repeats=allowed,
        allowed_words=words,
        near_duplicate_threshold=float(threshold),
        language_detector=language_detector,
    )
