"""Writing term bases: CSV/TSV (spreadsheet-safe), TBX-Basic (TBX v3, DCA style) and YAML.

Every writer keeps every field, so YAML -> CSV -> YAML and YAML -> TBX -> YAML give the same
entries back. CSV cells that start with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe (a
spreadsheet would otherwise run them as formulas); the CSV reader removes it again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from edtools.errors import UserError
from edtools.glossary.load import CSV_COLUMNS, LIST_SEP, escape_cell
from edtools.glossary.model import Entry, slugify

CSV_HEADER = CSV_COLUMNS + ("id", "case", "ref", "tags", "en_lower", "en_plural", "inflect", "accepted", "context",
                            "office")


def _join(items: Sequence[str], entry: Entry, name: str) -> str:
    for item in items:
        if LIST_SEP in item:
            raise UserError(f"{entry.origin}: {name} item {item!r} contains '{LIST_SEP}', which CSV lists use "
                            "as a separator; export to TBX or keep YAML")
    return LIST_SEP.join(items)


def to_delimited(entries: Sequence[Entry], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for e in entries:
        default_inflect = e.case == "title"
        row = [
            e.es, e.en, _join(e.es_variants, e, "es_variants"), _join(e.avoid, e, "avoid"),
            _join(e.exceptions, e, "exceptions"), e.note, e.id, e.case, e.ref, _join(e.tags, e, "tags"),
            e.en_lower, e.en_plural, "" if e.inflect == default_inflect else str(e.inflect).lower(),
            _join(e.accepted, e, "accepted"), e.context, e.office,
        ]
        writer.writerow([escape_cell(c) for c in row])
    return buf.getvalue()


def to_csv(entries: Sequence[Entry]) -> str:
    return to_delimited(entries, ",")


def to_tsv(entries: Sequence[Entry]) -> str:
    return to_delimited(entries, "\t")


_NCNAME_RE = re.compile(r"^[A-Za-z_][\w.-]*$")


def to_tbx(entries: Sequence[Entry], *, title: str = "edtools glossary") -> str:
    """TBX-Basic (TBX v3, DCA style): conceptEntry / langSec / termSec."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
        'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>',
        '<tbx style="dca" type="TBX-Basic" xml:lang="es" xmlns="urn:iso:std:iso:30042:ed-2">',
        "  <tbxHeader>",
        "    <fileDesc>",
        f"      <sourceDesc><p>{escape(title)}; exported by edtools</p></sourceDesc>",
        "    </fileDesc>",
        "  </tbxHeader>",
        "  <text>",
        "    <body>",
    ]
    used: set[str] = set()
    for e in entries:
        cid = e.id if _NCNAME_RE.match(e.id) else slugify(e.id)
        base, n = cid, 2
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        out.append(f"      <conceptEntry id={quoteattr(cid)}>")
        for tag in e.tags:
            out.append(f'        <descrip type="subjectField">{escape(tag)}</descrip>')
        if e.ref:
            out.append(f'        <admin type="source">{escape(e.ref)}</admin>')
        if e.note:
            out.append(f"        <note>{escape(e.note)}</note>")
        if cid != e.id:
            out.append(f"        <note>edtools-id: {escape(e.id)}</note>")
        out.append(f"        <note>edtools-case: {e.case}</note>")
        if e.inflect != (e.case == "title"):
            out.append(f"        <note>edtools-inflect: {str(e.inflect).lower()}</note>")
        for exc in e.exceptions:
            out.append(f"        <note>edtools-exception: {escape(exc)}</note>")
        if e.en_lower:
            out.append(f"        <note>edtools-en-lower: {escape(e.en_lower)}</note>")
        if e.en_plural:
            out.append(f"        <note>edtools-en-plural: {escape(e.en_plural)}</note>")
        if e.context:
            out.append(f"        <note>edtools-context: {escape(e.context)}</note>")
        if e.office:
            out.append(f"        <note>edtools-office: {escape(e.office)}</note>")
        out.append('        <langSec xml:lang="es">')
        for i, term in enumerate(e.spanish_terms()):
            status = "preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts"
            out.append(f"          <termSec><term>{escape(term)}</term>"
                       f'<termNote type="administrativeStatus">{status}</termNote></termSec>')
        out.append("        </langSec>")
        out.append('        <langSec xml:lang="en">')
        out.append(f"          <termSec><term>{escape(e.en)}</term>"
                   '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>')
        for a in e.accepted:
            out.append(f"          <termSec><term>{escape(a)}</term>"
                       '<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>')
        for a in e.avoid:
            out.append(f"          <termSec><term>{escape(a)}</term>"
                       '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>')
        out.append("        </langSec>")
        out.append("      </conceptEntry>")
    out += ["    </body>", "  </text>", "</tbx>"]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------------------------- YAML

_PLAIN_RE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#\n]*$")


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (a string), plain when that is safe."""
    import json

    import yaml

    if value and _PLAIN_RE.match(value) and ": " not in value and not value.endswith((" ", ":")):
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _flow(items: Sequence[str]) -> str:
    parts = []
    for item in items:
        s = _scalar(item)
        if s == item and ("," in item or item.startswith(("[", "{")) or item.endswith("]")):
            import json

            s = json.dumps(item, ensure_ascii=False)
        parts.append(s)
    return "[" + ", ".join(parts) + "]"


def to_yaml(entries: Sequence[Entry], *, header: str = "") -> str:
    lines: list[str] = []
    for h in header.splitlines():
        lines.append(f"# {h}".rstrip())
    if header:
        lines.append("")
    lines.append("entries:" if entries else "entries: []")  # a bare "entries:" is null, not a list
    for e in entries:
        lines.append(f"  - id: {_scalar(e.id)}")
        lines.append(f"    es: {_scalar(e.es)}")
        for name, items in (("es_variants", e.es_variants),):
            if items:
                lines.append(f"    {name}: {_flow(items)}")
        lines.append(f"    en: {_scalar(e.en)}")
        if e.en_lower:
            lines.append(f"    en_lower: {_scalar(e.en_lower)}")
        if e.en_plural:
            lines.append(f"    en_plural: {_scalar(e.en_plural)}")
        for name, items in (("accepted", e.accepted), ("avoid", e.avoid), ("exceptions", e.exceptions)):
            if items:
                lines.append(f"    {name}: {_flow(items)}")
        lines.append(f"    case: {e.case}")
        if e.inflect != (e.case == "title"):
            lines.append(f"    inflect: {str(e.inflect).lower()}")
        if e.context:
            lines.append(f"    context: {_scalar(e.context)}")
        if e.office:
            lines.append(f"    office: {_scalar(e.office)}")
        if e.note:
            lines.append(f"    note: {_scalar(e.note)}")
        if e.ref:
            lines.append(f"    ref: {_scalar(e.ref)}")
        if e.tags:
            lines.append(f"    tags: {_flow(e.tags)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


FORMATS = {"csv": to_csv, "tsv": to_tsv, "tbx": to_tbx, "yaml": to_yaml}


def export(entries: Sequence[Entry], fmt: str) -> str:
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise UserError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    return writer(entries)
