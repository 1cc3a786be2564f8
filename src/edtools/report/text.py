"""Compiler-style text: ``path:line:col: CODE [name] message``, the text, a summary line."""

from __future__ import annotations

from collections.abc import Sequence

from edtools.lint.finding import Finding


def _plural(n: int, word: str) -> str:
    plural = word + ("es" if word.endswith(("x", "s")) else "s")
    return f"{n} {word if n == 1 else plural}"


def _excerpt(text: str, limit: int = 100) -> str:
    line = " ".join(text.split()) if "\n" in text else text
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe_suggestion(s: str) -> str:
    """A suggestion as a reader should see it: deletions and bare spaces made visible."""
    if s == "":
        return "delete it"
    return repr(s) if not s.strip() else s


def summary(findings: Sequence[Finding], files: int | None = None, fixed: int = 0) -> str:
    where = f" in {_plural(files, 'file')}" if files is not None else ""
    fixed_note = f"; {_plural(fixed, 'fix')} applied" if fixed else ""
    if not findings:
        return f"No findings{where}{fixed_note}."
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")}
    parts = [_plural(n, sev) for sev, n in counts.items() if n]
    fixable = sum(1 for f in findings if f.fix is not None)
    fix_note = f"; {fixable} fixable with --fix" if fixable else ""
    return f"{_plural(len(findings), 'finding')} ({', '.join(parts)}){where}{fixed_note}{fix_note}."


def render_text(findings: Sequence[Finding], *, files: int | None = None, fixed: int = 0) -> str:
    out: list[str] = []
    for f in findings:
        out.append(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.name}] {f.message}")
        if f.text.strip():
            out.append(f"    {_excerpt(f.text)}")
        if f.suggestion is not None and f.suggestion != f.text:
            out.append(f"    suggestion: {describe_suggestion(f.suggestion)}")
    out.append(summary(findings, files, fixed))
    return "\n".join(out) + "\n"
