"""Spanish and English sentence splitting for news text, in linear time.

A sentence may end after ``.``, ``?``, ``!``, ``…`` or ``...`` (with any closing quotes,
brackets or emphasis marks that follow) when whitespace and a word that can start a sentence
come next. The decision looks at the word before the stop and the word after it:

* a lowercase word after the stop never starts a sentence (``EE.UU. visitó``, ``nov. de``,
  ``¡Qué pena! dijo``, ``10.30 h. en``, ``p. m.``);
* after a title (``Sr.``, ``Dra.``, ``Prof.``, ``gral.``, ``avda.``; see ``data/abbreviations_*.txt``)
  or an initial (``J. M. Sánchez``) a capitalised word is a name, not a new sentence;
* after a reference or quantity abbreviation (``art. 155``, ``núm. 5``, ``s. XX``) a number or a Roman
  numeral continues the sentence;
* after any abbreviation an opening parenthesis continues it (``QUITO, 16 nov. (EFE).- El ...``);
* after a dotted acronym (``EE.UU.``, ``S.A.``, ``U.S.``) a capitalised word starts a sentence in
  Spanish (nouns do not follow ``EE.UU.`` as modifiers) and in English only when it is a common
  sentence-starting word (``U.S. officials`` vs ``U.S. The ...``);
* a stop followed by ``/``, ``,``, ``;``, ``:``, ``.`` or a closing bracket continues the sentence
  (verse quoted with slashes: ``se consuela. / [...] ".``);
* periods inside numbers, URLs, e-mail addresses and protected spans are never boundaries;
* a blank line always ends a sentence.

Every step looks at a bounded window around each candidate stop, so the whole split is linear in
the length of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Sequence

__all__ = ["split_sentences", "sentences", "abbreviations", "SUPPORTED_LANGS"]

SUPPORTED_LANGS = ("es", "en")

# A stop: one or more of . ? ! … (also ?! and ...), then closing quotes/brackets/emphasis marks.
_STOP = re.compile(r"[.?!…‽]+[\"'”’»›)\]}*_]*")
_ANY_STOP = re.compile(r"[.?!…‽]")
_WS = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_ACRONYM = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")
_OPENERS = "\"'“‘«‹([{¿¡*_—–-"
# Punctuation that continues a sentence after a stop: a verse separator ("consuela. / [...]"), a
# quote's closing period after an ellipsis ("[...] \"."), a comma or colon.
_CONTINUERS = "/.,;:)]}|"
_NAME_LIKE = frozenset({"a", "i", "who", "what", "when", "where", "why", "how", "which", "one", "people", "first"})
_MAX_TOKEN = 40  # a word longer than this before a stop is never an abbreviation


@lru_cache(maxsize=None)
def abbreviations(lang: str) -> dict[str, frozenset[str]]:
    """Abbreviation (lowercase, no final period) -> its classes ({"title"}, {"number"}, or empty)."""
    lang = _check_lang(lang)
    text = resources.files("edtools.data").joinpath(f"abbreviations_{lang}.txt").read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        parts = line.split()
        table.setdefault(parts[0].lower(), set()).update(parts[1:])
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=None)
def _starters(lang: str) -> frozenset[str]:
    path = resources.files("edtools.data").joinpath(f"sentence_starters_{lang}.txt")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _check_lang(lang: str) -> str:
    lang = (lang or "es").lower().split("-")[0].split("_")[0]
    if lang not in SUPPORTED_LANGS:
        from edtools.errors import UserError

        raise UserError(f"unsupported language {lang!r} for sentence splitting (choose: {', '.join(SUPPORTED_LANGS)})")
    return lang


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def split_sentences(
    text: str,
    lang: str = "es",
    protected: Sequence[tuple[int, int]] = (),
    *,
    detect_urls: bool = True,
) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of ``text``, stripped of surrounding whitespace.

    Only whitespace lies between and around the spans; no boundary falls inside a protected
    span. URLs and e-mail addresses are protected too (``detect_urls=False``: the caller has
    already put them in ``protected``).
    """
    lang = _check_lang(lang)
    if not text or text.isspace():
        return []
    if _ANY_STOP.search(text) is None and "\n" not in text:
        s = len(text) - len(text.lstrip())
        return [(s, len(text.rstrip()))]
    if detect_urls:
        from edtools.inline import find_urls_emails

        prot = _merge([*protected, *((s, e) for _k, s, e in find_urls_emails(text))])
    else:
        prot = _merge(protected) if protected else []
    abbr = abbreviations(lang)
    starters = _starters(lang) if lang == "en" else frozenset()
    n = len(text)
    cuts: list[int] = []  # positions where a new sentence may begin (after the stop)
    pi = 0
    for m in _STOP.finditer(text):
        end = m.end()
        # closing marks are part of the stop only when whitespace or the end follows
        if end < n and not text[end].isspace():
            continue
        start = m.start()
        while pi < len(prot) and prot[pi][1] <= start:
            pi += 1
        if pi < len(prot) and prot[pi][0] <= start < prot[pi][1]:
            continue  # the stop is inside a URL, code span, link ...
        if pi < len(prot) and prot[pi][0] < end < prot[pi][1]:
            continue
        if end >= n:
            break
        if _is_boundary(text, start, end, m.group(), abbr, starters, lang):
            cuts.append(end)
    # blank lines always separate sentences
    if "\n" in text:
        for m in _BLANK_LINE.finditer(text):
            cuts.append(m.start())
        cuts.sort()
    spans: list[tuple[int, int]] = []
    prev = 0
    for c in [*cuts, n]:
        if c <= prev:
            continue
        s, e = prev, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = c
    return spans


def sentences(text: str, lang: str = "es") -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[s:e] for s, e in split_sentences(text, lang)]


def _is_boundary(
    text: str,
    start: int,
    end: int,
    stop: str,
    abbr: dict[str, frozenset[str]],
    starters: frozenset[str],
    lang: str,
) -> bool:
    n = len(text)
    # the next word, after whitespace (a blank line is handled separately)
    ws = _WS.match(text, end)
    q = ws.end() if ws else end
    if q >= n:
        return True
    nxt_raw_first = text[q]
    # skip opening punctuation to reach the first letter or digit of the next word
    k = q
    limit = min(n, q + 8)
    while k < limit and text[k] in _OPENERS:
        k += 1
    first = text[k] if k < n else ""
    opens_question = nxt_raw_first in "¿¡" or (k > q and any(c in "¿¡" for c in text[q:k]))
    if first.islower() or (first and first in _CONTINUERS):
        return False
    punct = stop.rstrip("\"'”’»›)]}*_")
    if "." not in punct or punct.endswith(("?", "!", "‽")) or "…" in punct or ".." in punct:
        # ? ! … and ...: a new sentence unless a lowercase word continues it (checked above)
        return True
    # a single period: look at the word before it
    b = start
    lo = max(0, start - _MAX_TOKEN)
    while b > lo and not text[b - 1].isspace():
        b -= 1
    if b == lo and lo > 0 and not text[b - 1].isspace():
        return True  # a very long token: not an abbreviation
    token = text[b:start]
    while token and token[0] in _OPENERS:
        token = token[1:]
    if not token:
        return True
    low = token.lower()
    if lang == "es" and low in ("a", "d") and text.startswith("C.", k):
        return False  # a. C. / d. C. (antes/después de Cristo)
    classes = abbr.get(low)
    is_initial = len(token) == 1 and token.isupper() and token.isalpha()
    if token == "C" and b >= 3 and text[b - 3 : b - 1] in ("a.", "d."):
        is_initial = False  # the C of a. C. ends the abbreviation: an ordinary word
        classes = None
    is_acronym = bool(_ACRONYM.match(token))
    if classes is None and not is_initial and not is_acronym:
        if "." in low and not low[-1].isdigit():
            # the last part of a dotted token (a.m / p.ej) may be listed on its own
            tail = low.rsplit(".", 1)[-1]
            if len(tail) <= 3 and tail in abbr and low.replace(".", "").isalpha():
                classes = abbr[tail]
        if classes is None:
            return True  # an ordinary word: the period ends the sentence
    # an abbreviation, an initial or an acronym
    if nxt_raw_first == "(" or first == "(":
        return False
    if opens_question:
        return True
    if first.isdigit() or (first in "IVXLCDM" and _roman_word(text, k)):
        if classes is not None and "number" in classes:
            return False
        if first.isdigit():
            return classes is None and not is_initial and not is_acronym
    if not first.isupper():
        return not (classes is not None and ("title" in classes or "number" in classes)) and not is_initial
    # a capitalised word follows
    word = _word_at(text, k)
    if len(word) >= 2 and word.isupper() and not opens_question:
        return False  # an abbreviation before an all-capitals word: (mill. USD), nov. EFE
    if is_initial:
        return False
    if classes is not None and "title" in classes:
        # English: "10 Downing St. The house" — a function word cannot be the name that follows a title
        return lang == "en" and word.lower() in starters and word.lower() not in _NAME_LIKE
    if is_acronym and lang == "en":
        return word.lower() in starters
    return True


def _roman_word(text: str, k: int) -> bool:
    """Is the word at k a Roman numeral (XX, XXI, IV), not an ordinary capitalised word?"""
    j = k
    n = len(text)
    while j < n and text[j] in "IVXLCDM":
        j += 1
    return j > k and (j >= n or not text[j].isalpha())


def _word_at(text: str, k: int) -> str:
    j = k
    n = len(text)
    while j < n and j - k < 30 and (text[j].isalpha() or text[j] in "'’"):
        j += 1
    return text[k:j]
