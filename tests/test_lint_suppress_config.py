"""Suppression comments, select/ignore by prefix, severities, and the [lint] config table."""

from __future__ import annotations

import pytest

from edtools.errors import ConfigError
from edtools.lint.config import settings_from_config
from edtools.lint.engine import LintSettings, lint_text
from edtools.lint.registry import is_enabled


def codes(text: str, **kw) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, **kw)]


def test_disable_enable_range_and_next_line():
    text = (
        "The the first.\n\n"
        "<!-- edtools-disable ED101 -->\n\nThe the second.\n\nAnd and third.\n\n<!-- edtools-enable -->\n\n"
        "The the fourth.\n\n"
        "<!-- edtools-disable-next-line -->\nThe the fifth  spaced.\n\nThe the sixth.\n"
    )
    assert codes(text) == [("ED101", 1), ("ED101", 11), ("ED101", 16)]


def test_suppression_by_prefix_and_by_name():
    text = "<!-- edtools-disable-next-line ED1 -->\nThe the x.\n\n<!-- edtools-disable-next-line repeated-word -->\nAnd and y.\n"
    assert codes(text) == []


def test_unused_and_invalid_suppressions_are_reported():
    text = (
        "<!-- edtools-disable-next-line ED101 -->\nNothing wrong here.\n\n"
        "<!-- edtools-disable-next-line ED1O1 -->\nThe the.\n"
    )
    found = lint_text(text)
    assert [(f.code, f.line) for f in found] == [("ED901", 1), ("ED902", 4), ("ED101", 5)]
    assert found[0].text == "<!-- edtools-disable-next-line ED101 -->"


def test_unused_only_for_rules_that_ran():
    text = "<!-- edtools-disable-next-line ED101 -->\nNothing wrong here.\n"
    assert codes(text, settings=LintSettings(select=("ED5", "ED9"))) == []


def test_comment_in_code_block_is_ignored():
    text = "```\n<!-- edtools-disable ED101 -->\n```\n\nThe the.\n"
    assert codes(text) == [("ED101", 5)]


def test_longest_prefix_wins():
    assert is_enabled("ED101", ("ED",), ("ED1",)) is False
    assert is_enabled("ED101", ("ED101",), ("ED1",)) is True
    assert is_enabled("ED102", ("ED101",), ()) is False
    assert is_enabled("ED501", ("ED",), ("ED1",)) is True


def test_severity_override_and_fail_level():
    s = settings_from_config({"severity": {"ED1": "info", "ED101": "warning"}, "fail-level": "error"}, "edtools.toml")
    f = lint_text("The the x.", settings=s)[0]
    assert f.severity == "warning"
    assert not s.fails(f)


def test_allowed_repeats_from_config():
    s = settings_from_config({"allowed-repeats": ["Sing Song", "Kuku Kuku"]}, "edtools.toml")
    assert codes("They flew to Kuku Kuku.", settings=s) == []
    assert codes("They flew to Kuku Kuku.") == [("ED101", 1)]


def test_near_duplicate_threshold_from_config():
    text = "The minister said the agreement would increase cargo flights between the two countries.\n\n" \
           "The minister said a new agreement could increase passenger flights between the two nations.\n"
    assert "ED103" not in [c for c, _ in codes(text)]
    s = settings_from_config({"near-duplicate-threshold": 70}, "edtools.toml")
    assert "ED103" in [c for c, _ in codes(text, settings=s)]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["ED1"]}, "unknown key 'lint.selct'"),
        ({"select": ["ED7"]}, "unknown rule code 'ED7'"),
        ({"ignore": ["XX101"]}, "unknown rule code 'XX101'"),
        ({"fail-level": "fatal"}, "'lint.fail-level' must be one of"),
        ({"severity": {"ED999": "info"}}, "unknown rule code 'ED999'"),
        ({"severity": {"ED101": "loud"}}, "must be one of info, warning, error"),
        ({"allowed-repeats": "Pago Pago"}, None),
        ({"allowed-repeats": [1]}, "must be a list of strings"),
        ({"near-duplicate-threshold": 10}, "from 50 to 100"),
    ],
)
def test_config_errors_name_the_file(table, message):
    if message is None:
        settings_from_config(table, "edtools.toml")
        return
    with pytest.raises(ConfigError) as exc:
        settings_from_config(table, "/x/edtools.toml")
    assert exc.value.message.startswith("/x/edtools.toml: ")
    assert message in exc.value.message


def test_comment_in_inline_code_is_an_example_not_a_directive():
    text = "Write `<!-- edtools-disable-next-line ED101 -->` above the line.\n\nThe the x.\n"
    assert codes(text) == [("ED101", 3)]
