"""ED1xx: repeats and fluency — repeated words and phrases, near-duplicate sentences.

Unlike proselint and Vale, repeats are found across ``,`` ``;`` ``:`` as well as
whitespace: machine translation renders two Spanish synonyms (*capacitación,
formación*) with one English word, and "training, training" is the result.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from zlib import crc32

from edtools.lint.finding import Hit
from edtools.lint.registry import rule
from edtools.lint.textutil import MARK, Token, tokens

# Separators a repeat may span: whitespace (and Markdown markers), or one , ; : followed by space.
_SEP_SPACE = re.compile(rf"^[\s{MARK}]+$")
_SEP_PUNCT = re.compile(rf"^[\s{MARK}]*[,;:][\s{MARK}]+$")

# Which doubled words are left alone, by kind: src/edtools/data/lint-en-repeats.txt.
@dataclass(frozen=True, slots=True)
class RepeatLists:
    anywhere: frozenset[str]  # intensifiers, sound words: "very, very", "meow meow"
    utterance: frozenset[str]  # interjections, fine opening a sentence or before ! ? ,: "Wait wait!"
    whitespace_only: frozenset[str]  # "had had", "that that" (not across punctuation)
    that_that_before: frozenset[str]  # ...but "that that this" is a repeat
    name_verbs: frozenset[str]  # "Will will lead", "May may leave"
    before: dict[str, frozenset[str]]  # "hip hip" only before "hooray"
    names: frozenset[str]  # "pago pago", "walla walla"; also written as one word ("baba")


@lru_cache(maxsize=None)
def repeat_lists() -> RepeatLists:
    text = resources.files("edtools").joinpath("data/lint-en-repeats.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line and current is not None:
            current.append(line)

    def words(name: str) -> frozenset[str]:
        return frozenset(w for line in sections.get(name, []) for w in line.split())

    before = {}
    for line in sections.get("before", []):
        phrase, _, following = line.partition(":")
        before[" ".join(phrase.split())] = frozenset(following.split())
    return RepeatLists(
        anywhere=words("anywhere"), utterance=words("utterance"), whitespace_only=words("whitespace-only"),
        that_that_before=words("that-that-before"), name_verbs=words("name-verbs"), before=before,
        names=frozenset(" ".join(line.split()) for line in sections.get("names", [])),
    )


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
    return words in repeat_lists().names or words in allowed


_SENTENCE_END = re.compile(rf"[.!?…][\"'”’»)\]]*[\s{MARK}]*$")
_GLUE = frozenset(".&/+@")


def _sentence_start(toks: tuple[Token, ...], i: int, text: str) -> bool:
    """Is token i the first word of a sentence (of the text, or after . ! ? …)?"""
    return i == 0 or bool(_SENTENCE_END.search(text[toks[i - 1].end : toks[i].start]))


def _glued(toks: tuple[Token, ...], i: int, text: str) -> bool:
    """Is token i part of a longer written form, joined to a neighbour by one . & / + @ ("E.ON", "AT&T")?"""
    left = i > 0 and text[toks[i - 1].end : toks[i].start] in _GLUE
    right = i + 1 < len(toks) and text[toks[i].end : toks[i + 1].start] in _GLUE
    return left or right


def _spelled_out(toks: tuple[Token, ...], i: int, text: str) -> bool:
    """Is token i inside a run of three or more single letters one space apart ("b a s i c")?"""
    if len(toks[i].text) != 1 or not toks[i].text.isalpha():
        return False
    lo = hi = i
    while lo > 0 and len(toks[lo - 1].text) == 1 and text[toks[lo - 1].end : toks[lo].start] == " ":
        lo -= 1
    while hi + 1 < len(toks) and len(toks[hi + 1].text) == 1 and text[toks[hi].end : toks[hi + 1].start] == " ":
        hi += 1
    return hi - lo >= 2


def _intended(toks: tuple[Token, ...], i: int, text: str, space: bool) -> bool:
    """Is the doubling of token i and i+1 deliberate English (see lint-en-repeats.txt)?"""
    a, b = toks[i], toks[i + 1]
    word, lists = a.lower, repeat_lists()
    after = toks[i + 2].lower if i + 2 < len(toks) else ""
    if space and word in lists.whitespace_only:
        return not (word == "that" and after in lists.that_that_before)
    if word in lists.anywhere or after in lists.before.get(f"{word} {word}", ()):
        return True
    if word in lists.utterance:
        rest = text[b.end : b.end + 16].lstrip(" " + MARK)[:1]
        return _sentence_start(toks, i, text) or rest in ("!", "?", ",")
    if word in lists.name_verbs and a.text[:1].isupper():
        return b.text[:1].islower() or _sentence_start(toks, i, text)  # "Will will lead", "Will Will come?"
    if space and a.text[:1].isupper() and b.text[:1].isupper() and f"{word}{word}" in lists.names:
        return True
    return _glued(toks, i, text) or _glued(toks, i + 1, text) or _spelled_out(toks, i, text)


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
        "We are sure that that this reform will pass.",
        "The delegation will will arrive on Monday.",
        "Please wait wait for the official results.",
        "The prize went to Will Will.",
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
        "Will will chair the committee.",
        "May May join the delegation?",
        "Wait, wait! The count is not over.",
        "The crowd shouted hip hip hooray.",
        "The sign spelled C L O S E D in red.",
        "Shares of E.ON on Friday rose.",
        "The dog went woof woof at the gate.",
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

    Not flagged (the word lists are data: `edtools/data/lint-en-repeats.txt`): "had had",
    "that that" (but "that that this" is), reduplicated names (Pago Pago, Walla Walla,
    Bora Bora; hyphenated Baden-Baden), intensifiers and sound words ("very, very",
    "far far away", "meow meow"), interjections that open a sentence or stand before
    `!` `?` `,` ("Wait wait!", "Ok ok ok!"; "please wait wait for me" is flagged), fixed
    phrases ("hip hip hooray"), a first name before the same word as a verb at the start of
    a sentence or before a lowercase verb ("Will will chair", "May May join?"; "the prize
    went to Will Will" is flagged), spelled-out letters ("b a s i c"), a word glued to
    another by `.` `&` `/` ("E.ON on Friday"), enumerations whose next item is a longer
    phrase ("type, contributor, contributor type"), numbers in a list ("sizes 10, 10 and
    12"; "10 10" across a space is flagged), and any phrase in the config's
    `allowed-repeats`.

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
        if _allowed_phrase(ctx, f"{word} {word}") or _intended(toks, i, text, space):
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
