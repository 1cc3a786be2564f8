"""ED3xx: the glossary of official titles and names (``--glossary`` or config ``glossary``).

The rules use :mod:`edtools.glossary`'s matchers: ``TargetMatcher`` for renderings to
avoid and approved renderings in English, ``SourceMatcher`` for Spanish terms
(inflection-aware). Examples below use :data:`EXAMPLE_ENTRIES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edtools.lint.finding import Hit
from edtools.lint.registry import rule

# The glossary the examples of this module are checked against (tests build Entry records from it).
EXAMPLE_ENTRIES = (
    {"id": "canciller", "es": "canciller", "en": "foreign minister", "avoid": ("chancellor", "head of diplomacy")},
    {"id": "usaid", "es": "Agencia de los Estados Unidos para el Desarrollo Internacional",
     "en": "U.S. Agency for International Development", "avoid": ("United States Agency for Development",)},
    {"id": "fiscalia", "es": "Fiscalía General del Estado", "en": "Attorney General's Office",
     "avoid": ("State Attorney General's Office", "General Prosecutor's Office")},
)


def _target_matcher(ctx: Any) -> Any:
    from edtools.glossary import TargetMatcher

    return ctx.memo("target-matcher", lambda: TargetMatcher(ctx.glossary))


def _source_matcher(ctx: Any) -> Any:
    from edtools.glossary import SourceMatcher

    return ctx.memo("source-matcher", lambda: SourceMatcher(ctx.glossary))


def _cased(entry: Any, matched: str) -> str:
    """The approved rendering, lower-cased like the text it replaces for titles ("the foreign minister")."""
    if entry.case == "title" and matched[:1].islower():
        if getattr(entry, "en_lower", ""):
            return entry.en_lower
        from edtools.glossary.match import lower_title

        return lower_title(entry.en)
    return entry.en


def _context_candidates(ctx: Any, entry: Any) -> list:
    """The titles a context entry ("ministro del ramo") may stand for: any of their renderings passes."""
    if not getattr(entry, "context", ""):
        return []
    return [e for e in ctx.glossary.entries if entry.context in e.tags and e is not entry]


def _whole(target: str) -> tuple[int, int]:
    stripped = target.strip()
    start = target.find(stripped[:1]) if stripped else 0
    return start, start + len(stripped)


@rule(
    "ED301",
    "glossary-avoided-term",
    "error",
    requires="glossary",
    flags=(
        "The chancellor met Nuland in Quito.",
        "Funds came through the United States Agency for Development (USAID).",
    ),
    passes=(
        "The foreign minister met Nuland in Quito.",
        "Funds came through the U.S. Agency for International Development (USAID).",
    ),
)
def avoided_term(text: str, ctx: Any) -> Iterator[Hit]:
    """A rendering the glossary says to avoid.

    ## What it does
    Finds any of a glossary entry's `avoid` renderings in the draft ("United States
    Agency for Development" for the U.S. Agency for International Development) and
    suggests the approved one. Needs a glossary (`--glossary` or config `glossary`);
    no source is needed.

    ## Why is this bad?
    Official titles and agency names have one correct English form; a literal
    translation ("head of Ecuadorian diplomacy") or a truncated name misinforms.

    ## Example
    ```
    through the United States Agency for Development (USAID)
    ```

    ## Use instead
    ```
    through the U.S. Agency for International Development (USAID)
    ```
    """
    for entry, start, end, matched in _target_matcher(ctx).find_avoided(text):
        approved = _cased(entry, matched)
        yield Hit(
            start,
            end,
            f"{matched!r} is to be avoided: the glossary's rendering is {approved!r} ({entry.id})",
            suggestion=approved,
        )


@rule(
    "ED302",
    "glossary-missing-term",
    "warning",
    scope="pair",
    requires="glossary",
    flags=(
        ("El canciller viajó a Washington.", "The minister traveled to Washington."),
        ("La Fiscalía General del Estado abrió una investigación.", "The prosecutors opened an investigation."),
    ),
    passes=(
        ("El canciller viajó a Washington.", "The foreign minister traveled to Washington."),
        ("El presidente viajó a Washington.", "The president traveled to Washington."),
    ),
)
def missing_term(source: str, target: str, ctx: Any) -> Iterator[Hit]:
    """A glossary term in the source whose approved rendering is missing from the translation.

    ## What it does
    Finds glossary terms in the Spanish source sentence (with inflections: *la
    canciller*, *cancilleres*) and reports the aligned English sentence when it does not
    contain the approved rendering or one of the entry's `accepted` alternatives. An
    acronym alone does not count when the source spelled the name out. Needs a glossary
    and `--source` or `--bilingual`.

    ## Why is this bad?
    The model paraphrased or mistranslated an official title; the reader gets a
    different office or person.

    ## Example
    ```
    source: El canciller viajó a Washington.
    draft:  The minister traveled to Washington.
    ```

    ## Use instead
    ```
    The foreign minister traveled to Washington.
    ```
    """
    if getattr(ctx, "glossary", None) is None:
        return
    target_matcher = _target_matcher(ctx)
    seen: set[str] = set()
    for match in _source_matcher(ctx).find(source):
        entry = match.entry
        if entry.id in seen:
            continue
        seen.add(entry.id)
        # an acronym alone is not the rendering of a name the source spelled out
        candidates = [entry] + _context_candidates(ctx, entry)
        if any(target_matcher.find_approved(target, e, acronyms=match.acronym) for e in candidates):
            continue
        if any(e2.id == entry.id for e2, _s, _e, _m in target_matcher.find_avoided(target)):
            continue  # an avoided rendering: ED301 reports it, with the approved one
        start, end = _whole(target)
        yield Hit(
            start,
            end,
            f"source term {match.text!r} should be rendered {entry.en!r} ({entry.id})",
            suggestion=entry.en,
            source=source,
        )


@rule(
    "ED303",
    "glossary-inconsistent",
    "warning",
    scope="document",
    requires="glossary",
    flags=(
        (
            "El canciller llegó.\n\nEl canciller habló.",
            "The foreign minister arrived.\n\nThe chancellor spoke.",
        ),
    ),
    passes=(
        (
            "El canciller llegó.\n\nEl canciller habló.",
            "The foreign minister arrived.\n\nThe foreign minister spoke.",
        ),
    ),
)
def inconsistent(units: list, ctx: Any) -> Iterator[Hit]:
    """One source term rendered two different ways in one document.

    ## What it does
    Follows every glossary term of the source through the aligned draft and reports a
    rendering that differs from the one used first in the document ("foreign
    minister" in one paragraph, "chancellor" in the next). Needs a glossary and
    `--source` or `--bilingual`.

    ## Why is this bad?
    Readers take two names for two people or offices. Consistency matters even when
    neither rendering is in the glossary's avoid list.

    ## Example
    ```
    The foreign minister arrived. … The chancellor spoke.
    ```

    ## Use instead
    ```
    The foreign minister arrived. … The foreign minister spoke.
    ```
    """
    pairs = getattr(ctx, "pairs", [])
    if not pairs or getattr(ctx, "glossary", None) is None:
        return
    by_block = {u.block.index: u for u in units}
    target_matcher = _target_matcher(ctx)
    first: dict[str, str] = {}
    for pair in pairs:
        unit = by_block.get(pair.target_block)
        if unit is None:
            continue
        target = unit.masked[pair.target_start : pair.target_end]
        entries = {m.entry.id: m.entry for m in _source_matcher(ctx).find(pair.source)}
        if not entries:
            continue
        avoided = target_matcher.find_avoided(target)
        for entry in entries.values():
            found: list[tuple[int, int, str]] = [
                (s, e, "approved") for s, e in target_matcher.find_approved(target, entry)
            ]
            found += [(s, e, matched.lower()) for e2, s, e, matched in avoided if e2.id == entry.id]
            if not found:
                continue
            s, e, rendering = min(found)
            shown = entry.en if rendering == "approved" else rendering
            if entry.id not in first:
                first[entry.id] = shown
            elif first[entry.id] != shown:
                yield Hit(
                    s + pair.target_start,
                    e + pair.target_start,
                    f"{entry.es!r} rendered {shown!r} here but {first[entry.id]!r} earlier in the document",
                    suggestion=first[entry.id],
                    block=pair.target_block,
                    source=pair.source,
                )
