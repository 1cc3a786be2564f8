"""ED5xx: typography — Spanish punctuation marks, spacing, unbalanced quotes and brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from edtools.lint.finding import Hit
from edtools.lint.registry import rule
from edtools.lint.textutil import MARK, OBJ

_INVERTED = re.compile(r"[¿¡]")
_GUILLEMETS = re.compile(r"«\s?([^«»]*?)\s?»")


@rule(
    "ED501",
    "spanish-punctuation",
    "warning",
    fixable=True,
    flags=(
        "¿Will the agreement hold?",
        "He called it «a fantastic partnership».",
        "¡We won!",
        "The slogan « never again » returned.",
    ),
    passes=(
        "Will the agreement hold?",
        "He called it “a fantastic partnership.”",
        "Use `¿` in Spanish only.",
    ),
)
def spanish_punctuation(text: str, ctx: object) -> Iterator[Hit]:
    """Spanish punctuation marks left in English text: ¿ ¡ « ».

    ## What it does
    Finds the inverted question and exclamation marks and the angle quotation marks
    (guillemets) that Spanish uses and English does not.

    ## Why is this bad?
    English opens questions and exclamations with nothing and quotes with “ ”. The
    marks are a sure sign of text that went through translation unedited.

    `--fix` removes ¿ and ¡ and turns « » into “ ”.

    ## Example
    ```
    ¿Will the agreement hold? He called it «a fantastic partnership».
    ```

    ## Use instead
    ```
    Will the agreement hold? He called it “a fantastic partnership.”
    ```
    """
    for m in _INVERTED.finditer(text):
        yield Hit(m.start(), m.end(), f"Spanish inverted mark {m.group()!r} in English text", suggestion="", fix="")
    for m in _GUILLEMETS.finditer(text):
        inner = m.group(1)
        new = f"“{inner}”"
        yield Hit(m.start(), m.end(), "Spanish quotation marks « » in English text", suggestion=new, fix=new)
    paired = {i for m in _GUILLEMETS.finditer(text) for i in (m.start(), m.end() - 1)}
    for m in re.finditer(r"[«»]", text):
        if m.start() not in paired:
            new = "“" if m.group() == "«" else "”"
            yield Hit(m.start(), m.end(), f"Spanish quotation mark {m.group()!r} in English text", suggestion=new, fix=new)


_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[^\s\d" + OBJ + MARK + r"]) +([,.;:?!])(?=\s|$)")
_PAIRS = {"(": ")", "[": "]", "“": "”"}
_BRACKETS = re.compile(r"[()\[\]“”]")


def _unbalanced(text: str) -> Iterator[tuple[int, str]]:
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in (")", "]", "”"):
            if stack and _PAIRS[stack[-1][0]] == ch:
                stack.pop()
            elif ch == ")" and re.search(r"(?:^|\s)(?:\d+|[a-zA-Z])$", text[max(0, i - 4) : i]):
                continue  # list numbering: "1) first 2) second", "a) item"
            else:
                yield i, f"closing {ch!r} without an opening one"
    for ch, i in stack:
        yield i, f"{ch!r} is never closed in this paragraph"
    straight = [m.start() for m in re.finditer(r'(?<![\w])"|"(?![\w])', text)]
    if text.count('"') % 2 == 1 and straight:
        yield straight[-1], 'odd number of straight quotation marks (")'


@rule(
    "ED502",
    "typography",
    "warning",
    flags=(
        "The minister  arrived on Monday.",
        "The minister arrived , and spoke.",
        "He said it was (partly true.",
        "He called it “a partnership.",
        'He called it "a partnership.',
        "The reason ? Nobody knows.",
    ),
    passes=(
        "The minister arrived on Monday, and spoke.",
        "He said it was (partly) true.",
        "Options: 1) stay 2) leave.",
        "He called it “a partnership.”",
        "The rate rose 5 . 3 points.",
        "Code `a  b` is fine.",
        "“The first paragraph of a long quote.\n\n“The second one ends it.”",
    ),
)
def typography(text: str, ctx: object) -> Iterator[Hit]:
    """Double spaces, a space before punctuation, unbalanced brackets or quotes.

    ## What it does
    Finds two or more spaces between words, a space before `,` `.` `;` `:` `?` `!`,
    and brackets or curly/straight quotation marks that are not closed (or not opened)
    within the same paragraph. Code, URLs and other protected spans are not checked. A
    quotation left open at the end of a paragraph is accepted when the next paragraph
    opens with “ (the newspaper convention for a quote that runs on).

    ## Why is this bad?
    Spanish typesetting and machine output leave stray spaces (French spacing before
    `?` and `:` appears in many source texts), and a dropped closing bracket or quote
    changes what the reader takes as quoted.

    ## Example
    ```
    The minister  arrived , and said (it was a “fantastic partnership.
    ```

    ## Use instead
    ```
    The minister arrived, and said (it was a “fantastic partnership.”)
    ```
    """
    for m in _DOUBLE_SPACE.finditer(text):
        yield Hit(m.start(), m.end(), "more than one space between words", suggestion=" ")
    for m in _SPACE_BEFORE.finditer(text):
        yield Hit(m.start(), m.end(), f"space before {m.group(1)!r}", suggestion=m.group(1))
    continued = _next_block_opens_quote(ctx)
    for i, message in _unbalanced(text.replace(OBJ, " ")):
        if continued and text[i] == "“" and "never closed" in message:
            continue  # a quotation that runs on into the next paragraph (which reopens it with “)
        yield Hit(i, i + 1, message)


def _next_block_opens_quote(ctx: object) -> bool:
    unit = getattr(ctx, "unit", None)
    if unit is None:
        return False
    blocks = unit.doc.blocks
    nxt = unit.block.index + 1
    while nxt < len(blocks) and not blocks[nxt].text.strip():
        nxt += 1
    return nxt < len(blocks) and blocks[nxt].text.lstrip().startswith("“")
