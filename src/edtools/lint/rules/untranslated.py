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
from typing import Any

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
    memo = getattr(ctx, "memo", None)
    if memo is None:
        yield from _untranslated_hits(text, ctx)
        return
    unit = getattr(ctx, "unit", None)
    key = f"ED201:{unit.block.index if unit is not None else -1}:{hash(text)}"
    yield from memo(key, lambda: list(_untranslated_hits(text, ctx)))  # ED202 asks for them too


def _untranslated_hits(text: str, ctx: object) -> Iterator[Hit]:
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


# --- ED202: single words and short phrases ---------------------------------------------

_BRIDGE = frozenset({"de", "del", "la", "las", "los", "el", "y", "en", "a", "al"})
_GAP = re.compile(r"[ \t\u2063]+")


@lru_cache(maxsize=1)
def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> the base letter (one character for one)."""
    import unicodedata

    table = {}
    for cp in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(cp):
            table[cp] = base
    return table


def strip_accents(text: str) -> str:
    """Accents removed, case kept, one character for one (offsets kept)."""
    return text.translate(_accent_table())


def fold_chars(text: str) -> str:
    """Lower case, accents removed, one character for one (offsets kept)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer (İ): one at a time
        lowered = "".join(c.lower()[:1] or c for c in text)
    return strip_accents(lowered)


def _allowed_spans(text: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    """Where the config's allowed-words (words or phrases) stand in the text."""
    if not allowed:
        return []
    folded = fold_chars(text)
    out = []
    for phrase in allowed:
        pattern = r"\s+".join(re.escape(fold_chars(w)) for w in phrase.split())
        out.extend((m.start(), m.end()) for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", folded))
    return out


def _is_spanish_token(word: str, capital: bool) -> bool:
    from edtools.lint.lexicon import is_common_spanish_noun, is_spanish_word

    if len(word) < 3 or not word.isalpha() or (word.isupper() and len(word) > 1):
        return False
    if capital:
        return is_common_spanish_noun(word)
    return is_spanish_word(word.lower())


# English heads of institution names as MT renders them (Cámara -> Chamber or Apertium's Camera):
# a capitalised Spanish word after one, in the same name, is a half-translated name
_INSTITUTION_HEADS = frozenset("""
institute institution ministry secretariat commission council chamber camera federation confederation
association corporation company agency service system bank office directorate direction superintendency
court tribunal unit union network fund foundation board committee society university school centre center
department authority administration observatory academy hospital cooperative
""".split())
_NAME_CONNECTORS = frozenset({"of", "the", "and", "for"})


def _in_institution_name(toks: Any, k: int) -> bool:
    """Token k follows, within one capitalised name, an English institution head ("Institute Geofísico",
    "Ministry of Agriculture and Ganadería", "System of Oil pipeline Transecuatoriano")."""
    from edtools.lint.lexicon import is_english_word

    j = k - 1
    if j >= 1 and toks[j].text.islower() and toks[j - 1].text[:1].isupper() and is_english_word(toks[j].text):
        j -= 1  # one lower-case word of a compound head: Oil pipeline
    for _ in range(8):
        if j < 0:
            return False
        tok = toks[j]
        if tok.lower in _INSTITUTION_HEADS and tok.text[:1].isupper():
            return True
        if not (tok.lower in _NAME_CONNECTORS or (tok.text[:1].isupper() and is_english_word(tok.text))):
            return False
        j -= 1
    return False


def _copied_from_source(word: str, copied: frozenset[str]) -> bool:
    """A lower-case word the engine copied through from the aligned source: a word the source has,
    English rarely uses (Zipf < 2) and Spanish uses more (banano): an engine copies what it does not
    know. A word neither lexicon knows counts only with Spanish letters (not code such as onerror)."""
    from edtools.lint.lexicon import english_plural, freq, has_spanish_letters, is_english_word

    if word not in copied or len(word) < 4 or not word.isalpha() or is_english_word(word) or english_plural(word):
        return False
    f = freq(word)
    if f.es == 0 and f.en == 0:
        return has_spanish_letters(word)  # unknown to both: an identifier or code (onerror), unless Spanish-looking
    return f.en < 2.0 and f.es >= f.en + 1.0  # hacienda, cacao: English knows them


def _token_flags(toks: Any, copied: frozenset[str] = frozenset()) -> list[bool]:
    from edtools.lint.lexicon import is_spanish_lexical_word

    flags = []
    for k, t in enumerate(toks):
        capital = t.text[:1].isupper()
        flag = _is_spanish_token(t.text, capital) or (not capital and _copied_from_source(t.text, copied))
        if not flag and capital and k > 0 and len(t.text) >= 5 and t.text.isalpha() and not t.text.isupper():
            flag = is_spanish_lexical_word(t.text) and _in_institution_name(toks, k)
        flags.append(flag)
    return flags


def _spanish_runs(work: str, s: int, e: int, copied: frozenset[str] = frozenset()) -> Iterator[tuple[int, int, int]]:
    """(start, end, words) of runs of Spanish words in one sentence of the masked text; ``copied``:
    the lower-case words of the aligned source (with --source/--bilingual)."""
    toks = tokens(work[s:e])
    flags = _token_flags(toks, copied)
    k = 0
    while k < len(toks):
        if not flags[k]:
            k += 1
            continue
        j, end = k, k
        while j + 1 < len(toks) and _GAP.fullmatch(work[s + toks[j].end : s + toks[j + 1].start]):
            if flags[j + 1]:
                j = end = j + 1
            elif toks[j + 1].lower in _BRIDGE and j + 2 < len(toks) and flags[j + 2] and _GAP.fullmatch(
                work[s + toks[j + 1].end : s + toks[j + 2].start]
            ):
                j = end = j + 2
            else:
                break
        yield s + toks[k].start, s + toks[end].end, sum(1 for x in range(k, end + 1) if flags[x])
        k = end + 1


@rule(
    "ED202",
    "untranslated-word",
    "warning",
    scope="document",
    flags=(
        "The migrantes ecuadorian arrived in the city.",
        "In minería, activity started again in May.",
        "The Fiscalía is an autonomous organ.",
        "The alcalde inaugurated the bridge on Monday.",
        "Officials held a reunión with the ambassador.",
        "The Institute Geofísico reported ash on the road.",
        "Exporters of the National Camera of Acuacultura met the Ministry of Agriculture and Ganadería.",
        "A tap in the System of Oil pipeline Transecuatoriano caused the spill.",
        ("Ecuador exportó banano a Rusia.", "Ecuador exported banano to Russia."),
    ),
    passes=(
        "The junta met in the main plaza during the fiesta.",
        "The Prefecture of Manabí and the Council of Sucumbíos signed the deal in Cañar.",
        "The National Institute of Meteorology and Hydrology and the Ministry of Tourism met in Azuay.",
        "The Ministry said that Orellana and Esmeraldas received aid from the Bank of Pichincha.",
        ("La junta visitó la hacienda de cacao en Milagro.", "The junta visited the cacao hacienda in Milagro."),
        ("Usó el atributo onerror en el código.", "He used the onerror attribute in the code."),
        "Farmers cleared the path with a machete.",
        "Patiño traveled to Napo and Zamora Chinchipe.",
        "Analysts call the movement *correísmo* and its followers “correístas”.",
        "The Attorney General's Office (Fiscalía General del Estado) opened an inquiry.",
        "Cabezas said the plan was ready.",
        "The meeting took place in Quito last Wednesday.",
    ),
)
def untranslated_word(units: list[Any], ctx: Any) -> Iterator[Hit]:
    """A Spanish word or short phrase left inside an English sentence.

    ## What it does
    Looks every word of the draft up in word-frequency lexicons of Spanish and English
    (derived from wordfreq, CC BY-SA 4.0): a word common in Spanish and rare in English
    (*minería*, *migrantes*, *alcalde*), or a word with Spanish letters that English does
    not know (*reuniría*), is Spanish; adjacent ones are reported as one phrase.

    With Apertium's dictionary installed (Debian `apertium-eng-spa`), the message adds the
    word's English translations as a hint: "Spanish word 'minería' left untranslated
    (dictionary: mining)".

    With the source (`--source`, `--bilingual`), a lower-case word copied through from the
    aligned source sentence is reported when English does not use it and Spanish uses it more
    (*banano*): engines copy the words they do not know.

    A capitalised word is also reported inside a half-translated institution name, after an
    English head such as Institute, Ministry, Commission or Chamber, when it is a Spanish word
    with the ending of a common noun or adjective (the Institute *Geofísico*, the Ministry of
    Agriculture and *Ganadería*, the Camera of *Acuacultura*).

    Not flagged: words English uses (*junta*, *plaza*, *fiesta*, *machete*) and their plurals,
    however rare the plural is in English text (*sucres*, Ecuador's former currency); names (otherwise a
    capitalised word is reported only when it is a common Spanish noun English never uses,
    such as *Fiscalía*, *Reunión*; place names such as *Manabí* in "the Prefecture of Manabí"
    are not common words); Spanish in quotation marks or italics, or in
    parentheses after its English rendering; words and phrases listed in the config's
    `allowed-words`; sentences that ED201 already reports as a whole.

    ## Why is this bad?
    Engines leave rare words, office names and coinages untranslated one at a time: a
    single Spanish word in an English sentence is easy to read past and baffles readers.

    ## Example
    ```
    The migrantes ecuadorian arrived; in minería, activity started again.
    ```

    ## Use instead
    ```
    The Ecuadorian migrants arrived; in mining, activity started again.
    ```
    """
    found = []
    saved = getattr(ctx, "unit", None)
    try:
        for unit in units:
            if unit.raw.strip():
                ctx.unit = unit  # ED201's hits are looked up per block
                found.append((unit, _runs_in(unit.masked, unit, ctx)))
    finally:
        ctx.unit = saved
    hints = _dictionary_hints([u.masked[a:b] for u, runs in found for a, b, n in runs if n == 1])
    for unit, runs in found:
        for start, end, n in runs:
            words = unit.raw[start:end]
            what = f"Spanish word {words!r}" if n == 1 else f"Spanish phrase {words!r}"
            hint = hints.get(unit.masked[start:end])
            yield Hit(start, end, f"{what} left untranslated" + (f" (dictionary: {hint})" if hint else ""),
                      block=unit.block.index)


def _runs_in(text: str, unit: Any, ctx: Any) -> list[tuple[int, int, int]]:
    """(start, end, words) of the Spanish words and phrases of one block."""
    skip = _excluded(text, unit.emphasis)
    skip.extend(_allowed_spans(text, getattr(ctx, "allowed_words", frozenset())))
    skip.extend(_whole_sentence_hits(text, ctx))
    work = mask(text, skip, OBJ)
    pairs = [p for p in getattr(ctx, "pairs", None) or [] if p.target_block == unit.block.index]
    copied = frozenset(t.text for p in pairs for t in tokens(p.source) if t.text.islower())
    return [run for s, e in unit.sentences for run in _spanish_runs(work, s, e, copied)]


def _dictionary_hints(words: list[str]) -> dict[str, str]:
    """English translations of single words from Apertium's dictionary, when it is installed."""
    if not words:
        return {}
    from edtools.lint.bilex import translations

    out = {}
    for word, (lemmas, _) in translations(words).items():
        english = sorted(lemma for lemma in lemmas if lemma != word.lower())
        if english:
            out[word] = ", ".join(english[:3])
    return out


def _whole_sentence_hits(text: str, ctx: object) -> list[tuple[int, int]]:
    """ED201's hits in this block (computed once), so that ED202 does not repeat them word by word."""
    settings = getattr(ctx, "settings", None)
    if settings is None or not settings.enabled("ED201"):
        return []
    return [(h.start, h.end) for h in untranslated(text, ctx)]


# --- ED203: Spanish abbreviations and exonyms -----------------------------------------


# Spanish month abbreviations after a day, lower case as Spanish writes them ("9 ago", "31 dic.");
# those English shares (may, sep, oct, nov) are read as English
_ES_MONTH_ABBR = re.compile(r"(?<!\w)\d{1,2}\s(ene|abr|ago|dic)\b\.?(?!\w)")
_EN_MONTH_FOR = {"ene": "Jan.", "abr": "April", "ago": "Aug.", "dic": "Dec."}


@lru_cache(maxsize=1)
def _exonym_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(abbreviations, case-sensitive on accent-folded text; places, on folded lower-case text)."""
    from edtools.lint.lexicon import exonyms

    abbr, places = [], []
    for key, (_, kind) in exonyms().items():
        if kind == "abbreviation":
            abbr.append(key)
        else:
            places.append(key)

    def alternation(keys: list[str], upper: bool) -> str:
        parts = []
        for k in sorted(keys, key=len, reverse=True):
            words = [re.escape(w.upper() if upper else w) for w in k.split()]
            parts.append(r"\s*".join(words) if upper else r"\s+".join(words))
        return "|".join(parts)

    a = re.compile(rf"(?<![\w.])(?:{alternation(abbr, True)})(?![\w])")
    p = re.compile(rf"(?<![\w'’])(?:{alternation(places, False)})(?!\w)")  # not "Giro d'Italia"
    return a, p


def spanish_forms(text: str) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, kind, English forms) of every Spanish exonym or abbreviation in ``text``."""
    from edtools.lint.lexicon import exonyms, fold

    table = exonyms()
    folded = fold_chars(text)
    upper_folded = strip_accents(text)
    abbr, places = _exonym_regexes()
    for regex, source in ((abbr, upper_folded), (places, folded)):
        for m in regex.finditer(source):
            if regex is places and not text[m.start()].isupper():
                continue
            key = " ".join(fold(m.group()).split())
            key = key if key in table else key.replace(" ", "")
            entry = table.get(key) or table.get(" ".join(fold(text[m.start() : m.end()]).replace(".", ". ").split()))
            if entry is None:
                continue
            yield m.start(), m.end(), entry[1], tuple(entry[0].split("|"))


@rule(
    "ED203",
    "spanish-form",
    "warning",
    flags=(
        "The delegation traveled to EE. UU. on Monday.",
        "Talks with EE.UU. resumed.",
        "The FF. AA. deployed troops.",
        "Two Ecuadorians were detained in Mineápolis.",
        "The minister flew to Nueva York and then to Londres.",
        "QUITO, 9 ago (EFE). The state of emergency was extended.",
        "Exports to Singapur and Kenia rose, and flights to Estambul resumed.",
    ),
    passes=(
        "The delegation traveled to the U.S. on Monday.",
        "Two Ecuadorians were detained in Minneapolis.",
        "The minister flew to New York and then to London.",
        "Lima is the capital of Peru.",
        "The Spanish name “Nueva York” appears on old maps.",
        "The decree expires 90 days ago, on Aug. 9.",
        "Exports to Singapore and Kenya rose, and flights to Istanbul resumed.",
        "Belén Torres spoke in Santa Lucía, Perú and Bogotá.",
    ),
)
def spanish_form(text: str, ctx: object) -> Iterator[Hit]:
    """A Spanish abbreviation or Spanish name of a place left in English (EE. UU., Londres).

    ## What it does
    Finds Spanish abbreviations (*EE. UU.*, *EE.UU.*, *FF. AA.*, *ONU*, *OEA*), Spanish
    month abbreviations after a day (*9 ago*, *31 dic*) and the Spanish names of places
    that English calls otherwise (*Mineápolis*, *Nueva York*, *Londres*, *Alemania*) in
    the draft, from a table of Spanish and English forms (written by hand, completed with the
    Spanish names of countries and cities from the Unicode CLDR and of the world's cities from
    GeoNames: *Amberes*, *Róterdam*), and suggests the English form. Quoted and italicised text
    and `allowed-words` are left alone.

    ## Why is this bad?
    Engines copy abbreviations they do not know and keep exonyms missing from their
    dictionaries; an English reader does not recognise *EE. UU.* or *Londres*.

    ## Example
    ```
    Two Ecuadorians were detained in Mineápolis, EE. UU.
    ```

    ## Use instead
    ```
    Two Ecuadorians were detained in Minneapolis, U.S.
    ```
    """
    unit = getattr(ctx, "unit", None)
    skip = _excluded(text, unit.emphasis if unit is not None else [])
    skip.extend(_allowed_spans(text, getattr(ctx, "allowed_words", frozenset())))
    for m in _ES_MONTH_ABBR.finditer(text):
        if not any(s <= m.start() < e for s, e in skip):
            english = _EN_MONTH_FOR[m.group(1)]
            yield Hit(m.start(1), m.end(), f"Spanish month abbreviation {m.group(0).split()[-1]!r} in English: write {english}",
                      suggestion=english)
    from edtools.lint.lexicon import fold

    for start, end, kind, english in spanish_forms(text):
        if any(s <= start < e for s, e in skip) or fold(text[start:end]) in {fold(e) for e in english}:
            continue  # Perú for Peru: the same name, accents aside
        what = "Spanish abbreviation" if kind == "abbreviation" else "Spanish name"
        yield Hit(start, end, f"{what} {text[start:end]!r} in English: write {english[0]}", suggestion=english[0])
