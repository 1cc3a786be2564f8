"""Terms of criminal procedure, offences and constitutional mechanisms (glossary/legal-political.yaml) on
real machine translation: Apertium writes "political trial", "touch of remains", "preventive prison",
"wash of active"; `glossary apply` writes the approved English and `lint` flags each calque.

The Spanish sentences are our own. The drafts are real Apertium output (`apertium -u spa-eng_US`),
made at test time in one call; without Apertium the draft tests are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import apertium_lines

from edtools.glossary import SourceMatcher, apply_pairs, load_glossary
from edtools.glossary.apply import indefinite_article

REPO = Path(__file__).resolve().parents[1]

# (our Spanish sentence, entry id, what the fixed draft must contain, what it must no longer contain)
CASES = [
    ("La Asamblea inició el juicio político contra el ministro.", "juicio-politico", "impeachment trial",
     "political trial"),
    ("El presidente decretó la muerte cruzada y convocó a elecciones.", "muerte-cruzada", "mutual death",
     "death crossed"),
    ("El Gobierno declaró el toque de queda en cuatro provincias.", "toque-de-queda", "curfew", "touch of"),
    ("La Fiscalía lo acusa de lavado de activos.", "lavado-activos", "money laundering", "wash of"),
    ("El exalcalde fue investigado por tráfico de influencias.", "trafico-influencias", "influence peddling",
     "traffic of influences"),
    ("El juez dictó prisión preventiva contra los detenidos.", "prision-preventiva", "pretrial detention",
     "preventive prison"),
    ("Tres funcionarios fueron procesados por peculado.", "peculado", "embezzlement", "peculado"),
    ("La Policía realizó un allanamiento en Durán.", "allanamiento", "a raid", "allanamiento"),
    ("El exministro deberá usar un grillete electrónico.", "grillete-electronico", "an electronic ankle monitor",
     "grillete"),
    ("La jueza aceptó la acción de protección.", "accion-proteccion", "protection action", "action of protection"),
    ("Dos hombres fueron detenidos por secuestro extorsivo.", "secuestro-extorsivo", "kidnapping for ransom",
     "extorsivo"),
    ("La audiencia de formulación de cargos se instaló ayer.", "audiencia-formulacion-cargos", "arraignment hearing",
     "formulation of charges"),
    ("El juez emitió una orden de captura contra el exgerente.", "orden-captura", "arrest warrant",
     "order of capture"),
    ("La defensa interpuso un recurso de casación.", "recurso-casacion", "cassation appeal", "resource of"),
    ("El Ejecutivo envió un proyecto de ley a la Asamblea.", "proyecto-de-ley", "bill", "project of law"),
    ("El Código Orgánico Integral Penal sanciona la extorsión.", "coip", "Comprehensive Organic Criminal Code",
     "Integral Organic"),
    ("Los sospechosos fueron detenidos en delito flagrante.", "delito-flagrante", "in flagrante delicto",
     "flagrant crime"),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary([REPO / "glossary"])


@pytest.fixture(scope="module")
def drafts() -> list[str]:
    """Apertium's drafts of every case sentence, in one call."""
    return apertium_lines([s for s, _, _, _ in CASES])


def test_every_case_finds_its_term(glossary) -> None:
    matcher = SourceMatcher(glossary)
    for sentence, entry, _, _ in CASES:
        assert entry in [m.entry.id for m in matcher.find(sentence)], sentence


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[1] for c in CASES])
def test_apply_fixes_the_real_draft(glossary, drafts, i: int) -> None:
    sentence, entry, wanted, gone = CASES[i]
    assert gone.lower() in drafts[i].lower(), f"Apertium no longer writes {gone!r}: {drafts[i]}"
    fixed = apply_pairs(glossary, [(1, sentence, drafts[i])]).targets[0]
    assert wanted in fixed and gone.lower() not in fixed.lower(), (drafts[i], fixed)


def test_lint_flags_every_calque_once(drafts, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from edtools.cli import cli

    src, tgt = tmp_path / "legal.es.txt", tmp_path / "legal.en.txt"
    src.write_text("\n\n".join(s for s, _, _, _ in CASES) + "\n", encoding="utf-8")
    tgt.write_text("\n\n".join(drafts) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["lint", "--source", str(src), "--glossary", str(REPO / "glossary"),
                                 "--format", "json", str(tgt)])
    assert r.exit_code in (0, 1), r.output
    findings = json.loads(r.output)["findings"]
    for k, (_, entry, _, gone) in enumerate(CASES):
        on_line = [f for f in findings if f["line"] == 2 * k + 1]
        assert any(f["code"] in ("ED202", "ED301", "ED302") and gone.split()[0].lower() in f["text"].lower()
                   or f["code"] == "ED302" and entry in f["message"] for f in on_line), (drafts[k], on_line)
    spans = [(f["line"], f["column"]) for f in findings]
    assert len(spans) == len(set(spans)), "two findings on the same words"


@pytest.mark.parametrize(("word", "article"), [
    ("raid", "a"), ("electronic ankle monitor", "an"), ("hour", "an"), ("union", "a"), ("European court", "a"),
    ("FBI agent", "an"), ("CNE official", "a"), ("honest broker", "an"), ("one-time payment", "a"),
    ("impeachment trial", "an"),
])
def test_indefinite_article(word: str, article: str) -> None:
    assert indefinite_article(word) == article


def test_apply_makes_the_article_agree(glossary) -> None:
    fixed = apply_pairs(glossary, [(1, "La Policía realizó un allanamiento.", "An allanamiento was made.")])
    assert fixed.targets[0] == "A raid was made."
    fixed = apply_pairs(glossary, [(1, "Usará un grillete electrónico.", "It will use a electronic shackle.")])
    assert fixed.targets[0] == "It will use an electronic ankle monitor."
