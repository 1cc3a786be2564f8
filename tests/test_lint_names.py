"""ED601 name-not-kept: which source words are names, when a name counts as kept, where a lost one is reported."""

from __future__ import annotations

import pytest

from edtools.lint import lint_text
from edtools.lint.bilex import available as apertium_available
from edtools.lint.bilex import english_forms
from edtools.lint.rules.names import is_kept, source_names

needs_apertium = pytest.mark.skipif(not apertium_available(), reason="apertium-eng-spa (lt-proc) is not installed")


def names(source: str) -> list[str]:
    return [n.text for n in source_names(source, [])]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("QUITO, 13 may (EFE). El embajador llegó.", ["QUITO", "EFE"]),
        ("El secretario Marco Rubio llegó a Quito.", ["Marco Rubio", "Quito"]),
        ("Las lluvias afectan a Los Ríos y Esmeraldas.", ["Los Ríos", "Esmeraldas"]),
        ("Visitó Francisco de Orellana y Santo Domingo de los Tsáchilas.", ["Francisco de Orellana", "Santo Domingo de los Tsáchilas"]),
        ("Según Noboa, la reunión fue útil.", ["Noboa"]),  # a capitalised first word that is a common word
        ("Durante la reunión se habló de Perú.", ["Perú"]),
        ("El Gobierno y el Ministerio de Defensa responderán.", []),  # institutions: the glossary's business
        ("Cabezas dijo que sí.", []),  # a first word that is a common Spanish word, seen nowhere else
        ("El Sr. Villacís y la Dra. Salazar asistieron.", ["Villacís", "Salazar"]),  # titles are not names
        ("La delegación viajó a EE. UU. y a Nueva York.", ["EE. UU.", "Nueva York"]),
        ("Juan Pablo II visitó el país.", ["Juan Pablo II"]),
    ],
)
def test_source_names(source, expected):
    assert names(source) == expected


def test_glossary_terms_and_institutions_are_not_names():
    source = "La Fiscalía General del Estado acusó a Pérez."
    assert names(source) == ["Pérez"]  # an institution by its head word
    source = "La Junta Bancaria sancionó a Pérez."
    assert names(source) == ["La Junta Bancaria", "Pérez"]
    assert [n.text for n in source_names(source, [(3, 17)])] == ["Pérez"]  # a glossary term's span


@pytest.mark.parametrize(
    ("source", "target", "kept"),
    [
        ("Llegó a Quito.", "He arrived in QUITO.", True),  # case
        ("Habló Patiño.", "Patino spoke.", True),  # accents
        ("Viajó a Estados Unidos.", "She went to the U.S.", True),  # exonym table
        ("Viajó a Perú.", "She went to Peru.", True),
        ("El Gobierno de Ecuador.", "The Ecuadorian government.", True),  # demonym
        ("Llegó a Quito.", "He arrived in Remove.", False),
        ("Habló Marco Rubio.", "Blond Frame spoke.", False),
        ("Habló Marco Rubio.", "Marco spoke.", False),  # every word of the name must stand
    ],
)
def test_is_kept(source, target, kept):
    (name,) = [n for n in source_names(source, []) if n.text not in ("Habló", "Llegó", "Viajó")]
    assert is_kept(name, target) is kept


def test_english_forms():
    assert {"remove", "removes", "removed", "removing"} <= english_forms("remove")
    assert "cities" in english_forms("city")


def _ed601(source: str, target: str) -> list[tuple[str, str]]:
    return [(f.text, f.message) for f in lint_text(target, source=source) if f.code == "ED601"]


@needs_apertium
def test_reported_at_the_words_that_replaced_the_name():
    found = _ed601("El embajador Marco Rubio llegó a Quito.", "The ambassador Blond Frame arrived to Remove.")
    assert [t for t, _ in found] == ["Blond Frame", "Remove"]
    assert "'Marco Rubio'" in found[0][1] and "'Quito'" in found[1][1]


def test_without_apertium_a_lone_capitalised_english_word_or_the_sentence(monkeypatch, tmp_path):
    from edtools.lint import bilex

    monkeypatch.setenv("EDTOOLS_APERTIUM_DATA", str(tmp_path))
    bilex.available.cache_clear()
    try:
        one = _ed601("Las lluvias afectan a Esmeraldas.", "The rains affect Emeralds.")
        two = _ed601("Llegó de Quito a Esmeraldas.", "He arrived of Remove to Emeralds.")
    finally:
        bilex.available.cache_clear()
    assert one == [("Emeralds", "name 'Esmeraldas' from the source is not kept: 'Emeralds' stands in its place")]
    assert len(two) == 1 and two[0][0] == "He arrived of Remove to Emeralds."
    assert "'Quito', 'Esmeraldas'" in two[0][1]


def test_first_name_beside_a_kept_surname():
    found = _ed601("Declaró Juan Pérez.", "Declared John Pérez.")
    assert [t for t, _ in found] == ["John Pérez"]


def test_translated_generic_head_is_fine():
    assert _ed601("Llegó al Palacio de Carondelet.", "He arrived at Carondelet Palace.") == []
    assert _ed601("Visitó el Parque Nacional Yasuní.", "She visited Yasuní National Park.") == []


def test_names_need_a_source():
    assert not [f for f in lint_text("The ambassador arrived to Remove.") if f.code == "ED601"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Informó el Instituto Nacional de Meteorología.", "The National Institute of Meteorology reported."),
        ("La ministra de Salud habló.", "The health minister spoke."),  # a portfolio, not a name
        ("El Fondo pidió reformas.", "The Fund asked for reforms."),  # a short reference to an institution
        ("Viajó a España.", "He made a Spanish trip."),  # a demonym of a standard English form
        ("El PIB creció.", "GDP grew."),
        ("Ganó una etapa del Giro de Italia.", "He won a stage of the Giro d'Italia."),
    ],
)
def test_translated_institutions_and_standard_forms_are_fine(source, target):
    assert _ed601(source, target) == []


def test_mid_sentence_article_belongs_to_the_name():
    found = _ed601("Fito es el cabecilla de Los Choneros.", "Fito is the leader of The Choneros.")
    assert [t for t, _ in found] == ["The Choneros"]


def test_connectors_translated_inside_a_name():
    found = _ed601("Opera la mina Centinela del Cóndor.", "It runs the mine Centinela of the Condor.")
    assert [t for t, _ in found] == ["Centinela of the Condor"]
    assert _ed601("Los presos de la cárcel Regional de Guayaquil.", "The inmates of the Regional prison of Guayaquil.") == []


def test_glossary_institution_heads_extend_to_unlisted_institutions():
    from lint_helpers import example_glossary

    source, target = "La Fiscalía Provincial del Guayas actuó.", "The Provincial Prosecutor's Office of Guayas acted."
    without = [f for f in lint_text(target, source=source) if f.code == "ED601"]
    with_glossary = [f for f in lint_text(target, source=source, glossary=example_glossary()) if f.code == "ED601"]
    assert with_glossary == [] and len(without) <= 1


def test_one_word_name_rendered_by_its_cognate_is_still_lost():
    found = _ed601("El precio del crudo Oriente cayó.", "The price of the crude Orient fell.")
    assert [t for t, _ in found] == ["Orient"]
