"""Sentence splitting: the shared Spanish cases, English, protected spans, coverage, the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from edtools.errors import UserError
from edtools.segment import abbreviations, sentences, split_sentences

REPO = Path(__file__).resolve().parents[1]
REPO_CASES = REPO / "tests" / "data" / "segment_cases.txt"
SHARED_CASES = REPO.parent / "shared" / "data" / "segment-cases.txt"


def load_cases(path: Path) -> list[tuple[str, list[str]]]:
    """Blocks: the paragraph, then the expected sentences, then ``---``; ``#`` lines are comments."""
    cases = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip() == "---":
            if current:
                cases.append((current[0], current[1:]))
            current = []
        elif line.strip():
            current.append(line)
    if current:
        cases.append((current[0], current[1:]))
    return cases


CASES = load_cases(REPO_CASES)


def test_all_sixteen_cases_present():
    assert len(CASES) == 16


@pytest.mark.parametrize("text,expected", CASES, ids=[f"case{i + 1}" for i in range(len(CASES))])
def test_segment_cases(text, expected):
    assert sentences(text, "es") == expected


@pytest.mark.skipif(not SHARED_CASES.is_file(), reason="../shared/data is not present")
def test_shared_cases_match_repo_copy_and_pass():
    shared = load_cases(SHARED_CASES)
    assert shared == CASES
    for text, expected in shared:
        assert sentences(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Llegó a las 5 p. m. El ministro habló.", ["Llegó a las 5 p. m.", "El ministro habló."]),
        ("Llegó a las 5 p. m. a la reunión.", ["Llegó a las 5 p. m. a la reunión."]),
        ("¡Qué pena! dijo él. Luego se fue.", ["¡Qué pena! dijo él.", "Luego se fue."]),
        ("¿Vienes?, preguntó. No.", ["¿Vienes?, preguntó.", "No."]),
        ("Dijo: «Es mentira.» Luego calló.", ["Dijo: «Es mentira.»", "Luego calló."]),
        ("Dijo: “Es mentira.” Luego calló.", ["Dijo: “Es mentira.”", "Luego calló."]),
        ("Hubo tres… Nadie más vino. Y así... fue todo.", ["Hubo tres…", "Nadie más vino.", "Y así... fue todo."]),
        ("Vivió en EE. UU. El año pasado volvió.", ["Vivió en EE. UU.", "El año pasado volvió."]),
        ("Las FF.AA. intervinieron. Hubo heridos.", ["Las FF.AA. intervinieron.", "Hubo heridos."]),
        ("El Oficio No. 123 llegó. Bien.", ["El Oficio No. 123 llegó.", "Bien."]),
        ("Murieron 30 personas en 2022. 15 eran niños.", ["Murieron 30 personas en 2022.", "15 eran niños."]),
        ("La Ab. Pérez y el Gral. Ríos llegaron.", ["La Ab. Pérez y el Gral. Ríos llegaron."]),
        ("El monto (mill. USD) subió. Nadie lo esperaba.", ["El monto (mill. USD) subió.", "Nadie lo esperaba."]),
        ("Visite https://www.gob.ec/a.b. El portal abrió.", ["Visite https://www.gob.ec/a.b.", "El portal abrió."]),
        ("Primera línea sin punto\n\nSegunda", ["Primera línea sin punto", "Segunda"]),
        ("Un texto que sigue\nen otra línea. Fin.", ["Un texto que sigue\nen otra línea.", "Fin."]),
        ("*Es así.* Luego siguió.", ["*Es así.*", "Luego siguió."]),
        ("Ganó 3,5 millones. Cuesta 1.200,50 dólares.", ["Ganó 3,5 millones.", "Cuesta 1.200,50 dólares."]),
        ("El año 300 a. C. Roma creció.", ["El año 300 a. C.", "Roma creció."]),
        ("—¿Vienes? —preguntó. —No.", ["—¿Vienes? —preguntó.", "—No."]),
        ("Lo dijo el Pdte. Noboa. Luego calló.", ["Lo dijo el Pdte. Noboa.", "Luego calló."]),
        ("", []),
        ("   \n ", []),
    ],
)
def test_spanish_extra(text, expected):
    assert sentences(text, "es") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Mr. Smith went to Washington. He met the U.S. Senate. Then he left the U.S. The end.",
            ["Mr. Smith went to Washington.", "He met the U.S. Senate.", "Then he left the U.S.", "The end."],
        ),
        (
            "At 5 p.m. The meeting ended. It was Jan. 5 when No. 10 called.",
            ["At 5 p.m.", "The meeting ended.", "It was Jan. 5 when No. 10 called."],
        ),
        ("He lives at 10 Downing St. The house is old.", ["He lives at 10 Downing St.", "The house is old."]),
        ("WASHINGTON (AP) — The U.S. said on Jan. 5 it would act. Officials declined.",
         ["WASHINGTON (AP) — The U.S. said on Jan. 5 it would act.", "Officials declined."]),
        ("Gov. Lasso and Sen. Ríos met Dr. Ortiz. They talked.", ["Gov. Lasso and Sen. Ríos met Dr. Ortiz.", "They talked."]),
        ("Prices rose 3.5 percent, e.g. in Quito. Nobody expected it.", ["Prices rose 3.5 percent, e.g. in Quito.", "Nobody expected it."]),
    ],
)
def test_english(text, expected):
    assert sentences(text, "en") == expected


def test_protected_span_blocks_a_boundary():
    text = "Ver `a. B` ahora. Luego."
    start = text.index("`")
    end = text.index("`", start + 1) + 1
    assert [text[s:e] for s, e in split_sentences(text)] == ["Ver `a.", "B` ahora.", "Luego."]
    spans = split_sentences(text, "es", [(start, end)])
    assert [text[s:e] for s, e in spans] == ["Ver `a. B` ahora.", "Luego."]


def test_unknown_language_is_a_user_error():
    with pytest.raises(UserError, match="unsupported language 'fr'"):
        split_sentences("Hola.", "fr")


def test_abbreviation_lists_load_with_classes():
    es = abbreviations("es")
    assert "title" in es["sr"] and "number" in es["art"] and "nov" in es
    en = abbreviations("en")
    assert "title" in en["mr"] and "number" in en["no"]


def test_long_text_is_covered_exactly():
    para = (
        "El Sr. Holguín llegó a EE.UU. el 16 de nov. a las 10.30 h. ¿Qué pasará? ¡Nadie lo sabe! "
        "Visite www.elcomercio.com o escriba a info@diario.ec. «Es una campaña.» "
    )
    text = para * 2000  # ~300 KB: one call, checked for coverage (speed is measured by scripts/)
    spans = split_sentences(text)
    assert len(spans) == 5 * 2000
    pos = 0
    for s, e in spans:
        assert text[pos:s].strip() == ""
        pos = e
    assert text[pos:].strip() == ""


def test_segment_command_runs_installed_entry_point(tmp_path, edtools_run):
    src = tmp_path / "nota.es.md"
    src.write_text(
        "---\ntitle: x\n---\n\n# El Sr. Pérez llega\n\nEl Sr. Pérez llegó ayer. Hoy habló.\n\n```\nNo. Se. Traduce.\n```\n",
        encoding="utf-8",
    )
    res = edtools_run(["segment", str(src)])
    assert res.returncode == 0, res.stderr
    assert res.stdout == "El Sr. Pérez llega\n\nEl Sr. Pérez llegó ayer.\nHoy habló.\n"
    res = edtools_run(["segment", "--lines", str(src)])
    assert res.stdout.splitlines()[0] == "5\tEl Sr. Pérez llega"
    res = edtools_run(["segment", "--lang", "en", "-"], input="Mr. Smith arrived. He spoke.\n")
    assert res.returncode == 0 and res.stdout == "Mr. Smith arrived.\nHe spoke.\n"


@pytest.mark.parametrize(
    "content,message",
    [(b"", "the file is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"), (None, "no such file")],
)
def test_segment_command_bad_input(tmp_path, edtools_run, content, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    res = edtools_run(["segment", str(path)])
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("edtools: error:") and message in lines[0]
