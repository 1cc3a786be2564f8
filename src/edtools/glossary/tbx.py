"""TBX reading (TBX-Basic v3 ``conceptEntry/langSec/termSec`` and TBX 2008/MARTIF
``termEntry/langSet/tig``) through defusedxml, with file:line for every problem.

Mapping to entries (documented in docs/glossary.md):
- the Spanish preferred term (or the first one) is ``es``; other Spanish terms are ``es_variants``;
- the English preferred term (or first admitted one) is ``en``; English terms whose
  ``administrativeStatus`` is deprecated, superseded or forbidden are ``avoid``;
- concept-level ``note`` is ``note``, ``admin``/``descrip`` of type ``source`` is ``ref``,
  ``descrip type="subjectField"`` gives ``tags``; notes starting ``edtools-case:``,
  ``edtools-exception:``, ``edtools-en-lower:``, ``edtools-en-plural:``, ``edtools-inflect:``
  carry the fields TBX has no category for, so that a round trip loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from edtools.glossary.model import Problem, RawEntry, RawField

AVOID_STATUSES = ("deprecated", "superseded", "forbidden", "obsolete")
EDTOOLS_NOTE_FIELDS = {
    "edtools-case": "case",
    "edtools-exception": "exceptions",
    "edtools-en-lower": "en_lower",
    "edtools-en-plural": "en_plural",
    "edtools-inflect": "inflect",
    "edtools-id": "id",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list["Node"] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def all_text(self) -> str:
        return "".join([self.text, *(c.all_text() for c in self.children)])

    def find_all(self, tag: str) -> list["Node"]:
        return [c for c in self.children if c.tag == tag]

    def find(self, tag: str) -> "Node | None":
        for c in self.children:
            if c.tag == tag:
                return c
        return None


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1] if ":" in name and not name.startswith("xml:") else name


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: Node | None = None
        self.stack: list[Node] = []
        self.locator = None

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    def _pos(self) -> tuple[int, int]:
        if self.locator is None:
            return 0, 0
        return self.locator.getLineNumber() or 0, (self.locator.getColumnNumber() or 0) + 1

    def startElement(self, name, attrs) -> None:  # noqa: N802
        line, col = self._pos()
        node = Node(_local(name), {k: v for k, v in attrs.items()}, line, col)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


def parse_xml(path: str, data: bytes) -> tuple[Node | None, Problem | None]:
    import defusedxml

    from io import BytesIO
    from xml.sax import InputSource
    from xml.sax.handler import ErrorHandler

    from defusedxml.expatreader import DefusedExpatParser

    class _Parser(DefusedExpatParser):
        """defusedxml, except that a DOCTYPE's external DTD (TBX 2008 files name one) is skipped
        unread instead of refused; every other external reference is still refused."""

        def reset(self) -> None:
            super().reset()
            forbid = self._parser.ExternalEntityRefHandler

            def handler(context, base, sysid, pubid):
                if context is None:  # the external DTD subset: ignore it, never fetch it
                    return 1
                return forbid(context, base, sysid, pubid)

            self._parser.ExternalEntityRefHandler = handler

    builder = _Builder()
    try:
        parser = _Parser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        parser.setContentHandler(builder)
        parser.setErrorHandler(ErrorHandler())
        source = InputSource()
        source.setByteStream(BytesIO(data))
        parser.parse(source)
    except SAXParseException as exc:
        return None, Problem(path, exc.getLineNumber() or 0, (exc.getColumnNumber() or 0) + 1, "GL001", "error",
                             f"not well-formed XML: {exc.getMessage()}")
    except defusedxml.EntitiesForbidden:
        line = builder._pos()[0]
        return None, Problem(path, line, 0, "GL001", "error",
                             "the file declares XML entities; refused (entity expansion can be an attack, "
                             "and TBX files do not need them)")
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden, defusedxml.NotSupportedError) as exc:
        line = builder._pos()[0]
        return None, Problem(path, line, 0, "GL001", "error",
                             f"the file refers to external resources ({type(exc).__name__}); refused")
    if builder.root is None:
        return None, Problem(path, 1, 0, "GL001", "error", "the file holds no XML element")
    return builder.root, None


def _lang(node: Node) -> str:
    return (node.attrs.get("xml:lang") or node.attrs.get("lang") or "").strip().lower()


def _status(term_holder: Node) -> str:
    for tn in term_holder.find_all("termNote"):
        if tn.attrs.get("type") == "administrativeStatus":
            return tn.text.strip().lower()
    return ""


def read_tbx(path: str, data: bytes) -> tuple[list[RawEntry], list[Problem]]:
    root, problem = parse_xml(path, data)
    if problem is not None:
        return [], [problem]
    assert root is not None
    problems: list[Problem] = []

    def err(node: Node, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, node.line, node.column, "GL001", severity, message))

    if root.tag == "tbx":
        dialect, concept_tag, lang_tag = "TBX v3", "conceptEntry", "langSec"
    elif root.tag == "martif":
        dialect, concept_tag, lang_tag = "TBX 2008 (MARTIF)", "termEntry", "langSet"
    else:
        err(root, f"root element <{root.tag}> is neither <tbx> (TBX v3) nor <martif> (TBX 2008)")
        return [], problems
    text = root.find("text")
    body = text.find("body") if text is not None else None
    if body is None:
        err(root, f"{dialect}: <{root.tag}> must contain <text><body>")
        return [], problems

    raws: list[RawEntry] = []
    for concept in body.children:
        if concept.tag != concept_tag:
            err(concept, f"{dialect}: <body> may hold only <{concept_tag}>, found <{concept.tag}>")
            continue
        raw = RawEntry(path=path, line=concept.line)
        cid = concept.attrs.get("id", "").strip()
        if cid:
            raw.fields["id"] = RawField(cid, concept.line, concept.column)
        notes: list[str] = []
        tags: list[RawField] = []
        exceptions: list[RawField] = []
        es_terms: list[tuple[str, str, Node]] = []
        en_terms: list[tuple[str, str, Node]] = []
        ok = True
        for child in concept.children:
            kind = child.attrs.get("type", "")
            if child.tag == "note":
                value = child.all_text()
                head, sep, rest = value.partition(":")
                key = EDTOOLS_NOTE_FIELDS.get(head.strip()) if sep else None
                if key == "exceptions":
                    exceptions.append(RawField(rest.strip(), child.line))
                elif key == "inflect":
                    raw.fields[key] = RawField(rest.strip().lower() in ("true", "yes", "1"), child.line)
                elif key:
                    raw.fields[key] = RawField(rest.strip(), child.line)
                else:
                    notes.append(value)
            elif child.tag in ("admin", "descrip") and kind == "source":
                raw.fields["ref"] = RawField(child.all_text(), child.line)
            elif child.tag == "descrip" and kind == "subjectField":
                tags.append(RawField(child.all_text(), child.line))
            elif child.tag == "descrip" and kind == "definition" and not notes:
                notes.append(child.all_text())
            elif child.tag == lang_tag:
                lang = _lang(child)
                if not lang:
                    err(child, f"{dialect}: <{lang_tag}> needs an xml:lang attribute")
                    ok = False
                    continue
                target = es_terms if lang.split("-")[0] == "es" else en_terms if lang.split("-")[0] == "en" else None
                holders: list[tuple[Node, Node]] = []
                if dialect == "TBX v3":
                    for ts in child.children:
                        if ts.tag != "termSec":
                            continue
                        term = ts.find("term")
                        if term is None:
                            err(ts, f"{dialect}: <termSec> without <term>")
                            ok = False
                            continue
                        holders.append((ts, term))
                else:
                    for tig in child.children:
                        if tig.tag == "tig":
                            term, holder = tig.find("term"), tig
                        elif tig.tag == "ntig":
                            grp = tig.find("termGrp")
                            term, holder = (grp.find("term"), grp) if grp is not None else (None, tig)
                        else:
                            continue
                        if term is None:
                            err(tig, f"{dialect}: <{tig.tag}> without <term>")
                            ok = False
                            continue
                        holders.append((holder, term))
                if not holders:
                    err(child, f"{dialect}: <{lang_tag} xml:lang=\"{lang}\"> holds no term")
                    ok = False
                if target is not None:
                    for holder, term in holders:
                        target.append((term.all_text(), _status(holder), term))
        if not ok:
            continue
        if not es_terms:
            err(concept, f"{dialect}: <{concept_tag}{' id=' + repr(cid) if cid else ''}> has no Spanish (es) term")
            continue
        if not en_terms:
            err(concept, f"{dialect}: <{concept_tag}{' id=' + repr(cid) if cid else ''}> has no English (en) term")
            continue
        es_ok = [t for t in es_terms if not t[1].startswith(AVOID_STATUSES)]
        es_main = next((t for t in es_ok if t[1].startswith("preferred")), es_ok[0] if es_ok else es_terms[0])
        raw.fields["es"] = RawField(es_main[0], es_main[2].line, es_main[2].column)
        raw.fields["es_variants"] = RawField(
            [RawField(t[0], t[2].line, t[2].column) for t in es_ok if t is not es_main], es_main[2].line)
        en_ok = [t for t in en_terms if not t[1].startswith(AVOID_STATUSES)]
        if not en_ok:
            err(concept, f"{dialect}: every English term of this concept is deprecated; no approved rendering")
            continue
        en_main = next((t for t in en_ok if t[1].startswith("preferred")), en_ok[0])
        raw.fields["en"] = RawField(en_main[0], en_main[2].line, en_main[2].column)
        for t in en_ok:
            if t is not en_main:
                problems.append(Problem(path, t[2].line, t[2].column, "GL001", "warning",
                                        f"admitted English term {t[0]!r} ignored: an entry has one approved "
                                        f"rendering ({en_main[0]!r})"))
        raw.fields["avoid"] = RawField(
            [RawField(t[0], t[2].line, t[2].column) for t in en_terms if t[1].startswith(AVOID_STATUSES)],
            en_main[2].line)
        if exceptions:
            raw.fields["exceptions"] = RawField(exceptions, exceptions[0].line)
        if tags:
            raw.fields["tags"] = RawField(tags, tags[0].line)
        if notes:
            raw.fields["note"] = RawField("\n".join(n.strip() for n in notes), concept.line)
        raws.append(raw)
    return raws, problems
