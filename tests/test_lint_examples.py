"""Every rule's examples table: texts it must flag, texts it must pass (proselint-style).

A rule without examples fails here.
"""

from __future__ import annotations

import pytest
from lint_helpers import codes_for

from edtools.lint.registry import HEADINGS, all_rules

RULES = all_rules()


def _cases(kind: str):
    for r in RULES:
        for i, example in enumerate(getattr(r, kind)):
            yield pytest.param(r, example, id=f"{r.code}-{kind}-{i}")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_examples_and_docs(rule):
    assert rule.flags, f"{rule.code} has no examples that must be flagged"
    assert rule.passes, f"{rule.code} has no examples that must pass"
    for heading in HEADINGS:
        assert rule.section(heading), f"{rule.code} docs lack the '{heading}' section"


@pytest.mark.parametrize(("rule", "example"), list(_cases("flags")))
def test_rule_flags(rule, example):
    found = codes_for(example, needs_glossary=rule.code.startswith("ED3"))
    assert rule.code in found, f"{rule.code} should flag {example!r}; found {found}"


@pytest.mark.parametrize(("rule", "example"), list(_cases("passes")))
def test_rule_passes(rule, example):
    found = codes_for(example, needs_glossary=rule.code.startswith("ED3"))
    assert rule.code not in found, f"{rule.code} should not flag {example!r}"


def test_codes_and_names_are_unique_and_well_formed():
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert all(n == n.lower() and " " not in n for n in names)
    assert {r.severity for r in RULES} <= {"info", "warning", "error"}
