"""What real Ecuadorian reporting needs from the term base (issue 10): words inside titles, compounds
over their prefixes, abbreviations and acronyms, ex- and feminine forms, calques replaced in place
with the acronym kept, accepted alternatives, and context entries ("ministro del ramo").

Sentences are our own, written in the register of wire copy; the glossary is the shipped one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edtools.glossary import apply_pairs, load_glossary, SourceMatcher
from edtools.glossary.calque import find_calques
from edtools.glossary.export import to_csv, to_tbx, to_yaml
from edtools.glossary.load import build_entries, read_raw

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary([REPO / "glossary"])


@pytest.fixture(scope="module")
def matcher(glossary):
    return SourceMatcher(glossary)


def matches(matcher, text):
    return [(m.entry.id, m.text) for m in matcher.find(text)]


def fix(glossary, source, draft):
    result = apply_pairs(glossary, [(1, source, draft)])
    return result.targets[0], result


def test_term_base_size_and_areas(glossary) -> None:
    assert len(glossary) >= 300
    assert all(e.note and e.ref for e in glossary.entries)
    names = sorted(Path(s).name for s in glossary.sources)
    assert names == ["designations.yaml", "executive.yaml", "functions-of-state.yaml", "international.yaml",
                     "justice.yaml", "legal-political.yaml", "local-government.yaml", "organizations.yaml",
                     "security.yaml", "united-states.yaml"]


# ------------------------------------------------------------------------------------ Spanish side

def test_words_inserted_inside_a_title(matcher) -> None:
    [m] = matcher.find("Lo confirmó el ministro ecuatoriano de Economía y Finanzas, Juan Carlos Vega.")
    assert (m.entry.id, m.text, m.inserted) == ("ministro-economia", "ministro ecuatoriano de Economía y Finanzas",
                                                 ("ecuatoriano",))
    [m] = matcher.find("la ministra saliente de Gobierno")
    assert (m.entry.id, m.inserted) == ("ministro-gobierno", ("saliente",))
    # a word outside the closed set breaks the title: no invented match
    assert ("ministro-economia" not in [e for e, _ in matches(matcher, "el ministro dijo de Economía y Finanzas")])
    # the bare title followed by a tenure word takes it along
    [m] = matcher.find("El ministro saliente, Mauricio Pozo, viajó.")
    assert (m.entry.id, m.text, m.inserted) == ("ministro", "ministro saliente", ("saliente",))


def test_presidente_electo_is_its_own_title(matcher) -> None:
    assert matches(matcher, "el presidente electo Daniel Noboa") == [("presidente-electo", "presidente electo")]
    assert matches(matcher, "el presidente electo de la República") == [
        ("presidente-electo", "presidente electo de la República")]


def test_compound_beats_its_prefix(matcher) -> None:
    assert matches(matcher, "llegó el secretario de Estado adjunto Christopher Landau") == [
        ("secretario-estado-adjunto", "secretario de Estado adjunto")]
    assert matches(matcher, "llegó el secretario de Estado Marco Rubio") == [("secretario-estado", "secretario de Estado")]
    assert matches(matcher, "los cinco vocales del CNE") == [("consejero-cne", "vocales del CNE")]


@pytest.mark.parametrize("text, entry", [
    ("las FF. AA. patrullan", "fuerzas-armadas"),
    ("las FF.AA. patrullan", "fuerzas-armadas"),
    ("las FFAA patrullan", "fuerzas-armadas"),
    ("viajó a EE. UU. ayer", "estados-unidos"),
    ("viajó a EE.UU. ayer", "estados-unidos"),
    ("viajó a EEUU ayer", "estados-unidos"),
    ("el Cpccs designó", "cpccs"),
    ("el CPCCS designó", "cpccs"),
    ("la CNJ resolvió", "corte-nacional"),
    ("la CC resolvió", "corte-constitucional"),
])
def test_abbreviations_with_and_without_dots(matcher, text: str, entry: str) -> None:
    assert [e for e, _ in matches(matcher, text)] == [entry]


def test_acronym_alone_and_after_the_name(matcher) -> None:
    found = matcher.find("El Consejo Nacional Electoral (CNE) y el FMI")
    assert [(m.entry.id, m.text, m.acronym) for m in found] == [
        ("cne", "Consejo Nacional Electoral", False), ("cne", "CNE", True), ("fmi", "FMI", True)]
    assert matches(matcher, "el cne") == []  # acronyms only in capitals


@pytest.mark.parametrize("text, entry, matched", [
    ("el expresidente Guillermo Lasso", "presidente", "expresidente"),
    ("el ex presidente Lasso", "presidente", "ex presidente"),
    ("el ex-presidente Lasso", "presidente", "ex-presidente"),
    ("el exmandatario Rafael Correa", "mandatario", "exmandatario"),
    ("la exministra de Gobierno", "ministro-gobierno", "exministra de Gobierno"),
    ("la exfiscal Diana Salazar", "fiscal", "exfiscal"),
    ("el exasambleísta", "asambleista", "exasambleísta"),
])
def test_ex_forms_are_generated(matcher, text: str, entry: str, matched: str) -> None:
    [m] = matcher.find(text)
    assert (m.entry.id, m.text, m.former) == (entry, matched, True)


def test_ex_is_not_stripped_from_ordinary_words(matcher) -> None:
    assert matches(matcher, "el comercio exterior y la exportación") == []


@pytest.mark.parametrize("text, entry", [
    ("la jueza Ana Pérez", "juez"), ("la presidenta de la Asamblea", "presidente-asamblea"),
    ("la ministra del Interior", "ministro-interior"), ("la alcaldesa de Guayaquil", "alcalde"),
    ("la jefa de la diplomacia", "jefe-diplomacia"), ("las juezas", "juez"), ("la concejala", "concejal"),
])
def test_feminine_forms(matcher, text: str, entry: str) -> None:
    assert matches(matcher, text)[0][0] == entry


def test_one_word_institutions_match_only_capitalised(matcher) -> None:
    assert matches(matcher, "una banda armada atacó") == []
    assert matches(matcher, "la Armada decomisó") == [("armada", "Armada")]
    assert matches(matcher, "llevar a cabo la reunión") == []
    assert matches(matcher, "el cabo Pérez") == [("cabo", "cabo")]
    assert "fiscal" not in [e for e, _ in matches(matcher, "la política fiscal y el déficit fiscal")]


# ---------------------------------------------------------------------------------- apply, calques

@pytest.mark.parametrize("source, draft, expected", [
    ("El Consejo Nacional Electoral (CNE) convocó.", "The Electoral National Council (CNE) convened.",
     "The National Electoral Council (CNE) convened."),
    ("La fiscal general del Estado, Diana Salazar, habló.", "The Fiscal General of the State, Diana Salazar, spoke.",
     "The attorney general, Diana Salazar, spoke."),
    ("El Ministerio del Interior informó.", "The Home Office informed.", "The Ministry of the Interior informed."),
    ("La encargada de negocios llegó.", "The attendant of businesses arrived.", "The chargé d'affaires arrived."),
    ("Los cinco vocales del CNE votaron.", "The five vowels of the CNE voted.",
     "The five National Electoral Council members voted."),
    ("Llegó el secretario de Estado adjunto.", "The secretary of State attach arrived.",
     "The assistant secretary of state arrived."),
    ("El ministro ecuatoriano de Economía y Finanzas viajó.", "The Minister Ecuadorian of Economy and Finances travelled.",
     "The Ecuadorian economy and finance minister travelled."),
    ("El ministro saliente, Mauricio Pozo, viajó.", "The salient minister, Mauritius Pozo, travelled.",
     "The outgoing minister, Mauritius Pozo, travelled."),
    ("El expresidente Lasso habló.", "The ex-president Lasso spoke.", "Former President Lasso spoke."),
    ("El presidente Daniel Noboa firmó.", "The president Daniel Noboa signed.", "President Daniel Noboa signed."),
    ("La Fiscalía abrió una investigación.", "The Fiscalía opened an investigation.",
     "The Attorney General's Office opened an investigation."),
    ("Se reunió con el FMI.", "It met with the FMI.", "It met with the IMF."),
    ("Viajó a EE. UU. ayer.", "It travelled to EE. UU. yesterday.", "It travelled to United States yesterday."),
])
def test_calques_are_replaced_in_place(glossary, source: str, draft: str, expected: str) -> None:
    new, result = fix(glossary, source, draft)
    assert new == expected, result.changes


def test_acronym_alone_is_not_the_rendering_of_a_spelled_out_name(glossary) -> None:
    new, result = fix(glossary, "El Consejo Nacional Electoral proclamó los resultados.", "The CNE proclaimed the results.")
    assert new == "The CNE proclaimed the results."
    assert [m.entry for m in result.missing] == ["cne"]
    # the source's own acronym: the English acronym is its rendering
    new, result = fix(glossary, "El CNE proclamó los resultados.", "The CNE proclaimed the results.")
    assert new == "The CNE proclaimed the results." and result.missing == []


def test_missing_rendering_is_pinpointed(glossary) -> None:
    _new, result = fix(glossary, "El Consejo Nacional Electoral sesionó.", "The Electoral Body met in session.")
    [m] = result.missing
    assert m.entry == "cne" and m.near_text == "Electoral" and "only 1 of the term's 3 words" in m.detail
    _new, result = fix(glossary, "El Consejo Nacional Electoral sesionó.", "They met in session.")
    [m] = result.missing
    assert m.near_start == -1 and m.detail == "no rendering of the term found in the sentence"


def test_a_target_without_terms_is_untouched(glossary) -> None:
    new, result = fix(glossary, "El clima fue soleado.", "The weather was sunny.")
    assert new == "The weather was sunny." and not result.changes and not result.missing


def test_calque_finder_needs_most_words_and_a_strong_one() -> None:
    [best, *_] = find_calques("The Electoral National Council met.", "Consejo Nacional Electoral")
    assert (best.start, best.end, best.accepted) == (4, 30, True)
    assert not [c for c in find_calques("The National Council met.", "Consejo Nacional Electoral") if c.accepted]
    assert not find_calques("The office opened.", "Fiscalía")  # a weak word alone is no rendering


# ------------------------------------------------------------------------ accepted and lint (ED3xx)

def test_accepted_alternatives_are_left_alone(glossary) -> None:
    new, result = fix(glossary, "El Departamento de Estado informó.", "The Department of State reported.")
    assert new == "The Department of State reported." and not result.changes and not result.missing
    new, _ = fix(glossary, "El Consejo de la Judicatura suspendió al juez.", "The Council of the Judicature suspended the judge.")
    assert new.startswith("The Council of the Judicature suspended")


def _lint(tmp_path: Path, source: str, draft: str) -> list[str]:
    from click.testing import CliRunner

    from edtools.cli import cli

    src, tgt = tmp_path / "a.es.txt", tmp_path / "a.en.txt"
    src.write_text(source + "\n", encoding="utf-8")
    tgt.write_text(draft + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["lint", "--source", str(src), "--glossary", str(REPO / "glossary"),
                                 "--select", "ED3", "--format", "json", str(tgt)])
    assert r.exit_code in (0, 1), r.output
    return [f["code"] for f in json.loads(r.output)["findings"]] if r.output.strip().startswith("{") else \
        [f["code"] for f in json.loads(r.output)]


def test_lint_flags_avoided_and_missing_never_accepted(tmp_path: Path) -> None:
    assert _lint(tmp_path, "El Departamento de Estado informó.", "The Department of State reported.") == []
    assert _lint(tmp_path, "El Consejo de la Judicatura resolvió.", "The Council of the Judicature ruled.") == []
    assert "ED301" in _lint(tmp_path, "El canciller llegó.", "The chancellor arrived.")
    assert "ED302" in _lint(tmp_path, "El Consejo Nacional Electoral proclamó.", "The CNE proclaimed.")


# ------------------------------------------------------------------------------- context entries

def test_context_entry_resolved_by_the_ministry_the_document_names(glossary) -> None:
    pairs = [(1, "El Ministerio de Salud Pública anunció un plan.", "The Ministry of Public Health announced a plan."),
             (2, "El ministro del ramo no dio detalles.", "The minister of the bouquet gave no details.")]
    result = apply_pairs(glossary, pairs)
    assert result.targets[1] == "The health minister gave no details."
    assert [c.entry for c in result.changes] == ["ministro-salud"]


def test_context_entry_named_through_another_name_of_the_office(glossary) -> None:
    pairs = [(1, "La Cancillería convocó a la encargada de negocios.", "The Foreign Ministry summoned the chargé d'affaires."),
             (2, "El ministro del ramo no habló.", "The minister of the bouquet did not speak.")]
    assert apply_pairs(glossary, pairs).targets[1] == "The foreign minister did not speak."


def test_context_entry_flagged_when_unresolved(glossary) -> None:
    pairs = [(1, "El ministro del ramo habló con el Ministerio de Salud y el Ministerio del Interior.",
              "The minister of the bouquet spoke with the Ministry of Public Health and the Ministry of the Interior.")]
    result = apply_pairs(glossary, pairs)
    assert result.targets[0].startswith("The minister of the bouquet")
    [m] = result.missing
    assert m.entry == "ministro-ramo" and m.near_text == "minister of the bouquet"
    assert m.detail.startswith("context not resolved: the document names 2 offices")


# ------------------------------------------------------------------------------ formats carry it all

def test_exports_carry_accepted_context_and_office(glossary, tmp_path: Path) -> None:
    wanted = [e for e in glossary.entries if e.id in ("departamento-estado", "ministro-ramo", "ministro-salud",
                                                        "ministerio-salud")]
    for name, text in (("g.csv", to_csv(wanted)), ("g.tbx", to_tbx(wanted)), ("g.yaml", to_yaml(wanted))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        raws, problems = read_raw(path)
        back, more = build_entries(raws)
        assert [p for p in problems + more if p.severity == "error"] == []
        by_id = {e.id: e for e in back}
        assert by_id["departamento-estado"].accepted == ("Department of State",), name
        assert by_id["ministro-ramo"].context == "minister", name
        assert by_id["ministro-salud"].office == "ministerio-salud", name
