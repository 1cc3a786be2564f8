"""Run the registered rules over a Document and turn their hits into findings.

Only translatable blocks are linted. Before a rule sees a block, protected inline
spans (code, URLs, e-mails, HTML, link targets) are masked with U+FFFC and Markdown
syntax (emphasis markers, link brackets) with U+2063, keeping every offset, so a
hit maps back to the file through ``Block.file_offset`` and ``Document.line_col``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from edtools.lint.finding import Finding, Hit
from edtools.lint.registry import Rule, all_rules
from edtools.lint.settings import LintSettings
from edtools.lint.suppress import apply_suppressions
from edtools.lint.textutil import LONG_RUN_RE, MARK, OBJ, URL_RE, mask, sentence_spans

if TYPE_CHECKING:  # pragma: no cover
    from edtools.align import Alignment
    from edtools.document import Block, Document
    from edtools.glossary import Glossary


@dataclass
class Unit:
    """One translatable block as the rules see it."""

    doc: Any
    block: Any
    raw: str  # Block.text
    masked: str  # same length, protected spans masked
    emphasis: list[tuple[int, int]]  # inner spans of emphasis (italic/bold)
    _sentences: list[tuple[int, int]] | None = None

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = sentence_spans(self.masked)
        return self._sentences

    def line_at(self, i: int) -> int:
        return self.doc.line_col(self.block.file_offset(min(i, max(len(self.raw) - 1, 0))))[0]


class Context:
    """What a rule may consult besides the text: settings, glossary, language ID."""

    def __init__(self, settings: LintSettings, glossary: Glossary | None = None) -> None:
        self.settings = settings
        self.glossary = glossary
        self.allowed_repeats = frozenset(" ".join(p.lower().replace("-", " ").split()) for p in settings.allowed_repeats)
        self.allowed_words = frozenset(" ".join(w.lower().split()) for w in settings.allowed_words)
        self.near_duplicate_threshold = settings.near_duplicate_threshold
        self.unit: Unit | None = None
        self.pairs: list[Any] = []
        self._cache: dict[str, Any] = {}

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    def detect(self, text: str) -> tuple[str, float]:
        from edtools.lint.rules.untranslated import detect_language

        return detect_language(text, self.settings.language_detector)


def make_unit(doc: Document, block: Block) -> Unit:
    text = block.text
    masked = text
    emphasis: list[tuple[int, int]] = []
    obj: list[tuple[int, int]] = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
    if len(text) >= 200:
        obj.extend((m.start(), m.end()) for m in LONG_RUN_RE.finditer(text))
    marks: list[tuple[int, int]] = []
    if doc.fmt == "markdown":
        from edtools.inline import parse_inline, protected_spans

        obj.extend(protected_spans(text))
        for span in parse_inline(text):
            if span.kind in ("emphasis", "link", "image") and span.inner_end > span.inner_start:
                marks.append((span.start, span.inner_start))
                marks.append((span.inner_end, span.end))
                if span.kind == "emphasis":
                    emphasis.append((span.inner_start, span.inner_end))
            elif span.kind in ("code", "url", "email", "autolink", "html", "image"):
                obj.append((span.start, span.end))
    if marks:
        masked = mask(masked, marks, MARK)
    if obj:
        masked = mask(masked, obj, OBJ)
    return Unit(doc=doc, block=block, raw=text, masked=masked, emphasis=emphasis)


def _mask_source(text: str, fmt: str) -> str:
    """The source sentence with URLs, code and link targets blanked (Markdown syntax kept)."""
    spans = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
    if fmt == "markdown":
        from edtools.inline import protected_spans

        spans.extend(protected_spans(text))
    return mask(text, spans, " ") if spans else text


def _finding(doc: Document, unit: Unit, rule: Rule, hit: Hit, severity: str, start: int, end: int) -> Finding:
    block = unit.block
    start = max(0, min(start, len(unit.raw)))
    end = max(start, min(end, len(unit.raw)))
    f_start = block.file_offset(start) if unit.raw else block.file_offset(0)
    f_end = block.file_offset(end - 1) + 1 if end > start else f_start
    line, col = doc.line_col(f_start)
    end_line, end_col = doc.line_col(f_end) if f_end > f_start else (line, col)
    return Finding(
        path=doc.path or "<text>",
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=hit.message,
        text=unit.raw[start:end],
        suggestion=hit.suggestion,
        fix=hit.fix,
        offset=f_start,
        end_offset=f_end,
        source=hit.source,
    )


def lint_document(
    doc: Document,
    *,
    settings: LintSettings | None = None,
    glossary: Glossary | None = None,
    alignment: Alignment | None = None,
) -> list[Finding]:
    """Every finding in one document, sorted by position; suppression comments honoured."""
    settings = settings or LintSettings()
    ctx = Context(settings, glossary)
    rules = [r for r in all_rules() if settings.enabled(r.code)]
    units = [make_unit(doc, b) for b in doc.blocks if b.translatable]
    by_block = {u.block.index: u for u in units}
    if alignment is not None:
        ctx.pairs = list(alignment.pairs)
    findings: list[Finding] = []

    def usable(r: Rule) -> bool:
        if r.requires == "glossary" and glossary is None:
            return False
        if r.requires == "source" and alignment is None:
            return False
        return r.check is not None

    block_rules = [r for r in rules if r.scope == "block" and usable(r)]
    doc_rules = [r for r in rules if r.scope == "document" and usable(r)]
    pair_rules = [r for r in rules if r.scope == "pair" and usable(r)]
    for unit in units:
        if not unit.raw.strip():
            continue
        ctx.unit = unit
        for r in block_rules:
            sev = settings.severity_for(r)
            for hit in r.check(unit.masked, ctx):  # type: ignore[misc]
                findings.append(_finding(doc, unit, r, hit, sev, hit.start, hit.end))
    ctx.unit = None
    for r in doc_rules:
        sev = settings.severity_for(r)
        for hit in r.check(units, ctx):  # type: ignore[misc]
            unit = by_block.get(hit.block) if hit.block is not None else None
            if unit is not None:
                findings.append(_finding(doc, unit, r, hit, sev, hit.start, hit.end))
    if alignment is not None and pair_rules:
        for pair in alignment.pairs:
            unit = by_block.get(pair.target_block)
            if unit is None:
                continue
            ctx.unit = unit
            ts, te = pair.target_start, pair.target_end
            target = unit.masked[ts:te]
            source = _mask_source(pair.source, doc.fmt)
            for r in pair_rules:
                sev = settings.severity_for(r)
                for hit in r.check(source, target, ctx):  # type: ignore[misc]
                    findings.append(_finding(doc, unit, r, hit, sev, hit.start + ts, hit.end + ts))
    findings = apply_suppressions(doc, findings, settings)
    unique = {(f.code, f.offset, f.end_offset): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.line, f.column, f.code, f.end_line, f.end_column))


def lint_text(
    text: str,
    *,
    fmt: str = "markdown",
    path: str = "<text>",
    settings: LintSettings | None = None,
    glossary: Glossary | None = None,
    source: str | None = None,
) -> list[Finding]:
    """Lint a string (tests, examples, other commands); ``source`` aligns a Spanish source first."""
    from edtools.document import parse_document

    doc = parse_document(text, fmt=fmt, path=path)
    alignment = None
    if source is not None:
        from edtools.align import align_documents

        alignment = align_documents(parse_document(source, fmt=fmt, path="<source>"), doc)
    return lint_document(doc, settings=settings, glossary=glossary, alignment=alignment)
