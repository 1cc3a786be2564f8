"""The term base as an inventory of the Ecuadorian state: offices that no dev-set text names are
found in new copy, `glossary apply` rewrites a real machine draft of them into the approved
English, and `lint` flags the draft's calque.

The Spanish sentences are our own, one per newly covered office. The drafts are real Apertium
output (`apertium -u spa-eng_US`), produced at test time in one call; without Apertium the
draft tests are skipped, the matching tests still run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import apertium_lines

from edtools.glossary import apply_pairs, load_glossary, SourceMatcher

REPO = Path(__file__).resolve().parents[1]

# (our Spanish sentence, entry id, the English `apply` must write)
CASES = [
    ("El Instituto Ecuatoriano de Seguridad Social subió las pensiones.", "iess", None),
    ("La Agencia de Regulación y Control de las Telecomunicaciones multó a la operadora.", "arcotel",
     "Telecommunications Regulation and Control Agency"),
    ("La Agencia Nacional de Regulación, Control y Vigilancia Sanitaria retiró el lote.", "arcsa",
     "National Agency for Health Regulation, Control and Surveillance"),
    ("La Agencia Nacional de Tránsito suspendió las licencias.", "ant", "National Transit Agency"),
    ("La Corporación Nacional de Electricidad anunció cortes de luz.", "cnel", "National Electricity Corporation"),
    ("La Corporación Nacional de Telecomunicaciones subió las tarifas.", "cnt", "National Telecommunications Corporation"),
    ("La Corporación Eléctrica del Ecuador firmó el contrato.", "celec", "Electric Corporation of Ecuador"),
    ("El Operador Nacional de Electricidad fijó los horarios.", "cenace", "National Electricity Operator"),
    ("La Junta de Política y Regulación Financiera aprobó la norma.", "junta-politica-financiera",
     "Financial Policy and Regulation Board"),
    ("El Servicio Nacional de Contratación Pública suspendió el proceso.", "sercop", "National Public Procurement Service"),
    ("El Registro Civil emitió las cédulas.", "registro-civil", "Civil Registry"),
    ("La bancada de Revolución Ciudadana votó en contra.", "bancada", "caucus"),
    ("El jefe de bancada pidió votos.", "jefe-bancada", "caucus leader"),
    ("La Comisión de Justicia y Estructura del Estado aprobó el informe.", "comision-justicia",
     "Justice and State Structure Committee"),
    ("La Comisión de Régimen Económico y Tributario debatió la ley.", "comision-regimen-economico",
     "Economic and Tax Regime Committee"),
    ("La Comisión de Gobiernos Autónomos, Descentralización, Competencias y Organización del Territorio aprobó el informe.",
     "comision-gobiernos-autonomos", "Autonomous Governments, Decentralization, Powers and Territorial Organization Committee"),
    ("El vicepresidente del Consejo Nacional Electoral renunció.", "vicepresidente-cne",
     "National Electoral Council vice president"),
    ("El subcontralor general del Estado firmó el informe.", "subcontralor", "deputy comptroller general"),
    ("El Tribunal Distrital de lo Contencioso Administrativo rechazó la demanda.", "tribunal-contencioso-administrativo",
     "Administrative Disputes Court"),
    ("La Sala de lo Civil y Mercantil negó el recurso.", "sala-civil", "Civil and Commercial Chamber"),
    ("El juez de garantías penitenciarias negó el beneficio.", "juez-garantias-penitenciarias",
     "penitentiary guarantees judge"),
    ("La Unidad Judicial Especializada Anticorrupción instaló la audiencia.", "unidad-anticorrupcion",
     "Specialized Anti-Corruption Court"),
    ("El defensor público general presentó su informe.", "defensor-publico-general", "public defender general"),
    ("El subcomandante general de la Policía Nacional viajó a Guayaquil.", "subcomandante-policia",
     "deputy commander of the National Police"),
    ("El Grupo de Operaciones Especiales rescató a los rehenes.", "goe", "Special Operations Group"),
    ("El Comando de Operaciones Terrestres desplegó tropas.", "comando-operaciones-terrestres", "Land Operations Command"),
    ("El vicealcalde de Quito presidió la sesión.", "vicealcalde", "vice mayor"),
    ("El procurador síndico municipal presentó la demanda.", "procurador-sindico", "city attorney"),
    ("El Gobierno Autónomo Descentralizado Parroquial Rural de Calderón firmó el convenio.", "gad-parroquial",
     "rural parish government"),
    ("El secretario nacional de Planificación presentó el plan.", "secretario-planificacion",
     "national planning secretary"),
    ("La secretaria de Gestión de Riesgos declaró la alerta naranja.", "secretario-riesgos", "risk management secretary"),
    ("La viceministra de Salud Pública confirmó los casos.", "viceministro-salud", "deputy health minister"),
    ("El director general del Servicio de Rentas Internas anunció la recaudación.", "director-sri",
     "Internal Revenue Service director"),
    ("El Ministerio de Producción, Comercio Exterior e Inversiones firmó el acuerdo.", "ministerio-produccion-2025",
     "Ministry of Production, Foreign Trade and Investment"),
    # organisations outside the state that copy names as often (organizations.yaml)
    ("La Confederación de Nacionalidades Indígenas del Ecuador convocó a una marcha.", "conaie",
     "Confederation of Indigenous Nationalities of Ecuador"),
    ("El Partido Social Cristiano votó a favor.", "psc", "Social Christian Party"),
    ("El Frente Unitario de Trabajadores marchó por la avenida.", "fut", "United Workers' Front"),
    ("La Cámara de Comercio de Guayaquil pidió reformas.", "camara-comercio-guayaquil", "Guayaquil Chamber of Commerce"),
    ("La Conferencia Episcopal Ecuatoriana pidió diálogo.", "conferencia-episcopal", "Ecuadorian Bishops' Conference"),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary([REPO / "glossary"])


@pytest.fixture(scope="module")
def drafts() -> list[str]:
    """Apertium's drafts of every case sentence, in one call."""
    return apertium_lines([s for s, _, _ in CASES])


def test_every_case_names_its_office(glossary) -> None:
    matcher = SourceMatcher(glossary)
    for sentence, entry, _ in CASES:
        assert entry in [m.entry.id for m in matcher.find(sentence)], sentence


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[1] for c in CASES])
def test_apply_rewrites_the_real_draft(glossary, drafts, i: int) -> None:
    sentence, entry, expected = CASES[i]
    draft = drafts[i]
    fixed = apply_pairs(glossary, [(1, sentence, draft)])
    if expected is None:  # Apertium's own rendering is an accepted one: left alone, nothing missing
        assert fixed.targets[0] == draft and not fixed.missing
        return
    assert expected.casefold() not in draft.casefold(), f"Apertium now writes it right: {draft!r}"
    assert expected in fixed.targets[0], (draft, fixed.targets[0])
    assert entry in [c.entry for c in fixed.changes]
    assert not fixed.missing


def test_lint_flags_every_calque(drafts, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from edtools.cli import cli

    src, tgt = tmp_path / "inv.es.txt", tmp_path / "inv.en.txt"
    src.write_text("\n\n".join(s for s, _, _ in CASES) + "\n", encoding="utf-8")
    tgt.write_text("\n\n".join(drafts) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["lint", "--source", str(src), "--glossary", str(REPO / "glossary"),
                                 "--select", "ED3", "--format", "json", str(tgt)])
    assert r.exit_code in (0, 1), r.output
    flagged = {(f["line"], f["message"].rsplit("(", 1)[-1].rstrip(")")) for f in json.loads(r.output)["findings"]
               if f["code"] in ("ED301", "ED302")}
    for k, (_, entry, expected) in enumerate(CASES):
        line = 2 * k + 1
        if expected is None:
            assert not any(ln == line for ln, _ in flagged), drafts[k]
        else:
            assert (line, entry) in flagged, (drafts[k], sorted(e for ln, e in flagged if ln == line))


def test_a_comma_listed_name_is_rewritten_once(glossary) -> None:
    source = "El Ministerio de Producción, Comercio Exterior, Inversiones y Pesca firmó el acuerdo."
    draft = "The Ministry of Production, External Trade, Investments and Fishing signed the agreement."
    fixed = apply_pairs(glossary, [(1, source, draft)])
    assert fixed.targets[0] == "The Ministry of Production, Foreign Trade, Investment and Fisheries signed the agreement."
    # the comma of an apposition after a name without commas is still a boundary
    fixed = apply_pairs(glossary, [(1, "La Agencia Nacional de Tránsito, que emite licencias, cerró.",
                                    "The National Agency of Traffic, that issues licenses, closed.")])
    assert fixed.targets[0] == "The National Transit Agency, that issues licenses, closed."
