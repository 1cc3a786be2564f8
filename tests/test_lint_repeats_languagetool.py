"""ED101 (repeated-word) against LanguageTool's English word-repeat tests.

``tests/data/lint/languagetool-word-repeat.tsv`` restates the 36 cases of LanguageTool's
EnglishWordRepeatRuleTest in our own words (origin and licence in its header). The original
file is also read when it can be fetched (pinned commit) or when ``EDTOOLS_LT_REPEAT_TEST``
names a local copy; that test skips otherwise. Agreement must stay at 95 % or more, without
losing any of our own must-flag cases.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import fetch_or_skip

from edtools.config import Config
from edtools.lint.engine import lint_text
from edtools.lint.run import build_settings

DATA = Path(__file__).parent / "data" / "lint" / "languagetool-word-repeat.tsv"
LT_COMMIT = "07b1798a722af940e64fe7c2226a4fee229e17e6"
LT_URL = (f"https://raw.githubusercontent.com/languagetool-org/languagetool/{LT_COMMIT}/languagetool-language-modules/"
          "en/src/test/java/org/languagetool/rules/en/EnglishWordRepeatRuleTest.java")
SETTINGS = build_settings(Config(), select=["ED101"])


def ed101(sentence: str) -> int:
    return sum(1 for f in lint_text(sentence, settings=SETTINGS) if f.code == "ED101")


def agreement(cases: list[tuple[bool, str]]) -> tuple[int, list[str]]:
    wrong = [f"{'flag' if bad else 'pass'}: {s!r} ({ed101(s)} findings)" for bad, s in cases
             if ed101(s) != (1 if bad else 0)]
    return len(cases) - len(wrong), wrong


def restated_cases() -> list[tuple[bool, str]]:
    cases = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            verdict, sentence = line.split("\t", 1)
            assert verdict in ("flag", "pass"), line
            cases.append((verdict == "flag", sentence))
    return cases


def test_restated_languagetool_cases_agree_at_least_95_percent() -> None:
    cases = restated_cases()
    assert len(cases) == 36
    agreed, wrong = agreement(cases)
    assert agreed / len(cases) >= 0.95, f"{agreed}/{len(cases)}: " + "; ".join(wrong)
    assert agreed == 36, wrong  # today: every case


@pytest.mark.parametrize("sentence", [
    "She added that cooperation will focus on technology, training, training and information.",
    "The agreement covers security: security.",
    "Aid went to health; health.",
    "The the minister arrived.",
    "That is is a problem.",
    "Results came in 10 10 minutes.",
    "We are sure that that this reform will pass.",
    "The prize went to Will Will.",
    "They shouted hip hip.",
])
def test_must_flag_cases_still_flagged(sentence: str) -> None:
    assert ed101(sentence) == 1


def _original() -> str:
    local = os.environ.get("EDTOOLS_LT_REPEAT_TEST")
    return fetch_or_skip(LT_URL, Path(local) if local else None, "LanguageTool's test file",
                         "EDTOOLS_LT_REPEAT_TEST").decode("utf-8")


def test_original_languagetool_cases_agree_at_least_95_percent() -> None:
    source = _original()
    cases = [(m[1] == "Bad", m[2].replace('\\"', '"'))
             for m in re.finditer(r'assert(Good|Bad)\("((?:[^"\\]|\\.)*)"\);', source)]
    assert len(cases) >= 36
    agreed, wrong = agreement(cases)
    assert agreed / len(cases) >= 0.95, f"{agreed}/{len(cases)}: " + "; ".join(wrong)
