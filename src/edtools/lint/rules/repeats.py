"""ED1xx: repeats and fluency — repeated words and phrases, near-duplicate sentences.

Unlike proselint and Vale, repeats are found across ``,`` ``;`` ``:`` as well as
whitespace: machine translation renders two Spanish synonyms (*capacitación,
formación*) with one English word, and "training, training" is the result.
"""

from __future__ import annotations

import re
from zlib import crc32
from collections import defaultdict
from collections.abc import Iterator

from edtools.lint.finding import Hit
from edtools.lint.registry import rule
from edtools.lint.textutil import MARK, Token, tokens

# Separators a repeat may span: whitespace (and Markdown markers), or one , ; : followed by space.
_SEP_SPACE = re.compile(rf"^[\s{MARK}]+$")
_SEP_PUNCT = re.compile(rf"^[\s{MARK}]*[,;:][\s{MARK}]+$")

# Doubled words that English uses on purpose (whitespace only): "had had", "that that".
ALLOWED_DOUBLE = {"had", "that"}
# Intensifiers and interjections that are doubled on purpose, with or without a comma.
ALLOWED_REDUPLICATION = {"very", "really", "so", "far", "many", "much", "more", "no", "yes", "bye", "ha", "oh", "ho", "now", "long"}
# Reduplicated place and proper names (any other can go in config `allowed-repeats`).
ALLOWED_NAMES = {
    "pago pago", "walla walla", "bora bora", "baden baden", "sing sing", "wagga wagga", "mahi mahi",
    "dum dum", "baba", "chop chop", "tom tom", "bye bye", "no no", "yo yo", "sri sri", "dee dee", "lulu",
    "mau mau", "bam bam", "can can", "cous cous", "tutu", "ylang ylang", "bonga bonga", "aye aye",
}
# Words after which a list item plainly ends: "training, training and information" is a repeat,
# "contributor, contributor type" is an enumeration.
FUNCTION_WORDS = {
    "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "the",
    "a", "an", "is", "are", "was", "were", "be", "been", "that", "which", "who", "this", "these",
    "those", "it", "its", "their", "his", "her", "our", "will", "would", "can", "could", "should",
    "has", "have", "had", "not", "also", "into", "than", "then", "so", "if", "when", "while",
}


def _allowed_phrase(ctx: object, words: str) -> bool:
    allowed = getattr(ctx, "allowed_repeats", frozenset())
    return words in ALLOWED_NAMES or words in allowed


def _continues(toks: tuple[Token, ...], j: int, text: str) -> bool:
    """True when the token after index j continues the list item (a longer, different phrase)."""
    if j + 1 >= len(toks):
        return False
    gap = text[toks[j].end : toks[j + 1].start]
    if not _SEP_SPACE.match(gap):
        return False
    return toks[j + 1].lower not in FUNCTION_WORDS


@rule(
    "ED101",
    "repeated-word",
    "error",
    fixable=True,
    flags=(
        "She added that cooperation will focus on technology, training, training and information.",
        "The the minister arrived.",
        "Police and and the army patrol the border.",
        "Exports grew in the the first quarter.",
        "Aid went to health; health.",
        "The agreement covers security: security.",
        "It was was approved.",
        "That is is a problem.",
        "Results came in 10 10 minutes.",
        "He spoke about the *economy* economy again.",
    ),
    passes=(
        "He had had enough of the delays.",
        "She said that that plan would fail.",
        "Flights to Pago Pago and Walla Walla resumed.",
        "A spa in Baden-Baden reopened.",
        "Fields: type, contributor, contributor type.",
        "Sizes 10, 10 and 12 are sold out.",
        "It was a very, very long night.",
        "The minister spoke. Minister Holguín left.",
        "Use `the the` in code.",
        "He went to Bora Bora.",
    ),
)
def repeated_word(text: str, ctx: object) -> Iterator[Hit]:
    """A word repeated back to back, across whitespace or across `,` `;` `:`.

    ## What it does
    Finds a word written twice in a row, ignoring case: "the the", "and and", and also
    across a comma, semicolon or colon: "training, training".

    ## Why is this bad?
    Machine translation often renders two Spanish synonyms with one English word
    (*capacitación, formación* → "training, training"). The second word is not a typo
    to delete: a meaning was lost, and an editor must supply it. Other linters compare
    words across spaces only and miss it.

    Not flagged: "had had", "that that", reduplicated names (Pago Pago, Walla Walla,
    Bora Bora; hyphenated Baden-Baden), intensifiers ("very, very"), enumerations whose
    next item is a longer phrase ("type, contributor, contributor type"), numbers in a
    list ("sizes 10, 10 and 12"; "10 10" across a space is flagged), and any phrase in
    the config's `allowed-repeats`.

    A doubled word across whitespace ("the the") is fixed by `--fix`; a repeat across
    punctuation needs an editor.

    ## Example
    ```
    with technology, training, training and information.
    ```

    ## Use instead
    ```
    with technology, training, instruction and information.
    ```
    """
    toks = tokens(text)
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        if a.lower != b.lower:
            continue
        gap = text[a.end : b.start]
        space = bool(_SEP_SPACE.match(gap))
        punct = not space and bool(_SEP_PUNCT.match(gap))
        if not (space or punct):
            continue
        word = a.lower
        if _allowed_phrase(ctx, f"{word} {word}"):
            continue
        if space and word in ALLOWED_DOUBLE:
            continue
        if word in ALLOWED_REDUPLICATION:
            continue
        if space and a.text[:1].isupper() and b.text[:1].isupper() and f"{word}{word}" in ALLOWED_NAMES:
            continue
        if punct:
            if word.isdigit() or len(word) == 1:
                continue  # "sizes 10, 10 and 12", "grades A, A, B"
            if _continues(toks, i + 1, text):
                continue  # an enumeration: "type, contributor, contributor type"
        if i > 0 and toks[i - 1].lower == word and _SEP_SPACE.match(text[toks[i - 1].end : a.start] or "x"):
            continue  # reported once per run: "the the the"
        if space and MARK not in gap:
            fix = a.text if (a.text == b.text or b.text == b.lower) else None
            yield Hit(a.start, b.end, f"repeated word {a.text!r}", suggestion=fix or a.text, fix=fix)
        else:
            yield Hit(
                a.start,
                b.end,
                f"repeated word {b.text!r} across {gap.strip(' ' + MARK) or 'a space'!r}: a second term may have been lost in translation",
                suggestion=None if punct else a.text,
            )


@rule(
    "ED102",
    "repeated-phrase",
    "error",
    flags=(
        "They created a binational commission, a binational commission to review trade.",
        "The plan was approved by the the by the the assembly.",
        "Officials met in Quito in Quito on Monday.",
        "The fight against crime; the fight against crime.",
    ),
    passes=(
        "They created a binational commission to review trade.",
        "Step by step, the plan advanced.",
        "He lives in New York, New York.",
        "The code is 1, 2, 1, 2.",
        "Talks in Quito, talks in Lima and talks in Bogotá.",
        "It is not a fake; a fake translator is fine for tests.",
    ),
)
def repeated_phrase(text: str, ctx: object) -> Iterator[Hit]:
    """A phrase of two to six words repeated back to back.

    ## What it does
    Finds a sequence of 2–6 words immediately followed by the same sequence, across
    whitespace or `,` `;` `:`, ignoring case: "a binational commission, a binational
    commission".

    ## Why is this bad?
    A machine translation model that loses its place repeats a stretch of output; a
    translated list of two Spanish synonyms may also come out as one phrase twice.

    Not flagged: capitalised names repeated across a comma ("New York, New York"),
    sequences of numbers, and a second copy after punctuation that starts a longer
    phrase ("not a fake; a fake translator").

    ## Example
    ```
    They created a binational commission, a binational commission to review trade.
    ```

    ## Use instead
    ```
    They created a binational commission to review trade.
    ```
    """
    toks = tokens(text)
    low = [t.lower for t in toks]
    n_toks = len(toks)
    i = 0
    while i < n_toks - 3:
        found = False
        if low[i] not in low[i + 2 : i + 7]:
            i += 1
            continue
        for n in range(6, 1, -1):
            if i + 2 * n > n_toks:
                continue
            if low[i : i + n] != low[i + n : i + 2 * n]:
                continue
            if len(set(low[i : i + n])) == 1:
                continue  # "the the the the": one word, ED101's business
            gaps_ok = all(
                _SEP_SPACE.match(text[toks[k].end : toks[k + 1].start])
                for k in range(i, i + 2 * n - 1)
                if k != i + n - 1
            )
            mid = text[toks[i + n - 1].end : toks[i + n].start]
            space = bool(_SEP_SPACE.match(mid))
            punct = bool(_SEP_PUNCT.match(mid))
            if not gaps_ok or not (space or punct):
                continue
            words = low[i : i + n]
            if all(w.isdigit() for w in words):
                continue
            if punct and all(toks[k].text[:1].isupper() for k in range(i, i + 2 * n)):
                continue  # "New York, New York"
            if punct and _continues(toks, i + 2 * n - 1, text):
                continue  # "not a fake; a fake translator": the second copy starts a longer phrase
            if _allowed_phrase(ctx, " ".join(words)):
                continue
            phrase = text[toks[i].start : toks[i + n - 1].end]
            yield Hit(
                toks[i].start,
                toks[i + 2 * n - 1].end,
                f"repeated phrase {phrase!r}",
                suggestion=phrase,
            )
            i += 2 * n
            found = True
            break
        if not found:
            i += 1


_NORM = re.compile(r"[^\w\s]+")
MAX_BUCKET = 48
SKETCH = 6


def _normal(sentence: str) -> str:
    return " ".join(_NORM.sub(" ", sentence.lower()).split())


@rule(
    "ED103",
    "near-duplicate",
    "warning",
    scope="document",
    flags=(
        "The minister said the agreement would increase cargo flights between the two countries.\n\n"
        "The minister said that the agreement would increase cargo flights between both countries.",
        "Security cooperation will focus on training police officers and prosecutors.\n\n"
        "Security cooperation will focus on training police officers and prosecutors.",
    ),
    passes=(
        "The minister said the agreement would increase cargo flights between the two countries.\n\n"
        "The opposition said the agreement would do little for exporters in the south of the country.",
        "He left.\n\nHe left.",
    ),
)
def near_duplicate(units: list, ctx: object) -> Iterator[Hit]:
    """Two sentences in one document that are near copies of each other.

    ## What it does
    Compares every sentence of eight words or more with the others (rapidfuzz ratio on
    lower-cased words without punctuation) and reports a sentence that is a near copy
    (default 90 %, config `near-duplicate-threshold`) or an exact copy of an earlier one.
    Candidates are found through shared word trigrams (the first, the last, and a
    bottom-k sketch), so long documents are not compared pair by pair.

    ## Why is this bad?
    A translated draft that says the same thing twice usually comes from a source that
    paraphrased itself, or from a model that repeated a segment. An editor should cut or
    merge one of them.

    ## Example
    ```
    The minister said the agreement would increase cargo flights between the two countries.
    …
    The minister said that the agreement would increase cargo flights between both countries.
    ```

    ## Use instead
    Keep one of the two sentences, or make the second add something new.
    """
    from rapidfuzz import fuzz, process

    threshold = float(getattr(ctx, "near_duplicate_threshold", 90.0))
    sents: list[tuple[int, int, int, str]] = []  # (block index, start, end, normalised)
    for u in units:
        for s, e in u.sentences:
            norm = _normal(u.masked[s:e])
            if norm.count(" ") >= 7:
                sents.append((u.block.index, s, e, norm))
    best: dict[int, tuple[float, int]] = {}  # later sentence -> (score, earlier sentence)
    # exact copies: one dictionary pass
    first_of: dict[str, int] = {}
    distinct: list[int] = []
    for k, (_, _, _, norm) in enumerate(sents):
        if norm in first_of:
            best[k] = (100.0, first_of[norm])
        else:
            first_of[norm] = k
            distinct.append(k)
    # near copies: candidates share an anchor: the first or last word trigram, or one of the
    # trigrams with the smallest hashes (a bottom-k sketch, so the anchors do not depend on
    # position); anchors shared by very many sentences select nothing and are skipped.
    buckets: dict[str, list[int]] = defaultdict(list)
    for k in distinct:
        words = sents[k][3].split()
        grams = [" ".join(words[p : p + 3]) for p in range(len(words) - 2)]
        keys = set(sorted(grams, key=lambda g: crc32(g.encode()))[:SKETCH])
        keys.add(grams[0])
        keys.add(grams[-1])
        for key in keys:
            buckets[key].append(k)
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        choices = [sents[k][3] for k in members]
        for x in range(1, len(members)):
            j = members[x]
            found = process.extractOne(choices[x], choices[:x], scorer=fuzz.ratio, score_cutoff=threshold)
            if found is not None:
                score, i = found[1], members[found[2]]
                if j not in best or i < best[j][1]:
                    best[j] = (score, i)
    by_block = {u.block.index: u for u in units}
    for j in sorted(best):
        score, i = best[j]
        unit_block, s, e, _ = sents[j]
        first = by_block[sents[i][0]]
        yield Hit(
            s,
            e,
            f"near copy ({score:.0f}%) of the sentence at line {first.line_at(sents[i][1])}",
            block=unit_block,
        )
