"""Finding glossary terms: Spanish source side (:class:`SourceMatcher`) and English draft side
(:class:`TargetMatcher`).

Spanish matching is case-insensitive and accent-sensitive (NFC + ``casefold()``), word-boundary
aware, longest match first, and inflection-aware: for title entries the gender and number forms of
the head word and the adjectives that follow it are generated (*ministro* → *ministra, ministros,
ministras*; *canciller* → *cancilleres*; *fiscal general* → *fiscales generales*). A leading article
in a glossary term is optional in the text (*la Cancillería* matches *Cancillería*); the article
found before a match is reported. An all-capitals term (an acronym: *CNE*, *DEA*) matches only in
capitals, and a one-word institution name (*Armada*, *Municipio*) only when capitalised (in
lowercase it is a common word: *banda armada*). Exceptions (*canciller alemán*) suppress a match
that lies inside them. Ex- forms (*expresidente*, *ex ministra*) and a small set of words inserted
after a title's head (*ministro ecuatoriano de Economía*) are found too.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from edtools.glossary.model import Entry, Glossary, norm, norm_with_map

ARTICLES = frozenset({"el", "la", "los", "las", "del", "al", "lo", "un", "una", "unos", "unas"})
_LEADING_ARTICLES = ("el ", "la ", "los ", "las ")
# words that end the inflected head of a Spanish title ("ministro | de Relaciones Exteriores")
_STOP = frozenset({"de", "del", "la", "el", "los", "las", "y", "e", "o", "u", "para", "en", "a", "al", "con", "por",
                   "sobre", "contra", "ante", "entre"})
_UNACCENT = str.maketrans("áéíóú", "aeiou")

# (gender, number) combinations, singular masculine first: it wins when two forms coincide
_COMBOS = (("m", "sg"), ("f", "sg"), ("m", "pl"), ("f", "pl"))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.combining(ch) != 0


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _inflect_word(word: str, *, head: bool) -> dict[tuple[str, str], str]:
    """Gender/number forms of one Spanish word (lowercase or as written)."""
    w = word
    lw = w.lower()
    forms = {("m", "sg"): w, ("f", "sg"): w, ("m", "pl"): w, ("f", "pl"): w}
    if not lw or not lw[-1].isalpha():
        return forms
    last = lw[-1]
    if last == "o":
        forms.update({("f", "sg"): w[:-1] + "a", ("m", "pl"): w + "s", ("f", "pl"): w[:-1] + "as"})
    elif last in "aé" or (last == "e"):
        pl = w + "s"
        forms.update({("m", "pl"): pl, ("f", "pl"): pl})
        if head and lw.endswith("ente"):  # presidente -> presidenta
            forms.update({("f", "sg"): w[:-1] + "a", ("f", "pl"): w[:-1] + "as"})
    elif lw.endswith("or"):
        forms.update({("f", "sg"): w + "a", ("m", "pl"): w + "es", ("f", "pl"): w + "as"})
    elif lw[-2:] in ("ón", "án", "én", "ín", "és"):
        stem = w[:-2] + w[-2].translate(_UNACCENT) + w[-1]
        forms.update({("m", "pl"): stem + "es", ("f", "pl"): stem + "es"})
        if head or lw[-2:] in ("án", "ón", "és"):  # alemán -> alemana, capitán -> capitana
            forms.update({("f", "sg"): stem + "a", ("f", "pl"): stem + "as"})
    elif last == "z":
        pl = w[:-1] + "ces"
        forms.update({("m", "pl"): pl, ("f", "pl"): pl})
        if head:  # juez -> jueza
            forms.update({("f", "sg"): w + "a", ("f", "pl"): w + "as"})
    elif last in "lnrdj":
        pl = w + "es"
        forms.update({("m", "pl"): pl, ("f", "pl"): pl})
    elif last in "sx":
        pass
    elif last in "íú":
        pl = w + "es"
        forms.update({("m", "pl"): pl, ("f", "pl"): pl})
    else:
        pl = w + "s"
        forms.update({("m", "pl"): pl, ("f", "pl"): pl})
    return forms


def strip_article(term: str) -> tuple[str, str]:
    """("la Cancillería") -> ("Cancillería", "la")."""
    low = term.lower()
    for art in _LEADING_ARTICLES:
        if low.startswith(art) and len(term) > len(art):
            return term[len(art):], art.strip()
    return term, ""


def spanish_forms(term: str, *, inflect: bool) -> list[tuple[str, bool]]:
    """All forms of a Spanish term: [(form, plural)], the term itself first."""
    term, _ = strip_article(" ".join(term.split()))
    if not inflect or is_acronym(term.split()[0]) or not term[:1].isalpha():
        return [(term, False)]
    words = term.split(" ")
    n_inflected = 1
    while n_inflected < len(words):
        w = words[n_inflected]
        if w.lower() in _STOP or not w.isalpha() or w[:1].isupper():
            break
        n_inflected += 1
    per_word = [_inflect_word(w, head=(i == 0)) for i, w in enumerate(words[:n_inflected])]
    out: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for combo in _COMBOS:
        form = " ".join([f[combo] for f in per_word] + words[n_inflected:])
        key = norm(form)
        if key not in seen:
            seen.add(key)
            out.append((form, combo[1] == "pl"))
    return out


_ABBREV_RUN_RE = re.compile(r"(?<![\w.])(?:[^\W\d_]{1,3}\.\s?){2,}")


def abbreviation_variants(term: str) -> list[str]:
    """A term with its dotted abbreviations spelled every usual way, the term itself first.

    "FF. AA." -> "FF. AA.", "FF.AA.", "FFAA", "FF AA", "FF.AA"; "EE. UU." likewise. Only runs of two
    or more short dotted pieces count as abbreviations ("Sr." alone is left alone).
    """
    runs = list(_ABBREV_RUN_RE.finditer(term))
    if not runs:
        return [term]
    out = [term]
    for joiner, tail in ((". ", "."), (".", "."), ("", ""), (" ", ""), (".", "")):
        text = term
        for m in reversed(runs):
            pieces = re.findall(r"[^\W\d_]+", m.group(0))
            trailing = " " if m.group(0).endswith(" ") else ""
            text = text[:m.start()] + joiner.join(pieces) + tail + trailing + text[m.end():]
        if text not in out:
            out.append(text)
    return out


def entry_forms(entry: Entry) -> list[tuple[str, bool]]:
    """Every Spanish form an entry matches: its terms and variants, inflected when a title, with
    dotted abbreviations in every usual spelling (FF. AA., FF.AA., FFAA)."""
    out: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for listed in entry.spanish_terms():
        for term in abbreviation_variants(listed):
            for form, plural in spanish_forms(term, inflect=entry.inflect):
                key = norm(form) if not is_acronym(form) else form
                if key not in seen:
                    seen.add(key)
                    out.append((form, plural))
    return out


def exception_forms(entry: Entry, exception: str) -> list[tuple[str, int, int]]:
    """The exception with every form of the entry in place of the one it contains.

    Returns [(normalised exception form, start, end of the entry's form inside it)]; empty
    when the exception contains no form of the entry (it could never apply).
    """
    exc = norm(exception)
    forms = sorted({norm(f) for f, _ in entry_forms(entry)}, key=len, reverse=True)
    found: tuple[int, int] | None = None
    for f in forms:
        for m in re.finditer(re.escape(f), exc):
            s, e = m.span()
            if (s == 0 or not _is_word_char(exc[s - 1])) and (e == len(exc) or not _is_word_char(exc[e])):
                found = (s, e)
                break
        if found:
            break
    if found is None:
        return []
    s, e = found
    out = []
    seen = set()
    for f in forms:
        text = exc[:s] + f + exc[e:]
        if text not in seen:
            seen.add(text)
            out.append((text, s, s + len(f)))
    return out


@dataclass(frozen=True, slots=True)
class SourceMatch:
    entry: Entry
    start: int
    end: int
    text: str
    plural: bool
    article: str = ""  # the Spanish article right before the match ("la", "los", "del"), lowercased
    former: bool = False  # an ex- form of a title ("expresidente", "ex ministra"): rendered "former ..."
    inserted: tuple[str, ...] = ()  # words found inside the title ("ministro *ecuatoriano* de Economía")

    @property
    def acronym(self) -> bool:
        """The source wrote the entry's acronym (CNE), not its full name."""
        return " " not in self.text.strip() and is_acronym(self.text)


# Words that may stand between a title's head and its complement without changing the office
# ("ministro *ecuatoriano* de Economía", "presidente *electo* de la República"). A small, closed
# set: nationalities and the adjectives of tenure that Spanish puts after the head noun.
INSERTABLE_WORDS = {
    "ecuatoriano": "Ecuadorian", "estadounidense": "U.S.", "norteamericano": "U.S.", "colombiano": "Colombian",
    "peruano": "Peruvian", "venezolano": "Venezuelan", "mexicano": "Mexican", "chileno": "Chilean",
    "argentino": "Argentine", "brasileño": "Brazilian", "boliviano": "Bolivian", "español": "Spanish",
    "panameño": "Panamanian", "cubano": "Cuban", "chino": "Chinese", "ruso": "Russian", "británico": "British",
    "francés": "French", "italiano": "Italian", "canadiense": "Canadian", "saliente": "outgoing",
    "entrante": "incoming", "interino": "interim", "subrogante": "acting", "electo": "elect",
    "designado": "designate", "nuevo": "new", "flamante": "new", "actual": "current", "anterior": "previous",
    "posesionado": "newly sworn-in",
}


def _insertable_forms() -> dict[str, str]:
    out: dict[str, str] = {}
    for word, english in INSERTABLE_WORDS.items():
        for form in _inflect_word(word, head=False).values():
            out.setdefault(form.casefold(), english)
    return out


INSERTABLE_FORMS = _insertable_forms()
# the tenure words that may also follow a title ("el ministro saliente", "la fiscal subrogante")
TENURE_FORMS = frozenset(f for f, en in INSERTABLE_FORMS.items()
                         if en in ("outgoing", "incoming", "interim", "acting", "elect", "designate"))
_TENURE_AFTER_RE = re.compile(r" ([^\W\d_]+)(?![\w])")
_EX_MIN = 4  # "ex" + at least this many letters before a glued prefix is stripped ("exjuez")


_COMPRESS_RE = re.compile(
    r"(?<![\w-])ex(?:[ -](?=[^\W\d_])|(?=[^\W\d_]{%d}))"  # ex presidente, ex-presidente, expresidente
    r"|(?<=[^\W_] )(?:%s)(?= [^\W_])"  # ministro *ecuatoriano* de
    % (_EX_MIN, "|".join(re.escape(w) for w in sorted(INSERTABLE_FORMS, key=len, reverse=True))))


def _compress(folded: str) -> tuple[str, list[int], dict[int, int], list[tuple[int, int]]] | None:
    """The folded text without insertable words inside titles and without ex- prefixes.

    Returns (compressed text, map from compressed index to folded index (plus one past the end),
    {folded index where a word starts: folded index of its stripped ex- prefix}, [folded spans of
    the deleted insertable words]); None when there is nothing to remove.
    """
    cuts: list[tuple[int, int]] = []
    former_at: dict[int, int] = {}
    inserted: list[tuple[int, int]] = []
    for m in _COMPRESS_RE.finditer(folded):
        a, b = m.span()
        if folded.startswith("ex", a) and (b - a in (2, 3)) and m.group(0) in ("ex", "ex ", "ex-"):
            cuts.append((a, b))
            former_at[b] = a
        else:
            end = b + 1 if b < len(folded) and folded[b] == " " else b
            cuts.append((a, end))
            inserted.append((a, b))
    if not cuts:
        return None
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for a, b in cuts:
        pieces.append(folded[pos:a])
        index.extend(range(pos, a))
        pos = b
    pieces.append(folded[pos:])
    index.extend(range(pos, len(folded)))
    index.append(len(folded))
    return "".join(pieces), index, former_at, inserted


def _select_longest(cands: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Longest first, then leftmost; never overlapping. Returned in text order."""
    cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    starts: list[int] = []
    chosen: list[tuple[int, int, object]] = []
    for c in cands:
        s, e = c[0], c[1]
        i = bisect.bisect_right(starts, s)
        if i > 0 and chosen[i - 1][1] > s:
            continue
        if i < len(chosen) and chosen[i][0] < e:
            continue
        starts.insert(i, s)
        chosen.insert(i, c)
    return chosen


class _Automaton:
    """Aho-Corasick over normalised strings with word-boundary filtering."""

    def __init__(self) -> None:
        import ahocorasick

        self._a = ahocorasick.Automaton()
        self._values: dict[str, list] = {}
        self._built = False

    def add(self, key: str, value) -> None:
        if not key:
            return
        self._values.setdefault(key, []).append(value)

    def build(self) -> None:
        for key, values in self._values.items():
            self._a.add_word(key, (len(key), values))
        if self._values:
            self._a.make_automaton()
        self._built = True

    def hits(self, folded: str):
        """(start, end, values) in folded-text indices, word-bounded."""
        if not self._values:
            return
        n = len(folded)
        for end_idx, (length, values) in self._a.iter(folded):
            start = end_idx - length + 1
            end = end_idx + 1
            if start > 0 and _is_word_char(folded[start]) and _is_word_char(folded[start - 1]):
                continue
            if end < n and _is_word_char(folded[end - 1]) and _is_word_char(folded[end]):
                continue
            yield start, end, values


_PREV_WORD_RE = re.compile(r"(\w+)\s+$")


class SourceMatcher:
    """Aho-Corasick, accent-sensitive, case-insensitive, inflection-aware, exceptions honoured."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._terms = _Automaton()
        self._exceptions = _Automaton()
        for idx, entry in enumerate(glossary.entries):
            for form, plural in entry_forms(entry):
                exact = form if is_acronym(form) else None
                # a one-word name (Armada, Marina, Municipio) is a common word in lowercase: capitals only
                cap = entry.case == "name" and not entry.inflect and " " not in form and form[:1].isupper()
                self._terms.add(norm(form), (idx, plural, exact, cap))
            for exc in entry.exceptions:
                for text, s, e in exception_forms(entry, exc):
                    self._exceptions.add(text, (idx, s, e))
        self._terms.build()
        self._exceptions.build()

    def _candidates(self, text: str, folded: str, index: list[int] | None, hits, blocked,
                    shift=None) -> list[tuple[int, int, object]]:
        """(start, end, (entry index, plural, former, inserted spans)) in folded indices."""
        cands: list[tuple[int, int, object]] = []
        for s, e, values in hits:
            former, inserted = False, ()
            if shift is not None:
                s, e, former, inserted = shift(s, e)
                if s < 0:
                    continue
            for idx, plural, exact, cap in values:
                entry = self.glossary.entries[idx]
                if former and not entry.inflect:
                    continue
                if exact is not None or cap:
                    os_, oe = (s, e) if index is None else (index[s], index[e])
                    if exact is not None and text[os_:oe] != exact:
                        continue
                    if cap and not text[os_:os_ + 1].isupper():
                        continue
                spans = blocked.get(idx)
                if spans and any(xs <= s and e <= xe for xs, xe in spans):
                    continue
                cands.append((s, e, (idx, plural, former, inserted)))
                break
        return cands

    def find(self, text: str) -> list[SourceMatch]:
        folded, index = norm_with_map(text)
        entries = self.glossary.entries
        blocked: dict[int, list[tuple[int, int]]] = {}
        for xs, xe, values in self._exceptions.hits(folded):
            for idx, _s, _e in values:
                blocked.setdefault(idx, []).append((xs, xe))
        cands = self._candidates(text, folded, index, self._terms.hits(folded), blocked)
        compressed = _compress(folded)
        if compressed is not None:
            comp, cmap, former_at, inserted = compressed

            def shift(s: int, e: int):
                fs, fe = cmap[s], cmap[e - 1] + 1
                inside = tuple(span for span in inserted if fs < span[0] and span[1] < fe)
                former = fs in former_at
                if not inside and not former:
                    return -1, -1, False, ()  # the plain pass found it already
                return (former_at[fs] if former else fs), fe, former, inside

            # direct matches first: on equal spans they win (excanciller, presidente electo)
            cands += self._candidates(text, folded, index, self._terms.hits(comp), blocked, shift)
        out: list[SourceMatch] = []
        for s, e, (idx, plural, former, inside) in _select_longest(cands):
            words = tuple(folded[a:b] for a, b in inside)
            after = _TENURE_AFTER_RE.match(folded, e)
            if after and entries[idx].inflect and after.group(1) in TENURE_FORMS:
                e, words = after.end(), words + (after.group(1),)  # "el ministro saliente"
            if index is not None:
                s, e = index[s], index[e]
            m = _PREV_WORD_RE.search(text, max(0, s - 12), s)
            article = m.group(1).lower() if m and m.group(1).lower() in ARTICLES else ""
            out.append(SourceMatch(entries[idx], s, e, text[s:e], plural, article, former, words))
        return out


# --------------------------------------------------------------------------------------- English

_EN_PREPS = frozenset({"for", "of", "to", "on", "in", "at", "with", "from", "and"})
_EN_IRREGULAR = {"man": "men", "woman": "women", "chief": "chiefs", "staff": "staff", "person": "people"}


def plural_word(word: str) -> str:
    lw = word.lower()
    if lw in _EN_IRREGULAR:
        p = _EN_IRREGULAR[lw]
    elif lw.endswith("man") and len(lw) > 3 and lw not in ("german", "roman", "ottoman"):
        p = lw[:-3] + "men"  # assemblyman -> assemblymen, chairwoman -> chairwomen
    elif len(lw) > 1 and lw.endswith("y") and lw[-2] not in "aeiou":
        p = lw[:-1] + "ies"
    elif lw.endswith(("s", "x", "z", "ch", "sh")):
        p = lw + "es"
    elif not lw[-1:].isalpha():
        return word
    else:
        p = lw + "s"
    if word.isupper() and len(word) > 1:
        return p.upper()
    # keep the word's own capitalisation for the shared prefix
    common = 0
    while common < min(len(word), len(p)) and word[common].lower() == p[common]:
        common += 1
    return word[:common] + p[common:]


def pluralize_en(phrase: str) -> str:
    """Plural of an English title: the head noun (last word before a preposition) takes the plural."""
    words = phrase.split(" ")
    head = len(words) - 1
    for i, w in enumerate(words):
        if i > 0 and (w.lower() in _EN_PREPS or w.lower().startswith(("d'", "d\u2019"))):
            head = i - 1
            break
    if is_acronym(words[head]) and "." not in words[head]:
        return phrase
    words[head] = plural_word(words[head])
    return " ".join(words)


def lower_title(phrase: str) -> str:
    """Lowercase a title except acronyms and abbreviations (U.S., CNE)."""
    out = []
    for w in phrase.split(" "):
        if is_acronym(w) or "." in w.strip("."):
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


def english_forms(entry: Entry) -> dict[tuple[str, bool], str]:
    """{(style, plural): text} for style in title | lower."""
    title_sg = entry.en
    title_pl = entry.en_plural or pluralize_en(entry.en)
    if entry.case == "name":
        # a name is written as given; a common noun kept as written ("lawmaker") still takes a plural
        plural = (entry.en_plural or pluralize_en(entry.en)) if entry.inflect else title_sg
        return {("title", False): title_sg, ("title", True): plural, ("lower", False): title_sg,
                ("lower", True): plural}
    lower_sg = entry.en_lower or lower_title(entry.en)
    if entry.en_plural:
        lower_pl = pluralize_en(entry.en_lower) if entry.en_lower else lower_title(entry.en_plural)
    else:
        lower_pl = pluralize_en(lower_sg)
    return {("title", False): title_sg, ("title", True): title_pl, ("lower", False): lower_sg,
            ("lower", True): lower_pl}


def approved_renderings(entry: Entry) -> list[tuple[str, str]]:
    """[(English text, kind)]: the approved forms, the accepted alternatives (with plurals) and the
    Spanish acronyms English copy keeps (those not listed in ``avoid``)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(text: str, kind: str) -> None:
        key = norm(_en_norm(text))
        if key not in seen:
            seen.add(key)
            out.append((text, kind))

    for form in english_forms(entry).values():
        add(form, "approved")
    for alt in entry.accepted:
        for variant in abbreviation_variants(alt):
            for form, _ in _en_variants(variant):
                add(form, "accepted")
    avoided = {norm(a) for a in entry.avoid}
    for term in entry.spanish_terms():
        if is_acronym(term) and " " not in term and norm(term) not in avoided:
            add(term, "acronym")
    return out


def _en_variants(phrase: str) -> list[tuple[str, bool]]:
    out = [(phrase, False)]
    pl = pluralize_en(phrase)
    if pl != phrase:
        out.append((pl, True))
    if not phrase.endswith("s") and phrase + "s" != pl and phrase[-1:].isalpha():
        out.append((phrase + "s", True))
    return out


def _en_norm(text: str) -> str:
    return text.replace("\u2019", "'")


class TargetMatcher:
    """English side: where a draft uses an avoided rendering, or the approved one.

    Two Aho-Corasick automata over the same normalised text as the Spanish side (casefolded,
    whitespace runs collapsed, curly apostrophes straightened): one for every entry's ``avoid``
    renderings with their simple plurals, one for every approved rendering (title, lowercase
    and plural forms, and the entry's Spanish acronyms, which English copy keeps).
    """

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._index = {id(e): i for i, e in enumerate(glossary.entries)}
        self._avoid = _Automaton()
        self._approved = _Automaton()
        for idx, entry in enumerate(glossary.entries):
            for a in entry.avoid:
                for variant in abbreviation_variants(a):
                    for form, _ in _en_variants(variant):
                        self._avoid.add(norm(_en_norm(form)), idx)
            for form, kind in approved_renderings(entry):
                self._approved.add(norm(_en_norm(form)), (idx, kind))
        self._avoid.build()
        self._approved.build()
        self._memo: tuple[str, dict, dict] | None = None

    def _hits(self, text: str) -> tuple[dict, dict]:
        """Per entry index: its avoided spans [(s, e)] and its approved spans [(s, e, kind)] in
        ``text`` (memoised for one text)."""
        if self._memo is not None and self._memo[0] == text:
            return self._memo[1], self._memo[2]
        folded, index = norm_with_map(_en_norm(text))
        result = []
        for automaton in (self._avoid, self._approved):
            per_entry: dict[int, list[tuple[int, int, object]]] = {}
            for s, e, values in automaton.hits(folded):
                for value in values:
                    idx, kind = value if isinstance(value, tuple) else (value, None)
                    per_entry.setdefault(idx, []).append((s, e, kind))
            spans: dict[int, list] = {}
            for idx, cands in per_entry.items():
                chosen = _select_longest(cands)
                spans[idx] = [((s, e) if index is None else (index[s], index[e])) + ((kind,) if kind else ())
                              for s, e, kind in chosen]
            result.append(spans)
        self._memo = (text, result[0], result[1])
        return result[0], result[1]

    def find_avoided(self, text: str) -> list[tuple[Entry, int, int, str]]:
        """Every avoided rendering in ``text``: (entry, start, end, matched text), longest first, in order."""
        folded, index = norm_with_map(_en_norm(text))
        cands = [(s, e, values[0]) for s, e, values in self._avoid.hits(folded)]
        out = []
        for s, e, idx in _select_longest(cands):
            if index is not None:
                s, e = index[s], index[e]
            out.append((self.glossary.entries[idx], s, e, text[s:e]))
        return out

    def avoided_for(self, text: str, entry: Entry) -> list[tuple[int, int]]:
        """Spans of this entry's avoided renderings (with simple plurals) in ``text``."""
        idx = self._index.get(id(entry))
        if idx is None:  # an entry from another glossary object: match it on its own
            return TargetMatcher(Glossary((entry,), ())).avoided_for(text, entry)
        return list(self._hits(text)[0].get(idx, ()))

    def approved_spans(self, text: str, entry: Entry) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every acceptable rendering of ``entry`` in ``text``; kind is
        ``approved`` (the entry's rendering, any case, singular or plural), ``accepted`` (an
        acceptable alternative) or ``acronym`` (a Spanish acronym English copy keeps: CNE, USAID)."""
        idx = self._index.get(id(entry))
        if idx is None:  # an entry from another glossary object: match it on its own
            return TargetMatcher(Glossary((entry,), ())).approved_spans(text, entry)
        return list(self._hits(text)[1].get(idx, ()))

    def find_approved(self, text: str, entry: Entry, *, acronyms: bool = True,
                      accepted: bool = True) -> list[tuple[int, int]]:
        """Spans where the approved rendering (any case, singular or plural) already stands.

        An acronym the entry lists on the Spanish side (USAID, CNE, FBI) counts as approved too,
        unless ``acronyms`` is false (the source spelled the full name out: an acronym alone is
        not its rendering) or the acronym is listed in ``avoid`` (FMI: English writes IMF).
        Accepted alternatives count unless ``accepted`` is false.
        """
        return [(s, e) for s, e, kind in self.approved_spans(text, entry)
                if (acronyms or kind != "acronym") and (accepted or kind != "accepted")]
