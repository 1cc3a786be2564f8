"""TMX 1.4b: the translation-memory exchange format of Trados, memoQ, OmegaT and Phrase.

Writing: ``<tmx version="1.4">``, a ``<header>`` with ``srclang``, one ``<tu>`` per approved
pair with ``creationdate``/``creationid`` (date and translator), ``<prop type="x-document">``
and ``<prop type="x-origin">``, and ``<tuv xml:lang>``/``<seg>`` per language. Markdown inline
elements become TMX inline codes holding their original markup: links, images and emphasis as
``<bpt i>``/``<ept i>`` pairs around their text, code spans, URLs, e-mails and HTML tags as
``<ph>``. So a file edtools writes reads back to exactly the same pairs.

Reading (files from any tool): parsed with :mod:`edtools.xmlsafe` (entity declarations and
external references refused), every problem reported as ``file:line: reason``. The native code
inside ``bpt``/``ept``/``ph``/``it``/``ut`` is kept as text, ``hi`` is read through; units
without both a Spanish and an English variant are skipped and counted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from edtools.tm.codes import Code, Piece, pieces
from edtools.tm.store import TMUnit
from edtools.xmlsafe import XmlTree, append_text, indent_structure, local, read_xml_file, xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODE_ELEMENTS = {"bpt", "ept", "ph", "it", "ut"}


def tmx_date(iso: str) -> str:
    """2026-11-30T10:00:00Z -> 20261130T100000Z (TMX's date form)."""
    digits = iso.replace("-", "").replace(":", "")
    return digits if digits.endswith("Z") else digits + "Z"


def iso_date(tmx: str) -> str:
    """20261130T100000Z -> 2026-11-30T10:00:00Z; other forms are kept as written."""
    t = tmx.strip()
    if len(t) == 16 and t[8] == "T" and t.endswith("Z") and (t[:8] + t[9:15]).isdigit():
        return f"{t[0:4]}-{t[4:6]}-{t[6:8]}T{t[9:11]}:{t[11:13]}:{t[13:15]}Z"
    return t


# ------------------------------------------------------------------ writing


def fill_native(parent: ET.Element, items: list[Piece] | tuple[Piece, ...], *, dialect: str = "tmx") -> None:
    """Append text and inline codes to ``parent`` (text goes to .text or the last child's .tail).

    ``dialect``: "tmx" (``<bpt i>``/``<ept i>``/``<ph x>``, ``type``) or "xliff12" (``id``, ``ctype``);
    both hold the original markup as the code's content.
    """
    tmx = dialect == "tmx"

    for item in items:
        if isinstance(item, str):
            append_text(parent, item)
        elif item.kind == "pc":
            tag = parent.tag.rpartition("}")[0] + "}" if parent.tag.startswith("{") else ""
            bpt = ET.SubElement(parent, tag + "bpt", {"i": item.id, "type": f"x-{item.md}"} if tmx
                                else {"id": item.id, "ctype": f"x-{item.md}"})
            bpt.text = item.open
            fill_native(parent, item.children, dialect=dialect)
            ept = ET.SubElement(parent, tag + "ept", {"i" if tmx else "id": item.id})
            ept.text = item.close
        else:
            tag = parent.tag.rpartition("}")[0] + "}" if parent.tag.startswith("{") else ""
            ph = ET.SubElement(parent, tag + "ph", {"x": item.id, "type": f"x-{item.md}"} if tmx
                               else {"id": item.id, "ctype": f"x-{item.md}"})
            ph.text = item.open


def write_tmx(units: list[TMUnit], *, tool_version: str = "") -> str:
    from edtools import __version__
    from edtools.tm.store import now_iso

    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "edtools", "creationtoolversion": tool_version or __version__,
        "datatype": "x-markdown", "segtype": "sentence", "adminlang": "en", "srclang": "es",
        "o-tmf": "edtools-sqlite", "creationdate": tmx_date(now_iso()),
    })
    body = ET.SubElement(root, "body")
    for n, u in enumerate(units, start=1):
        attrs = {"tuid": str(n)}
        if u.created:
            attrs["creationdate"] = tmx_date(u.created)
        if u.translator:
            attrs["creationid"] = xml_text(u.translator)
        tu = ET.SubElement(body, "tu", attrs)
        ET.SubElement(tu, "prop", {"type": "x-document"}).text = xml_text(u.document)
        ET.SubElement(tu, "prop", {"type": "x-origin"}).text = u.origin
        for lang, text in ((u.src_lang or "es", u.source), (u.tgt_lang or "en", u.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            fill_native(ET.SubElement(tuv, "seg"), pieces(xml_text(text)))
    indent_structure(root, leaves={"seg", "prop", "header"})
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class TmxRead:
    units: list[TMUnit]
    skipped: int  # <tu> without both a Spanish and an English variant


def native_text(tree: XmlTree, seg: ET.Element) -> str:
    out = [seg.text or ""]
    for child in seg:
        name = local(child.tag)
        if name in CODE_ELEMENTS:
            out.append("".join(child.itertext()))
        elif name == "hi":
            out.append(native_text(tree, child))
        else:
            raise tree.error(child, f"unexpected <{name}> inside <{local(seg.tag)}> (TMX allows bpt, ept, ph, it, ut, hi)")
        out.append(child.tail or "")
    return "".join(out)


def _lang_of(tuv: ET.Element) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _read_tu(tree: XmlTree, tu: ET.Element, default_doc: str) -> TMUnit | None:
    variants: dict[str, tuple[str, str, ET.Element]] = {}
    for tuv in tu:
        if local(tuv.tag) != "tuv":
            continue
        lang = _lang_of(tuv)
        if not lang:
            raise tree.error(tuv, "<tuv> without xml:lang")
        segs = [c for c in tuv if local(c.tag) == "seg"]
        if len(segs) != 1:
            raise tree.error(tuv, f"<tuv> must hold exactly one <seg> (found {len(segs)})")
        variants.setdefault(_primary(lang), (lang, native_text(tree, segs[0]), tuv))
    if "es" not in variants or "en" not in variants:
        return None
    props = {(p.get("type") or "").lower(): (p.text or "") for p in tu if local(p.tag) == "prop"}
    target_tuv = variants["en"][2]

    def attr(name: str) -> str:
        return target_tuv.get(name) or tu.get(name) or ""

    translator = attr("changeid") or attr("creationid")
    created = attr("changedate") or attr("creationdate")
    return TMUnit(
        source=variants["es"][1], target=variants["en"][1],
        document=props.get("x-document", default_doc), translator=translator,
        created=iso_date(created) if created else "", origin=props.get("x-origin") or "tmx",
        src_lang=variants["es"][0], tgt_lang=variants["en"][0],
    )


def read_tmx(path: str) -> TmxRead:
    """Every Spanish-English pair in a TMX file; a malformed file raises InputError(file:line)."""
    from pathlib import Path

    tree = read_xml_file(path)
    root = tree.root
    if local(root.tag) != "tmx":
        raise tree.error(root, f"not a TMX file (the root element is <{local(root.tag)}>, expected <tmx>)")
    header = next((c for c in root if local(c.tag) == "header"), None)
    if header is None:
        raise tree.error(root, "<tmx> has no <header>")
    if not (header.get("srclang") or "").strip():
        raise tree.error(header, "<header> has no srclang attribute")
    body = next((c for c in root if local(c.tag) == "body"), None)
    if body is None:
        raise tree.error(root, "<tmx> has no <body>")
    units: list[TMUnit] = []
    skipped = 0
    for tu in body:
        if local(tu.tag) != "tu":
            raise tree.error(tu, f"unexpected <{local(tu.tag)}> in <body> (expected <tu>)")
        unit = _read_tu(tree, tu, Path(tree.name).name)
        if unit is None:
            skipped += 1
        else:
            units.append(unit)
    return TmxRead(units, skipped)


__all__ = ["Code", "TmxRead", "read_tmx", "write_tmx"]
