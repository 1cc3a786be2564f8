"""ED6xx: proper names kept from the Spanish source.

Names in a source sentence are found by their capitals (runs such as *Zamora Chinchipe*,
*Los Ríos*, *Francisco de Orellana*, datelines such as *QUITO*); glossary terms and
capitalised institutions are left to the ED3xx rules. A name counts as kept when its words
stand in the aligned English sentence (case and accents ignored), or one of its standard
English forms (Estados Unidos -> United States, from ``data/lint-es-exonyms.tsv``).

A name that is not kept is reported at the words that replaced it when they can be found:
the English translations of its words, from Apertium's bilingual dictionary when installed
(:mod:`edtools.lint.bilex`: Quito -> "remove", Rubio -> "blond"), else a single capitalised
English word the source lacks; otherwise at the whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from edtools.lint.finding import Hit
from edtools.lint.registry import rule
from edtools.lint.textutil import URL_RE, Token, mask, tokens

_CONNECTORS = frozenset({"de", "del", "la", "las", "los"})
_COORDINATORS = frozenset({"y", "e"})
# Spanish names of legal instruments: a law's or a decree's title is translated, never kept as a name
_INSTRUMENT_HEADS = frozenset({"ley", "codigo", "decreto", "reglamento", "resolucion", "ordenanza", "acuerdo", "constitucion"})
_ARTICLES = frozenset({"el", "la", "los", "las"})
# The class nouns a place's or a building's name may start with, and that English translates
# (Palacio de Carondelet -> Carondelet Palace). A first name that is also a common noun (Alegría,
# Paz, Consuelo) is no such head: "Joy Crespo" for Alegría Crespo is a damaged name.
_GENERIC_HEADS = frozenset("""
    palacio parque plaza rio volcan laguna lago cerro isla islas puerto estadio coliseo hospital colegio escuela
    universidad instituto teatro museo catedral iglesia basilica santuario convento puente avenida calle
    aeropuerto terminal mercado centro reserva refugio bosque cordillera valle bahia golfo cabo playa malecon
    barrio parroquia canton provincia hacienda carcel penitenciaria campo bloque mina represa central canal
    embalse monumento torre edificio complejo ciudadela urbanizacion cooperativa hotel mirador refineria
    oleoducto poliducto gasoducto sistema unidad nevado cascada
""".split())
_INITIAL_BEFORE = tuple(".!?:;¿¡«“\"'(—–-")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


@dataclass(frozen=True, slots=True)
class Name:
    start: int  # in the source sentence
    end: int
    text: str
    words: tuple[str, ...]  # the content words that must appear (articles and connectors left out)
    english: tuple[str, ...] = ()  # standard English forms (exonyms); any of them counts as kept
    article: bool = False  # the name starts with an article (Los Ríos, El Oro)
    phrase: str = ""  # a name with connectors (Fruta del Norte) must stand as one phrase, folded
    apposed: bool = False  # the name follows a lower-case common noun (aeropuerto Mariscal Sucre): all of it is the name


def _fold(text: str) -> str:
    from edtools.lint.lexicon import fold

    return fold(text)


def _abbreviation(source: str, tok: Token) -> bool:
    """Sr., Dra., Ing., Gral.: a Spanish abbreviation (edtools' splitter's list), not a name."""
    from edtools.segment import abbreviations

    return source[tok.end : tok.end + 1] == "." and tok.lower in abbreviations("es")


def _is_initial(source: str, tok: Token) -> bool:
    before = source[: tok.start].rstrip()
    if before.endswith(".") and not before.endswith(".."):
        words = tokens(before)
        if words and words[-1].end == len(before) - 1 and _abbreviation(before, words[-1]):
            return False  # "el Sr. Cabezas": the name follows a title, not a sentence end
    return not before or before.endswith(_INITIAL_BEFORE)


def _name_like_initial(word: str, doc_capitals: frozenset[str]) -> bool:
    """Is a capitalised word at the start of a sentence a name? (Not when it is a common Spanish word.)"""
    from edtools.lint.lexicon import freq

    if _fold(word) in doc_capitals:
        return True
    return freq(word).es < 3.0


def _leading_function_word(word: str) -> bool:
    """A capitalised first word that opens the sentence, not the name after it: En, Según, Durante, Sin."""
    from edtools.lint.lexicon import freq
    from edtools.lint.rules.untranslated import spanish_words

    if word.lower() in spanish_words():
        return True
    f = freq(word)
    return (f.es >= 4.0 and f.es - f.en >= 2.3) or (f.es >= 5.5 and f.es - f.en >= 1.5)


def _institution_word(word: str) -> bool:
    """A capitalised common noun heading an institution's name (Gobierno, Ministerio, Cancillería)."""
    from edtools.lint.lexicon import freq, has_spanish_letters

    f = freq(word)
    return (f.es >= 4.5 and f.es - f.en >= 3.0) or (f.es >= 3.5 and f.en == 0 and has_spanish_letters(word))


def _capital(tok: Token) -> bool:
    return tok.text[:1].isupper() and not tok.text.isdigit()


def _runs(source: str, toks: tuple[Token, ...], taken: set[int]) -> list[list[int]]:
    """Runs of capitalised tokens (indices), joined by spaces and lower-case connectors (de, del, de la)."""
    runs: list[list[int]] = []
    k = 0
    while k < len(toks):
        if k in taken or not _capital(toks[k]):
            k += 1
            continue
        run = [k]
        j = k + 1
        while j < len(toks) and j not in taken and source[toks[j - 1].end : toks[j].start] == " ":
            if _capital(toks[j]):
                run.append(j)
            elif toks[j].lower in _CONNECTORS and not toks[j].text[:1].isupper():
                nxt = j
                while nxt < len(toks) and toks[nxt].lower in _CONNECTORS and source[toks[nxt - 1].end : toks[nxt].start] == " ":
                    nxt += 1
                if nxt >= len(toks) or nxt in taken or not _capital(toks[nxt]) or source[toks[nxt - 1].end : toks[nxt].start] != " ":
                    break
                run.extend(range(j, nxt + 1))
                j = nxt
            else:
                break
            j += 1
        runs.append(run)
        k = j
    return runs


def _connector(tok: Token) -> bool:
    return tok.lower in _CONNECTORS and not tok.text[:1].isupper()


def _trim_leading(run: list[int], source: str, toks: tuple[Token, ...]) -> list[int]:
    """Drop a capitalised first word that opens the sentence rather than the name: Según Noboa, En Quito."""
    first = toks[run[0]]
    if len(run) > 1 and len(first.text) > 1 and first.text.isupper() and toks[run[1]].text.isupper():
        return run  # a dateline in capitals is one name: NUEVA LOJA, LAGO AGRIO, SANTO DOMINGO
    if len(run) > 1 and first.lower not in _ARTICLES and _is_initial(source, first) and _leading_function_word(first.text):
        run = run[1:]
        while run and _connector(toks[run[0]]):
            run = run[1:]
    return run


def _without_institutions(run: list[int], toks: tuple[Token, ...], heads: frozenset[str] = frozenset()) -> list[list[int]]:
    """The run less its institution segments and their descriptive complements: 'Gobierno de Ecuador' ->
    [Ecuador], 'Ministerio de Defensa' -> [], 'Cámara de Turismo de Pichincha' -> [Pichincha]."""
    out: list[list[int]] = []
    current: list[int] = []
    pending: list[int] = []  # connectors waiting for the next segment
    after_head = False  # the last segment was an institution's head
    if _after_common_noun(run, toks):
        return [run]  # calle Larga, río Conejo: the capitalised word is the name after a generic noun
    for seg in _segments_with_gaps(run, toks):
        head = toks[seg[0]]
        if _connector(head):
            pending = seg
            continue
        if after_head and pending and not current and _descriptive(seg, toks):
            after_head, pending = False, []
            continue  # Cámara de Turismo, Día de los Difuntos: the head's complement is translated with it
        after_head = False
        if head.lower in _ARTICLES and len(seg) > 1:
            head = toks[seg[1]]  # "El Gobierno", "La Policía Nacional"
        if (_institution_word(head.text) or _fold(head.text) in heads) and not head.text.isupper():
            if current:
                out.append(current)
            current, pending, after_head = [], [], True
            continue
        current = current + pending + seg if current else seg
        pending = []
    if current:
        out.append(current)
    return out


def _descriptive(seg: list[int], toks: tuple[Token, ...]) -> bool:
    """The capitalised words after an institution's or a holiday's head say what it is about, in
    common Spanish words English translates (Turismo, Comercio, Difuntos), not whose or where it is:
    a place (Ecuador, Quito, Pichincha; Esmeraldas and Manta, common words that name Ecuador's towns;
    Alemania, a country's Spanish name) or a name with its own article (Prefectura de Los Ríos)."""
    from edtools.lint.lexicon import ecuador_places, exonyms, is_spanish_word

    words = [toks[i].text for i in seg]
    if words[0].lower() in _ARTICLES or any(w.isupper() for w in words):
        return False
    places, foreign = ecuador_places(), exonyms()
    return all(is_spanish_word(w.lower()) and _fold(w) not in places and _fold(w) not in foreign for w in words)


def _after_common_noun(run: list[int], toks: tuple[Token, ...]) -> bool:
    """The run follows a lower-case content word (calle, río, parroquia, volcán), not an article,
    preposition or other function word: "la calle Larga" names a street, "la Fiscalía" an office."""
    from edtools.lint.rules.untranslated import spanish_words

    k = run[0] - 1
    if k < 0 or not toks[k].text.isalpha() or not toks[k].text.islower() or toks[k].end + 1 != toks[run[0]].start:
        return False
    return toks[k].lower not in spanish_words() and toks[k].lower not in _CONNECTORS | _COORDINATORS and len(toks[k].text) > 2


def _segments_with_gaps(run: list[int], toks: tuple[Token, ...]) -> list[list[int]]:
    """A run cut into alternating groups of capitalised words and of connectors."""
    out: list[list[int]] = []
    for i in run:
        connector = _connector(toks[i])
        if out and _connector(toks[out[-1][0]]) == connector:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _name_from(
    run: list[int], source: str, toks: tuple[Token, ...], doc_capitals: frozenset[str], regions: frozenset[str] = frozenset()
) -> Name | None:
    words = [toks[i] for i in run]
    initial = _is_initial(source, words[0])
    article = words[0].lower in _ARTICLES and len(words) > 1
    content = [t for t in words if not _connector(t)]
    if article and initial:
        content = content[1:]  # "Los Choneros atacaron": the capital may be the sentence's; mid-sentence it is the name's
    content = [t for t in content if not _ROMAN.match(t.text)]
    if not content:
        return None
    if len(words) == 1 and _not_a_name(words[0], source, initial, doc_capitals, regions):
        return None
    if article and initial and len(words) == 2 and _common_after_article(words[1], source, doc_capitals):
        return None  # "El Fondo pidió...": the sentence's capital on an article before a common noun
    if not article and _portfolio(content[0], source):
        return None
    start, end = words[0].start, words[-1].end
    inner = [t for t in words if _connector(t)] and words[-1] is not content[0]
    phrase = _fold(source[content[0].start : end]) if inner else ""
    return Name(start, end, source[start:end], tuple(t.text for t in content), (), article, phrase)


def _numbered(tok: Token, source: str) -> bool:
    """ "el Bloque 43", "el Campo 16": a name with its number."""
    return bool(re.match(r"\s\d", source[tok.end : tok.end + 2]))


def _common_after_article(tok: Token, source: str, doc_capitals: frozenset[str]) -> bool:
    from edtools.lint.lexicon import freq

    return freq(tok.text).es >= 3.5 and not _numbered(tok, source) and _fold(tok.text) not in doc_capitals


def _portfolio(tok: Token, source: str) -> bool:
    """A field after "de", named by a Spanish common noun English never uses: ministra de Salud,
    viceministro de Movilidad Humana, Ministerio de Turismo (its head already left out)."""
    from edtools.lint.lexicon import freq

    before = tokens(source[: tok.start])
    if not before or before[-1].lower not in ("de", "del") or tok.text.isupper() or _numbered(tok, source):
        return False
    f = freq(tok.text)
    return f.es >= 4.0 and f.es - f.en >= 2.8


def _not_a_name(tok: Token, source: str, initial: bool, doc_capitals: frozenset[str], regions: frozenset[str] = frozenset()) -> bool:
    """A single capitalised word that is not a name: a common word opening the sentence, a shouted
    common word, or a common noun after a lower-case article (el Fondo, del Litoral: a short
    reference to an institution or a region), unless English writes it as it is (``regions``: la
    Sierra is "the Sierra")."""
    from edtools.lint.lexicon import freq

    f = freq(tok.text)
    if tok.text.isupper():
        return len(tok.text) > 1 and f.es >= 5.0
    if initial:
        return not _name_like_initial(tok.text, doc_capitals)
    before = tokens(source[: tok.start])
    return bool(before) and before[-1].lower in _ARTICLES | {"del", "al"} and _common_after_article(tok, source, regions)


def _coordinated_with_institution(
    previous: list[int], run: list[int], source: str, toks: tuple[Token, ...], heads: frozenset[str]
) -> bool:
    """``run`` follows "y"/"e" after a run headed by an institution word (Estadística y Censos in the
    Instituto Nacional de Estadística y Censos): it continues that institution's descriptive name."""
    if not previous or not run or run[0] - previous[-1] != 2 or toks[run[0] - 1].lower not in _COORDINATORS:
        return False
    if source[toks[previous[-1]].end : toks[run[0]].start].strip() not in _COORDINATORS:
        return False
    head = toks[previous[1]] if toks[previous[0]].lower in _ARTICLES and len(previous) > 1 else toks[previous[0]]
    return not head.text.isupper() and (_institution_word(head.text) or _fold(head.text) in heads)


def source_names(
    source: str, skip: list[tuple[int, int]], doc_capitals: frozenset[str] = frozenset(), heads: frozenset[str] = frozenset(),
    regions: frozenset[str] = frozenset(),
) -> list[Name]:
    """Every proper name in a Spanish sentence; ``skip`` spans (glossary terms) are not names, nor are
    institutions: names headed by a word such as Gobierno or Ministerio, or by one of ``heads``
    (the first words of the glossary's institutions: Corte, Consejo, Servicio). ``regions``: folded
    common words that are names after an article (:func:`_kept_in_english`: la Sierra)."""
    from edtools.lint.rules.untranslated import spanish_forms

    names: list[Name] = []
    toks = tokens(source)
    taken = {k for k, t in enumerate(toks) if any(s < t.end and t.start < e for s, e in skip) or _abbreviation(source, t)}
    for start, end, _, english in spanish_forms(source):
        names.append(Name(start, end, source[start:end], (), english))
        taken |= {k for k, t in enumerate(toks) if start <= t.start < end}
    heads = heads | _INSTRUMENT_HEADS
    previous: list[int] = []
    for run in _runs(source, toks, taken):
        coordinated = _coordinated_with_institution(previous, run, source, toks, heads)
        previous = _trim_leading(run, source, toks)
        if coordinated:
            continue  # Ley de Tránsito y Transporte: the whole is one institution or instrument
        for part in _without_institutions(previous, toks, heads):
            name = _name_from(part, source, toks, doc_capitals, regions)
            if name is not None:
                names.append(replace(name, apposed=True) if _after_common_noun(part, toks) else name)
    return sorted(names, key=lambda n: n.start)


def _present(word: str, folded_target: str) -> bool:
    """The folded word stands in the folded target (also as a demonym: Ecuador -> Ecuadorian, Perú -> Peruvian)."""
    w = _fold(word)
    if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded_target):
        return True
    if len(w) >= 4:
        stem = w[:-1] if w[-1] in "aeiou" else w
        return bool(re.search(rf"(?<!\w){re.escape(stem)}\w{{0,4}}n(?:s)?(?!\w)", folded_target))
    return False


def is_kept(name: Name, target: str) -> bool:
    folded = _fold(target)
    if name.english:
        return any(_present(e, folded) if " " not in e else _fold(e) in folded for e in name.english) or all(
            _present(w, folded) for w in name.text.replace(".", " ").split()
        )
    if not all(_present(w, folded) for w in name.words):
        return False
    return not name.phrase or not _phrase_translated(name, folded)


_GLUE = frozenset({"of", "the", "from", "de", "del", "la", "las", "los", "to", "in", "on"})


def _phrase_translated(name: Name, folded_target: str) -> bool:
    """The name's words stand, but its connectors were translated: 'Centinela of the Condor'.
    (Other words between them mean the engine built an English phrase around the name.)"""
    words = re.findall(r"\w+", folded_target)
    if name.phrase in " ".join(words):
        return False
    wanted = [_fold(w) for w in name.words]
    for i, w in enumerate(words):
        if w != wanted[0]:
            continue
        j, k = i + 1, 1
        while j < len(words) and k < len(wanted):
            if words[j] == wanted[k]:
                k += 1
            elif words[j] not in _GLUE:
                break
            j += 1
        if k == len(wanted):
            return True
    return False


def _glossary_spans(source: str, ctx: Any) -> list[tuple[int, int]]:
    if getattr(ctx, "glossary", None) is None:
        return []
    from edtools.glossary import SourceMatcher

    matcher = ctx.memo("source-matcher", lambda: SourceMatcher(ctx.glossary))
    return [(m.start, m.end) for m in matcher.find(source)]


def _glossary_heads(ctx: Any) -> frozenset[str]:
    """The first words of the glossary's institution names (Corte Constitucional -> corte): any name
    they head is an institution, the glossary's business, even when the glossary lacks that one."""
    if getattr(ctx, "glossary", None) is None:
        return frozenset()

    def build() -> frozenset[str]:
        out = set()
        for entry in ctx.glossary.entries:
            for term in (entry.es, *entry.es_variants):
                words = term.split()
                if len(words) > 1 and words[0][:1].isupper() and not words[0].isupper():
                    out.add(_fold(words[0]))
        return frozenset(out)

    return ctx.memo("glossary-heads", build)


def _doc_capitals(sources: list[str]) -> frozenset[str]:
    """Words written with a capital inside some source sentence (not at its start): names of this story."""
    from edtools.lint.rules.untranslated import spanish_words

    out = set()
    function_words = spanish_words()
    for source in sources:
        toks = tokens(source)
        for k, tok in enumerate(toks):
            if not _capital(tok) or _is_initial(source, tok) or tok.text.isupper() or tok.lower in function_words:
                continue
            if k and toks[k - 1].lower in _ARTICLES and _is_initial(source, toks[k - 1]):
                continue  # "El Fondo pidió...": both capitals may be the sentence's
            out.add(_fold(tok.text))
    return frozenset(out)


def _kept_in_english(sources: list[str]) -> frozenset[str]:
    """Capitalised common words after a lower-case article that English writes as they are: Apertium's
    dictionary knows them as proper nouns too and lists the word itself among their translations (la
    Sierra, the highland region: "the Sierra", not "the Saw"). Empty without Apertium."""
    from edtools.lint.bilex import translations

    words = set()
    for source in sources:
        toks = tokens(source)
        for k in range(1, len(toks)):
            before = toks[k - 1]
            if _capital(toks[k]) and not toks[k].text.isupper() and before.lower in _ARTICLES | {"del", "al"} and before.text.islower():
                words.add(toks[k].text)
    if not words:
        return frozenset()
    trans = translations(sorted(words))
    return frozenset(_fold(w) for w, (lemmas, proper) in trans.items() if proper and _fold(w) in {_fold(x) for x in lemmas})


# Spanish and English endings of Latinate words: an institution's descriptive name comes into English
# through such cognates (Instituto Nacional de Meteorología -> National Institute of Meteorology)
_SUFFIXES = (
    ("cion", ("tion",)), ("sion", ("sion",)), ("ia", ("y", "ia")), ("dad", ("ty",)), ("ario", ("ary",)),
    ("aria", ("ary",)), ("ismo", ("ism",)), ("ista", ("ist",)), ("ico", ("ic", "ical")), ("ica", ("ic", "ical", "ics")),
    ("al", ("al",)), ("uto", ("ute",)), ("ncia", ("nce", "ncy")), ("ura", ("ure",)), ("ivo", ("ive",)), ("iva", ("ive",)),
    ("ado", ("ate", "er", "ed")), ("or", ("or",)), ("ente", ("ent",)), ("ante", ("ant",)), ("ano", ("an",)), ("ana", ("an",)),
)


def _latinate_cognate(word: str, target_words: list[str]) -> bool:
    """The word stands in the target as its English cognate: nacional -> national, instituto -> institute."""
    from rapidfuzz.fuzz import ratio

    w = _fold(word)
    w = w[:-1] if w.endswith("s") and len(w) > 4 else w
    for es_end, en_ends in _SUFFIXES:
        if not w.endswith(es_end):
            continue
        for t in target_words:
            t1 = t[:-1] if t.endswith("s") and len(t) > 4 else t
            if t1.endswith(en_ends) and ratio(w, t1) >= 70:
                return True
    return False


def _translated_institution(name: Name, target: str) -> bool:
    """Every lost word of the name came into English as a Latinate cognate: a descriptive name rendered
    (Instituto Geofísico -> Geophysical Institute), not a proper name translated (Los Ríos -> The Rivers)."""
    if len([w for w in name.words if w.lower() not in _ARTICLES]) < 2 or name.apposed:
        return False  # a one-word name is a name: crudo Oriente -> "Orient" is lost; so is one after a
        # common noun: aeropuerto Mariscal Sucre -> "Marshal Sucre"
    missing = [w for w in _missing_words(name, target) if w.lower() not in _ARTICLES]
    words = re.findall(r"\w+", _fold(target))
    return bool(missing) and all(_latinate_cognate(w, words) for w in missing)


def _generic_head(name: Name, target: str, trans: dict[str, tuple[set[str], bool]]) -> bool:
    """Only the name's leading common nouns are translated, its proper part kept: Palacio de
    Carondelet -> Carondelet Palace, Parque Nacional Yasuní -> Yasuní National Park, río Guayas."""
    from edtools.lint.lexicon import freq

    if name.apposed:
        return False  # after a common noun the whole is the name: aeropuerto Mariscal Sucre -> "Marshal Sucre" is lost
    folded = _fold(target)
    kept = [_present(w, folded) for w in name.words]
    if not any(kept) or kept[-1] is False or name.text.isupper():
        return False  # a dateline in capitals is a place's name: NUEVA LOJA -> "New LOJA" is lost
    first_kept = kept.index(True)
    if first_kept == 0 or not all(kept[first_kept:]):
        return False
    if _fold(name.words[0]) not in _GENERIC_HEADS:
        return False  # a first name (Alegría Crespo -> "Joy Crespo"), not a place's class noun
    for w in name.words[:first_kept]:
        f = freq(w)
        if not (f.es >= 3.0 and f.en < 3.5) or trans.get(w, (set(), False))[1]:
            return False  # a first name (Juan, Aquiles: Apertium knows it as a proper noun), not a common noun
    return True


def _coordinated_word(name: Name, institutions: list[Name], source: str, target: str, trans: dict[str, tuple[set[str], bool]]) -> bool:
    """A one-word name joined by "y"/"e" to a translated institution's name, and translated with it:
    Instituto Nacional de Meteorología e Hidrología -> National Institute of Meteorology and Hydrology."""
    from edtools.lint.bilex import english_forms

    if len(name.words) != 1 or not any(re.fullmatch(r"\s+[ye]\s+", source[n.end : name.start]) for n in institutions):
        return False
    word = name.words[0]
    words = re.findall(r"\w+", _fold(target))
    lemmas = trans.get(word, (set(), False))[0] | trans.get(word.lower(), (set(), False))[0]
    forms = {_fold(f) for lemma in lemmas for f in english_forms(lemma)}
    return bool(forms & set(words)) or _latinate_cognate(word, words)


def _missing_words(name: Name, target: str) -> list[str]:
    folded = _fold(target)
    return [w for w in name.words if not _present(w, folded)]


def _clusters(indices: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in sorted(set(indices)):
        if out and i - out[-1][-1] <= 3:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _by_lexicon(
    name: Name, target: str, trans: dict[str, tuple[set[str], bool]], source_words: set[str], taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Where the English translations of the name's missing words stand in the target."""
    toks = tokens(target)
    words = name.words or tuple(name.text.replace(".", " ").split())
    missing = _missing_words(Name(name.start, name.end, name.text, words), target)
    hits = []
    for w in missing:
        from edtools.lint.bilex import english_forms

        if w.lower() in _ARTICLES:
            continue  # "the" is everywhere: an article is found beside the rest of the name, or not at all

        lemmas = trans.get(w, (set(), False))[0] | trans.get(w.capitalize(), (set(), False))[0]
        forms = {f for lemma in lemmas if _fold(lemma) != _fold(w) for f in english_forms(lemma)}
        hits += [k for k, t in enumerate(toks) if t.lower in forms and _fold(t.text) not in source_words]
    kept = {_fold(w) for w in words} - {_fold(w) for w in missing}
    # the name's kept words bridge its translated ones: University San Francisco of Remove is one cluster
    bridges = [k for k, t in enumerate(toks) if _fold(t.text) in kept] if hits else []
    clusters = [
        c for c in _clusters(hits + bridges)
        if set(c) & set(hits) and not any(s < toks[c[-1]].end and toks[c[0]].start < e for s, e in taken)
    ]
    if not clusters:
        return None  # none, or only where another name was already reported (QUITO, then Quito)
    best = max(clusters, key=lambda c: len(set(c) & set(hits)))
    first, last = min(k for k in best if k in hits), max(k for k in best if k in hits)
    while first > 0 and (_fold(toks[first - 1].text) in kept or (name.article and toks[first - 1].lower == "the")):
        first -= 1
    while last + 1 < len(toks) and _fold(toks[last + 1].text) in kept:
        last += 1
    return toks[first].start, toks[last].end


def _by_capitals(target: str, source_words: set[str]) -> list[tuple[int, int]]:
    """Runs of capitalised English words in the target that the source lacks (a translated name's trace)."""
    from edtools.lint.lexicon import is_english_word

    runs: list[tuple[int, int]] = []
    prev_end = -2
    for t in tokens(target):
        if not _capital(t) or _is_initial(target, t) or t.text.isupper() or _fold(t.text) in source_words:
            continue
        if not (is_english_word(t.lower) or (t.lower.endswith("s") and is_english_word(t.lower[:-1]))):
            continue
        if runs and target[prev_end : t.start] == " ":
            runs[-1] = (runs[-1][0], t.end)
        else:
            runs.append((t.start, t.end))
        prev_end = t.end
    return runs


def _by_neighbour(name: Name, target: str) -> tuple[int, int] | None:
    """A multi-word name with some words kept: the capitalised target word beside a kept one
    stands for the missing word beside it (Juan Pérez -> "John Pérez")."""
    if len(name.words) < 2:
        return None
    toks = tokens(target)
    folded = [_fold(t.text) for t in toks]
    words = [_fold(w) for w in name.words]
    spans = []
    for i, w in enumerate(words):
        if w in folded:
            continue
        for j, neighbour, step in ((i - 1, words[i - 1] if i else None, 1), (i + 1, words[i + 1] if i + 1 < len(words) else None, -1)):
            if neighbour is None or neighbour not in folded:
                continue
            k = folded.index(neighbour) + step
            if 0 <= k < len(toks) and _capital(toks[k]):
                spans.append((toks[min(k, k - step)].start, toks[max(k, k - step)].end))
                break
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _by_words(name: Name, target: str) -> tuple[int, int] | None:
    """Every word kept but not as one phrase (Centinela del Cóndor -> "Centinela of the Condor")."""
    toks = tokens(target)
    folded = [_fold(t.text) for t in toks]
    try:
        where = [folded.index(_fold(w)) for w in name.words]
    except ValueError:
        return None
    first, last = min(where), max(where)
    return (toks[first].start, toks[last].end) if last - first <= len(name.words) + 3 else None


def _locate(names: list[Name], target: str, source: str, trans: dict[str, tuple[set[str], bool]]) -> list[tuple[Name, tuple[int, int] | None]]:
    source_words = {_fold(t.text) for t in tokens(source)}
    taken: list[tuple[int, int]] = []
    located = []
    for n in names:
        span = _by_lexicon(n, target, trans, source_words, taken) or _by_neighbour(n, target) or (
            _by_words(n, target) if n.phrase and not _missing_words(n, target) else None
        )
        if span is not None:
            taken.append(span)
        located.append((n, span))
    return located


def _report(names: list[Name], target: str, source: str, trans: dict[str, tuple[set[str], bool]]) -> Iterator[Hit]:
    source_words = {_fold(t.text) for t in tokens(source)}
    located = _locate(names, target, source, trans)
    open_names = [n for n, span in located if span is None]
    guesses = _by_capitals(target, source_words) if open_names else []
    taken = {span for _, span in located if span}
    guesses = [g for g in guesses if not any(s < g[1] and g[0] < e for s, e in taken)]
    if len(open_names) == 1 and len(guesses) == 1:
        located = [(n, span or guesses[0]) for n, span in located]
        open_names = []
    for name, span in located:
        if span is not None:
            yield Hit(span[0], span[1], f"name {name.text!r} from the source is not kept: {target[span[0]:span[1]]!r} "
                      f"stands in its place", suggestion=name.english[0] if name.english else name.text, source=source)
    if open_names:
        stripped = target.strip()
        start = target.find(stripped[:1]) if stripped else 0
        listed = ", ".join(repr(n.text) for n in open_names)
        what = f"name {listed} from the source is" if len(open_names) == 1 else f"names {listed} from the source are"
        yield Hit(start, start + len(stripped), f"{what} missing from the translation", source=source)


@rule(
    "ED601",
    "name-not-kept",
    "warning",
    scope="document",
    requires="source",
    flags=(
        ("QUITO, 13 may (EFE). El embajador llegó a Quito.", "I remove, 13 may (EFE). The ambassador arrived to Remove."),
        ("El secretario Marco Rubio habló con Noboa.", "The secretary Blond Frame spoke with Noboa."),
        ("Las lluvias afectan a Los Ríos y Esmeraldas.", "The rains affect The Rivers and Emeralds."),
        ("Simón Cueva presentó el informe.", "Simón Cave presented the report."),
        ("La ministra de Educación, Alegría Crespo, habló.", "The minister of Education, Joy Crespo, spoke."),
        ("La mina Fruta del Norte exportó oro.", "The mine Fruit of the North exported gold."),
        ("NUEVA LOJA, 27 jun (EFE).- El ministro llegó.", "New LOJA, 27 jun (EFE).- The minister arrived."),
        ("Los comerciantes de la calle Larga protestaron.", "The traders of the Long street protested."),
        ("Estudió en la Universidad San Francisco de Quito.", "He studied in the University San Francisco of Remove."),
        ("Los vuelos llegan al aeropuerto Mariscal Sucre.", "The flights arrive to the airport Marshal Sucre."),
    ),
    passes=(
        ("El embajador llegó a Quito el lunes.", "The ambassador arrived in Quito on Monday."),
        ("Patiño visitó Napo y Zamora Chinchipe.", "Patiño visited Napo and Zamora Chinchipe."),
        ("Noboa viajó a Estados Unidos y Perú.", "Noboa traveled to the United States and Peru."),
        ("Durante la reunión, el Gobierno de Ecuador firmó el acuerdo.", "During the meeting, the Ecuadorian government signed the deal."),
        ("Según Sánchez, la Asamblea votará.", "According to Sánchez, the Assembly will vote."),
        ("La delegación visitó EE. UU.", "The delegation visited the U.S."),
        ("Según el Instituto Nacional de Meteorología e Hidrología, llovió.",
         "According to the National Institute of Meteorology and Hydrology, it rained."),
        ("El Instituto Nacional de Estadística y Censos publicó el dato.",
         "The National Institute of Statistics and Censuses published the figure."),
        ("La Ley Orgánica de Inteligencia fue suspendida.", "The Organic Law of Intelligence was suspended."),
        ("LAGO AGRIO, 10 may (EFE).- El río Conejo creció.", "LAGO AGRIO, 10 May (EFE).- The Conejo river rose."),
        ("Las familias visitaron los cementerios por el Día de los Difuntos.",
         "Families visited the cemeteries for the Day of the Dead."),
        ("El presidente de la Cámara de Turismo habló.", "The president of the Chamber of Tourism spoke."),
        ("El presidente llegó al Palacio de Carondelet.", "The president arrived at Carondelet Palace."),
        ("Los turistas visitaron el Parque Nacional Yasuní.", "The tourists visited Yasuní National Park."),
    ),
)
def name_not_kept(units: list[Any], ctx: Any) -> Iterator[Hit]:
    """A proper name of the source that the translation lost or translated (Quito -> "Remove").

    ## What it does
    Finds the proper names of each source sentence: runs of capitalised words (*Marco
    Rubio*, *Zamora Chinchipe*, *Los Ríos*, *Francisco de Orellana*), datelines and
    acronyms in capitals (*QUITO*). A capitalised first word counts only when it is not a
    common Spanish word or another capitalised word follows; a dateline in capitals is one
    name (*NUEVA LOJA*), and so is a capitalised run after a lower-case common noun (*calle
    Larga*, *río Conejo*, *aeropuerto Mariscal Sucre*: every word of it must be kept).
    Glossary terms, institutions (*Gobierno*, *Asamblea*, *Fiscalía*, and a word joined by
    *y*/*e* to an institution's translated name: *Meteorología e Hidrología*), the common
    Spanish words after an institution's or a holiday's head that say what it is about
    (*Cámara de Turismo*, *Día de los Difuntos*: translated with it) and the titles of laws
    and decrees (*Ley Orgánica de ...*) are left to the ED3xx rules; a place after the head
    stays a name (*Gobierno de Ecuador*, *Prefectura de Esmeraldas*: Ecuador's towns come from
    GeoNames). A common noun after a lower-case article (*el Fondo*, *la Costa*) is a short
    reference, not a name, unless Apertium's dictionary says English writes it as it is
    (*la Sierra*). Each
    name must stand in the aligned English sentence, ignoring case and accents; a standard
    English form (*Estados Unidos* -> *United States*, *Perú* -> *Peru*) or a demonym
    (*Ecuadorian*) counts too. A lost name is reported at the words that replaced it,
    found through Apertium's bilingual dictionary when `apertium-eng-spa` is installed
    (with the name's kept words between them: "University San Francisco of Remove"; British
    lemmas are matched in American spelling too: *Metro* -> "Meter"),
    else at the one capitalised English word the source lacks, else at the sentence.
    Needs `--source` or `--bilingual`.

    ## Why is this bad?
    Spanish surnames and places are often common words (Rubio, Cueva, Quito, Esmeraldas,
    El Oro); an engine translates them, and an editor who trusts the draft publishes "the
    American ambassador in Remove".

    ## Example
    ```
    source: El secretario Marco Rubio llegó a Quito.
    draft:  The secretary Blond Frame arrived to Remove.
    ```

    ## Use instead
    ```
    Secretary Marco Rubio arrived in Quito.
    ```
    """
    from edtools.lint.bilex import translations

    by_block = {u.block.index: u for u in units}
    pairs = [p for p in getattr(ctx, "pairs", []) if p.target_block in by_block]
    sources = [mask(p.source, [(m.start(), m.end()) for m in URL_RE.finditer(p.source)], " ") for p in pairs]
    capitals, regions = _doc_capitals(sources), _kept_in_english(sources)
    todo = []
    for pair, source in zip(pairs, sources):
        unit = by_block[pair.target_block]
        target = unit.masked[pair.target_start : pair.target_end]
        found = source_names(source, _glossary_spans(source, ctx), capitals, _glossary_heads(ctx), regions)
        missing = [n for n in found if not is_kept(n, target)]
        if missing:
            todo.append((pair, unit, target, source, missing))
    if not todo:
        return
    words = [w for *_, names in todo for n in names for w in (n.words or tuple(n.text.replace(".", " ").split()))]
    trans = translations(words + [w.capitalize() for w in words] + [w.lower() for w in words])
    for pair, unit, target, source, missing in todo:
        institutions = [n for n in missing if _translated_institution(n, target)]
        missing = [n for n in missing if not _generic_head(n, target, trans) and n not in institutions]
        missing = [n for n in missing if not _coordinated_word(n, institutions, source, target, trans)]
        for hit in _report(missing, target, source, trans):
            yield Hit(hit.start + pair.target_start, hit.end + pair.target_start, hit.message,
                      suggestion=hit.suggestion, block=unit.block.index, source=hit.source)
