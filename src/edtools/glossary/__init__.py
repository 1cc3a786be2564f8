"""The glossary: a term base of official titles that drafts follow and CI validates.

Public API (see docs/architecture.md, "Contracts"): load a term base with
:func:`load_glossary`, find Spanish terms with :class:`SourceMatcher`, English renderings with
:class:`TargetMatcher`, and make drafts follow it with :func:`apply_to_segments`.
No heavy imports here: ``edtools lint`` and ``edtools glossary`` load this package.
"""

from edtools.glossary.apply import (
    Applier,
    ApplyResult,
    Change,
    Missing,
    applier_for,
    apply_pairs,
    apply_to_segments,
    render_form,
)
from edtools.glossary.load import expand_paths, load_entries, load_glossary
from edtools.glossary.match import (
    SourceMatch,
    SourceMatcher,
    TargetMatcher,
    english_forms,
    entry_forms,
    pluralize_en,
    spanish_forms,
)
from edtools.glossary.model import CASE_POLICIES, Entry, Glossary, Problem, norm

__all__ = [
    "CASE_POLICIES",
    "Applier",
    "ApplyResult",
    "Change",
    "Entry",
    "Glossary",
    "Missing",
    "Problem",
    "SourceMatch",
    "SourceMatcher",
    "TargetMatcher",
    "applier_for",
    "apply_pairs",
    "apply_to_segments",
    "english_forms",
    "entry_forms",
    "expand_paths",
    "load_entries",
    "load_glossary",
    "norm",
    "pluralize_en",
    "render_form",
    "spanish_forms",
]
