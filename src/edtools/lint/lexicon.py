"""Word lexicons for the lint rules: Spanish/English word frequencies and Spanish exonyms.

``lexicon-es-en.tsv.gz`` is derived from wordfreq's word lists (CC BY-SA 4.0; built by
``scripts/build_lexicon.py``): for each word, its Zipf frequency in Spanish and in English.
A word much more frequent in Spanish than in English, and rare in English, is Spanish; a word
English also uses (junta, plaza, fiesta) is not. ``lint-es-exonyms.tsv`` (by hand) and ``lint-es-exonyms-cldr.tsv`` (from the
Unicode CLDR) map Spanish forms of place names and abbreviations to their English forms (a mapping, not a detector).
Both load lazily, once per process.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SPANISH_CHARS = frozenset("ñáéíóúü")


@dataclass(frozen=True, slots=True)
class Freq:
    es: float  # Zipf frequency in Spanish (0 when unknown)
    en: float  # Zipf frequency in English


_UNKNOWN = Freq(0.0, 0.0)


@lru_cache(maxsize=1)
def _data() -> str:
    """The table as one string: a newline, then ``word\tes\ten`` lines sorted by word (header dropped)."""
    raw = resources.files("edtools").joinpath("data/lexicon-es-en.tsv.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    body = text.find("\n", text.rfind("\n#") + 1) if text.startswith("#") else -1
    return text[body:] if body >= 0 else "\n" + text


def _lookup(key: str) -> str | None:
    """Binary search of the sorted lines without splitting them (a tab sorts before any letter)."""
    data = _data()
    lo, hi = 0, len(data)
    while lo < hi:  # invariant: lines starting before lo are < key; lines starting at/after hi are >= key
        mid = (lo + hi) // 2
        start = data.rfind("\n", 0, mid + 1) + 1
        end = data.find("\n", start)
        end = len(data) if end < 0 else end
        line = data[start:end]
        if line.startswith(key):
            return line
        if line < key:
            lo = end + 1
        else:
            hi = start - 1 if start > 0 else 0
            if hi <= lo:
                break
    return None


@lru_cache(maxsize=8192)
def freq(word: str) -> Freq:
    """Zipf frequencies of a word (any case) in Spanish and English."""
    line = _lookup(word.lower() + "\t")
    if line is None:
        return _UNKNOWN
    _, es, en = line.split("\t")
    return Freq(int(es) / 10, int(en) / 10)


def fold(text: str) -> str:
    """Lower case without accents (ñ kept apart from n is not needed for matching names)."""
    nfd = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c))


def has_spanish_letters(word: str) -> bool:
    return any(c in _SPANISH_CHARS for c in word.lower())


def _spanish_profile(f: Freq) -> bool:
    # the gap is rounded: Zipf values are tenths, and 4.6 - 2.6 is 1.9999999999999996 in floating point
    return f.es >= 2.5 and round(f.es - f.en, 1) >= 2.0 or (f.es >= 2.0 and f.en < 1.0)


# Spanish inflections and prefixes that English lacks: a word unknown to both lists is reduced to a
# form the lexicon knows (prorrogadas -> prorrogada, regularizarse -> regularizar, exlegislador -> legislador).
_CLITIC = re.compile(r"(?<=[aeií]r)(?:se|lo|la|los|las|le|les|nos)$")
_PLURAL = re.compile(r"(?:(?<=[aeiouáéó])s|(?<=[^aeiou])es)$")
_PREFIX = re.compile(r"^(?:ex|sub|vice|pre|trans|inter|anti)(?=[a-zñáéíóú]{4})")
_NOUN_SUFFIX = re.compile(r"(?:ía|ción|sión|dad|ería|encia|ancia|miento|ismo|ista)s?$")


def _reductions(word: str) -> list[str]:
    out = []
    for regex in (_CLITIC, _PLURAL, _PREFIX):
        reduced = regex.sub("", word)
        if reduced != word:
            out.append(reduced)
            if regex is _PREFIX:
                out.append(_PLURAL.sub("", reduced))
    return out


def english_plural(word: str) -> bool:
    """The plural of a word English uses and Spanish does not claim: *sucres* (the sucre, Ecuador's
    former currency). Word counts split the plural from its singular, and a loanword's plural is
    rare in English text, so the singular decides."""
    if len(word) < 5 or not word.endswith("s") or word.endswith("ss"):
        return False
    single = freq(word[:-1])
    return single.en >= 2.0 and not _spanish_profile(single)


def is_spanish_word(word: str) -> bool:
    """A lower-case word that is Spanish and not English.

    Spanish when it is common in Spanish and rare in English (minería, migrantes, alcalde), when
    it is unknown to both lists but reduces to such a word (prorrogadas, regularizarse,
    exlegislador), or when it is unknown to English and written with letters only Spanish uses
    (correísmo). Words that English uses are English (junta, plaza, fiesta, machete, café).
    """
    f = freq(word)
    if f.en >= 2.0 and f.en >= f.es - 1.0 or f.en >= 3.0:
        return False  # English uses it: junta, plaza, fiesta, café, cliché
    if english_plural(word):
        return False
    if _spanish_profile(f):
        return True
    if f.es == 0 and f.en == 0:
        if any(_spanish_profile(freq(r)) for r in _reductions(word)):
            return True
        return len(word) > 3 and any(c in "ñáíóú" for c in word)  # rare coinages: correísmo
    return False


def is_common_spanish_noun(word: str) -> bool:
    """A capitalised word that is a common Spanish word English never uses (Fiscalía, Reunión,
    Penitenciaría): capitalised in an English sentence it is an untranslated institution or
    noun, not a name. Place names such as Manabí are not common words."""
    f = freq(word)
    if f.en >= 1.0:
        return False
    return f.es >= 3.5 or (f.es >= 3.0 and bool(_NOUN_SUFFIX.search(word.lower())))


# Spanish derivational endings of common nouns and adjectives (geofísico, acuacultura, ganadería,
# arroceros, transecuatoriano): place names and surnames rarely end so (Manabí, Sucumbíos, Cañar, Azuay)
_LEXICAL_ENDING = re.compile(
    r"(?:ico|ica|ura|ía|ción|sión|dad|ero|era|ano|ana|ivo|iva|oso|osa|ario|aria|ista|ismo|miento|ente|ante|encia|ancia)s?$"
)


def is_spanish_lexical_word(word: str) -> bool:
    """A word of any case that is Spanish (:func:`is_spanish_word` of its lower case) and has the
    ending of a Spanish common noun or adjective: a capitalised one inside an institution's name
    (the Institute *Geofísico*) is an untranslated word, not a name."""
    low = word.lower()
    return bool(_LEXICAL_ENDING.search(low)) and is_spanish_word(low)


def is_common_spanish_word(word: str) -> bool:
    """A frequent lower-case Spanish word (a capitalised one at a sentence start is not a name)."""
    return freq(word).es >= 3.0


def is_english_word(word: str) -> bool:
    f = freq(word)
    return f.en >= 3.0 or (f.en >= 2.0 and f.en >= f.es)


@lru_cache(maxsize=1)
def exonyms() -> dict[str, tuple[str, str]]:
    """Folded Spanish form -> (English form, kind) with kind "place" or "abbreviation".

    The hand-written table first; then the countries and cities generated from the Unicode CLDR
    (``lint-es-exonyms-cldr.tsv``, scripts/build_exonyms.py) and the world's cities from GeoNames
    (``lint-es-exonyms-geonames.tsv``, scripts/build_geonames.py), which never override it."""
    out: dict[str, tuple[str, str]] = {}
    for name in ("lint-es-exonyms.tsv", "lint-es-exonyms-cldr.tsv", "lint-es-exonyms-geonames.tsv"):
        text = resources.files("edtools").joinpath(f"data/{name}").read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            es, en, kind = line.split("\t")
            out.setdefault(fold(es), (en, kind))
    return out


@lru_cache(maxsize=1)
def ecuador_places() -> frozenset[str]:
    """Folded names of Ecuador's populated places (GeoNames, ``lint-places-ec.txt``, written by
    scripts/build_geonames.py): Esmeraldas, Manta, Cuenca are names even where they are common words."""
    text = resources.files("edtools").joinpath("data/lint-places-ec.txt").read_text(encoding="utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))
