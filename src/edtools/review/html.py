"""The review page: one self-contained static HTML file for an editor.

Source and draft side by side, segment by segment; lint findings and glossary changes
highlighted in place (``<mark>`` around exactly the flagged text) and listed beside the
segment with a link to their rule's documentation; filters by severity and rule.
Translation-memory work shows the same way: a segment reused from the approved memory is
marked (kind ``tm``), and fuzzy matches (≥ 75 %) are listed beside the machine draft as
suggestions (kind ``fuzzy``) with the words that differ from the new source highlighted —
numbers and names in their own colour — never applied. Both filter like findings.

No external assets, no network: the CSS and the (small, plain) JavaScript are inline.
Every piece of text from the documents is escaped with :func:`html.escape`; the script
reads only ``data-`` attributes, never document text. The filters can be preset from the
URL fragment, e.g. ``review.html#sev=error,warning&rule=ED101&only=1``.

Inputs are duck-typed (records with ``id/line/source/target``, an alignment with ``pairs``,
findings with ``offset/end_offset/line/column/code/name/severity/message/text``, glossary
changes with ``segment/old/new/entry/start/end``), so this module imports nothing heavy.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SEV_ORDER = {"error": 3, "warning": 2, "info": 1, "glossary": 0, "tm": -1, "fuzzy": -2}
GLOSSARY_CODE = "glossary"
TM_CODE = "tm"
FUZZY_CODE = "fuzzy"
KINDS = (("error", "errors"), ("warning", "warnings"), ("info", "info"), ("glossary", "glossary changes"),
         ("tm", "approved reuse"), ("fuzzy", "TM suggestions"))


def esc(text: object) -> str:
    """Escape text for HTML element content and attribute values."""
    return html.escape(str(text), quote=True)


@dataclass
class Note:
    """One thing to show on a segment: a lint finding or a glossary change."""

    id: str  # "f3", "g1"
    kind: str  # "finding" | "glossary"
    severity: str  # error | warning | info | glossary
    code: str  # rule code, or "glossary"
    title: str  # "ED101 repeated-word" / "Glossary: canciller"
    message: str
    text: str  # the flagged/changed text as it appears in the draft
    start: int = -1  # [start, end) in the segment's draft text; -1 when it could not be placed
    end: int = -1
    suggestion: str | None = None
    where: str = ""  # "line 12, col 5" in the draft
    old: str | None = None  # glossary: the model's wording
    match: Any = None  # fuzzy: the TMMatch; tm: the approved unit
    diff: tuple[Any, ...] = ()  # fuzzy: edtools.tm.match.DiffPart, offsets in the TM source


@dataclass
class Row:
    id: int
    source_line: int
    draft_line: int
    source: str
    draft: str
    notes: list[Note] = field(default_factory=list)
    source_marks: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, note id)


# ------------------------------------------------------------------ building the rows


def _pair_span(doc: Any, pair: Any) -> tuple[Any, int, int, int, int] | None:
    """(block, text start, text end, file start, file end) of an aligned pair in the draft."""
    try:
        block = doc.blocks[pair.target_block]
    except (IndexError, AttributeError, TypeError):
        return None
    ts, te = int(pair.target_start), int(pair.target_end)
    if not block.pieces or te < ts:
        return None
    fs = block.file_offset(ts)
    fe = block.file_offset(te - 1) + 1 if te > ts else fs
    return block, ts, te, fs, fe


def _finding_offsets(doc: Any, f: Any) -> tuple[int, int]:
    start = getattr(f, "offset", 0) or 0
    end = getattr(f, "end_offset", 0) or 0
    if end <= start and start == 0:  # no offsets recorded: from line and column
        try:
            start = doc.line_start(f.line) + f.column - 1
            end = doc.line_start(f.end_line) + f.end_column - 1
        except (IndexError, AttributeError, TypeError):
            return -1, -1
    return start, max(start, end)


def build_rows(
    records: Sequence[Any],
    *,
    draft_doc: Any,
    alignment: Any,
    findings: Iterable[Any] = (),
    changes: Iterable[Any] = (),
    glossary: Any | None = None,
    suggestions: Mapping[int, Sequence[Any]] | None = None,
    approved: Mapping[int, Any] | None = None,
) -> tuple[list[Row], list[Note]]:
    """The review rows (one per segment) and the findings outside every segment; ``approved`` and
    ``suggestions`` map segment ids to the reused TM unit and to fuzzy ``TMMatch``es."""
    pairs = {int(p.id): p for p in getattr(alignment, "pairs", ())} if alignment is not None else {}
    rows: list[Row] = []
    spans: list[tuple[Row, Any, int, int, int, int]] = []  # row, block, ts, te, fs, fe
    for rec in records:
        pair = pairs.get(int(rec.id))
        draft_text, draft_line = rec.target, 0
        placed = _pair_span(draft_doc, pair) if pair is not None and draft_doc is not None else None
        if placed is not None:
            block, ts, te, fs, fe = placed
            draft_text = block.text[ts:te]
            draft_line = int(getattr(pair, "target_line", 0) or draft_doc.line_col(fs)[0])
        row = Row(id=int(rec.id), source_line=int(rec.line), draft_line=draft_line, source=rec.source,
                  draft=draft_text)
        rows.append(row)
        if placed is not None:
            spans.append((row, *placed))

    # lint findings -> the segment that holds their start
    others: list[Note] = []
    for n, f in enumerate(findings, start=1):
        fstart, fend = _finding_offsets(draft_doc, f) if draft_doc is not None else (-1, -1)
        note = Note(
            id=f"f{n}", kind="finding", severity=str(f.severity), code=str(f.code),
            title=f"{f.code} {f.name}", message=str(f.message), text=str(f.text),
            suggestion=getattr(f, "suggestion", None), where=f"line {f.line}, col {f.column}",
        )
        home = None
        for row, block, ts, te, fs, fe in spans:
            if fs <= fstart < fe or (fstart == fend == fe and fs < fe):
                home = (row, block, ts, te)
                break
        if home is None:
            others.append(note)
            continue
        row, block, ts, te = home
        inverse = {block.file_offset(i): i for i in range(ts, te)}
        a = inverse.get(fstart)
        if a is None:
            a = te if fstart >= block.file_offset(max(ts, te - 1)) + 1 else ts
        if fend > fstart:
            last = inverse.get(fend - 1)
            b = last + 1 if last is not None else te
        else:
            b = a
        note.start, note.end = a - ts, min(b, te) - ts
        row.notes.append(note)

    # glossary changes: offsets are in the segment's target (the record), usually the draft text itself
    by_id = {r.id: r for r in rows}
    source_matcher = None
    for n, c in enumerate(changes, start=1):
        row = by_id.get(int(c.segment))
        note = Note(
            id=f"g{n}", kind="glossary", severity="glossary", code=GLOSSARY_CODE,
            title=f"Glossary: {c.entry}", message=f"“{c.old}” → “{c.new}”", text=str(c.new), old=str(c.old),
        )
        if row is None:
            others.append(note)
            continue
        rec_target = next((r.target for r in records if int(r.id) == row.id), row.draft)
        a = -1
        if row.draft == rec_target:
            a = c.start if row.draft[c.start : c.end] == c.new else -1
        if a < 0:
            shift = row.draft.find(rec_target)
            if shift >= 0 and row.draft[shift + c.start : shift + c.end] == c.new:
                a = shift + c.start
        if a < 0:
            a = row.draft.find(c.new)
        if a >= 0:
            note.start, note.end = a, a + len(c.new)
        note.where = f"line {row.draft_line}" if row.draft_line else ""
        row.notes.append(note)
        if glossary is not None:
            if source_matcher is None:
                from edtools.glossary import SourceMatcher

                source_matcher = SourceMatcher(glossary)
            for m in source_matcher.find(row.source):
                if m.entry.id == c.entry and not any(s == m.start for s, _e, _i in row.source_marks):
                    row.source_marks.append((m.start, m.end, note.id))
    _tm_notes(rows, records, suggestions or {}, approved or {})
    for row in rows:
        row.notes.sort(key=lambda x: (x.start if x.start >= 0 else 10**9, -SEV_ORDER.get(x.severity, 0), x.id))
    return rows, others


def _provenance(unit: Any) -> str:
    bits = [str(getattr(unit, k, "") or "") for k in ("document", "translator", "created")]
    return ", ".join(b for b in bits if b)


def _tm_notes(rows: list[Row], records: Sequence[Any], suggestions: Mapping[int, Sequence[Any]],
              approved: Mapping[int, Any]) -> None:
    """Approved reuse (the whole draft segment marked) and fuzzy suggestions (source words that differ)."""
    from edtools.tm.match import word_diff

    origins = {int(r.id): str(getattr(r, "origin", "mt")) for r in records}
    n = 0
    for row in rows:
        unit = approved.get(row.id)
        if unit is not None or origins.get(row.id) == "tm":
            n += 1
            where = _provenance(unit) if unit is not None else ""
            row.notes.append(Note(
                id=f"t{n}", kind="tm", severity="tm", code=TM_CODE, title="Approved translation reused",
                message="exact match in the approved memory; not sent to the model" + (f" ({where})" if where else ""),
                text=row.draft, start=0, end=len(row.draft), match=unit,
            ))
        for match in suggestions.get(row.id, ()):
            n += 1
            parts = tuple(word_diff(row.source, match.unit.source))
            note = Note(
                id=f"t{n}", kind="fuzzy", severity="fuzzy", code=FUZZY_CODE,
                title=f"TM suggestion, {match.score} % match", message=_provenance(match.unit),
                text=match.unit.target, match=match, diff=parts,
            )
            row.notes.append(note)
            for p in parts:
                if p.new_end > p.new_start:
                    row.source_marks.append((p.new_start, p.new_end, note.id))


# ------------------------------------------------------------------ rendering


def _marked(text: str, spans: Sequence[tuple[int, int, Note | str]], notes: Mapping[str, Note]) -> str:
    """``text`` escaped, with a ``<mark>`` around every annotated stretch.

    Overlapping annotations split into elementary stretches, each listing every note
    that covers it in ``data-notes``; an empty span (something missing) is an empty mark.
    """
    items = []
    for s, e, ref in spans:
        note = ref if isinstance(ref, Note) else notes[ref]
        s = max(0, min(s, len(text)))
        e = max(s, min(e, len(text)))
        items.append((s, e, note))
    cuts = sorted({0, len(text), *(s for s, _e, _n in items), *(e for _s, e, _n in items)})
    out: list[str] = []
    for k, pos in enumerate(cuts):
        for s, e, note in items:
            if s == e == pos:
                out.append(_mark("", [note]))
        if k + 1 == len(cuts):
            break
        nxt = cuts[k + 1]
        piece = text[pos:nxt]
        covering = [n for s, e, n in items if s <= pos and nxt <= e and s < e]
        out.append(_mark(piece, covering) if covering else esc(piece))
    return "".join(out)


def _mark(piece: str, notes: list[Note]) -> str:
    top = max(notes, key=lambda n: SEV_ORDER.get(n.severity, 0))
    ids = " ".join(n.id for n in notes)
    tip = "; ".join(f"{n.title}: {n.message}" for n in notes)
    cls = "m gap" if not piece else "m"
    return (
        f'<mark class="{cls}" data-notes="{esc(ids)}" data-sev="{esc(top.severity)}" '
        f'title="{esc(tip)}">{esc(piece)}</mark>'
    )


def _diff_marked(text: str, parts: Sequence[Any]) -> str:
    """The TM source with the words that differ from the new source marked (numbers, names, words)."""
    out, pos = [], 0
    for p in sorted(parts, key=lambda p: p.start):
        if p.start < pos:
            continue
        out.append(esc(text[pos : p.start]))
        tip = f"new source: “{p.new}”" if p.new else "not in the new source"
        out.append(f'<mark class="d d-{esc(p.kind)}" title="{esc(tip)}">{esc(text[p.start : p.end])}</mark>'
                   if p.end > p.start else f'<mark class="d d-{esc(p.kind)} ins" title="{esc(tip)}"></mark>')
        pos = p.end
    out.append(esc(text[pos:]))
    return "".join(out)


def _fuzzy_body(note: Note) -> str:
    match = note.match
    changes = sorted(note.diff, key=lambda p: {"number": 0, "name": 1}.get(p.kind, 2))
    listed = ", ".join(
        f'<span class="d-{esc(p.kind)}">{esc(p.old or "∅")} → {esc(p.new or "∅")}</span>' for p in changes[:6]
    )
    return (
        f'<div class="tm-src" lang="es">{_diff_marked(match.unit.source, note.diff)}</div>'
        f'<div class="tm-tgt" lang="en">{esc(match.unit.target)}</div>'
        + (f'<div class="tm-diff">differs: {listed}</div>' if listed else "")
        + (f'<div class="where">{esc(note.message)}</div>' if note.message else "")
    )


def _note_item(note: Note, rule_codes: set[str]) -> str:
    if note.kind in ("tm", "fuzzy"):
        label = "approved" if note.kind == "tm" else f"{note.match.score} %"
        head = f'<span class="badge sev-{note.kind}">{esc(label)}</span> <strong>{esc(note.title)}</strong>'
        body = esc(note.message) if note.kind == "tm" else _fuzzy_body(note)
        return (
            f'<li class="note" data-note="{esc(note.id)}" data-sev="{note.kind}" data-code="{note.kind}">'
            f"{head}<br>{body}</li>"
        )
    if note.kind == "glossary":
        head = f'<span class="badge sev-glossary">glossary</span> <strong>{esc(note.title[len("Glossary: "):])}</strong>'
        body = f'<span class="old">{esc(note.old or "")}</span> → <span class="new">{esc(note.text)}</span>'
    else:
        link = (
            f'<a href="#rule-{esc(note.code)}">{esc(note.title)}</a>' if note.code in rule_codes else esc(note.title)
        )
        head = f'<span class="badge sev-{esc(note.severity)}">{esc(note.severity)}</span> {link}'
        body = esc(note.message)
        if note.suggestion:
            body += f' <span class="sugg">Suggestion: “{esc(note.suggestion)}”</span>'
    placed = "" if note.start >= 0 else ' <span class="unplaced">(not located in the text)</span>'
    where = f' <span class="where">{esc(note.where)}</span>' if note.where else ""
    return (
        f'<li class="note" data-note="{esc(note.id)}" data-sev="{esc(note.severity)}" data-code="{esc(note.code)}">'
        f"{head}{where}<br>{body}{placed}</li>"
    )


RULE_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead")


def _rule_doc(rule: Any) -> str:
    """A rule's documentation: its summary and the ruff-style sections, all escaped."""
    code, name, sev = esc(rule.code), esc(rule.name), esc(rule.severity)
    parts = [f'<section class="rule" id="rule-{code}"><h3>{code} {name} <span class="badge sev-{sev}">{sev}</span></h3>']
    summary = str(getattr(rule, "summary", "") or "")
    if summary:
        parts.append(f"<p>{esc(summary)}</p>")
    section = getattr(rule, "section", None)
    sections = [(h, section(h)) for h in RULE_HEADINGS] if callable(section) else []
    if any(text for _h, text in sections):
        for heading, text in sections:
            if text:
                cls = "doc code" if heading in ("Example", "Use instead") else "doc"
                parts.append(f'<h4>{esc(heading)}</h4><div class="{cls}">{esc(text)}</div>')
    else:
        doc = str(getattr(rule, "doc", "") or "").strip()
        body = "\n".join(doc.splitlines()[1:]).strip()
        if body:
            parts.append(f'<div class="doc">{esc(body)}</div>')
    parts.append("</section>")
    return "".join(parts)


def render_review(
    rows: Sequence[Row],
    *,
    others: Sequence[Note] = (),
    rules: Mapping[str, Any] | None = None,
    title: str = "edtools review",
    source_name: str = "source",
    draft_name: str = "draft",
    model: str = "",
    seconds: float | None = None,
) -> str:
    """The complete HTML page (a string)."""
    all_notes = [n for r in rows for n in r.notes] + list(others)
    counts = {s: sum(1 for n in all_notes if n.severity == s) for s, _label in KINDS}
    codes = sorted({n.code for n in all_notes if n.kind == "finding"})
    if rules is None:
        rules = _lookup_rules(codes)
    rule_codes = set(rules)
    has_glossary = counts["glossary"] > 0

    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n")
    w(f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")
    w(f'<header><h1>{esc(title)}</h1><p class="files"><span>Source: <code>{esc(source_name)}</code></span> '
      f'<span>Draft: <code>{esc(draft_name)}</code></span>')
    if model:
        w(f' <span>Model: {esc(model)}</span>')
    if seconds is not None:
        w(f" <span>{seconds:.1f} s</span>")
    w("</p>\n")
    w('<p class="totals">')
    w(f'<span class="pill">{len(rows)} segment{"s" if len(rows) != 1 else ""}</span> ')
    for s in ("error", "warning", "info"):
        w(f'<span class="pill sev-{s}" data-count="{s}">{counts[s]} {s}{"s" if counts[s] != 1 and s != "info" else ""}</span> ')
    w(f'<span class="pill sev-glossary" data-count="glossary">{counts["glossary"]} glossary '
      f'change{"s" if counts["glossary"] != 1 else ""}</span> ')
    w(f'<span class="pill sev-tm" data-count="tm">{counts["tm"]} reused from the approved memory</span> ')
    w(f'<span class="pill sev-fuzzy" data-count="fuzzy">{counts["fuzzy"]} TM suggestion'
      f'{"s" if counts["fuzzy"] != 1 else ""}</span></p>\n')

    # filters
    w('<form id="filters" class="filters" onsubmit="return false">')
    w('<fieldset><legend>Show</legend>')
    for s, label in KINDS:
        w(f'<label><input type="checkbox" name="sev" value="{s}" checked> '
          f'<span class="badge sev-{s}">{label}</span> ({counts[s]})</label> ')
    w("</fieldset>")
    w('<label>Rule <select id="rule" name="rule"><option value="">all rules</option>')
    for code in codes:
        n = sum(1 for x in all_notes if x.code == code)
        name = getattr(rules.get(code), "name", "") if code in rules else ""
        w(f'<option value="{esc(code)}">{esc(code)} {esc(name)} ({n})</option>')
    if has_glossary:
        w(f'<option value="{GLOSSARY_CODE}">glossary changes ({counts["glossary"]})</option>')
    if counts["tm"]:
        w(f'<option value="{TM_CODE}">approved reuse ({counts["tm"]})</option>')
    if counts["fuzzy"]:
        w(f'<option value="{FUZZY_CODE}">TM suggestions ({counts["fuzzy"]})</option>')
    w("</select></label> ")
    w('<label><input type="checkbox" id="only" name="only"> only segments with something to review</label> ')
    w('<span id="shown" class="shown"></span></form>\n</header>\n<main>\n')

    w('<table class="segments"><thead><tr><th class="num">#</th><th>Spanish source</th><th>English draft</th>'
      '<th>To review</th></tr></thead>\n<tbody>\n')
    for row in rows:
        notes = {n.id: n for n in row.notes}
        draft_spans = [(n.start, n.end, n) for n in row.notes if n.start >= 0]
        src_spans = [(s, e, i) for s, e, i in row.source_marks if i in notes]
        sevs = " ".join(sorted({n.severity for n in row.notes}))
        origin = "tm" if any(n.kind == "tm" for n in row.notes) else "mt"
        w(f'<tr class="seg" id="s{row.id}" data-seg="{row.id}" data-sevs="{esc(sevs)}" data-origin="{origin}">')
        w(f'<td class="num"><a href="#s{row.id}">{row.id}</a><div class="lines">src {row.source_line}'
          + (f"<br>draft {row.draft_line}" if row.draft_line else "") + "</div></td>")
        w(f'<td class="src" lang="es">{_marked(row.source, src_spans, notes)}</td>')
        w(f'<td class="tgt" lang="en">{_marked(row.draft, draft_spans, notes)}</td>')
        w('<td class="notes">')
        if row.notes:
            w('<ul>' + "".join(_note_item(n, rule_codes) for n in row.notes) + "</ul>")
        w("</td></tr>\n")
    w("</tbody></table>\n")

    if others:
        w('<section class="others"><h2>Other findings</h2><ul>')
        w("".join(_note_item(n, rule_codes) for n in others))
        w("</ul></section>\n")

    if rules:
        w('<section class="rules"><h2>Rules in this report</h2>\n')
        for code in sorted(rules):
            w(_rule_doc(rules[code]) + "\n")
        w("</section>\n")
    w('<footer>Written by edtools. This page is static: nothing leaves your machine.</footer>\n')
    w(f"</main>\n<script>{JS}</script>\n</body>\n</html>\n")
    return "".join(out)


def _lookup_rules(codes: Iterable[str]) -> dict[str, Any]:
    try:
        from edtools.lint.registry import get_rule
    except ImportError:  # pragma: no cover
        return {}
    found = {}
    for code in codes:
        try:
            found[code] = get_rule(code)
        except KeyError:
            continue
    return found


def review_html(
    records: Sequence[Any],
    *,
    draft_doc: Any,
    alignment: Any,
    findings: Iterable[Any] = (),
    changes: Iterable[Any] = (),
    glossary: Any | None = None,
    suggestions: Mapping[int, Sequence[Any]] | None = None,
    approved: Mapping[int, Any] | None = None,
    **page: Any,
) -> str:
    """Records + draft + alignment + findings + glossary changes + TM reuse/suggestions -> the review page."""
    rows, others = build_rows(records, draft_doc=draft_doc, alignment=alignment, findings=findings,
                              changes=changes, glossary=glossary, suggestions=suggestions, approved=approved)
    return render_review(rows, others=others, **page)


CSS = """
:root{--err:#c62828;--err-bg:#ffd9d6;--warn:#a15c00;--warn-bg:#ffe8b0;--info:#1e5aa8;--info-bg:#d9e8ff;
--glo:#216e39;--glo-bg:#cdeed6;--tm:#6a3d9a;--tm-bg:#eadcf7;--fz:#00695c;--fz-bg:#d3f0ec;--line:#d8dde3;--muted:#5f6b7a;--bg:#fff;--fg:#1d232b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{position:sticky;top:0;z-index:2;background:#f6f8fa;border-bottom:1px solid var(--line);padding:.6rem 1rem}
h1{font-size:1.2rem;margin:0 0 .2rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
.files{margin:0;color:var(--muted);font-size:.85rem}.files span{margin-right:1rem}
.totals{margin:.3rem 0}
.pill{display:inline-block;border-radius:1rem;padding:0 .6rem;background:#e9edf1;font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font-size:.9rem}
.filters fieldset{border:0;margin:0;padding:0}.filters legend{float:left;margin-right:.5rem;font-weight:600}
.shown{color:var(--muted)}
main{padding:0 1rem 2rem}
table.segments{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:.8rem}
.segments th{text-align:left;font-size:.85rem;color:var(--muted);border-bottom:2px solid var(--line);padding:.3rem .5rem}
.segments td{vertical-align:top;border-bottom:1px solid var(--line);padding:.45rem .5rem;white-space:pre-wrap;overflow-wrap:anywhere}
.segments th.num,.segments td.num{width:4.2rem}
.segments th:nth-child(4){width:30%}
td.num a{color:var(--muted);text-decoration:none;font-weight:600}.lines{font-size:.72rem;color:var(--muted)}
td.notes{white-space:normal;font-size:.86rem}
td.notes ul,.others ul{margin:0;padding-left:1rem}
li.note{margin:.1rem 0 .45rem}
.where{color:var(--muted);font-size:.78rem}
.sugg{display:block;color:var(--muted)}
.unplaced{color:var(--muted);font-style:italic}
.old{text-decoration:line-through;color:var(--muted)}.new{font-weight:600}
.badge{display:inline-block;border-radius:.25rem;padding:0 .3rem;font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.02em}
.sev-error{background:var(--err-bg);color:var(--err)}.sev-warning{background:var(--warn-bg);color:var(--warn)}
.sev-info{background:var(--info-bg);color:var(--info)}.sev-glossary{background:var(--glo-bg);color:var(--glo)}
.sev-tm{background:var(--tm-bg);color:var(--tm)}.sev-fuzzy{background:var(--fz-bg);color:var(--fz)}
mark.m[data-sev=tm]{background:var(--tm-bg);border-color:var(--tm)}
mark.m[data-sev=fuzzy]{background:var(--fz-bg);border-color:var(--fz)}
.tm-src,.tm-tgt{margin:.15rem 0;padding:.1rem .3rem;border-left:3px solid var(--fz)}.tm-tgt{font-weight:600}
.tm-diff{font-size:.8rem}
mark.d{border-radius:.15rem;padding:0 .05rem;background:#fff3c4;color:inherit}
mark.d.d-number,span.d-number{background:#ffd0d0;font-weight:700}mark.d.d-name,span.d-name{background:#ffe2b8;font-weight:700}
mark.d.ins::after{content:"\\2038";color:var(--err)}
mark.m{border-radius:.15rem;padding:0 .05rem;color:inherit;background:transparent;border-bottom:2px solid transparent}
mark.m[data-sev=error]{background:var(--err-bg);border-color:var(--err)}
mark.m[data-sev=warning]{background:var(--warn-bg);border-color:var(--warn)}
mark.m[data-sev=info]{background:var(--info-bg);border-color:var(--info)}
mark.m[data-sev=glossary]{background:var(--glo-bg);border-color:var(--glo)}
mark.m.gap::after{content:"\\2038";color:var(--err);font-weight:700}
mark.m.off{background:transparent;border-color:transparent}
mark.m.off.gap::after{content:""}
mark.m.focus{outline:2px solid var(--fg)}
tr.seg:target{background:#fffbe6}
tr[hidden],li[hidden]{display:none}
.rule{border-top:1px solid var(--line)}
h4{font-size:.9rem;margin:.6rem 0 .2rem}
.doc{white-space:pre-wrap;font-size:.9rem}
.doc.code{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;padding:.4rem .5rem;border-radius:.3rem}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
@media print{header{position:static}.filters{display:none}}
"""

JS = r"""
(function () {
  "use strict";
  var root = document.documentElement;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="sev"]'));
  var ruleSel = document.getElementById("rule");
  var only = document.getElementById("only");
  var shownEl = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.seg"));
  var notes = Array.prototype.slice.call(document.querySelectorAll("li.note"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.m"));
  var rank = {error: 3, warning: 2, info: 1, glossary: 0, tm: -1, fuzzy: -2};
  var sevOf = {};
  notes.forEach(function (li) { sevOf[li.getAttribute("data-note")] = li.getAttribute("data-sev"); });

  function readHash() {
    var h = (window.location.hash || "").replace(/^#/, "");
    if (h.indexOf("=") < 0) { return; }
    var params = {};
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
    if ("sev" in params) {
      var want = params.sev.split(",");
      boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
    if ("rule" in params) {
      var ok = Array.prototype.some.call(ruleSel.options, function (o) { return o.value === params.rule; });
      ruleSel.value = ok ? params.rule : "";
    }
    if ("only" in params) { only.checked = params.only !== "0" && params.only !== ""; }
  }

  function apply() {
    var sev = {};
    boxes.forEach(function (b) { if (b.checked) { sev[b.value] = true; } });
    var rule = ruleSel.value;
    var visible = {};
    notes.forEach(function (li) {
      var code = li.getAttribute("data-code");
      var on = !!sev[li.getAttribute("data-sev")] && (rule === "" || code === rule);
      li.hidden = !on;
      if (on) { visible[li.getAttribute("data-note")] = true; }
    });
    marks.forEach(function (m) {
      var ids = m.getAttribute("data-notes").split(" ");
      var best = null;
      ids.forEach(function (id) {
        if (visible[id] && (best === null || rank[sevOf[id]] > rank[best])) { best = sevOf[id]; }
      });
      m.classList.toggle("off", best === null);
      if (best !== null) { m.setAttribute("data-sev", best); }
    });
    var shown = 0;
    rows.forEach(function (tr) {
      var has = Array.prototype.some.call(tr.querySelectorAll("li.note"), function (li) { return !li.hidden; });
      tr.hidden = only.checked && !has;
      tr.setAttribute("data-visible-notes", has ? "1" : "0");
      if (!tr.hidden) { shown += 1; }
    });
    shownEl.textContent = shown + " of " + rows.length + " segments shown";
    root.setAttribute("data-shown", String(shown));
    root.setAttribute("data-filter", Object.keys(sev).sort().join(",") + "|" + rule + "|" + (only.checked ? "1" : "0"));
  }

  function focus(id, on) {
    marks.forEach(function (m) {
      if (m.getAttribute("data-notes").split(" ").indexOf(id) >= 0) { m.classList.toggle("focus", on); }
    });
  }
  notes.forEach(function (li) {
    var id = li.getAttribute("data-note");
    li.addEventListener("mouseenter", function () { focus(id, true); });
    li.addEventListener("mouseleave", function () { focus(id, false); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  ruleSel.addEventListener("change", apply);
  only.addEventListener("change", apply);
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  readHash();
  apply();
  root.setAttribute("data-ready", "1");
})();
"""
