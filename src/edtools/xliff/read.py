"""Reading an XLIFF file back: validate, rebuild the document, collect the approved segments.

XLIFF 2.x files are checked against the core rules (:mod:`edtools.xliff.core`), then against what
edtools needs: Spanish to English, one ``<file>`` whose skeleton holds the edtools document (its
SHA-256 intact), units ``b<block>`` and segments ``s<id>`` that name the document's blocks and
sentences, each source equal to its sentence, target codes that exist in the source. XLIFF 1.2
files get the same edtools checks. Every refusal is one ``file:line: reason``; nothing is written
before the whole file passed.

Targets become Markdown again: each ``<pc>``/``<ph>`` (1.2: ``<bpt>``/``<ept>``/``<ph>``) is replaced
by its original data, so link targets and code spans come back byte for byte whatever the
translator did to the text around them. A segment without a target keeps its Spanish (counted).
Segments whose state is ``translated``, ``reviewed`` or ``final`` (1.2: ``translated``,
``signed-off``, ``final``, or ``approved="yes"``) are the approved pairs to learn.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from edtools.xliff.core import NS as NS2
from edtools.xliff.core import check_core
from edtools.xliff.write import EDT, NS12
from edtools.xmlsafe import XmlTree, local, namespace, read_xml_file

LEARN_STATES_2 = ("translated", "reviewed", "final")
LEARN_STATES_12 = ("translated", "signed-off", "final")
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@dataclass
class Imported:
    text: str = ""  # the rebuilt document, "\n" newlines
    newline: str = "\n"  # the original document's newline style
    document: str = ""  # the document's name (skeleton)
    segments: int = 0
    translated: int = 0  # segments with a non-empty target
    approved: list[tuple[str, str]] = field(default_factory=list)  # (source, target) to learn
    codes_missing: int = 0  # source codes the translator dropped from a target
    version: str = ""


def _primary(lang: str | None) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


def _check_languages(tree: XmlTree, el: ET.Element, src: str | None, trg: str | None) -> None:
    if _primary(src) != "es" or (trg is not None and _primary(trg) != "en"):
        raise tree.error(el, f"wrong languages: source {src!r}, target {trg!r} (edtools exchanges Spanish → English: "
                             "srcLang es, trgLang en)")


def _skeleton(tree: XmlTree, holder: ET.Element | None, where: ET.Element) -> tuple[Any, str]:
    """The document kept in the skeleton, parsed; and its newline style."""
    from edtools.document import parse_document

    doc_el = None if holder is None else next((c for c in holder.iter() if c.tag == f"{{{EDT}}}document"), None)
    if doc_el is None:
        raise tree.error(where, "not an edtools XLIFF: its skeleton holds no edtools document, so the document "
                                "cannot be rebuilt (export it with `edtools xliff export` or `translate --xliff`)")
    text = doc_el.text or ""
    expected = doc_el.get("sha256", "")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != expected:
        raise tree.error(doc_el, "the document in the skeleton was altered (its SHA-256 does not match)")
    fmt = doc_el.get("format", "markdown")
    if fmt not in ("markdown", "text"):
        raise tree.error(doc_el, f"unknown document format {fmt!r}")
    doc = parse_document(text, fmt=fmt, path=doc_el.get("name") or "document")
    return doc, NEWLINES.get(doc_el.get("newline", "lf"), "\n")


def _md2(el: ET.Element, data: dict[str, str], ids: list[str]) -> str:
    """XLIFF 2 inline content back to Markdown (codes replaced by their original data)."""
    out = [el.text or ""]
    for child in el:
        name = local(child.tag)
        if name == "pc":
            ids.append(child.get("id", ""))
            out.append(data.get(child.get("dataRefStart", ""), "") + _md2(child, data, ids)
                       + data.get(child.get("dataRefEnd", ""), ""))
        elif name in ("ph", "sc", "ec"):
            if child.get("id"):
                ids.append(child.get("id", ""))
            out.append(data.get(child.get("dataRef", ""), ""))
        elif name == "mrk":
            out.append(_md2(child, data, ids))
        elif name == "cp":
            out.append(chr(int(child.get("hex", "0"), 16)))
        out.append(child.tail or "")
    return "".join(out)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


class _Rebuilder:
    def __init__(self, tree: XmlTree, doc: Any, newline: str, version: str) -> None:
        self.tree = tree
        self.doc = doc
        self.segments = {s.id: s for s in doc.segments("es")}
        self.targets: dict[int, str] = {}
        self.result = Imported(newline=newline, document=str(doc.path), segments=len(self.segments),
                               version=version)

    def segment_of(self, el: ET.Element, sid: str | None, block: int | None) -> Any:
        if not sid:
            raise self.tree.error(el, f"<{local(el.tag)}> without an id: edtools cannot tell which sentence it is")
        number = sid[1:] if sid.startswith("s") else ""
        seg = self.segments.get(int(number)) if number.isdigit() else None
        if seg is None or (block is not None and seg.block != block):
            raise self.tree.error(el, f"unknown segment id {sid!r}: the document has no such sentence"
                                      + (f" in block b{block}" if block is not None else ""))
        if seg.id in self.targets:
            raise self.tree.error(el, f"segment id {sid!r} appears twice")
        return seg

    def take(self, el: ET.Element, seg: Any, source: str, target: str | None, approved: bool,
             missing: int) -> None:
        if not _same(source, seg.text):
            raise self.tree.error(el, f"the source of segment s{seg.id} differs from the document's sentence "
                                      f"(line {seg.line}): sources must come back unchanged")
        self.result.codes_missing += missing
        if target is None or not target.strip():
            return
        self.targets[seg.id] = target.strip()
        self.result.translated += 1
        if approved:
            self.result.approved.append((seg.text, target.strip()))

    def finish(self) -> Imported:
        from edtools.xliff.rebuild import render_segments

        self.result.text = render_segments(self.doc, self.targets)
        return self.result


# ------------------------------------------------------------------ XLIFF 2


def _units(el: ET.Element) -> list[ET.Element]:
    found = []
    for child in el:
        if child.tag == f"{{{NS2}}}unit":
            found.append(child)
        elif child.tag == f"{{{NS2}}}group":
            found.extend(_units(child))
    return found


def _read2(tree: XmlTree) -> Imported:
    src, trg = check_core(tree)
    root = tree.root
    _check_languages(tree, root, src, trg)
    files = [f for f in root if f.tag == f"{{{NS2}}}file"]
    if len(files) != 1:
        raise tree.error(files[1], "edtools XLIFF files hold one <file>; this one has several")
    file_el = files[0]
    skeleton = next((c for c in file_el if c.tag == f"{{{NS2}}}skeleton"), None)
    doc, newline = _skeleton(tree, skeleton, file_el)
    rb = _Rebuilder(tree, doc, newline, root.get("version", "2"))
    for unit in _units(file_el):
        uid = unit.get("id", "")
        block = int(uid[1:]) if uid.startswith("b") and uid[1:].isdigit() else None
        if block is None or block >= len(doc.blocks) or not doc.blocks[block].translatable:
            raise tree.error(unit, f"unknown unit id {uid!r}: the document has no such translatable block")
        od = next((c for c in unit if c.tag == f"{{{NS2}}}originalData"), None)
        data = {d.get("id", ""): "".join(d.itertext()) for d in od} if od is not None else {}
        for part in unit:
            if part.tag != f"{{{NS2}}}segment":
                continue
            seg = rb.segment_of(part, part.get("id"), block)
            src_ids: list[str] = []
            tgt_ids: list[str] = []
            source = _md2(part[0], data, src_ids)
            target_el = part[1] if len(part) > 1 else None
            target = _md2(target_el, data, tgt_ids) if target_el is not None else None
            unknown = [i for i in tgt_ids if i not in src_ids]
            if unknown:
                raise tree.error(target_el, f"the target of s{seg.id} has inline code id {unknown[0]!r} "
                                            "that its source does not have")
            missing = len([i for i in src_ids if i not in tgt_ids]) if target else 0
            state = part.get("state", "initial")
            rb.take(part, seg, source, target, state in LEARN_STATES_2, missing)
    return rb.finish()


# ------------------------------------------------------------------ XLIFF 1.2


def _md12(tree: XmlTree, el: ET.Element) -> str:
    out = [el.text or ""]
    for child in el:
        name = local(child.tag)
        if name in ("bpt", "ept", "ph", "it"):
            out.append("".join(child.itertext()))
        elif name in ("g", "mrk"):
            out.append(_md12(tree, child))
        elif name not in ("x", "bx", "ex"):
            raise tree.error(child, f"unexpected <{name}> inside <{local(el.tag)}>")
        out.append(child.tail or "")
    return "".join(out)


def _read12(tree: XmlTree) -> Imported:
    root = tree.root
    files = [f for f in root if f.tag == f"{{{NS12}}}file"]
    if len(files) != 1:
        raise tree.error(root if not files else files[1], "edtools XLIFF files hold exactly one <file>")
    file_el = files[0]
    src, trg = file_el.get("source-language"), file_el.get("target-language")
    if not src:
        raise tree.error(file_el, "<file> without source-language")
    units = list(file_el.iter(f"{{{NS12}}}trans-unit"))
    has_target = any(u.find(f"{{{NS12}}}target") is not None for u in units)
    if has_target and not trg:
        raise tree.error(file_el, "targets in a <file> without target-language")
    _check_languages(tree, file_el, src, trg)
    header = file_el.find(f"{{{NS12}}}header")
    doc, newline = _skeleton(tree, header, file_el)
    rb = _Rebuilder(tree, doc, newline, "1.2")
    for tu in units:
        sources = tu.findall(f"{{{NS12}}}source")
        targets = tu.findall(f"{{{NS12}}}target")
        if len(sources) != 1:
            raise tree.error(tu, f"<trans-unit> must hold exactly one <source> (found {len(sources)})")
        if len(targets) > 1:
            raise tree.error(targets[1], "<trans-unit> with two <target> elements")
        seg = rb.segment_of(tu, tu.get("id"), None)
        target_el = targets[0] if targets else None
        for side, lang, want in ((sources[0], sources[0].get("{http://www.w3.org/XML/1998/namespace}lang"), src),
                                 (target_el, None if target_el is None else
                                  target_el.get("{http://www.w3.org/XML/1998/namespace}lang"), trg)):
            if lang is not None and want is not None and lang.lower() != want.lower():
                raise tree.error(side, f"xml:lang {lang!r} differs from the file's {want!r}")
        target = _md12(tree, target_el) if target_el is not None else None
        approved = tu.get("approved") == "yes" or (target_el is not None and target_el.get("state") in LEARN_STATES_12)
        rb.take(tu, seg, _md12(tree, sources[0]), target, approved, 0)
    return rb.finish()


def read_xliff(path: str) -> Imported:
    """Validate and read an XLIFF 2.x or 1.2 file written by edtools (and edited by a CAT tool)."""
    tree = read_xml_file(path)
    ns = namespace(tree.root.tag)
    if local(tree.root.tag) != "xliff" or ns not in (NS2, NS12):
        raise tree.error(tree.root, f"not an XLIFF file (root <{local(tree.root.tag)}> in namespace {ns!r})")
    if ns == NS12:
        if tree.root.get("version") != "1.2":
            raise tree.error(tree.root, f"XLIFF 1.2 namespace with version {tree.root.get('version')!r}")
        return _read12(tree)
    return _read2(tree)
