"""Finding the engine's own rendering of a glossary term in an English draft.

When a source sentence has a glossary term and the draft has neither the approved rendering nor
one of the entry's ``avoid`` strings, the engine wrote *something* for the term: a literal
rendering built from the term's own Spanish words ("Electoral National Council" for *Consejo
Nacional Electoral*, "Fiscal General of the State", "Home Office" for *Ministerio del Interior*),
or the Spanish words left as they were ("the Fiscalía"). :func:`find_calques` finds it: every
Spanish content word of the matched term gets its English candidates from a small table of title
words (``data/glossary-title-words.tsv``), from look-alike spellings (*constitucional* ~
*constitutional*) and from itself; a run of draft words that are such candidates (with *of*,
*the*, *and* between them) and covers enough of the term is the rendering to replace.

No heavy imports: ``lint`` and ``glossary`` load this module.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from edtools.glossary.match import _STOP, ARTICLES, INSERTABLE_FORMS

# English words that may sit inside a rendering without translating a Spanish word of it
FUNCTION_EN = frozenset({"of", "the", "and", "for", "to", "on", "in", "at", "a", "an", "from", "with",
                         "de", "del", "la", "las", "los", "el", "y", "e"})
# English words that alone never make a rendering: a run needs at least one other word
WEAK_EN = frozenset({"office", "general", "public", "national", "state", "department", "council", "chief",
                     "high", "central", "member", "board", "branch", "area", "field", "head", "city", "local",
                     "house", "home", "deputy", "vice", "under", "major", "senior", "top", "full", "inter"})
_SPANISH_STOP = frozenset(_STOP | ARTICLES)
# words; a possessive 's stays out of the word (a run never ends inside "Chancellor's") and may
# sit between two words of a run ("Prosecutor's Office")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)*")
_GAP_OK = re.compile(r"(?:['’]s?)?[ \u00a0\t\n-]*")
# a term whose Spanish lists its parts with commas (*Ministerio de Producción, Comercio Exterior e
# Inversiones*) is rendered with the same commas: its runs may cross them
_GAP_COMMA_OK = re.compile(r"(?:['’]s?)?,?[ \u00a0\t\n-]*")
_EX_WORDS = frozenset({"ex", "former"})


@dataclass(frozen=True, slots=True)
class Calque:
    """A run of draft words that renders a term: [start, end) in the draft sentence."""

    start: int
    end: int
    covered: int  # how many of the term's content words the run translates
    needed: int  # how many it had to translate to count
    fillers: tuple[str, ...]  # draft words inside the run that render inserted words ("Ecuadorian")

    @property
    def accepted(self) -> bool:
        return self.covered >= self.needed


@lru_cache(maxsize=16384)
def _unaccent(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def title_words() -> dict[str, frozenset[str]]:
    """The Spanish -> English table of title words (read once)."""
    from importlib import resources

    table: dict[str, frozenset[str]] = {}
    text = resources.files("edtools.data").joinpath("glossary-title-words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spanish, _, english = line.partition("\t")
        table[spanish.strip().casefold()] = frozenset(w.strip().casefold() for w in english.split("|") if w.strip())
    return table


def _lemmas(word: str) -> list[str]:
    """A Spanish word and the masculine singular forms it may come from (ministras -> ministro)."""
    w = word.casefold()
    out = [w]
    stems = [w]
    if w.endswith("ces"):
        stems.append(w[:-3] + "z")
    if w.endswith("es") and len(w) > 4:
        stems.append(w[:-2])
    if w.endswith("s") and len(w) > 3:
        stems.append(w[:-1])
    for st in stems:
        out.append(st)
        if st.endswith("a"):
            out += [st[:-1] + "o", st[:-1] + "e", st[:-1]]
        if st.endswith(("ona", "ana")):
            out.append(st[:-1])
    # plural of a stressed final syllable loses its accent: comisiones -> comisión
    for st in list(out):
        for plain, accented in (("on", "ón"), ("an", "án"), ("in", "ín"), ("es", "és")):
            if st.endswith(plain):
                out.append(st[:-2] + accented)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=8192)
def english_candidates(word: str) -> frozenset[str]:
    """English words a draft may use for one Spanish title word (lowercase)."""
    table = title_words()
    found: set[str] = set()
    for lemma in _lemmas(word):
        found |= table.get(lemma, frozenset())
    found.add(word.casefold())
    found.add(_unaccent(word.casefold()))
    return frozenset(found)


def _singular(token: str) -> list[str]:
    t = token
    out = [t]
    for suffix in ("'s", "’s", "s'", "s’", "'", "’"):
        if t.endswith(suffix):
            t = t[: -len(suffix)] + ("s" if suffix in ("s'", "s’") else "")
            out.append(t)
            break
    if t.endswith("ies") and len(t) > 4:
        out.append(t[:-3] + "y")
    if t.endswith("es") and len(t) > 3:
        out.append(t[:-2])
    if t.endswith("s") and len(t) > 2:
        out.append(t[:-1])
    return out


@lru_cache(maxsize=65536)
def _cognate(token: str, spanish: str) -> bool:
    """Look-alike spelling: a long shared beginning (constitutional ~ constitucional)."""
    a, b = _unaccent(token), _unaccent(spanish.casefold())
    if len(a) < 5 or len(b) < 5:
        return False
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common >= 5 and common >= 0.6 * min(len(a), len(b))


def spanish_content_words(text: str, *, former: bool = False, inserted: tuple[str, ...] = ()) -> list[str]:
    """The words of a matched Spanish term that a rendering must translate (no articles or
    prepositions, no inserted words); an ex- form adds "ex"."""
    words = [w for w in re.findall(r"[^\W\d_]+", text.casefold())]
    skip = {w.casefold() for w in inserted}
    out: list[str] = []
    for i, w in enumerate(words):
        if w in _SPANISH_STOP or w in skip:
            continue
        if former and i == 0 and w == "ex":
            continue
        if former and not out and w.startswith("ex") and len(w) > 6:
            w = w[2:]
        out.append(w)
    if former:
        out.insert(0, "ex")
    return out


def needed_words(n: int) -> int:
    """How many of a term's n content words a run must translate to be its rendering."""
    if n <= 2:
        return n
    if n <= 4:
        return n - 1
    return math.ceil(0.6 * n)


def _classify(token: str, spanish: tuple[str, ...], fillers: frozenset[str]):
    """("content", {indices}) | ("function", None) | ("filler", None) | ("break", None)."""
    return _classify_low(token.casefold(), spanish, fillers)


@lru_cache(maxsize=65536)
def _classify_low(low: str, spanish: tuple[str, ...], fillers: frozenset[str]):
    forms = _singular(low)
    hit: set[int] = set()
    for i, sp in enumerate(spanish):
        if sp == "ex":
            if low in _EX_WORDS:
                hit.add(i)
            continue
        opts = english_candidates(sp)
        if any(f in opts for f in forms) or any(_cognate(f, sp) for f in forms):
            hit.add(i)
    if "ex" in spanish and low.startswith("ex") and len(low) > 4 and not hit:
        rest = _classify_low(low[2:], spanish, fillers)
        if rest[0] == "content":
            return "content", frozenset(rest[1] | {spanish.index("ex")})
    if hit:
        return "content", frozenset(hit)
    if low in FUNCTION_EN:
        return "function", None
    if low in fillers:
        return "filler", None
    return "break", None


def _filler_words(word: str) -> set[str]:
    """English words a draft may use for an inserted Spanish word (its right rendering and the
    title-word table's: *saliente* -> outgoing, salient)."""
    english = INSERTABLE_FORMS.get(word.casefold(), "")
    out = {w.casefold() for w in english.replace(".", " ").split()}
    for lemma in _lemmas(word):
        out |= title_words().get(lemma, frozenset())
    return out


def _with_fillers(c: Calque, tokens, target: str) -> Calque:
    """A run grown over renderings of inserted words right before or after it ("salient minister")."""
    starts = [t[0] for t in tokens]
    ends = [t[1] for t in tokens]
    if c.start not in starts or c.end not in ends:
        return c
    i, j = starts.index(c.start), ends.index(c.end)
    fill = list(c.fillers)
    while i > 0 and tokens[i - 1][3][0] == "filler" and _GAP_OK.fullmatch(target[tokens[i - 1][1]:tokens[i][0]]):
        i -= 1
        fill.insert(0, tokens[i][2])
    while j + 1 < len(tokens) and tokens[j + 1][3][0] == "filler" and _GAP_OK.fullmatch(target[tokens[j][1]:tokens[j + 1][0]]):
        j += 1
        fill.append(tokens[j][2])
    if (tokens[i][0], tokens[j][1]) == (c.start, c.end):
        return c
    return Calque(tokens[i][0], tokens[j][1], c.covered, c.needed, tuple(fill))


def find_calques(target: str, source_text: str, *, former: bool = False, inserted: tuple[str, ...] = (),
                 blocked: list[tuple[int, int]] = (), soft: list[tuple[int, int]] = ()) -> list[Calque]:
    """Runs of ``target`` words that render the Spanish ``source_text``, best first.

    A run starts and ends on a word that translates one of the term's content words, may hold
    function words (*of the*) and renderings of inserted words (*Ecuadorian*) in between, never
    crosses punctuation (but for the commas of a term that has them) or a ``blocked`` span (renderings of other terms, text already changed),
    and needs at least one word outside :data:`WEAK_EN`; a run that lies inside one ``soft`` span
    (another term's approved rendering) is dropped. Runs that translate fewer words than
    :func:`needed_words` are returned too (``accepted`` false): they pinpoint what could not be
    fixed. Weak words alone (*office*, *national*) count only when they translate every word.
    """
    spanish = spanish_content_words(source_text, former=former, inserted=inserted)
    if not spanish:
        return []
    key = tuple(spanish)
    fillers = frozenset(w for word in inserted for w in _filler_words(word))
    tokens = []
    for m in _TOKEN_RE.finditer(target):
        if any(m.start() < e and s < m.end() for s, e in blocked):
            tokens.append((m.start(), m.end(), m.group(0), ("break", None)))
        else:
            tokens.append((m.start(), m.end(), m.group(0), _classify(m.group(0), key, fillers)))
    need = needed_words(len(spanish))
    gap_ok = _GAP_COMMA_OK if "," in source_text else _GAP_OK
    found: list[Calque] = []
    for i, (start, _e, _t, (kind, _)) in enumerate(tokens):
        if kind != "content":
            continue
        covered: set[int] = set()
        strong = False
        fill: list[str] = []
        for j in range(i, len(tokens)):
            s_j, e_j, tok, (kind_j, idx) = tokens[j]
            if j > i and not gap_ok.fullmatch(target[tokens[j - 1][1]:s_j]):
                break
            if kind_j == "break":
                break
            if kind_j == "filler":
                fill.append(tok)
                continue
            if kind_j != "content":
                continue
            covered |= idx
            strong = strong or tok.casefold() not in WEAK_EN
            # weak words alone do not make a rendering, unless they translate every word ("Home Office")
            if strong or (len(covered) == len(spanish) > 1):
                found.append(Calque(start, e_j, len(covered), need, tuple(fill)))
    found = [c for c in (_with_fillers(c, tokens, target) for c in found)
             if not any(s <= c.start and c.end <= e for s, e in soft)]
    # best: most words covered, then the longest run ("Public Prosecutor's Office", not "Prosecutor's")
    found.sort(key=lambda c: (-c.covered, c.start - c.end, c.start))
    return found
