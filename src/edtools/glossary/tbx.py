"""TBX reading (TBX-Basic v3 ``conceptEntry/langSec/termSec`` and TBX 2008/MARTIF
``termEntry/langSet/tig``) through defusedxml, with file:line for every problem.

Mapping to entries (documented in docs/glossary.md):
- the Spanish preferred term (or the first one) is ``es``; other Spanish terms are ``es_variants``;
- the English preferred term (or first admitted one) is ``en``; English terms whose
  ``administrativeStatus`` is deprecated, superseded or forbidden are ``avoid``;
- concept-level ``note`` is ``note``, ``admin``/``descrip`` of type ``source`` is ``ref``,
  ``descrip type="subjectField"`` gives ``tags``; notes starting ``edtools-case:``,
  ``edtools-exception:``, ``edtools-en-lower:``, ``edtools-en-plural:``, ``edtools-inflect:``,
  ``edtools-context:``, ``edtools-office:`` carry the fields TBX has no category for, so that a
  round trip loses nothing; English terms other than the preferred one that are not avoided are
  ``accepted`` (acceptable alternatives).
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
    "edtools-context": "context",
    "edtools-office": "office",
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
    """A term's status: ``administrativeStatus`` (TBX-Basic) or ``usageStatus`` (some exports)."""
    for kind in ("administrativeStatus", "usageStatus"):
        for tn in term_holder.find_all("termNote"):
            if tn.attrs.get("type") == kind:
                return tn.text.strip().lower()
    return ""


SKIPPED_CODE = "GL012"  # concepts without a Spanish or an English term, skipped (refused with strict)
MAX_LISTED_IDS = 30


@dataclass
class _Reader:
    """State of one TBX read: the file's dialect and the problems found so far."""

    path: str
    dialect: str
    concept_tag: str
    lang_tag: str
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[Node, str]] = field(default_factory=list)  # (concept, the language it lacks)

    def err(self, node: Node, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, node.line, node.column, "GL001", severity, message))

    def name(self, concept: Node) -> str:
        cid = concept.attrs.get("id", "").strip()
        return f"<{self.concept_tag}{' id=' + repr(cid) if cid else ''}>"

    def term_of(self, holder: Node) -> Node | None:
        """The holder's one <term>, which TBX core structure puts first; refused otherwise (file:line)."""
        terms = holder.find_all("term")
        if not terms:
            self.err(holder, f"{self.dialect}: <{holder.tag}> without <term>")
            return None
        if len(terms) > 1:
            self.err(terms[1], f"{self.dialect}: a second <term> in one <{holder.tag}> "
                               f"(TBX core structure allows one; give each term its own <{holder.tag}>)")
            return None
        if holder.children[0] is not terms[0]:
            first = holder.children[0]
            self.err(first, f"{self.dialect}: <{first.tag}> before <term> in <{holder.tag}> "
                            "(TBX core structure puts <term> first)")
            return None
        return terms[0]

    def holders(self, lang_sec: Node) -> list[tuple[Node, Node]] | None:
        """(holder, term) pairs of one language section; None when its structure is broken."""
        found: list[tuple[Node, Node]] = []
        ok = True
        for child in lang_sec.children:
            if self.dialect == "TBX v3":
                holder = child if child.tag == "termSec" else None
            elif child.tag == "tig":
                holder = child
            elif child.tag == "ntig":
                holder = child.find("termGrp")
                if holder is None:
                    self.err(child, f"{self.dialect}: <ntig> without <termGrp>")
                    ok = False
                    continue
            else:
                holder = None
            if holder is None:
                continue
            term = self.term_of(holder)
            if term is None:
                ok = False
                continue
            found.append((holder, term))
        if ok and not found:
            self.err(lang_sec, f"{self.dialect}: <{self.lang_tag} xml:lang=\"{_lang(lang_sec)}\"> holds no term")
            ok = False
        return found if ok else None

    def skipped_problem(self) -> Problem | None:
        """One warning for every concept skipped in this file: how many, and their ids."""
        if not self.skipped:
            return None
        parts = []
        for lang, label in (("es", "a Spanish (es)"), ("en", "an English (en)")):
            ids = [c.attrs.get("id", "").strip() or f"line {c.line}" for c, missing in self.skipped if missing == lang]
            if ids:
                listed = ", ".join(ids[:MAX_LISTED_IDS])
                more = f" and {len(ids) - MAX_LISTED_IDS} more" if len(ids) > MAX_LISTED_IDS else ""
                parts.append(f"{len(ids)} without {label} term ({listed}{more})")
        n = len(self.skipped)
        first = self.skipped[0][0]
        return Problem(self.path, first.line, first.column, SKIPPED_CODE, "warning",
                       f"{self.dialect}: skipped {n} concept{'s' if n != 1 else ''}: {'; '.join(parts)} "
                       "(--strict refuses the file instead)")


def _concept_fields(concept: Node, raw: RawEntry) -> None:
    """Concept-level fields: notes (and edtools-* notes), source, subject fields, definition."""
    notes: list[str] = []
    tags: list[RawField] = []
    exceptions: list[RawField] = []
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
    if exceptions:
        raw.fields["exceptions"] = RawField(exceptions, exceptions[0].line)
    if tags:
        raw.fields["tags"] = RawField(tags, tags[0].line)
    if notes:
        raw.fields["note"] = RawField("\n".join(n.strip() for n in notes), concept.line)


Term = tuple[str, str, Node]  # (text, status, the <term> node)


def _concept_terms(rd: _Reader, concept: Node) -> tuple[list[Term], list[Term]] | None:
    """The Spanish and English terms of one concept; None when a language section is broken."""
    es_terms: list[Term] = []
    en_terms: list[Term] = []
    ok = True
    for child in concept.find_all(rd.lang_tag):
        lang = _lang(child)
        if not lang:
            rd.err(child, f"{rd.dialect}: <{rd.lang_tag}> needs an xml:lang attribute")
            ok = False
            continue
        holders = rd.holders(child)
        if holders is None:
            ok = False
            continue
        base = lang.split("-")[0]
        target = es_terms if base == "es" else en_terms if base == "en" else None
        if target is not None:
            target.extend((term.all_text(), _status(holder), term) for holder, term in holders)
    return (es_terms, en_terms) if ok else None


def _set_terms(rd: _Reader, concept: Node, raw: RawEntry, es_terms: list[Term], en_terms: list[Term]) -> bool:
    """Fill es/es_variants/en/avoid from the terms; False (and an error) when no English term is usable."""
    es_ok = [t for t in es_terms if not t[1].startswith(AVOID_STATUSES)]
    es_main = next((t for t in es_ok if t[1].startswith("preferred")), es_ok[0] if es_ok else es_terms[0])
    raw.fields["es"] = RawField(es_main[0], es_main[2].line, es_main[2].column)
    raw.fields["es_variants"] = RawField(
        [RawField(t[0], t[2].line, t[2].column) for t in es_ok if t is not es_main], es_main[2].line)
    en_ok = [t for t in en_terms if not t[1].startswith(AVOID_STATUSES)]
    if not en_ok:
        rd.err(concept, f"{rd.dialect}: every English term of this concept is deprecated; no approved rendering")
        return False
    en_main = next((t for t in en_ok if t[1].startswith("preferred")), en_ok[0])
    raw.fields["en"] = RawField(en_main[0], en_main[2].line, en_main[2].column)
    accepted = [RawField(t[0], t[2].line, t[2].column) for t in en_ok if t is not en_main]
    if accepted:  # other admitted English terms: acceptable alternatives, neither approved nor avoided
        raw.fields["accepted"] = RawField(accepted, accepted[0].line)
    raw.fields["avoid"] = RawField(
        [RawField(t[0], t[2].line, t[2].column) for t in en_terms if t[1].startswith(AVOID_STATUSES)],
        en_main[2].line)
    return True


def _read_concept(rd: _Reader, concept: Node, strict: bool) -> RawEntry | None:
    terms = _concept_terms(rd, concept)
    if terms is None:
        return None
    es_terms, en_terms = terms
    for lang, found, label in (("es", es_terms, "Spanish (es)"), ("en", en_terms, "English (en)")):
        if not found:
            if strict:
                rd.err(concept, f"{rd.dialect}: {rd.name(concept)} has no {label} term")
            else:
                rd.skipped.append((concept, lang))
            return None
    raw = RawEntry(path=rd.path, line=concept.line)
    cid = concept.attrs.get("id", "").strip()
    if cid:
        raw.fields["id"] = RawField(cid, concept.line, concept.column)
    if not _set_terms(rd, concept, raw, es_terms, en_terms):
        return None
    _concept_fields(concept, raw)
    return raw


def read_tbx(path: str, data: bytes, *, strict: bool = False) -> tuple[list[RawEntry], list[Problem]]:
    """Entries of a TBX file and the problems found.

    A concept without a Spanish or without an English term (multilingual term bases have many) is
    skipped, and one ``GL012`` warning gives their number and ids; with ``strict`` each is an error,
    so that the file is refused. Broken TBX core structure (a <termSec> whose first child is not its
    one <term>) is always an error at file:line.
    """
    root, problem = parse_xml(path, data)
    if problem is not None:
        return [], [problem]
    assert root is not None
    if root.tag == "tbx":
        rd = _Reader(path, "TBX v3", "conceptEntry", "langSec")
    elif root.tag == "martif":
        rd = _Reader(path, "TBX 2008 (MARTIF)", "termEntry", "langSet")
    else:
        return [], [Problem(path, root.line, root.column, "GL001", "error",
                            f"root element <{root.tag}> is neither <tbx> (TBX v3) nor <martif> (TBX 2008)")]
    text = root.find("text")
    body = text.find("body") if text is not None else None
    if body is None:
        rd.err(root, f"{rd.dialect}: <{root.tag}> must contain <text><body>")
        return [], rd.problems

    raws: list[RawEntry] = []
    for concept in body.children:
        if concept.tag != rd.concept_tag:
            rd.err(concept, f"{rd.dialect}: <body> may hold only <{rd.concept_tag}>, found <{concept.tag}>")
            continue
        raw = _read_concept(rd, concept, strict)
        if raw is not None:
            raws.append(raw)
    skipped = rd.skipped_problem()
    return raws, rd.problems + ([skipped] if skipped else [])
