"""Reading untrusted XML (TMX, XLIFF) safely, with the line of every element.

``parse_xml(data, name)`` parses with defusedxml's expat parser: no entity declarations
(billion laughs, quadratic blowup), no external entities or DTD fetches, no network. A
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` line without declarations is accepted (TMX files
carry one) but never loaded. Every failure is one :class:`edtools.errors.InputError`
``name:line: reason``. The returned tree keeps the 1-based source line of each element, so
later checks (a segment without a source, an unknown id) can say where.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from edtools.errors import InputError

MAX_XML_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class XmlTree:
    root: ET.Element
    lines: dict[int, int]  # id(element) -> 1-based line of its start tag
    name: str

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 1)

    def error(self, element: ET.Element | None, reason: str) -> InputError:
        line = self.line(element) if element is not None else 1
        return InputError(f"{self.name}:{line}: {reason}")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD (writers use it)."""
    return _XML_INVALID.sub("\ufffd", text)


def append_text(parent: ET.Element, text: str) -> None:
    """Add ``text`` after what ``parent`` holds so far: its .text, or its last child's .tail."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def local(tag: object) -> str:
    """The tag without its ``{namespace}``."""
    return str(tag).rpartition("}")[2]


def namespace(tag: object) -> str:
    text = str(tag)
    return text[1 : text.index("}")] if text.startswith("{") else ""


def indent_structure(element: ET.Element, *, leaves: set[str], level: int = 0) -> None:
    """Indent the element structure two spaces a level, never touching the content of ``leaves``
    (segments are mixed content: whitespace there is text). ET.indent would rewrite it."""
    if local(element.tag) in leaves or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        indent_structure(child, leaves=leaves, level=level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


def parse_xml(data: bytes, name: str) -> XmlTree:
    """Parse ``data``; refuse entity declarations and external references."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    if len(data) > MAX_XML_BYTES:
        raise InputError(f"{name}:1: file too large for an XML exchange file ({len(data)} bytes)")
    lines: dict[int, int] = {}
    keep: list[ET.Element] = []  # ids stay unique while the tree lives

    class _Builder(ET.TreeBuilder):
        def start(self, tag, attrs):  # type: ignore[no-untyped-def]
            element = super().start(tag, attrs)
            lines[id(element)] = parser.parser.CurrentLineNumber
            keep.append(element)
            return element

    parser = DET.DefusedXMLParser(target=_Builder(), forbid_dtd=False, forbid_entities=True,
                                  forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        reason = str(exc).split(": line")[0]
        raise InputError(f"{name}:{line}: not well-formed XML ({reason})") from None
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber or 1
        what = type(exc).__name__
        detail = {
            "EntitiesForbidden": "entity declarations are refused (possible entity-expansion attack)",
            "ExternalReferenceForbidden": "external entity references are refused",
            "DTDForbidden": "document type declarations are refused",
        }.get(what, what)
        raise InputError(f"{name}:{line}: {detail}") from None
    except (ValueError, UnicodeError, RecursionError) as exc:
        raise InputError(f"{name}:{parser.parser.CurrentLineNumber or 1}: cannot read this XML ({exc})") from None
    return XmlTree(root=root, lines=lines, name=name)


def read_xml_file(path: str | os.PathLike[str]) -> XmlTree:
    """Read and parse an XML file (``path:line`` errors; a missing or unreadable file is one line too)."""
    from edtools.textio import display_name, read_bytes

    data = read_bytes(path)
    if not data.strip():
        raise InputError(f"{display_name(path)}:1: empty file")
    return parse_xml(data, display_name(path))
