"""Source-language identification and the translate command's language check."""

from __future__ import annotations

import pytest

from edtools.errors import ConfigError, UserError
from edtools.langid import detect_language, document_language

ES = ["El ministro de Gobierno habló con la prensa.", "No hay heridos.", "La Asamblea aprobó el presupuesto."]
EN = ["The Minister of Government spoke with the press.", "No one was hurt.", "The Assembly approved the budget."]


@pytest.mark.parametrize("detector", ["lingua", "langdetect"])
def test_long_sentences(detector: str) -> None:
    assert detect_language(ES[0], detector)[0] == "es"
    assert detect_language(EN[0], detector)[0] == "en"
    lang, conf = detect_language(ES[2], detector)
    assert lang == "es" and 0 < conf <= 1


def test_lingua_on_short_spanish_and_neighbours() -> None:
    for text in ("No hay heridos.", "¿Qué pasó ayer?", "Ya llegó la ayuda."):
        assert detect_language(text)[0] == "es", text
        assert detect_language(text, fast=True)[0] == "es", text
    assert detect_language("O ministro falou com a imprensa ontem à noite.")[0] == "pt"
    assert detect_language("Il ministro ha parlato con la stampa ieri sera.")[0] == "it"


def test_langdetect_is_deterministic() -> None:
    text = "Ya llegó la ayuda."
    assert len({detect_language(text, "langdetect") for _ in range(5)}) == 1


def test_no_letters_is_unknown() -> None:
    assert detect_language("") == ("unknown", 0.0)
    assert detect_language("1.500 — 2022") == ("unknown", 0.0)


def test_unknown_detector() -> None:
    with pytest.raises(ConfigError, match="unknown language detector"):
        detect_language("hola", "cld3")


def test_document_majority() -> None:
    assert document_language(EN * 3 + ES) == ("en", 9, 12)
    assert document_language(["1.", "—"]) == ("unknown", 0, 0)
    lang, votes, total = document_language(ES * 40)
    assert lang == "es" and total == 50 and votes == 50


def test_translate_language_check(capsys) -> None:
    from edtools.commands.translate import check_source_language

    check_source_language(EN * 2, None, "lingua")
    err = capsys.readouterr().err
    assert err == (
        "edtools: warning: this document looks like English (6 of 6 sentences), not Spanish; "
        "translating anyway — pass --source-lang to silence\n"
    )
    check_source_language(EN, "es", "lingua")
    check_source_language(ES, None, "lingua")
    assert capsys.readouterr().err == ""
    with pytest.raises(UserError, match="only Spanish"):
        check_source_language(ES, "fr", "lingua")
