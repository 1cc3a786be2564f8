"""Spanish-side matching: inflection, accents, articles, acronyms, exceptions, overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from edtools.glossary import Entry, Glossary, SourceMatcher, TargetMatcher, load_glossary, spanish_forms
from edtools.glossary.match import pluralize_en

DATA = Path(__file__).parent / "data" / "glossary"


@pytest.fixture(scope="module")
def small() -> Glossary:
    return load_glossary([DATA / "small.yaml"])


@pytest.fixture(scope="module")
def matcher(small: Glossary) -> SourceMatcher:
    return SourceMatcher(small)


def found(matcher: SourceMatcher, text: str) -> list[tuple[str, str, bool]]:
    return [(m.entry.id, m.text, m.plural) for m in matcher.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("El canciller habló.", [("canciller", "canciller", False)]),
        ("La canciller habló.", [("canciller", "canciller", False)]),
        ("Los cancilleres de la región.", [("canciller", "cancilleres", True)]),
        ("CANCILLER VIAJA", [("canciller", "CANCILLER", False)]),
        ("la ministra de Relaciones Exteriores", [("canciller", "ministra de Relaciones Exteriores", False)]),
        ("los ministros de Relaciones Exteriores y Movilidad Humana",
         [("canciller", "ministros de Relaciones Exteriores y Movilidad Humana", True)]),
        ("las subsecretarias de Asuntos Políticos", [("subsecretario-asuntos-politicos",
                                                      "subsecretarias de Asuntos Políticos", True)]),
        ("la fiscal general Diana Salazar", [("fiscal-general", "fiscal general", False)]),
        ("los fiscales generales del Estado", [("fiscal-general", "fiscales generales del Estado", True)]),
        ("dos asambleístas", [("asambleista", "asambleístas", True)]),
        ("la encargada de negocios", [("encargado-negocios", "encargada de negocios", False)]),
    ],
)
def test_inflected_forms_match(matcher: SourceMatcher, text: str, expected: list) -> None:
    assert found(matcher, text) == expected


def test_generated_forms_are_not_listed_by_hand() -> None:
    assert [f for f, _ in spanish_forms("subsecretario", inflect=True)] == [
        "subsecretario", "subsecretaria", "subsecretarios", "subsecretarias"]
    assert [f for f, _ in spanish_forms("canciller", inflect=True)] == ["canciller", "cancilleres"]
    assert [f for f, _ in spanish_forms("presidente de la República", inflect=True)] == [
        "presidente de la República", "presidenta de la República", "presidentes de la República",
        "presidentas de la República"]
    assert [f for f, _ in spanish_forms("embajador", inflect=True)] == [
        "embajador", "embajadora", "embajadores", "embajadoras"]
    assert ("jueces", True) in spanish_forms("juez", inflect=True)
    # names are not inflected
    assert spanish_forms("Corte Constitucional", inflect=False) == [("Corte Constitucional", False)]


def test_accent_sensitive_office_versus_woman(matcher: SourceMatcher) -> None:
    # Subsecretaría (the office) is not subsecretaria (the woman): each finds its own entry
    assert found(matcher, "la Subsecretaría de Comunicación") == [
        ("subsecretaria-office", "Subsecretaría de Comunicación", False)]
    assert found(matcher, "la subsecretaria dijo") == [("subsecretario", "subsecretaria", False)]
    assert found(matcher, "la Subsecretaria de Comunicación") == [("subsecretario", "Subsecretaria", False)]


def test_decomposed_accents_in_text_still_match_with_original_offsets(matcher: SourceMatcher) -> None:
    import unicodedata

    text = "Dijo la " + unicodedata.normalize("NFD", "Subsecretaría de Comunicación") + " ayer."
    [m] = matcher.find(text)
    assert m.entry.id == "subsecretaria-office"
    assert text[m.start:m.end] == m.text
    assert text[m.end:] == " ayer."


def test_word_boundaries(matcher: SourceMatcher) -> None:
    assert found(matcher, "el vicecanciller y la subcanciller") == []
    # an ex- form is the title's own form now, reported as former (test_glossary_realtext.py)
    [m] = matcher.find("la excanciller")
    assert (m.entry.id, m.text, m.former) == ("canciller", "excanciller", True)
    assert found(matcher, "cancilleresco") == []
    assert found(matcher, "(canciller)") == [("canciller", "canciller", False)]


def test_exceptions_suppress_only_inside_their_span(matcher: SourceMatcher) -> None:
    text = "El canciller alemán Olaf Scholz recibió al canciller Manrique y al canciller de Alemania."
    ms = matcher.find(text)
    assert [(m.text, m.start) for m in ms] == [("canciller", text.index("canciller Manrique"))]
    # exceptions follow the entry's inflection
    assert found(matcher, "Los cancilleres alemán y francés") == []


def test_longest_match_wins_on_overlap(matcher: SourceMatcher) -> None:
    text = "el subsecretario de Estado adjunto para Asuntos del Hemisferio Occidental viajó"
    assert [m.entry.id for m in matcher.find(text)] == ["subsecretario-hemisferio"]
    text = "el subsecretario de Asuntos Políticos y el subsecretario de Salud"
    assert found(matcher, text) == [
        ("subsecretario-asuntos-politicos", "subsecretario de Asuntos Políticos", False),
        ("subsecretario", "subsecretario", False),
    ]


def test_article_in_the_term_is_optional_and_article_reported(matcher: SourceMatcher) -> None:
    [m] = matcher.find("Aprobó la Asamblea Nacional el texto.")
    assert (m.entry.id, m.text, m.article) == ("asamblea-nacional", "Asamblea Nacional", "la")
    [m] = matcher.find("Asamblea Nacional aprueba")
    assert m.article == ""
    [m] = matcher.find("el informe del canciller")
    assert m.article == "del"


def test_acronyms_match_only_in_capitals(matcher: SourceMatcher) -> None:
    assert found(matcher, "La DEA y la USAID") == [("dea", "DEA", False), ("usaid", "USAID", False)]
    assert found(matcher, "una dea griega") == []


def test_target_matcher_avoided_and_approved(small: Glossary) -> None:
    tm = TargetMatcher(small)
    text = "The Chancellors met the Undersecretary of Political Affairs; the Chancellor spoke."
    hits = [(e.id, t) for e, s, en, t in tm.find_avoided(text)]
    assert hits == [("canciller", "Chancellors"), ("subsecretario-asuntos-politicos",
                                                   "Undersecretary of Political Affairs"),
                    ("canciller", "Chancellor")]
    canciller = small.by_id("canciller")
    assert canciller is not None
    t2 = "the foreign ministers and Foreign Minister Manrique"
    assert [t2[s:e] for s, e in tm.find_approved(t2, canciller)] == ["foreign ministers", "Foreign Minister"]


def test_english_plural_of_the_head_noun() -> None:
    assert pluralize_en("Foreign Minister") == "Foreign Ministers"
    assert pluralize_en("Under Secretary for Political Affairs") == "Under Secretaries for Political Affairs"
    assert pluralize_en("secretary of state") == "secretaries of state"
    assert pluralize_en("Chargé d'Affaires") == "Chargés d'Affaires"
    assert pluralize_en("lawmaker") == "lawmakers"


def test_ten_thousand_entries_build_and_match() -> None:
    entries = tuple(
        Entry(id=f"t{i}", es=f"término{i} oficial", es_variants=(), en=f"Term {i}", avoid=(), exceptions=(),
              case="name", note="", ref="", tags=(), origin=f"gen:{i}")
        for i in range(10_000)
    )
    m = SourceMatcher(Glossary(entries=entries, sources=("gen",)))
    text = "Según el término9999 oficial y el término12 oficial, nada más. " * 50
    ms = m.find(text)
    assert len(ms) == 100
    assert {x.entry.id for x in ms} == {"t9999", "t12"}


from hypothesis import given, settings
from hypothesis import strategies as st

_ALPHABET = st.sampled_from(list("canciler ministroaéíóúñ ÍÉßİﬁ\u0301\u0303,.\n") + ["canciller", "Subsecretaría",
                                                                                  "alemán", "DEA", "dea"])


_SMALL_MATCHER: list[SourceMatcher] = []


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_matches_always_point_at_their_text(text: str) -> None:
    if not _SMALL_MATCHER:
        _SMALL_MATCHER.append(SourceMatcher(load_glossary([DATA / "small.yaml"])))
    for m in _SMALL_MATCHER[0].find(text):
        assert text[m.start:m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)


def test_term_wrapped_across_lines_or_with_no_break_space(matcher: SourceMatcher) -> None:
    text = "la ministra de Relaciones\nExteriores y el\u00a0canciller"
    assert [(m.entry.id, m.text) for m in matcher.find(text)] == [
        ("canciller", "ministra de Relaciones\nExteriores"), ("canciller", "canciller")]


def test_target_matcher_handles_wrapped_and_double_spaced_renderings(small: Glossary) -> None:
    tm = TargetMatcher(small)
    usaid = small.by_id("usaid")
    text = "through the United States  Agency\nfor Development (USAID)"
    [(s, e)] = tm.avoided_for(text, usaid)
    assert text[s:e] == "United States  Agency\nfor Development"
    assert [text[s:e] for s, e in tm.find_approved(text, usaid)] == ["USAID"]
    # an equal entry that is not this glossary's object still works
    import dataclasses

    copy = dataclasses.replace(usaid)
    assert tm.avoided_for(text, copy) == [(s, e)]
