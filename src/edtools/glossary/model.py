"""The term base's records: :class:`Entry`, :class:`Glossary`, and :class:`Problem` (a validation finding).

Also the text normalisation every part of the glossary shares: NFC, then ``casefold()``
(which keeps accents: *Subsecretaría* and *Subsecretaria* stay different).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

CASE_POLICIES = ("title", "name")

# Every field an entry may carry, in the order files are written.
FIELDS = ("id", "es", "es_variants", "en", "en_lower", "en_plural", "accepted", "avoid", "exceptions", "case",
          "inflect", "context", "office", "note", "ref", "tags")
LIST_FIELDS = frozenset({"es_variants", "accepted", "avoid", "exceptions", "tags"})


@dataclass(frozen=True, slots=True)
class Entry:
    id: str  # stable id, e.g. "canciller"
    es: str  # canonical Spanish term
    es_variants: tuple[str, ...]  # other Spanish forms (long name, acronym, irregular feminine...)
    en: str  # approved English rendering, written as it appears before a name ("Foreign Minister")
    avoid: tuple[str, ...]  # English renderings that are wrong for this entry
    exceptions: tuple[str, ...]  # Spanish contexts where the entry must not apply ("canciller alemán")
    case: str  # "title" (AP: capitalised directly before a name, lowercase otherwise) | "name" (as written)
    note: str
    ref: str
    tags: tuple[str, ...]
    origin: str  # "file:line"
    # additions (defaults keep the contract's positional order intact)
    en_lower: str = ""  # the title's lowercase form when plain lowercasing is wrong ("secretary of state for X")
    en_plural: str = ""  # the plural when the head-noun rule is wrong ("attorneys general")
    inflect: bool = True  # generate Spanish gender/number forms (titles); names are never inflected
    accepted: tuple[str, ...] = ()  # acceptable alternatives: neither the approved rendering nor avoided
    context: str = ""  # a context entry ("ministro del ramo"): the tag of the titles it may stand for
    office: str = ""  # the id of the institution this title heads (ministro-interior -> ministerio-interior)

    @property
    def path(self) -> str:
        return self.origin.rsplit(":", 1)[0]

    @property
    def line(self) -> int:
        try:
            return int(self.origin.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            return 0

    def spanish_terms(self) -> tuple[str, ...]:
        """The canonical term then its listed variants (not the generated inflections)."""
        return (self.es, *self.es_variants)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    sources: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.entries)

    def by_id(self, entry_id: str) -> Entry | None:
        for e in self.entries:
            if e.id == entry_id:
                return e
        return None


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation finding: file:line:col, a code (GL0xx), a severity and a message."""

    path: str
    line: int
    column: int
    code: str
    severity: str  # "error" | "warning"
    message: str
    entry: str = ""

    def location(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.code} {self.severity}: {self.message}"


@dataclass
class RawField:
    """A value read from a file before it becomes an Entry field, with where it came from."""

    value: object
    line: int
    column: int = 0


@dataclass
class RawEntry:
    """An entry as read from a file, each field with its own line (validation reports it there)."""

    path: str
    line: int
    fields: dict[str, RawField] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        f = self.fields.get(name)
        return f.line if f is not None else self.line


def norm(text: str) -> str:
    """Matching form of a term: NFC, casefolded, accents kept, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# whitespace that may sit inside a term in running text (a wrapped Markdown line, a no-break space)
_SPACES = str.maketrans({c: " " for c in "\n\t\r\u00a0\u2007\u2009\u202f"})


def norm_with_map(text: str) -> tuple[str, list[int] | None]:
    """Normalise ``text`` for matching, remembering where every character came from.

    NFC, ``casefold()`` (accents kept), newlines/tabs/no-break spaces turned into plain spaces and
    runs of whitespace collapsed to one, so a term wrapped across two lines or typed with a double
    space still matches. Returns the normalised string and, when its indices differ from
    ``text``'s, a list mapping each normalised index (and one past the end) to an index into
    ``text``; None when they are identical (the common case, no per-character work).
    """
    if unicodedata.is_normalized("NFC", text):
        folded = text.casefold()
        if len(folded) == len(text):  # casefold never shortens: equal length means one-to-one
            folded = folded.translate(_SPACES)
            if "  " not in folded:
                return folded, None
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    prev_space = False
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j]).casefold().translate(_SPACES)
        if piece == " ":
            if prev_space:
                i = j
                continue
            prev_space = True
        else:
            prev_space = False
        out.append(piece)
        index.extend([i] * len(piece))
        i = j
    index.append(n)
    return "".join(out), index


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """An id from a term: ascii, lowercase, hyphens ("Fiscalía General" -> "fiscalia-general")."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = _SLUG_RE.sub("-", ascii_text).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "t-" + slug
    return slug


ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$")
