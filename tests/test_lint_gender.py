"""ED304 title-gender on real machine translation: Apertium writes "spokesman" for *la portavoz* and
"congressman" for *la congresista*; the rule reports those, and nothing in a careful translation."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lint_helpers import run_edtools

from edtools.lint.rules.gender import TITLES, _spanish_mentions

# our own sentences; line numbers of the paragraphs: 1, 3, 5, 7, 9
SOURCE = """La portavoz del Gobierno, Carolina Jaramillo, dijo que el plan seguirá en marzo.

La congresista estadounidense visitó Quito y Guayaquil durante dos días.

La nueva portavoz de la Cancillería pidió calma a los comerciantes.

El portavoz de la Policía informó sobre tres detenidos.

El portavoz de la Alcaldía y la portavoz de la Prefectura firmaron el acuerdo.
"""

HUMAN = """Government spokeswoman Carolina Jaramillo said the plan would continue in March.

The U.S. congresswoman visited Quito and Guayaquil for two days.

The Foreign Ministry's new spokeswoman asked merchants to stay calm.

The police spokesman reported three arrests.

The mayor's office spokesman and the provincial government's spokeswoman signed the agreement.
"""


def _ed304(tmp_path: Path, draft: str) -> list[tuple[int, str, str | None]]:
    (tmp_path / "nota.es.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "nota.en.md").write_text(draft, encoding="utf-8")
    r = run_edtools("lint", "--format", "json", "--select", "ED304", "--source", str(tmp_path / "nota.es.md"),
                    str(tmp_path / "nota.en.md"))
    assert r.returncode in (0, 1), r.stderr
    return [(f["line"], f["text"], f["suggestion"]) for f in json.loads(r.stdout)["findings"]]


@pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium is not installed (apt-get install apertium-eng-spa)")
def test_apertium_draft_misgenders_and_the_rule_says_so(tmp_path: Path) -> None:
    draft = subprocess.run(["apertium", "-u", "spa-eng_US"], input=SOURCE, capture_output=True, text=True,
                           check=True, timeout=60).stdout
    assert "spokesman of the Government" in draft  # what the engine really writes
    found = _ed304(tmp_path, draft)
    assert found == [(1, "spokesman", "spokeswoman"), (3, "congressman", "congresswoman"),
                     (5, "spokesman", "spokeswoman")]


def test_careful_translation_passes(tmp_path: Path) -> None:
    assert _ed304(tmp_path, HUMAN) == []


def test_reverse_plural_and_capitals(tmp_path: Path) -> None:
    draft = HUMAN.replace("The police spokesman", "The police SPOKESWOMAN").replace(
        "Government spokeswoman", "Government Spokesmen")
    assert _ed304(tmp_path, draft) == [(1, "Spokesmen", "Spokeswomen"), (7, "SPOKESWOMAN", "SPOKESMAN")]


@pytest.mark.parametrize(("source", "expected"), [
    ("la portavoz", (1, 0)),
    ("la nueva portavoz", (1, 0)),
    ("el portavoz", (0, 1)),
    ("una de las portavoces", (1, 0)),
    ("la reunión de portavoces", (0, 0)),  # "de" ends the search: "la" is the meeting's, not the noun's
    ("la vocera y el vocero", (1, 1)),
    ("portavoz", (0, 0)),
])
def test_who_the_spanish_names(source: str, expected: tuple[int, int]) -> None:
    spokes = next(t for t in TITLES if t.male == "spokesman")
    assert _spanish_mentions(source, spokes) == expected
