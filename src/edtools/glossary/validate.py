"""``edtools glossary validate``: every rule a term base must keep, each finding at file:line.

| code  | what it finds |
| ----- | ------------- |
| GL001 | schema: not valid YAML/CSV/TBX, unknown or missing field, wrong type, bad ``case`` or ``id`` |
| GL002 | a YAML value that is not a string: ``no``/``on`` (booleans), dates, numbers |
| GL003 | an empty or whitespace-padded field |
| GL004 | text not in Unicode NFC (decomposed accents never match composed text) |
| GL005 | the same Spanish term (after normalisation) in two entries, same rendering |
| GL006 | one Spanish term with two different approved renderings |
| GL007 | an ``avoid`` string that is an approved rendering (another entry's, or the entry's own) |
| GL008 | an approved rendering that another entry lists as ``avoid`` |
| GL009 | an exception that cannot match its entry (it contains none of the entry's forms) |
| GL010 | two entries with the same ``id`` |
| GL011 | an entry without ``note`` or ``ref`` (warning: editors trust terms with a source) |
| GL012 | TBX concepts skipped: no Spanish or no English term (warning; ``--strict`` makes each a GL001 error) |
| GL013 | an ``accepted`` alternative that is also the approved rendering or an ``avoid`` string |
| GL014 | an ``office`` that names no entry, or a ``context`` tag that no entry carries |
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from edtools.glossary.load import load_entries
from edtools.glossary.match import entry_forms, exception_forms, is_acronym
from edtools.glossary.model import Entry, Problem, norm

RULES = {
    "GL001": "schema error",
    "GL002": "value is not a string",
    "GL003": "empty or whitespace-padded field",
    "GL004": "text not in Unicode NFC",
    "GL005": "duplicate Spanish term",
    "GL006": "two renderings for one term",
    "GL007": "avoided string is an approved rendering",
    "GL008": "approved rendering is avoided elsewhere",
    "GL009": "exception cannot match its entry",
    "GL010": "duplicate id",
    "GL011": "missing note or reference",
    "GL012": "TBX concepts skipped (no Spanish or no English term)",
    "GL013": "accepted alternative is approved or avoided",
    "GL014": "context or office refers to nothing",
}


def check_entries(entries: Sequence[Entry], field_lines: dict[str, dict[str, int]] | None = None) -> list[Problem]:
    """Cross-entry rules (GL005-GL011) over already-built entries."""
    problems: list[Problem] = []
    field_lines = field_lines or {}

    def _field_line(entry: Entry, name: str) -> int:
        return field_lines.get(entry.origin, {}).get(name, entry.line)

    def add(entry: Entry, code: str, message: str, *, field: str = "", severity: str = "error") -> None:
        line = _field_line(entry, field) if field else entry.line
        problems.append(Problem(entry.path, line, 0, code, severity, message, entry.id))

    seen_ids: dict[str, Entry] = {}
    for e in entries:
        if e.id in seen_ids:
            first = seen_ids[e.id]
            add(e, "GL010", f"id {e.id!r} is already used by the entry at {first.origin}", field="id")
        else:
            seen_ids[e.id] = e

    # Spanish terms: the listed terms (not generated inflections), normalised; acronyms by exact case.
    def key(term: str) -> str:
        return term if is_acronym(term) else norm(term)

    seen_terms: dict[str, tuple[Entry, str]] = {}
    for e in entries:
        own: set[str] = set()
        for term in e.spanish_terms():
            k = key(term)
            if k in own:
                add(e, "GL005", f"Spanish term {term!r} is listed twice in this entry", field="es_variants")
                continue
            own.add(k)
            if k in seen_terms:
                other, other_term = seen_terms[k]
                if norm(other.en) == norm(e.en):
                    add(e, "GL005", f"Spanish term {term!r} is already in entry {other.id!r} ({other.origin})",
                        field="es" if term == e.es else "es_variants")
                else:
                    add(e, "GL006", f"Spanish term {term!r} has two approved renderings: {e.en!r} here and "
                        f"{other.en!r} in entry {other.id!r} ({other.origin})",
                        field="es" if term == e.es else "es_variants")
            else:
                seen_terms[k] = (e, term)

    # generated forms (ministra, cancilleres) that another entry lists as its own term
    for e in entries:
        listed = {key(t) for t in e.spanish_terms()}
        for form, _plural in entry_forms(e):
            k = key(form)
            if k in listed or k not in seen_terms:
                continue
            other, other_term = seen_terms[k]
            if other is e:
                continue
            if norm(other.en) == norm(e.en):
                add(e, "GL005", f"{form!r} (generated from {e.es!r}) is also the term of entry {other.id!r} "
                    f"({other.origin}); merge the entries", field="es")
            else:
                add(e, "GL006", f"{form!r} (generated from {e.es!r}) is also the term of entry {other.id!r} "
                    f"({other.origin}), rendered {other.en!r} there; set 'inflect: false' or merge the entries",
                    field="es")
            break

    approved: dict[str, Entry] = {}
    for e in entries:
        approved.setdefault(norm(e.en), e)
        if e.en_lower:
            approved.setdefault(norm(e.en_lower), e)
    avoided: dict[str, list[Entry]] = {}
    for e in entries:
        for a in e.avoid:
            avoided.setdefault(norm(a), []).append(e)
            other = approved.get(norm(a))
            if other is None:
                continue
            if other is e or norm(a) in (norm(e.en), norm(e.en_lower)):
                add(e, "GL007", f"avoid {a!r} is this entry's own approved rendering", field="avoid")
            else:
                add(e, "GL007", f"avoid {a!r} is the approved rendering of entry {other.id!r} ({other.origin})",
                    field="avoid")
    for e in entries:
        for k in {norm(e.en), norm(e.en_lower)} - {""}:
            for other in avoided.get(k, []):
                if other is not e:
                    add(e, "GL008", f"approved rendering {e.en!r} is listed as avoid in entry {other.id!r} "
                        f"({other.origin})", field="en")

    _check_accepted_and_links(entries, avoided, add)
    for e in entries:
        for exc in e.exceptions:
            if not exception_forms(e, exc):
                forms = ", ".join(sorted({f for f, _ in entry_forms(e)})[:4])
                add(e, "GL009", f"exception {exc!r} contains none of the entry's forms ({forms}...), "
                    "so it can never apply", field="exceptions")
        if not e.note or not e.ref:
            missing = " and ".join(n for n, v in (("note", e.note), ("ref", e.ref)) if not v)
            add(e, "GL011", f"entry {e.id!r} has no {missing}", severity="warning")
    return problems


def _check_accepted_and_links(entries: Sequence[Entry], avoided: dict[str, list[Entry]], add) -> None:
    """GL013: accepted alternatives that are approved or avoided; GL014: dangling context/office."""
    ids = {e.id for e in entries}
    tags = {t for e in entries for t in e.tags}
    for e in entries:
        own = {norm(e.en), norm(e.en_lower)} - {""}
        for a in e.accepted:
            if norm(a) in own:
                add(e, "GL013", f"accepted {a!r} is this entry's approved rendering", field="accepted")
            for other in avoided.get(norm(a), []):
                where = "this entry" if other is e else f"entry {other.id!r} ({other.origin})"
                add(e, "GL013", f"accepted {a!r} is listed as avoid in {where}", field="accepted")
        if e.office and e.office not in ids:
            add(e, "GL014", f"office {e.office!r} is the id of no entry", field="office")
        if e.context and e.context not in tags:
            add(e, "GL014", f"context {e.context!r} is a tag no entry carries", field="context")


def validate_paths(paths, *, strict: bool = False) -> tuple[list[Problem], int, list[str]]:
    """Validate files/folders: (problems sorted by file and line, number of entries, files read).

    ``strict``: TBX concepts without a Spanish or an English term are errors, not one GL012 warning.
    """
    field_lines: dict[str, dict[str, int]] = {}
    entries, problems, files = load_entries(paths, field_lines, strict=strict)
    problems = problems + check_entries(entries, field_lines)
    order = {f: i for i, f in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line, p.column, p.code))
    return problems, len(entries), files


def format_problems(problems: list[Problem], fmt: str, *, entries: int = 0, files: Sequence[str] = ()) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if fmt == "json":
        return json.dumps({
            "version": 1,
            "files": list(files),
            "entries": entries,
            "errors": errors,
            "warnings": warnings,
            "problems": [
                {"path": p.path, "line": p.line, "column": p.column, "code": p.code, "name": RULES.get(p.code, ""),
                 "severity": p.severity, "message": p.message, "entry": p.entry}
                for p in problems
            ],
        }, ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        out = []
        for p in problems:
            level = "error" if p.severity == "error" else "warning"
            props = [f"file={_gh_prop(p.path)}"]
            if p.line > 0:
                props.append(f"line={p.line}")
            if p.column > 0:
                props.append(f"col={p.column}")
            props.append(f"title={_gh_prop(p.code + ' ' + RULES.get(p.code, ''))}")
            out.append(f"::{level} {','.join(props)}::{_gh_data(p.message)}")
        return "".join(line + "\n" for line in out)
    lines = [str(p) for p in problems]
    summary = (f"{entries} entries in {len(files)} file{'s' if len(files) != 1 else ''}: "
               f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return "".join(line + "\n" for line in lines) + summary + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
