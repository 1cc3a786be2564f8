"""From a document and its draft to an XLIFF file: segments, lint findings and glossary terms as notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from edtools.xliff.write import ExportSegment, XliffNote, render_xliff

PRIORITY = {"error": 1, "warning": 3, "info": 5}


def export_segments(doc: Any, records: Sequence[Any] | None) -> list[ExportSegment]:
    """The document's segments with their draft (None without records); records must match the source."""
    from edtools.errors import UserError

    segments = doc.segments("es")
    if records is None:
        return [ExportSegment(s.id, s.block, s.text, None) for s in segments]
    by_id = {int(r.id): r for r in records}
    out = []
    for s in segments:
        rec = by_id.get(s.id)
        if rec is not None and " ".join(rec.source.split()) != " ".join(s.text.split()):
            raise UserError(f"segment {s.id} of the bilingual file does not match the source document "
                            f"(line {s.line}): was the source edited after translating?")
        out.append(ExportSegment(s.id, s.block, s.text, rec.target if rec is not None else None,
                                 str(getattr(rec, "origin", "mt")) if rec is not None else "mt"))
    return out


def lint_notes(records: Sequence[Any], draft_doc: Any, alignment: Any, findings: Sequence[Any]) -> dict[int, list[XliffNote]]:
    """Lint findings placed on their segment (the review page's placement)."""
    from edtools.review.html import build_rows

    rows, _others = build_rows(records, draft_doc=draft_doc, alignment=alignment, findings=findings)
    notes: dict[int, list[XliffNote]] = {}
    for row in rows:
        for n in row.notes:
            if n.kind != "finding":
                continue
            text = f"{n.title}: {n.message}" + (f" (suggestion: {n.suggestion})" if n.suggestion else "")
            notes.setdefault(row.id, []).append(XliffNote(row.id, "lint", PRIORITY.get(n.severity, 5), "target", text))
    return notes


def glossary_notes(segments: Sequence[ExportSegment], glossary: Any | None) -> dict[int, list[XliffNote]]:
    """Every glossary term found in a segment's source, with its approved English."""
    if glossary is None:
        return {}
    from edtools.glossary import SourceMatcher

    matcher = SourceMatcher(glossary)
    notes: dict[int, list[XliffNote]] = {}
    for seg in segments:
        seen = set()
        for m in matcher.find(seg.source):
            if m.entry.id in seen:
                continue
            seen.add(m.entry.id)
            extra = f" — {m.entry.note}" if m.entry.note else ""
            notes.setdefault(seg.id, []).append(
                XliffNote(seg.id, "glossary", 5, "source", f"{m.text} → {m.entry.en}{extra}"))
    return notes


def build_xliff(doc: Any, records: Sequence[Any] | None, *, version: str = "2.1", glossary: Any | None = None,
                settings: Any | None = None) -> str:
    """The XLIFF text for ``doc`` and its draft ``records`` (lint run on the draft when there is one)."""
    segments = export_segments(doc, records)
    notes: dict[int, list[XliffNote]] = {}
    if records:
        from edtools.align import align_records
        from edtools.document import parse_document
        from edtools.lint.engine import LintSettings, lint_document
        from edtools.xliff.rebuild import render_segments

        draft = render_segments(doc, {s.id: s.target for s in segments if s.target is not None})
        draft_doc = parse_document(draft, fmt=doc.fmt, path="<draft>")
        alignment = align_records(list(records), draft_doc)
        findings = lint_document(draft_doc, settings=settings or LintSettings(), glossary=glossary,
                                 alignment=alignment)
        notes = lint_notes(records, draft_doc, alignment, findings)
    for sid, extra in glossary_notes(segments, glossary).items():
        notes.setdefault(sid, []).extend(extra)
    return render_xliff(doc, segments, notes, version)
