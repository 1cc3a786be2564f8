"""ED2xx: Spanish left in the English draft.

Language identification (lingua, through :func:`edtools.langid.detect_language`) is
expensive, so it runs only on candidates that a cheap Spanish function-word count
picks out first; most English sentences never reach it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from edtools.lint.finding import Hit
from edtools.lint.registry import rule
from edtools.lint.textutil import OBJ, mask, tokens


@lru_cache(maxsize=None)
def _words(name: str) -> frozenset[str]:
    text = resources.files("edtools").joinpath(f"data/{name}").read_text(encoding="utf-8")
    out: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            out.update(line.split())
    return frozenset(out)


def spanish_words() -> frozenset[str]:
    return _words("lint-es-function-words.txt")


def english_words() -> frozenset[str]:
    return _words("lint-en-function-words.txt")


def detect_language(text: str, detector: str = "lingua") -> tuple[str, float]:
    from edtools.langid import detect_language as detect

    return detect(text, detector)


_SPANISH_LETTERS = re.compile(r"[ñáéíóúü]")
_ACCENTED_WORD = re.compile(r"\b[a-zñáéíóúü]*[ñáéíóúü][a-zñáéíóúü]*\b")
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"\n]*\"|‘[^’]*’")
_PAREN = re.compile(r"(?<=\w)\s*\(([^()]*)\)")


def _excluded(text: str, emphasis: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quoted and italicised text, and a name in parentheses after its English rendering."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    spans.extend(emphasis)
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        if inner[:1].isupper() or not inner:
            spans.append((m.start(1), m.end(1)))
    for m in re.finditer(r"(?<![\w*])([*_])(?![\s*_])([^*_\n]+?)(?<![\s*_])\1(?![\w*])", text):
        spans.append((m.start(), m.end()))  # *italic* even outside Markdown (plain-text drafts)
    return spans


def _classify(tok: str, first: bool, es: frozenset[str], en: frozenset[str]) -> str:
    """'S' Spanish marker, 'E' English marker, 'C' capitalised word, 'N' anything else."""
    low = tok.lower()
    capital = tok[:1].isupper()
    if tok.isupper() and len(tok) > 1:
        return "C"
    if low in en and (not capital or first):
        return "E"
    if low in es and (not capital or first):
        return "S"
    if capital:
        return "C"
    if _SPANISH_LETTERS.search(low):
        return "S"
    return "N"


@rule(
    "ED201",
    "untranslated",
    "warning",
    flags=(
        "La reunión se realizó en Quito el pasado miércoles.",
        "The minister said que no habrá cambios en la política exterior this year.",
        "Officials discussed the plan de seguridad para la frontera norte on Monday.",
        "El presidente Lasso firmó el decreto ejecutivo este lunes.",
    ),
    passes=(
        "The meeting took place in Quito last Wednesday.",
        "Tourists visited the Mitad del Mundo monument near Quito.",
        "The Attorney General's Office (Fiscalía General del Estado) opened an inquiry.",
        "Protesters chanted “el pueblo unido jamás será vencido” outside the palace.",
        "The report, titled *La política exterior del Ecuador*, was published today.",
        "In June, in Los Angeles, Lasso met the delegation of the Plaza de la Independencia.",
        "President Lula da Silva returned to power.",
        "Troops moved en masse to the border.",
    ),
)
def untranslated(text: str, ctx: object) -> Iterator[Hit]:
    """A sentence, or a fragment of three or more words, still in Spanish.

    ## What it does
    Picks out sentences rich in Spanish function words (de, la, que, los, para…) and
    confirms them with language identification (lingua, restricted to a few languages);
    inside English sentences, finds runs of three or more words that hold at least two
    Spanish function words and no English ones, and confirms them the same way.

    Not flagged: proper names (a run of capitalised words with Spanish connectors:
    *Mitad del Mundo*, *Plaza de la Independencia*); an original Spanish name in
    parentheses right after its English rendering ("the Attorney General's Office
    (Fiscalía General del Estado)"); Spanish in quotation marks (“…”, "…", «…») or in
    italics (`*…*`, `_…_`), which the writer kept on purpose.

    ## Why is this bad?
    A model leaves a clause untranslated when it fails to segment it, and a hurried
    editor reads past it. Readers of an English newspaper cannot.

    ## Example
    ```
    The minister said que no habrá cambios en la política exterior this year.
    ```

    ## Use instead
    ```
    The minister said there would be no changes in foreign policy this year.
    ```
    """
    unit = getattr(ctx, "unit", None)
    es, en = spanish_words(), english_words()
    hits = sum(1 for t in tokens(text) if t.lower in es)
    if hits < 2 and hits + len(_ACCENTED_WORD.findall(text)) < 2:
        return  # cheap prefilter: fewer than two Spanish-looking words in the whole block
    emphasis = unit.emphasis if unit is not None else []
    work = mask(text, _excluded(text, emphasis), OBJ)
    sentences = unit.sentences if unit is not None else [(0, len(text))]
    for s, e in sentences:
        toks = tokens(work[s:e])
        if len(toks) < 3:
            continue
        kinds = [_classify(t.text, k == 0, es, en) for k, t in enumerate(toks)]
        n_s = kinds.count("S")
        if n_s < 2:
            continue
        if len(toks) >= 4 and n_s >= 0.3 * len(toks) and kinds.count("E") <= 0.1 * len(toks):
            sentence = work[s:e].replace(OBJ, " ")
            lang, conf = ctx.detect(sentence)  # type: ignore[attr-defined]
            if lang == "es" and conf >= 0.5:
                yield Hit(s, e, f"sentence appears to be untranslated Spanish (language ID: {conf:.0%} Spanish)")
                continue
        # fragments: runs of S/N/C with no E, separated by whitespace only, holding >= 2 S
        k = 0
        n = len(toks)
        while k < n:
            if kinds[k] != "S":
                k += 1
                continue
            j = k
            last_s = k
            while j + 1 < n and kinds[j + 1] != "E" and re.fullmatch(r"[\s,]*", work[s + toks[j].end : s + toks[j + 1].start]):
                j += 1
                if kinds[j] == "S":
                    last_s = j
                elif j - last_s > 2:
                    break
            # extend right over lowercase content words, left over one lowercase word
            end = last_s
            while end + 1 <= j and kinds[end + 1] == "N":
                end += 1
            begin = k
            if begin > 0 and kinds[begin - 1] == "N" and re.fullmatch(r"\s+", work[s + toks[begin - 1].end : s + toks[begin].start]):
                begin -= 1
            run = kinds[begin : end + 1]
            if run.count("S") >= 2 and len(run) >= 3:
                content = [x for x in run if x in "NC"]
                lowercase_s = sum(1 for x in run if x == "S")
                is_name = bool(content) and all(x == "C" for x in content) and lowercase_s <= len(run) // 2 + 1
                if not is_name:
                    fs, fe = s + toks[begin].start, s + toks[end].end
                    fragment = work[fs:fe]
                    lang, conf = ctx.detect(fragment)  # type: ignore[attr-defined]
                    if lang == "es" and conf >= 0.5:
                        yield Hit(fs, fe, f"{len(run)} words in Spanish left in an English sentence")
            k = max(end, j) + 1
