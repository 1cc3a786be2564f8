"""The XLIFF 2.x core rules that an importer must enforce, checked by hand (no schema at run time).

``check_core(tree)`` raises :class:`edtools.errors.InputError` ``file:line: reason`` on the first
broken rule. It covers the core schema's structure (which elements may appear where, in what
order; which attributes each core element takes; attribute value types) and the constraints the
schema cannot express: unique ids (files, groups, units, segments and ignorables, data, notes,
inline codes), ``trgLang`` required once a target exists, ``xml:lang`` of source and target equal
to ``srcLang``/``trgLang``, a segment with exactly one source and at most one target, ``dataRef``
pointing at existing ``<data>``, ``<ec>``/``<em>`` after their start, unique ``order`` values,
``subState`` only with ``state``, a skeleton with either ``href`` or content. Extension elements
and attributes (other namespaces) are accepted where the core allows them, and ignored.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from edtools.xmlsafe import XmlTree, local, namespace

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
LANG = f"{{{XML_NS}}}lang"
SPACE = f"{{{XML_NS}}}space"
_BCP47 = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_NMTOKEN = re.compile(r"^[\w.\-:]+$", re.UNICODE)
_USER_VALUE = re.compile(r"^[^\s:]+:[^\s:]+$")
# subType values reserved by the core, and the type each one requires
XLF_SUBTYPES = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:var": "ui"}
CAN_ATTRS = (("canCopy", "yes"), ("canDelete", "yes"), ("canOverlap", "yes"), ("canReorder", "yes"))


def _module_namespace(ns: str) -> bool:
    """Inline codes take attributes from the XLIFF modules only, not from arbitrary extensions."""
    return ns.startswith("urn:oasis:names:tc:xliff:") or ns == "http://www.w3.org/2005/11/its"

YES_NO = ("yes", "no")
INLINE = ("cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em")
_CODE_COMMON = {"canCopy": YES_NO, "canDelete": YES_NO, "canReorder": ("yes", "firstNo", "no"), "copyOf": "id",
                "id": "id", "subType": "user", "type": ("fmt", "ui", "quote", "link", "image", "other")}
# element -> (attributes and their value rule, extension attributes allowed, xml:* attributes allowed)
ATTRS: dict[str, tuple[dict[str, object], bool, tuple[str, ...]]] = {
    "xliff": ({"version": None, "srcLang": "lang", "trgLang": "lang"}, True, ("space", "lang")),
    "file": ({"id": "id", "canResegment": YES_NO, "original": None, "translate": YES_NO,
              "srcDir": ("ltr", "rtl", "auto"), "trgDir": ("ltr", "rtl", "auto")}, True, ("space", "lang")),
    "skeleton": ({"href": None}, False, ()),
    "group": ({"id": "id", "name": None, "canResegment": YES_NO, "translate": YES_NO, "srcDir": ("ltr", "rtl", "auto"),
               "trgDir": ("ltr", "rtl", "auto"), "type": "user"}, True, ("space", "lang")),
    "unit": ({"id": "id", "name": None, "canResegment": YES_NO, "translate": YES_NO, "srcDir": ("ltr", "rtl", "auto"),
              "trgDir": ("ltr", "rtl", "auto"), "type": "user"}, True, ("space", "lang")),
    "segment": ({"id": "id", "canResegment": YES_NO, "state": ("initial", "translated", "reviewed", "final"),
                 "subState": "user"}, False, ()),
    "ignorable": ({"id": "id"}, False, ()),
    "notes": ({}, False, ()),
    "note": ({"id": "id", "appliesTo": ("source", "target"), "category": None, "priority": "priority"}, True, ()),
    "originalData": ({}, False, ()),
    "data": ({"id": "id", "dir": ("ltr", "rtl", "auto")}, False, ("space",)),
    "source": ({}, False, ("lang", "space")),
    "target": ({"order": "positive"}, False, ("lang", "space")),
    "cp": ({"hex": "hex"}, False, ()),
    "ph": ({**_CODE_COMMON, "disp": None, "equiv": None, "dataRef": "id", "subFlows": "ids"}, True, ()),
    "pc": ({**_CODE_COMMON, "canOverlap": YES_NO, "dispEnd": None, "dispStart": None, "equivEnd": None,
            "equivStart": None, "dataRefEnd": "id", "dataRefStart": "id", "subFlowsEnd": "ids",
            "subFlowsStart": "ids", "dir": ("ltr", "rtl", "auto")}, True, ()),
    "sc": ({**_CODE_COMMON, "canOverlap": YES_NO, "dataRef": "id", "dir": ("ltr", "rtl", "auto"), "disp": None,
            "equiv": None, "isolated": YES_NO, "subFlows": "ids"}, True, ()),
    "ec": ({**_CODE_COMMON, "canOverlap": YES_NO, "dataRef": "id", "dir": ("ltr", "rtl", "auto"), "disp": None,
            "equiv": None, "isolated": YES_NO, "startRef": "id", "subFlows": "ids"}, True, ()),
    "mrk": ({"id": "id", "translate": YES_NO, "type": "mrktype", "ref": None, "value": None}, True, ()),
    "sm": ({"id": "id", "translate": YES_NO, "type": "mrktype", "ref": None, "value": None}, True, ()),
    "em": ({"startRef": "id"}, False, ()),
}
REQUIRED = {"xliff": ("version", "srcLang"), "file": ("id",), "group": ("id",), "unit": ("id",), "data": ("id",),
            "cp": ("hex",), "ph": ("id",), "pc": ("id",), "sc": ("id",), "mrk": ("id",), "sm": ("id",),
            "em": ("startRef",)}


def _value_ok(rule: object, value: str) -> bool:
    if rule is None:
        return True
    if isinstance(rule, tuple):
        return value in rule
    return {
        "id": lambda v: bool(_NMTOKEN.match(v)),
        "ids": lambda v: all(_NMTOKEN.match(x) for x in v.split()) and bool(v.split()),
        "lang": lambda v: bool(_BCP47.match(v)),
        "user": lambda v: bool(_USER_VALUE.match(v)),
        "mrktype": lambda v: v in ("generic", "comment", "term") or bool(_USER_VALUE.match(v)),
        "priority": lambda v: v.isdigit() and 1 <= int(v) <= 10,
        "positive": lambda v: v.isdigit() and int(v) >= 1,
        "hex": lambda v: bool(re.fullmatch(r"(?:[0-9A-Fa-f]{2})+", v)),
    }[str(rule)](value)


class _Core:
    def __init__(self, tree: XmlTree) -> None:
        self.tree = tree
        self.src_lang = ""
        self.trg_lang: str | None = None

    def fail(self, el: ET.Element, reason: str) -> None:
        raise self.tree.error(el, reason)

    def core(self, el: ET.Element) -> bool:
        return namespace(el.tag) == NS

    # -------------------------------------------------------------- attributes

    def attributes(self, el: ET.Element) -> None:
        name = local(el.tag)
        allowed, other_ok, xml_ok = ATTRS[name]
        for key, value in el.attrib.items():
            ns, attr = namespace(key), local(key)
            if ns == XML_NS:
                if attr not in xml_ok:
                    self.fail(el, f"<{name}> may not carry xml:{attr}")
                if attr == "lang" and not _BCP47.match(value):
                    self.fail(el, f"xml:lang {value!r} is not a valid language tag")
                if attr == "space" and value not in ("default", "preserve"):
                    self.fail(el, f"xml:space must be default or preserve, not {value!r}")
                continue
            if ns:
                if ns == NS or not other_ok or (name in ("ph", "pc", "sc", "ec") and not _module_namespace(ns)):
                    self.fail(el, f"<{name}> does not take the attribute {key}")
                continue
            if attr not in allowed:
                self.fail(el, f"<{name}> does not take the attribute {attr!r}")
            if not _value_ok(allowed[attr], value):
                self.fail(el, f"<{name}> has an invalid {attr}={value!r}")
        for attr in REQUIRED.get(name, ()):
            if attr not in el.attrib:
                self.fail(el, f"<{name}> without the required {attr} attribute")
        if name == "segment" and "subState" in el.attrib and "state" not in el.attrib:
            self.fail(el, "<segment> has subState without state")
        if "subType" in el.attrib and "type" not in el.attrib:
            self.fail(el, f"<{name}> has subType without type")
        sub = el.get("subType", "")
        if sub.startswith("xlf:") and XLF_SUBTYPES.get(sub) != el.get("type"):
            self.fail(el, f"<{name}> subType={sub!r} is not allowed with type={el.get('type')!r}")

    def children(self, el: ET.Element) -> list[ET.Element]:
        """The element's core children; extension elements only where the core allows them."""
        name = local(el.tag)
        out = []
        for child in el:
            if self.core(child):
                out.append(child)
            elif namespace(child.tag) == "" or name not in ("file", "group", "unit", "skeleton"):
                self.fail(child, f"<{local(child.tag)}> is not allowed inside <{name}>")
        return out

    # -------------------------------------------------------------- structure

    def ordered(self, el: ET.Element, stages: dict[str, int], once: tuple[str, ...], ext_stage: int) -> None:
        """Children in the core's order (extension elements at ``ext_stage``), ``once`` at most once."""
        stage, seen = -1, set()
        for child in el:
            name = local(child.tag) if self.core(child) else "##other"
            at = ext_stage if name == "##other" else stages.get(name)
            if at is None:
                self.fail(child, f"<{name}> is not allowed inside <{local(el.tag)}>")
            if at < stage:
                self.fail(child, f"<{name}> is out of order inside <{local(el.tag)}>")
            if name in once and name in seen:
                self.fail(child, f"<{local(el.tag)}> has more than one <{name}>")
            seen.add(name)
            stage = at

    def extension_ids(self, parent: ET.Element) -> None:
        """Extension elements that carry an id: unique among their siblings, at every depth."""
        seen: set[tuple[str, str]] = set()
        for child in parent:
            if self.core(child):
                continue
            ext_id = child.get("id") or child.get(f"{{{XML_NS}}}id")
            if ext_id is not None:
                key = (namespace(child.tag), ext_id)
                if key in seen:
                    self.fail(child, f"extension element id {key[1]!r} is not unique")
                seen.add(key)
            self.extension_ids(child)

    def document(self) -> None:
        root = self.tree.root
        if local(root.tag) != "xliff" or not self.core(root):
            self.fail(root, f"not an XLIFF 2 document (root <{local(root.tag)}> in namespace {namespace(root.tag)!r})")
        self.attributes(root)
        if not str(root.get("version", "")).startswith("2."):
            self.fail(root, f"unsupported XLIFF version {root.get('version')!r} (expected 2.0, 2.1 or 2.2)")
        self.src_lang, self.trg_lang = root.get("srcLang", ""), root.get("trgLang")
        files = self.children(root)
        if not files:
            self.fail(root, "<xliff> has no <file>")
        ids: set[str] = set()
        for f in files:
            if local(f.tag) != "file":
                self.fail(f, f"<{local(f.tag)}> is not allowed inside <xliff>")
            if f.get("id") in ids:
                self.fail(f, f"file id {f.get('id')!r} is not unique")
            ids.add(f.get("id", ""))
            self.file(f, _inherit(root, Inherited()))

    def file(self, f: ET.Element, up: Inherited) -> None:
        up = _inherit(f, up)
        self.extension_ids(f)
        self.unit_ids: set[str] = set()
        self.subflows: list[tuple[ET.Element, str]] = []
        self.attributes(f)
        self.ordered(f, {"skeleton": 0, "notes": 2, "unit": 3, "group": 3}, ("skeleton", "notes"), 1)
        units: set[str] = set()
        groups: set[str] = set()
        found = False
        for child in self.children(f):
            name = local(child.tag)
            if name == "skeleton":
                self.skeleton(child)
            elif name == "notes":
                self.notes(child)
            else:
                found = True
                self.container(child, units, groups, up)
        if not found:
            self.fail(f, "<file> has no <unit> or <group>")
        for el, ref in self.subflows:
            if ref not in units:
                self.fail(el, f"subFlows names {ref!r}, which is no unit of this file")

    def skeleton(self, sk: ET.Element) -> None:
        self.attributes(sk)
        has_content = bool((sk.text or "").strip()) or len(sk) > 0
        if sk.get("href") is not None and has_content:
            self.fail(sk, "<skeleton> has both href and content")
        if sk.get("href") is None and not has_content:
            self.fail(sk, "<skeleton> has neither href nor content")

    def container(self, el: ET.Element, units: set[str], groups: set[str], up: Inherited) -> None:
        name = local(el.tag)
        up = _inherit(el, up)
        ids = units if name == "unit" else groups
        if el.get("id") in ids:
            self.fail(el, f"{name} id {el.get('id')!r} is not unique in its file")
        ids.add(el.get("id", ""))
        if name == "unit":
            self.unit(el, up)
            return
        self.attributes(el)
        self.extension_ids(el)
        self.ordered(el, {"notes": 1, "unit": 2, "group": 2}, ("notes",), 0)
        for child in self.children(el):
            if local(child.tag) == "notes":
                self.notes(child)
            else:
                self.container(child, units, groups, up)

    def notes(self, notes: ET.Element) -> None:
        self.attributes(notes)
        items = self.children(notes)
        if not items:
            self.fail(notes, "<notes> without a <note>")
        ids: set[str] = set()
        for note in items:
            if local(note.tag) != "note":
                self.fail(note, f"<{local(note.tag)}> is not allowed inside <notes>")
            self.attributes(note)
            if len(note):
                self.fail(note[0], "<note> holds text only")
            if note.get("id") is not None:
                if note.get("id") in ids:
                    self.fail(note, f"note id {note.get('id')!r} is not unique")
                ids.add(note.get("id", ""))

    def unit(self, unit: ET.Element, up: Inherited) -> None:
        self.attributes(unit)
        self.extension_ids(unit)
        self.ordered(unit, {"notes": 1, "originalData": 2, "segment": 3, "ignorable": 3},
                     ("notes", "originalData"), 0)
        data: set[str] = set()
        parts: set[str] = set()
        orders: set[str] = set()
        content = []
        for child in self.children(unit):
            name = local(child.tag)
            if name == "notes":
                self.notes(child)
            elif name == "originalData":
                data = self.original_data(child)
            else:
                content.append(child)
        if not any(local(c.tag) == "segment" for c in content):
            self.fail(unit, "<unit> has no <segment>")
        ctx = _UnitContext(data)
        ctx.unit = unit.get("id", "")
        notes_el = next((c for c in unit if c.tag == f"{{{NS}}}notes"), None)
        ctx.notes = {n.get("id", "") for n in notes_el if n.get("id")} if notes_el is not None else set()
        for position, part in enumerate(content, start=1):
            if part.get("id") is not None:
                if part.get("id") in parts:
                    self.fail(part, f"segment/ignorable id {part.get('id')!r} is not unique in its unit")
                parts.add(part.get("id", ""))
            self.part(part, ctx, orders, up, position)
        self.unit_end(ctx)
        for order in orders:
            if int(order) > len(content):
                self.fail(unit, f"target order {order} is beyond the unit's {len(content)} segments")

    def original_data(self, od: ET.Element) -> set[str]:
        self.attributes(od)
        items = self.children(od)
        if not items:
            self.fail(od, "<originalData> without <data>")
        ids: set[str] = set()
        for d in items:
            if local(d.tag) != "data":
                self.fail(d, f"<{local(d.tag)}> is not allowed inside <originalData>")
            self.attributes(d)
            if d.get("id") in ids:
                self.fail(d, f"data id {d.get('id')!r} is not unique")
            ids.add(d.get("id", ""))
            for c in self.children(d):
                if local(c.tag) != "cp":
                    self.fail(c, f"<{local(c.tag)}> is not allowed inside <data>")
                self.cp(c)
        return ids

    def part(self, part: ET.Element, ctx: _UnitContext, orders: set[str], up: Inherited, position: int) -> None:
        self.attributes(part)
        kids = self.children(part)
        names = [local(k.tag) for k in kids]
        if not names or names[0] != "source":
            self.fail(part, f"<{local(part.tag)}> without a <source> first")
        if names.count("source") > 1:
            self.fail(kids[names.index("source", 1)], f"<{local(part.tag)}> with two <source> elements")
        if len(names) > 2 or (len(names) == 2 and names[1] != "target"):
            self.fail(kids[min(len(kids) - 1, 2 if len(names) > 2 else 1)],
                      f"<{local(part.tag)}> holds one <source> and at most one <target>")
        spaces = set()
        for k in kids:
            side = local(k.tag)
            self.attributes(k)
            lang = k.get(LANG) or up.lang
            spaces.add(k.get(SPACE) or up.space)
            if side == "target":
                if self.trg_lang is None:
                    self.fail(k, "a <target> in a document without trgLang")
                if lang is not None and lang.lower() != self.trg_lang.lower():
                    self.fail(k, f"the target's language {lang!r} (xml:lang) differs from trgLang {self.trg_lang!r}")
                order = k.get("order") or str(position)
                if order in orders:
                    self.fail(k, f"target order {order} is not unique in its unit")
                orders.add(order)
            elif lang is not None and lang.lower() != self.src_lang.lower():
                self.fail(k, f"the source's language {lang!r} (xml:lang) differs from srcLang {self.src_lang!r}")
            self.inline(k, ctx, ctx.side(side))
        if len(spaces) > 1:
            self.fail(part, "source and target have different xml:space")
        if len(kids) > 1:
            keep = [c.get("id", "") for c in kids[0].iter() if c.get("canDelete") == "no" and local(c.tag) in INLINE]
            if keep:
                ctx.keep.append((part, keep))

    def cp(self, c: ET.Element) -> None:
        self.attributes(c)
        value = int(c.get("hex", "0"), 16)
        if value > 0x10FFFF:
            self.fail(c, f"<cp hex={c.get('hex')!r}> is not a Unicode code point")
        if value in (0x9, 0xA, 0xD) or 0x20 <= value <= 0xD7FF or 0xE000 <= value <= 0xFFFD or value >= 0x10000:
            self.fail(c, f"<cp hex={c.get('hex')!r}> codes a character XML allows: write it as text")

    def unit_end(self, ctx: _UnitContext) -> None:
        """Rules that need the whole unit: pairs closed, copyOf targets, non-removable codes kept."""
        for side in ("source", "target"):
            for cid, el in ctx.open_sc[side].items():
                self.fail(el, f"<sc id={cid!r}> has no <ec> in its unit: it must be isolated='yes'")
            for cid, el in ctx.open_sm[side].items():
                self.fail(el, f"<sm id={cid!r}> has no <em> in its unit")
            for el, ref in ctx.copies[side]:
                base = ctx.elements[side].get(ref)
                if base is None:
                    self.fail(el, f"copyOf={ref!r} names no inline code of this unit")
                if base.get("canCopy") == "no":
                    self.fail(el, f"copyOf={ref!r} copies a code with canCopy='no'")
        all_targets = set(ctx.elements["target"])
        for part, required in ctx.keep:
            for cid in required:
                if cid not in all_targets:
                    self.fail(part, f"inline code {cid!r} has canDelete='no' but no target of the unit keeps it")

    def inline(self, el: ET.Element, ctx: _UnitContext, ids: dict[str, str]) -> None:
        side = "target" if ids is ctx.side("target") else "source"
        for child in self.children(el):
            name = local(child.tag)
            if name not in INLINE:
                self.fail(child, f"<{name}> is not allowed inside <{local(el.tag)}>")
            if name == "cp":
                self.cp(child)
                continue
            self.attributes(child)
            if name in ("ph", "pc", "sc", "mrk", "sm") or (name == "ec" and child.get("id") is not None):
                cid = child.get("id", "")
                if cid in ids and not (name == "ec" and ids[cid] == "sc-isolated"):
                    self.fail(child, f"inline id {cid!r} is used twice")
                ids[cid] = "sc-isolated" if name == "sc" and child.get("isolated") == "yes" else name
                ctx.elements[side][cid] = child
                if name == "sc" and child.get("isolated") != "yes":
                    ctx.open_sc[side][cid] = child
                if name == "sm":
                    ctx.open_sm[side][cid] = child
            if child.get("copyOf") is not None:
                if any(a in child.attrib for a in ("dataRef", "dataRefStart", "dataRefEnd")):
                    self.fail(child, "a code with copyOf has no original data of its own")
                ctx.copies[side].append((child, child.get("copyOf", "")))
            for attr in ("subFlows", "subFlowsStart", "subFlowsEnd"):
                for ref in child.get(attr, "").split():
                    self.subflows.append((child, ref))
            if name in ("mrk", "sm") and child.get("type") == "comment":
                self.comment(child, ctx)
            for attr in ("dataRef", "dataRefStart", "dataRefEnd"):
                ref = child.get(attr)
                if ref is not None and ref not in ctx.data:
                    self.fail(child, f"{attr}={ref!r} names no <data> in this unit's <originalData>")
            if name == "ec":
                self.end_code(child, ids)
                start = ctx.open_sc[side].pop(child.get("startRef", ""), None)
                if start is not None:
                    for attr, default in CAN_ATTRS:
                        if start.get(attr, default) != child.get(attr, default):
                            self.fail(child, f"<ec> and its <sc> differ in {attr}")
            if name == "em":
                if ids.get(child.get("startRef", "")) != "sm":
                    self.fail(child, f"<em startRef={child.get('startRef')!r}> without a preceding <sm>")
                ctx.open_sm[side].pop(child.get("startRef", ""), None)
            if name in ("pc", "mrk"):
                self.inline(child, ctx, ids)
            elif len(child):
                self.fail(child[0], f"<{name}> is empty by definition")

    def comment(self, el: ET.Element, ctx: _UnitContext) -> None:
        value, ref = el.get("value"), el.get("ref")
        if (value is None) == (ref is None):
            self.fail(el, "a comment annotation has either value or ref, not both or neither")
        if ref is None:
            return
        if "n=" not in ref:
            self.fail(el, f"a comment annotation's ref must point at a note (#n=…), not {ref!r}")
        path = ref.lstrip("#").split("/")
        if any(p.startswith(("f=", "g=")) for p in path) and f"u={ctx.unit}" not in path:
            self.fail(el, f"the comment refers to a note outside its unit ({ref!r})")
        note = ref.rsplit("n=", 1)[1]
        if note not in ctx.notes:
            self.fail(el, f"the comment refers to note {note!r}, which this unit does not have")

    def end_code(self, ec: ET.Element, ids: dict[str, str]) -> None:
        isolated = ec.get("isolated") == "yes"
        if isolated and ec.get("startRef") is not None:
            self.fail(ec, "an isolated <ec> uses id, not startRef")
        if isolated and ec.get("id") is None:
            self.fail(ec, "an isolated <ec> needs an id")
        if not isolated:
            ref = ec.get("startRef")
            if ref is None:
                self.fail(ec, "<ec> without startRef must be isolated='yes'")
            if ids.get(ref or "") not in ("sc",):
                self.fail(ec, f"<ec startRef={ref!r}> without a preceding <sc id={ref!r}> in this unit")


class Inherited:
    """xml:lang and xml:space as inherited down the structure."""

    def __init__(self, lang: str | None = None, space: str = "default") -> None:
        self.lang = lang
        self.space = space


def _inherit(el: ET.Element, up: Inherited) -> Inherited:
    return Inherited(el.get(LANG) or up.lang, el.get(SPACE) or up.space)


class _UnitContext:
    """Per-unit bookkeeping: data ids, and the inline ids seen in sources and in targets."""

    def __init__(self, data: set[str]) -> None:
        self.data = data
        self.notes: set[str] = set()
        self.unit = ""
        self._ids: dict[str, dict[str, str]] = {"source": {}, "target": {}}
        self.elements: dict[str, dict[str, ET.Element]] = {"source": {}, "target": {}}
        self.open_sc: dict[str, dict[str, ET.Element]] = {"source": {}, "target": {}}
        self.open_sm: dict[str, dict[str, ET.Element]] = {"source": {}, "target": {}}
        self.copies: dict[str, list[tuple[ET.Element, str]]] = {"source": [], "target": []}
        self.keep: list[tuple[ET.Element, list[str]]] = []  # (segment, its canDelete='no' source codes)

    def side(self, name: str) -> dict[str, str]:
        return self._ids[name]


def check_core(tree: XmlTree) -> tuple[str, str | None]:
    """Enforce the XLIFF 2 core rules on a parsed document; return (srcLang, trgLang)."""
    core = _Core(tree)
    core.document()
    return core.src_lang, core.trg_lang
