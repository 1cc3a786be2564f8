"""The one table of lint rules.

A rule is a function registered with :func:`rule`: its code (``ED`` + family digit +
two digits), a readable name, a default severity, a scope, and a docstring written
under ruff's headings (*What it does*, *Why is this bad?*, *Example*, *Use instead*).
``edtools rules``, ``docs/lint.md`` and the SARIF rule metadata all read this table.
Each rule also carries its examples: texts it must flag and texts it must pass; a
test fails when a rule has none.

Scopes:
  ``block``     ``check(text, ctx) -> Iterable[Hit]``: one translatable block's text,
                protected spans masked (same length, offsets kept).
  ``document``  ``check(units, ctx) -> Iterable[Hit]``: every block of the document
                (``units`` is a list of :class:`edtools.lint.engine.Unit`); hits name their block.
  ``pair``      ``check(source, target, ctx) -> Iterable[Hit]``: one aligned source/draft
                pair; offsets index ``target``.
  ``meta``      produced by the engine itself (suppression comments).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

from edtools.errors import UserError

CODE_RE = re.compile(r"^ED[1-9]\d\d$")
PREFIX_RE = re.compile(r"^ED(\d{0,3})$")
FAMILIES = {
    "1": "repeats and fluency",
    "2": "untranslated Spanish",
    "3": "glossary",
    "4": "numbers and dates",
    "5": "typography",
    "6": "names",
    "9": "meta",
}
RULE_MODULES = ("repeats", "untranslated", "glossary", "gender", "numbers", "typography", "names", "meta")
HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    scope: str  # "block" | "document" | "pair" | "meta"
    check: Callable[..., object] | None
    doc: str
    flags: tuple[object, ...] = ()  # examples that must be flagged
    passes: tuple[object, ...] = ()  # examples that must pass
    requires: str | None = None  # None | "glossary" | "source"
    fixable: bool = False

    @property
    def summary(self) -> str:
        """The first line of the docs (the short description)."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[2], "other")

    def section(self, heading: str) -> str:
        """The text under one of the ruff headings ('' when missing)."""
        lines = self.doc.strip().splitlines()
        out: list[str] = []
        inside = False
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("## "):
                inside = stripped[3:].strip() == heading
                continue
            if inside:
                out.append(line)
        return "\n".join(out).strip()


_RULES: dict[str, Rule] = {}
_LOADED = False


def rule(
    code: str,
    name: str,
    severity: str,
    *,
    scope: str = "block",
    flags: tuple[object, ...] | list[object] = (),
    passes: tuple[object, ...] | list[object] = (),
    requires: str | None = None,
    fixable: bool = False,
) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Register a rule function; its docstring is the rule's documentation."""

    def register(func: Callable[..., object]) -> Callable[..., object]:
        if not CODE_RE.match(code):
            raise ValueError(f"bad rule code {code!r}")
        if code in _RULES and _RULES[code].check is not func:
            raise ValueError(f"duplicate rule code {code}")
        _RULES[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            scope=scope,
            check=func,
            doc=inspect.cleandoc(func.__doc__ or ""),
            flags=tuple(flags),
            passes=tuple(passes),
            requires=requires,
            fixable=fixable,
        )
        return func

    return register


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for module in RULE_MODULES:
        importlib.import_module(f"edtools.lint.rules.{module}")


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    _load()
    return [_RULES[c] for c in sorted(_RULES)]


def get_rule(code: str) -> Rule:
    _load()
    return _RULES[code]


def find_rule(key: str) -> Rule:
    """A rule by code (``ED101``, any case) or name (``repeated-word``); UserError when unknown."""
    _load()
    upper = key.strip().upper()
    if upper in _RULES:
        return _RULES[upper]
    for r in _RULES.values():
        if r.name == key.strip().lower():
            return r
    raise UserError(f"unknown rule {key!r} (run `edtools rules` for the list)")


def is_known_selector(selector: str) -> bool:
    """True when a select/ignore entry (``ED``, ``ED1``, ``ED10``, ``ED101``) matches some rule."""
    _load()
    s = selector.strip().upper()
    if not PREFIX_RE.match(s):
        return False
    return any(code.startswith(s) for code in _RULES)


def expand(selectors: tuple[str, ...] | list[str]) -> set[str]:
    _load()
    out: set[str] = set()
    for s in selectors:
        s = s.strip().upper()
        out.update(code for code in _RULES if code.startswith(s))
    return out


def longest_prefix(code: str, selectors: tuple[str, ...] | list[str]) -> int:
    """Length of the longest selector that is a prefix of ``code`` (-1 when none)."""
    best = -1
    for s in selectors:
        s = s.strip().upper()
        if code.startswith(s) and len(s) > best:
            best = len(s)
    return best


def is_enabled(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """flake8/ruff semantics: the longer matching prefix wins; a tie goes to ignore."""
    sel = longest_prefix(code, select)
    ign = longest_prefix(code, ignore)
    if sel < 0:
        return False
    return sel > ign
