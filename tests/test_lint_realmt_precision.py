"""False alarms and misses of the lint on real machine translation, pinned on Apertium's own drafts.

Each Spanish sentence below was written for edtools (none is copied from a publication); its draft is
what Apertium gives (`apertium -u spa-eng_US`, Debian apertium 3.8.3, apertium-eng-spa 0.8.1), kept
here so that the lint tests run without Apertium. ``test_drafts_are_apertiums_output`` checks that the
installed engine still writes exactly these drafts (skipped, with the reason, when it is missing).
Findings that point at the words that replaced a name need Apertium's dictionary (``lt-proc``): those
tests are skipped without it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from edtools.glossary import load_glossary
from edtools.lint import lint_text
from edtools.lint.bilex import available as bilex_available
from edtools.lint.rules.names import source_names

ROOT = Path(__file__).resolve().parent.parent
PAIR_MODE = Path("/usr/share/apertium/modes/spa-eng_US.mode")

# key -> (own Spanish sentence, Apertium's draft of it)
DRAFTS = {
    "vice": ("El vicepresidente de la República asistió a la ceremonia en Guayaquil.",
             "The vice-president of the Republic assisted to the ceremony in Guayaquil."),
    "vice-alone": ("La vicepresidenta llegó a Cuenca el lunes.",
                   "The vice-president arrived to Cuenca the Monday."),
    "interior": ("La ministra del Interior anunció nuevos controles en las carreteras.",
                 "The minister of the Interior announced new controls in the roads."),
    "energy": ("El ministro de Energía y Minas visitó la refinería.",
               "The minister of Energy and Mines visited the refinery."),
    "sucres": ("Antes de la dolarización, los ahorros se guardaban en sucres.",
               "Before the dolarización, the savings saved  in sucres."),
    "ports": ("El banano ecuatoriano se vende en los puertos de Amberes y Róterdam.",
              "The banano ecuadorian sells  in the ports of Amberes and Róterdam."),
    "tourism": ("El presidente de la Cámara de Turismo pidió más vuelos hacia Quito.",
                "The president of the Camera of Tourism asked more flights to Remove."),
    "difuntos": ("Miles de familias visitaron los cementerios por el Día de los Difuntos.",
                 "Miles of families visited the cemeteries by the Day of the Deceased."),
    "metro": ("El Metro de Quito transportó a más pasajeros en noviembre.",
              "The Meter of Remove transported to more passengers in November."),
    "sierra": ("Las lluvias afectaron a varias provincias de la Sierra.",
               "The rains affected to several provinces of the Saw."),
    "mariscal": ("Los vuelos llegan al aeropuerto Mariscal Sucre desde Madrid.",
                 "The flights arrive to the airport Marshal Sucre from Madrid."),
    "prefectura": ("La Prefectura de Esmeraldas y el Municipio de Manta firmaron un convenio.",
                   "The Prefecture of Emeralds and the Municipality of Rug signed an agreement."),
    "costa": ("Los productores de la Costa venden más cacao.",
              "The producers of the Coast sell more cocoa."),
}


def _apertium_missing() -> str | None:
    if shutil.which("apertium") is None:
        return "apertium is not installed (Debian package apertium-eng-spa)"
    if not PAIR_MODE.is_file():
        return f"the Apertium es-en pair is not installed ({PAIR_MODE} missing)"
    return None


needs_bilex = pytest.mark.skipif(not bilex_available(), reason="apertium-eng-spa (lt-proc) is not installed")


@pytest.fixture(scope="module")
def glossary():
    return load_glossary([ROOT / "glossary"])


def _found(key: str, glossary=None, prefix: str = "ED") -> list[tuple[str, str]]:
    source, draft = DRAFTS[key]
    return [(f.code, f.text) for f in lint_text(draft, source=source, glossary=glossary) if f.code.startswith(prefix)]


@pytest.mark.slow
def test_drafts_are_apertiums_output():
    reason = _apertium_missing()
    if reason:
        pytest.skip(reason)
    sources = [s for s, _ in DRAFTS.values()]
    done = subprocess.run(["apertium", "-u", "spa-eng_US"], input="\n\n".join(sources) + "\n",
                          capture_output=True, text=True, timeout=120, check=True)
    got = [p.strip("\n") for p in done.stdout.split("\n\n")]
    assert got == [d for _, d in DRAFTS.values()]


def test_accepted_style_variants_are_not_glossary_errors(glossary):
    # the hyphenated spelling and the long "minister of X" form are correct English, not house style
    assert _found("vice-alone", glossary, "ED3") == []
    assert _found("interior", glossary, "ED3") == []
    assert _found("energy", glossary, "ED3") == []


def test_calques_stay_avoided(glossary):
    # "of the Republic" is still a calque, hyphen or not
    assert _found("vice", glossary, "ED3") == [("ED301", "vice-president of the Republic")]
    found = lint_text("The Minister of Interior and the Vice President of the Republic spoke.", glossary=glossary)
    assert [(f.code, f.text) for f in found] == [
        ("ED301", "Minister of Interior"), ("ED301", "Vice President of the Republic")]


def test_plural_of_a_word_english_uses_is_not_spanish():
    # "sucres": the sucre, Ecuador's former currency; the engine's "dolarización" stays reported
    assert _found("sucres", prefix="ED2") == [("ED202", "dolarización")]


def test_spanish_names_of_world_cities_from_geonames():
    # Amberes comes from Debian's Spanish GeoNames catalogue, Róterdam from GeoNames' alternate names
    found = [(f.code, f.text, f.suggestion) for f in lint_text(DRAFTS["ports"][1], source=DRAFTS["ports"][0])
             if f.code == "ED203"]
    assert found == [("ED203", "Amberes", "Antwerp"), ("ED203", "Róterdam", "Rotterdam")]


@pytest.mark.parametrize("text", [
    "The prison at Abu Ghraib was closed.",  # a name English writes too: not Spanish-looking, left out
    "The flood reached El Valle, near Cuenca.",  # an Ecuadorian parish, not an exonym
    "Dresden and Hamburg signed the pact in Antwerp.",  # English names
])
def test_geonames_table_leaves_english_and_ecuadorian_names_alone(text):
    assert [f.code for f in lint_text(text) if f.code == "ED203"] == []


def test_geonames_table_adds_spanish_forms():
    found = [(f.text, f.suggestion) for f in lint_text("Trade fairs in Burdeos, Dresde and Talín grew.") if f.code == "ED203"]
    assert found == [("Burdeos", "Bordeaux"), ("Dresde", "Dresden"), ("Talín", "Tallinn")]


def _names(key: str) -> list[str]:
    return [n.text for n in source_names(DRAFTS[key][0], [])]


def test_institution_and_holiday_complements_are_not_names():
    # Cámara de Turismo, Día de los Difuntos: common words that say what the chamber or the day is about
    assert _names("tourism") == ["Quito"]
    assert _names("difuntos") == []
    assert [n.text for n in source_names("La Cámara de Turismo de Pichincha pidió más vuelos.", [])] == ["Pichincha"]
    # a place after the head stays a name, also a common word that names an Ecuadorian town (GeoNames)
    assert [n.text for n in source_names("La Universidad de Cuenca y el Gobierno de Ecuador firmaron.", [])] == [
        "La Universidad de Cuenca", "Ecuador"]
    assert _names("prefectura") == ["La Prefectura de Esmeraldas", "Manta"]


def test_translated_complements_are_not_reported():
    for key in ("tourism", "difuntos"):
        messages = [f.message for f in lint_text(DRAFTS[key][1], source=DRAFTS[key][0]) if f.code == "ED601"]
        assert not any("Turismo" in m or "Difuntos" in m for m in messages), messages


@needs_bilex
def test_translated_complements_leave_the_real_names(glossary):
    assert _found("tourism", prefix="ED6") == [("ED601", "Remove")]
    assert _found("difuntos", prefix="ED6") == []
    # with the glossary (Prefectura is one of its institutions' heads) only the towns' names are reported
    assert _found("prefectura", glossary, "ED6") == [("ED601", "Emeralds"), ("ED601", "Rug")]
    assert _found("prefectura", prefix="ED6") == [("ED601", "The Prefecture of Emeralds"), ("ED601", "Rug")]


@needs_bilex
def test_place_names_apertium_renders_as_common_words():
    assert _found("metro", prefix="ED6") == [("ED601", "The Meter of Remove")]  # metre -> Meter in US spelling
    assert _found("sierra", prefix="ED6") == [("ED601", "Saw")]  # English writes "the Sierra"
    assert _found("mariscal", prefix="ED6") == [("ED601", "Marshal Sucre")]  # the airport's name, after a common noun


def test_a_region_english_translates_is_not_a_lost_name():
    assert _found("costa", prefix="ED6") == []  # la Costa -> "the Coast"


def test_lexicon_details_behind_the_fixes():
    from edtools.lint.bilex import english_forms
    from edtools.lint.lexicon import ecuador_places, is_spanish_word

    assert {"meter", "meters", "metre"} <= english_forms("metre")  # the US mode writes the British lemma so
    assert {"harbor", "harbour"} <= english_forms("harbour")
    assert not is_spanish_word("sucres") and not is_spanish_word("pesos")  # plurals of words English uses
    assert is_spanish_word("alcaldes")  # a Spanish singular keeps its plural Spanish
    assert is_spanish_word("turismo")  # Zipf 4.6 vs 2.6: a gap of 2.0, not 1.9999999999999996
    assert {"esmeraldas", "manta", "cuenca", "quito"} <= ecuador_places()
