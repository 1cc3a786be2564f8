"""ED9xx: meta rules about the lint run itself (suppression comments).

These rules are produced by :mod:`edtools.lint.suppress`, not by a check function.
"""

from __future__ import annotations

from edtools.lint.registry import rule


@rule(
    "ED901",
    "unused-suppression",
    "warning",
    scope="meta",
    flags=(
        "<!-- edtools-disable-next-line ED101 -->\nThe minister arrived on Monday.\n",
        "<!-- edtools-disable -->\nNothing to see here.\n\n<!-- edtools-enable -->\n",
    ),
    passes=(
        "<!-- edtools-disable-next-line ED101 -->\nThe the minister arrived on Monday.\n",
        "<!-- edtools-disable repeated-word -->\nThe the minister arrived.\n\n<!-- edtools-enable -->\n",
    ),
)
def unused_suppression() -> None:
    """A suppression comment that silenced nothing.

    ## What it does
    Reports an `<!-- edtools-disable … -->` or `<!-- edtools-disable-next-line … -->`
    comment when none of the codes it names was reported in its range (only rules that
    ran are considered, so `--select` does not make comments look unused).

    ## Why is this bad?
    A stale suppression hides the next real problem in that place. Remove it once
    the text it excused has been edited.

    ## Example
    ```
    <!-- edtools-disable-next-line ED101 -->
    The minister arrived on Monday.
    ```

    ## Use instead
    ```
    The minister arrived on Monday.
    ```
    """


@rule(
    "ED902",
    "invalid-suppression",
    "error",
    scope="meta",
    flags=("<!-- edtools-disable-next-line ED999 -->\nThe minister arrived.\n",),
    passes=("<!-- edtools-disable-next-line ED1 -->\nThe the minister arrived.\n",),
)
def invalid_suppression() -> None:
    """A suppression comment that names an unknown rule.

    ## What it does
    Reports a suppression comment with a code, prefix or rule name that matches no
    rule (`ED999`, `ED7`, `repeated-words`).

    ## Why is this bad?
    A misspelt code silences nothing, so the problem the writer meant to excuse is
    still reported — or the comment hides a typo that will never be noticed.

    ## Example
    ```
    <!-- edtools-disable-next-line ED1O1 -->
    ```

    ## Use instead
    ```
    <!-- edtools-disable-next-line ED101 -->
    ```
    """
