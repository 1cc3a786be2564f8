"""Inline suppression comments in Markdown (and plain text):

    <!-- edtools-disable ED101 ED5 -->   … <!-- edtools-enable -->   (codes, prefixes or rule names)
    <!-- edtools-disable-next-line ED101 -->                          (the next non-blank line)

No codes means every rule. A suppression that silenced nothing is reported by ED901
(`unused-suppression`, only for rules that ran); an unknown code by ED902
(`invalid-suppression`). Comments inside code blocks and front matter are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from edtools.lint.finding import Finding
from edtools.lint.registry import all_rules, get_rule, is_known_selector
from edtools.lint.settings import LintSettings

COMMENT_RE = re.compile(r"<!--\s*edtools-(disable-next-line|disable|enable)(?![\w-])([^>]*?)\s*-->")


@dataclass
class Suppression:
    kind: str  # "disable" | "disable-next-line" | "enable"
    offset: int
    end_offset: int
    line: int
    codes: list[str]  # normalised selectors (upper case codes/prefixes)
    invalid: list[str]
    first: int = 0  # lines covered, inclusive
    last: int = 0
    used: set[str] = field(default_factory=set)
    any_used: bool = False


def _skip_ranges(doc: Any) -> list[tuple[int, int]]:
    out = []
    for b in doc.blocks:
        if b.kind in ("code", "front_matter") and b.pieces:
            out.append((b.pieces[0][0], b.pieces[-1][1]))
    return out


def _in_inline_code(doc: Any, offset: int) -> bool:
    """True when the comment is written inside `inline code` of a Markdown block (an example, not a directive)."""
    if getattr(doc, "fmt", "") != "markdown":
        return False
    block = doc.block_at(offset)
    if block is None or not block.translatable:
        return False
    index = 0
    for s, e in block.pieces:
        if s <= offset <= e:
            index += offset - s
            break
        index += e - s + 1
    from edtools.inline import parse_inline

    return any(sp.kind == "code" and sp.start <= index < sp.end for sp in parse_inline(block.text))


def _selectors(raw: str) -> tuple[list[str], list[str]]:
    names = {r.name: r.code for r in all_rules()}
    codes, invalid = [], []
    for tok in re.split(r"[\s,]+", raw.strip()):
        if not tok:
            continue
        if tok.lower() in names:
            codes.append(names[tok.lower()])
        elif is_known_selector(tok):
            codes.append(tok.upper())
        else:
            invalid.append(tok)
    return codes, invalid


def parse_suppressions(doc: Any) -> list[Suppression]:
    text = doc.text
    if "edtools-" not in text:
        return []
    skip = _skip_ranges(doc)
    lines = text.split("\n")
    n_lines = len(lines)
    out: list[Suppression] = []
    for m in COMMENT_RE.finditer(text):
        if any(s <= m.start() < e for s, e in skip) or _in_inline_code(doc, m.start()):
            continue
        codes, invalid = _selectors(m.group(2))
        line = doc.line_col(m.start())[0]
        end_line = doc.line_col(m.end())[0]
        out.append(Suppression(m.group(1), m.start(), m.end(), line, codes, invalid))
        sup = out[-1]
        if sup.kind == "disable-next-line":
            nxt = end_line + 1
            while nxt <= n_lines and not lines[nxt - 1].strip():
                nxt += 1
            sup.first = sup.last = nxt
        elif sup.kind == "disable":
            sup.first, sup.last = line, n_lines
    # close disable ranges at the matching enable
    open_: list[Suppression] = []
    for sup in out:
        if sup.kind == "disable":
            open_.append(sup)
        elif sup.kind == "enable":
            for o in list(open_):
                if not sup.codes or set(o.codes) & set(sup.codes) or not o.codes:
                    o.last = sup.line
                    open_.remove(o)
    return out


def _matches(code: str, selectors: list[str]) -> list[str]:
    return [s for s in selectors if code.startswith(s)]


def apply_suppressions(doc: Any, findings: list[Finding], settings: LintSettings) -> list[Finding]:
    sups = [s for s in parse_suppressions(doc) if s.kind != "enable" or s.invalid]
    if not sups:
        return findings
    kept: list[Finding] = []
    for f in findings:
        silenced = False
        for s in sups:
            if s.kind == "enable" or not (s.first <= f.line <= s.last):
                continue
            if not s.codes and not s.invalid:
                s.any_used = silenced = True
                continue
            hit = _matches(f.code, s.codes)
            if hit:
                s.used.update(hit)
                s.any_used = silenced = True
        if not silenced:
            kept.append(f)
    path = doc.path or "<text>"

    def meta(code: str, s: Suppression, message: str) -> Finding:
        r = get_rule(code)
        line, col = doc.line_col(s.offset)
        end_line, end_col = doc.line_col(s.end_offset)
        return Finding(
            path=path, line=line, column=col, end_line=end_line, end_column=end_col, code=r.code, name=r.name,
            severity=settings.severity_for(r), message=message, text=doc.text[s.offset : s.end_offset],
            suggestion=None, offset=s.offset, end_offset=s.end_offset,
        )

    enabled = [r.code for r in all_rules() if settings.enabled(r.code) and r.scope != "meta"]
    for s in sups:
        if s.invalid and settings.enabled("ED902"):
            kept.append(meta("ED902", s, f"unknown rule code {', '.join(map(repr, s.invalid))} in a suppression comment"))
        if s.kind == "enable" or not settings.enabled("ED901"):
            continue
        if not s.codes and not s.invalid:
            if not s.any_used:
                kept.append(meta("ED901", s, "suppression comment silenced nothing"))
            continue
        unused = [c for c in s.codes if c not in s.used and any(e.startswith(c) for e in enabled)]
        if unused:
            kept.append(meta("ED901", s, f"unused suppression of {', '.join(unused)}: nothing was reported here"))
    return kept
