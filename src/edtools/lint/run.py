"""Lint files as the ``lint`` command does: config per file, glossary, alignment, ``--fix``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from edtools.lint.engine import LintSettings, lint_document
from edtools.lint.finding import Finding


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding]
    fixed: int
    failed: bool  # a finding at or above the fail level


def build_settings(
    config: Any,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_level: str | None = None,
) -> LintSettings:
    """Settings for one file: its config's [lint] table, then the command-line options."""
    from edtools.errors import UserError
    from edtools.lint.config import parse_selectors, settings_from_config

    where = str(config.path) + (" [tool.edtools]" if config.path and config.path.name == "pyproject.toml" else "") if config.path else "config"
    settings = settings_from_config(config.lint, where, language_detector=config.language_detector)
    if select:
        settings = replace(settings, select=parse_selectors(select, "--select", "--select", UserError))
    if ignore:
        settings = replace(settings, ignore=settings.ignore + parse_selectors(ignore, "--ignore", "--ignore", UserError))
    if fail_level:
        settings = replace(settings, fail_level=fail_level)
    return settings


def apply_fixes(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """Apply every safe fix whose span does not overlap another's; return the text and the fixes applied."""
    chosen: list[Finding] = []
    last_end = -1
    for f in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.offset, f.end_offset)):
        if f.offset >= last_end:
            chosen.append(f)
            last_end = f.end_offset
    for f in reversed(chosen):
        text = text[: f.offset] + f.fix + text[f.end_offset :]  # type: ignore[operator]
    return text, chosen


def lint_paths(
    paths: Sequence[str],
    *,
    glossaries: Sequence[str] = (),
    strict_glossary: bool = False,
    source: str | None = None,
    bilingual: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_level: str | None = None,
    fix: bool = False,
) -> LintResult:
    from edtools.config import config_for
    from edtools.document import load_document, parse_document

    findings: list[Finding] = []
    fixed_total = 0
    failed = False
    glossary_cache: dict[tuple[str, ...], Any] = {}
    for path in paths:
        config = config_for(path)
        settings = build_settings(config, select=select, ignore=ignore, fail_level=fail_level)
        glossary_paths = tuple(str(g) for g in glossaries) or tuple(str(g) for g in config.glossary)
        glossary = None
        if glossary_paths:
            if glossary_paths not in glossary_cache:
                from edtools.glossary import load_glossary

                glossary_cache[glossary_paths] = load_glossary([Path(g) for g in glossary_paths],
                                                               strict=strict_glossary)
            glossary = glossary_cache[glossary_paths]
        doc = load_document(path)
        alignment = _alignment(doc, source, bilingual)
        found = lint_document(doc, settings=settings, glossary=glossary, alignment=alignment)
        if fix and any(f.fix is not None for f in found):
            from edtools.textio import write_atomic

            from edtools.console import note

            new_text, applied = apply_fixes(doc.text, found)
            write_atomic(path, new_text, newline=doc.newline, encoding=_writable_encoding(doc, new_text))
            fixed_total += len(applied)
            for f in applied:
                note(f"{f.path}:{f.line}:{f.column}: fixed {f.code} [{f.name}] {f.text!r} -> {f.fix!r}")
            doc = parse_document(new_text, fmt=doc.fmt, path=doc.path, newline=doc.newline)
            alignment = _alignment(doc, source, bilingual)
            found = lint_document(doc, settings=settings, glossary=glossary, alignment=alignment)
        failed = failed or any(settings.fails(f) for f in found)
        findings.extend(found)
    return LintResult(findings, fixed_total, failed)


def _writable_encoding(doc: Any, text: str) -> str:
    """The file's own encoding, unless the fixed text cannot be written in it (then UTF-8)."""
    enc = getattr(doc, "encoding", "utf-8") or "utf-8"
    try:
        text.encode(enc)
    except (UnicodeEncodeError, LookupError):
        return "utf-8"
    return enc


def _alignment(doc: Any, source: str | None, bilingual: str | None) -> Any:
    if source:
        from edtools.align import align_documents
        from edtools.document import load_document

        return align_documents(load_document(source), doc)
    if bilingual:
        from edtools.align import align_records
        from edtools.bilingual import read_jsonl

        return align_records(read_jsonl(bilingual), doc)
    return None
