"""Writing XLIFF 2.1 (default) and 1.2 for CAT tools.

One ``<unit>`` per translatable block (``id="b<block index>"``), one ``<segment>`` per sentence
(``id="s<segment id>"``), ``srcLang="es" trgLang="en"``. The draft is the ``<target>``: the
model's with ``state="initial"``, a segment reused from the approved memory ``translated``.
Markdown inline elements are inline codes carrying their original markup in ``<originalData>``:
links, images and emphasis as ``<pc dataRefStart dataRefEnd>`` around their (translatable) text,
code spans, URLs, e-mail addresses and HTML tags as ``<ph dataRef>``. Lint findings (category
``lint``) and glossary terms found in the source (category ``glossary``) are ``<notes>`` of the
unit, each starting with its segment id.

The whole Spanish document travels in the ``<skeleton>`` (an ``edt:document`` element in the
edtools namespace, with the format, newline style and a SHA-256), so ``edtools xliff import``
needs only the ``.xlf`` to rebuild the document: the structure, block prefixes, code blocks and
front matter come from the skeleton, the sentences from the targets, each code from its data.

XLIFF 1.2 (``--xliff-version 1.2``): ``<group id="b…">`` per block, ``<trans-unit id="s…">`` per
sentence, inline codes as ``<bpt>``/``<ept>``/``<ph>`` holding the markup, the skeleton in
``<header><skl><internal-file>``, notes as ``<note from="edtools-lint|edtools-glossary">``,
states ``needs-review-translation`` (machine) and ``translated`` (approved memory).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from edtools.tm.codes import Code, Piece, pieces, renumber_like
from edtools.xmlsafe import append_text, indent_structure, xml_text

NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
EDT = "urn:edtools:xliff:1"
VERSIONS = ("2.1", "2.0", "1.2")
PH_TYPE = {"code": "other", "url": "other", "email": "other", "autolink": "other", "html": "other"}
PC_TYPE = {"link": "link", "image": "image", "emphasis": "fmt"}


@dataclass(frozen=True, slots=True)
class XliffNote:
    segment: int
    category: str  # "lint" | "glossary"
    priority: int  # 1 (error) … 10
    applies_to: str  # "source" | "target"
    text: str


@dataclass(frozen=True, slots=True)
class ExportSegment:
    id: int
    block: int
    source: str
    target: str | None  # None: no draft (source-only export)
    origin: str = "mt"  # "mt" | "tm"


def newline_name(newline: str) -> str:
    return {"\n": "lf", "\r\n": "crlf", "\r": "cr"}.get(newline, "lf")


def document_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _q(ns: str, tag: str) -> str:
    """Element names are written as literal prefixed names; the root declares the namespaces
    (ElementTree's own namespace handling cannot mix a default namespace with plain attributes)."""
    return f"edt:{tag}" if ns == EDT else tag


# ------------------------------------------------------------------ XLIFF 2


def _inline2(parent: ET.Element, items: Sequence[Piece], seg: int, data: dict[str, str]) -> None:
    for item in items:
        if isinstance(item, str):
            append_text(parent, xml_text(item))
            continue
        cid = f"c{seg}_{item.id}"
        if item.kind == "pc":
            start, end = f"d{seg}_{item.id}s", f"d{seg}_{item.id}e"
            data[start], data[end] = item.open, item.close
            el = ET.SubElement(parent, _q(NS2, "pc"), {
                "id": cid, "type": PC_TYPE.get(item.md, "other"), "dataRefStart": start, "dataRefEnd": end,
                "dispStart": xml_text(item.open), "dispEnd": xml_text(item.close),
            })
            _inline2(el, item.children, seg, data)
        else:
            ref = f"d{seg}_{item.id}"
            data[ref] = item.open
            ET.SubElement(parent, _q(NS2, "ph"), {
                "id": cid, "type": PH_TYPE.get(item.md, "other"), "subType": f"edt:{item.md}",
                "dataRef": ref, "disp": xml_text(item.open), "canDelete": "no",
            })


def _skeleton_element(parent: ET.Element, doc: object) -> None:
    text = str(getattr(doc, "text", ""))
    el = ET.SubElement(parent, _q(EDT, "document"), {
        "name": str(getattr(doc, "path", "") or ""), "format": str(getattr(doc, "fmt", "markdown")),
        "newline": newline_name(str(getattr(doc, "newline", "\n"))), "sha256": document_hash(text),
        "xml:space": "preserve",
    })
    el.text = xml_text(text)


def _unit2(file_el: ET.Element, block: int, kind: str, segs: list[ExportSegment], fmt: str,
           notes: Sequence[XliffNote]) -> None:
    unit = ET.SubElement(file_el, _q(NS2, "unit"), {"id": f"b{block}", "type": f"edt:{kind}"})
    if notes:
        notes_el = ET.SubElement(unit, _q(NS2, "notes"))
        for n, note in enumerate(notes, start=1):
            ET.SubElement(notes_el, _q(NS2, "note"), {
                "id": f"n{block}_{n}", "category": note.category, "priority": str(note.priority),
                "appliesTo": note.applies_to,
            }).text = xml_text(f"s{note.segment}: {note.text}")
    data: dict[str, str] = {}
    data_el = ET.SubElement(unit, _q(NS2, "originalData"))
    for seg in segs:
        attrs = {"id": f"s{seg.id}"}
        if seg.target is not None:
            attrs["state"] = "translated" if seg.origin == "tm" else "initial"
        seg_el = ET.SubElement(unit, _q(NS2, "segment"), attrs)
        src_pieces = pieces(seg.source, fmt)
        _inline2(ET.SubElement(seg_el, _q(NS2, "source")), src_pieces, seg.id, data)
        if seg.target is not None:
            tgt = renumber_like(pieces(seg.target, fmt), src_pieces)
            _inline2(ET.SubElement(seg_el, _q(NS2, "target")), tgt, seg.id, {})
    if data:
        for key, value in data.items():
            d = ET.SubElement(data_el, _q(NS2, "data"), {"id": key})
            d.text = xml_text(value)
    else:
        unit.remove(data_el)


def xliff2(doc: object, segments: Sequence[ExportSegment], notes: Mapping[int, Sequence[XliffNote]],
           *, version: str = "2.1") -> str:
    root = ET.Element("xliff", {"xmlns": NS2, "xmlns:edt": EDT, "version": version, "srcLang": "es",
                                "trgLang": "en"})
    name = str(getattr(doc, "path", "") or "document")
    file_el = ET.SubElement(root, _q(NS2, "file"), {"id": "f1", "original": xml_text(name)})
    _skeleton_element(ET.SubElement(file_el, _q(NS2, "skeleton")), doc)
    fmt = str(getattr(doc, "fmt", "markdown"))
    blocks = getattr(doc, "blocks", [])
    for block, segs in _by_block(segments).items():
        block_notes = [n for s in segs for n in notes.get(s.id, ())]
        _unit2(file_el, block, blocks[block].kind if block < len(blocks) else "block", segs, fmt, block_notes)
    indent_structure(root, leaves={"source", "target", "note", "data", "edt:document"})
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _by_block(segments: Sequence[ExportSegment]) -> dict[int, list[ExportSegment]]:
    out: dict[int, list[ExportSegment]] = {}
    for seg in segments:
        out.setdefault(seg.block, []).append(seg)
    return out


# ------------------------------------------------------------------ XLIFF 1.2


def xliff12(doc: object, segments: Sequence[ExportSegment], notes: Mapping[int, Sequence[XliffNote]]) -> str:
    from edtools.tm.tmx import fill_native

    fmt = str(getattr(doc, "fmt", "markdown"))
    root = ET.Element("xliff", {"xmlns": NS12, "xmlns:edt": EDT, "version": "1.2"})
    file_el = ET.SubElement(root, _q(NS12, "file"), {
        "original": xml_text(str(getattr(doc, "path", "") or "document")), "source-language": "es",
        "target-language": "en", "datatype": "x-markdown" if fmt == "markdown" else "plaintext",
    })
    header = ET.SubElement(file_el, _q(NS12, "header"))
    internal = ET.SubElement(ET.SubElement(header, _q(NS12, "skl")), _q(NS12, "internal-file"), {"form": "text"})
    _skeleton_element(internal, doc)
    body = ET.SubElement(file_el, _q(NS12, "body"))
    blocks = getattr(doc, "blocks", [])
    for block, segs in _by_block(segments).items():
        kind = blocks[block].kind if block < len(blocks) else "block"
        group = ET.SubElement(body, _q(NS12, "group"), {"id": f"b{block}", "restype": f"x-{kind}"})
        for seg in segs:
            tu = ET.SubElement(group, _q(NS12, "trans-unit"), {"id": f"s{seg.id}", "xml:space": "preserve"})
            src_pieces = pieces(xml_text(seg.source), fmt)
            fill_native(ET.SubElement(tu, _q(NS12, "source")), src_pieces, dialect="xliff12")
            if seg.target is not None:
                attrs = ({"state": "translated", "state-qualifier": "leveraged-tm"} if seg.origin == "tm"
                         else {"state": "needs-review-translation", "state-qualifier": "leveraged-mt"})
                tgt = renumber_like(pieces(xml_text(seg.target), fmt), src_pieces)
                fill_native(ET.SubElement(tu, _q(NS12, "target"), attrs), tgt, dialect="xliff12")
            for note in notes.get(seg.id, ()):
                ET.SubElement(tu, _q(NS12, "note"), {
                    "from": f"edtools-{note.category}", "priority": str(note.priority), "annotates": note.applies_to,
                }).text = xml_text(note.text)
    indent_structure(root, leaves={"source", "target", "note", "internal-file"})
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def render_xliff(doc: object, segments: Sequence[ExportSegment], notes: Mapping[int, Sequence[XliffNote]],
                 version: str = "2.1") -> str:
    if version == "1.2":
        return xliff12(doc, segments, notes)
    return xliff2(doc, segments, notes, version=version)


__all__ = ["Code", "ExportSegment", "XliffNote", "render_xliff", "VERSIONS"]
