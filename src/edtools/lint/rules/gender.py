"""ED304: a title's gender changed in translation ("la portavoz" -> "the spokesman").

Spanish marks a woman's title by its form (*la vocera*, *la concejala*, *la empresaria*) or, for
the nouns that do not change (*portavoz*, *congresista*, *asambleísta*), by the article before
it (*la portavoz*, *una congresista*). English marks only a few titles, with -man/-woman;
machine translation writes the -man form whatever the source says (Apertium: "La portavoz del
Gobierno" -> "The spokesman of the Government"). The rule compares the two sides of each
aligned sentence pair for the nouns of :data:`TITLES`. (*asambleísta* is not among them: the term
base avoids "assemblyman" and "assemblywoman" altogether, ED301, in favour of "lawmaker".)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from edtools.lint.finding import Hit
from edtools.lint.registry import rule


@dataclass(frozen=True, slots=True)
class GenderedTitle:
    """One English title with a -man and a -woman form, and the Spanish nouns it translates."""

    male: str  # singular; the plural is male[:-3] + "men"
    female: str
    feminine: tuple[str, ...]  # Spanish forms that only a woman has (vocera)
    masculine: tuple[str, ...]  # Spanish forms that only a man has (vocero)
    epicene: tuple[str, ...]  # one form for both: the article decides (la/el portavoz)


TITLES = (
    GenderedTitle("spokesman", "spokeswoman", ("vocera", "voceras"), ("vocero", "voceros"),
                  ("portavoz", "portavoces")),
    GenderedTitle("congressman", "congresswoman", (), (), ("congresista", "congresistas")),
    GenderedTitle("councilman", "councilwoman", ("concejala", "concejalas", "edila", "edilas"), (),
                  ("concejal", "concejales", "edil", "ediles")),
    GenderedTitle("alderman", "alderwoman", ("concejala", "concejalas"), (), ("concejal", "concejales")),
    GenderedTitle("chairman", "chairwoman", ("presidenta", "presidentas"), ("presidente", "presidentes"), ()),
    GenderedTitle("businessman", "businesswoman", ("empresaria", "empresarias"), ("empresario", "empresarios"), ()),
    GenderedTitle("anchorman", "anchorwoman", ("presentadora", "presentadoras"), ("presentador", "presentadores"),
                  ()),
    GenderedTitle("cameraman", "camerawoman", ("camarógrafa", "camarógrafas"), ("camarógrafo", "camarógrafos"), ()),
    GenderedTitle("sportsman", "sportswoman", (), (), ("deportista", "deportistas")),
    GenderedTitle("countryman", "countrywoman", (), (), ("compatriota", "compatriotas")),
)

# determiners that mark the gender of a noun that does not change; looked for in the three words
# before it, nearest first ("la nueva portavoz"); "de" or punctuation ends the search
_FEM_DET = frozenset("la las una unas esta estas esa esas aquella aquellas otra otras nueva nuevas dicha dichas".split())
_MASC_DET = frozenset("el los un unos este estos ese esos aquel aquellos otro otros nuevo nuevos dicho dichos "
                      "del al".split())
_WORD = re.compile(r"[a-záéíóúñü]+")


def _article_gender(before: str) -> str:
    """'f', 'm' or '' from the words just before a noun."""
    words = re.split(r"\s+", before.rstrip())[-3:]
    for word in reversed(words):
        if not _WORD.fullmatch(word) or word == "de":
            return ""
        if word in _FEM_DET:
            return "f"
        if word in _MASC_DET:
            return "m"
    return ""


def _spanish_mentions(source: str, title: GenderedTitle) -> tuple[int, int]:
    """(women, men) the source names with this title."""
    low = source.lower()
    count = lambda forms: sum(len(re.findall(rf"\b{f}\b", low)) for f in forms)  # noqa: E731
    women, men = count(title.feminine), count(title.masculine)
    for form in title.epicene:
        for m in re.finditer(rf"\b{form}\b", low):
            gender = _article_gender(low[max(0, m.start() - 40) : m.start()])
            women += gender == "f"
            men += gender == "m"
    return women, men


def _english(target: str, word: str) -> list[re.Match[str]]:
    """Every occurrence of a -man/-woman word (singular or plural), any case."""
    plural = word[:-3] + "men"
    return list(re.finditer(rf"\b(?:{word}|{plural})\b", target, re.IGNORECASE))


def _swap(found: str, into: str) -> str:
    """``into`` (singular) in the number and capitalisation of ``found``."""
    out = into[:-3] + "men" if found.lower().endswith("men") else into
    if found.isupper():
        return out.upper()
    return out[:1].upper() + out[1:] if found[:1].isupper() else out


@rule(
    "ED304",
    "title-gender",
    "warning",
    scope="pair",
    requires="source",
    flags=(
        ("La portavoz del Gobierno, Carolina Jaramillo, habló.", "The spokesman of the Government, Carolina Jaramillo, spoke."),
        ("La congresista estadounidense visitó Quito.", "The American congressman visited Quito."),
        ("El vocero de la Policía habló.", "The spokeswoman of the Police spoke."),
    ),
    passes=(
        ("La portavoz del Gobierno habló.", "The government spokeswoman spoke."),
        ("La portavoz del Gobierno habló.", "The government spokesperson spoke."),
        ("El portavoz y la portavoz hablaron.", "The spokesman and the spokeswoman spoke."),
        ("El congresista visitó Quito.", "The congressman visited Quito."),
        ("La presidenta de la comisión y el presidente del directorio hablaron.",
         "The chairwoman of the committee and the chairman of the board spoke."),
    ),
)
def title_gender(source: str, target: str, ctx: Any) -> Iterator[Hit]:
    """A woman's title translated with the -man form (or a man's with -woman).

    ## What it does
    Compares each aligned sentence pair for titles English writes with -man or -woman
    (spokesman, congressman, councilman, chairman, businessman…). When the Spanish names
    only women with the title — a feminine form (*la vocera*, *la concejala*) or an
    article before a noun that does not change (*la portavoz*, *una congresista*) — the
    -man form in the draft is reported, and the reverse for men. Sentences that name both
    are left alone. Needs `--source` or `--bilingual`; no glossary.

    ## Why is this bad?
    Machine translation writes the -man form whatever the source says: the draft
    misgenders a named official, a correction readers notice.

    ## Example
    ```
    source: La portavoz del Gobierno, Carolina Jaramillo, habló.
    draft:  The spokesman of the Government, Carolina Jaramillo, spoke.
    ```

    ## Use instead
    ```
    The government spokeswoman, Carolina Jaramillo, spoke.
    ```
    """
    for title in TITLES:
        if not (_english(target, title.male) or _english(target, title.female)):
            continue
        women, men = _spanish_mentions(source, title)
        if women and not men:
            wrong, right, who = title.male, title.female, "a woman"
        elif men and not women:
            wrong, right, who = title.female, title.male, "a man"
        else:
            continue
        for m in _english(target, wrong):
            fix = _swap(m.group(0), right)
            yield Hit(m.start(), m.end(), f"{m.group(0)!r}: the source's title names {who}; write {fix!r}",
                      suggestion=fix, source=source)
