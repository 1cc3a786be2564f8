"""ED202 untranslated-word and ED203 spanish-form: the lexicons behind them, exclusions, config."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from edtools.errors import ConfigError
from edtools.lint import lint_text
from edtools.lint.config import settings_from_config
from edtools.lint.lexicon import freq, is_common_spanish_noun, is_spanish_word


def found(text: str, code: str, **kw) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in lint_text(text, **kw) if f.code == code]


@pytest.mark.parametrize(
    "word",
    ["minería", "migrantes", "alcalde", "simpatizantes", "prorrogadas", "regularizarse", "exlegislador",
     "subrogante", "correísmo", "decomisos"],
)
def test_spanish_words(word):
    assert is_spanish_word(word)


@pytest.mark.parametrize(
    "word",
    ["junta", "plaza", "fiesta", "machete", "hacienda", "café", "communiqué", "organ", "real", "once",
     "presidents", "processes", "ecuadorian", "sierra"],
)
def test_words_english_uses(word):
    assert not is_spanish_word(word)


def test_capitalised_words():
    assert is_common_spanish_noun("Fiscalía") and is_common_spanish_noun("Penitenciaría")
    for name in ("Manabí", "Patiño", "Cabezas", "Quito", "Azuay", "Esmeraldas"):
        assert not is_common_spanish_noun(name), name


def test_phrase_reported_once_and_at_its_words():
    text = "Officials met the alcalde and the concejales municipales on Monday."
    assert found(text, "ED202") == [("alcalde", None), ("concejales municipales", None)]
    f = [f for f in lint_text(text) if f.code == "ED202"][1]
    assert (f.line, f.column, f.end_column) == (1, 35, 57)


def test_deliberate_spanish_is_left_alone():
    assert found("Supporters of *correísmo* chanted “fuera, fuera” in the plaza.", "ED202") == []
    assert found('Supporters of "correísmo" marched.', "ED202") == []


def test_whole_spanish_sentences_are_left_to_ed201():
    codes = [f.code for f in lint_text("La reunión se realizó en Quito el pasado miércoles con los alcaldes.")]
    assert "ED201" in codes and "ED202" not in codes


def test_allowed_words_from_config():
    settings = settings_from_config({"allowed-words": ["correísmo", "concejales municipales"]}, "edtools.toml")
    text = "Critics of correísmo met the concejales municipales."
    assert found(text, "ED202") != []
    assert found(text, "ED202", settings=settings) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [("x", None), ([1], "'lint.allowed-words' must be a list of strings"), ([" "], "'lint.allowed-words' has an empty entry")],
)
def test_allowed_words_validated(value, message):
    if message is None:
        assert settings_from_config({"allowed-words": value}, "f").allowed_words == ("x",)
        return
    with pytest.raises(ConfigError, match=message):
        settings_from_config({"allowed-words": value}, "f")


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("Talks with EE. UU. resumed.", "EE. UU.", "U.S."),
        ("Talks with EE.UU. resumed.", "EE.UU.", "U.S."),
        ("The FF. AA. deployed troops.", "FF. AA.", "armed forces"),
        ("Two migrants were held in Mineápolis.", "Mineápolis", "Minneapolis"),
        ("The minister flew to Londres.", "Londres", "London"),
        ("Officials of the FMI arrived.", "FMI", "IMF"),
        ("QUITO, 9 ago (EFE). The decree was extended.", "ago", "Aug."),
    ],
)
def test_spanish_forms_and_their_english(text, span, suggestion):
    assert found(text, "ED203") == [(span, suggestion)]


def test_spanish_forms_english_shares_are_fine():
    for text in ("Lima is the capital of Peru.", "QUITO, 4 sep (EFE). The minister arrived.", "He left 10 years ago."):
        assert found(text, "ED203") == [], text


def test_lexicon_states_source_and_licence():
    raw = resources.files("edtools").joinpath("data/lexicon-es-en.tsv.gz").read_bytes()
    head = gzip.decompress(raw).decode("utf-8").splitlines()[:5]
    assert any("wordfreq" in line for line in head) and any("CC BY-SA 4.0" in line for line in head)


def test_lexicon_matches_wordfreq_where_installed():
    wordfreq = pytest.importorskip("wordfreq", reason="wordfreq (the lexicon's source) is not installed")
    for word in ("minería", "junta", "gobierno", "the", "plaza"):
        f = freq(word)
        assert abs(f.es - wordfreq.zipf_frequency(word, "es", wordlist="large")) <= 0.06
        assert abs(f.en - wordfreq.zipf_frequency(word, "en", wordlist="large")) <= 0.06


def test_dictionary_hint_where_apertium_is_installed():
    from edtools.lint.bilex import available

    if not available():
        pytest.skip("apertium-eng-spa (lt-proc) is not installed")
    (f,) = [f for f in lint_text("The alcalde inaugurated the bridge.") if f.code == "ED202"]
    assert f.message == "Spanish word 'alcalde' left untranslated (dictionary: mayor)"
