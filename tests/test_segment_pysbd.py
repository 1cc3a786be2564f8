"""Spanish sentence splitting against pySBD's Spanish tests (golden rules, further examples, PDF case).

``tests/data/segment_pysbd_es.txt`` restates those 31 cases in our own words (origin in its
header). pySBD's test file itself is read when it can be fetched at a pinned commit, or from
``EDTOOLS_PYSBD_ES_TEST``; that test skips otherwise. Both must agree at 95 % or more; our own
cases (tests/data/segment_cases.txt) are checked in test_segment.py.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from conftest import fetch_or_skip

from edtools.segment import split_sentences
from test_segment import load_cases

RESTATED = Path(__file__).parent / "data" / "segment_pysbd_es.txt"
PYSBD_COMMIT = "5905f13be4fc95f407b98392e0ec303617a33d86"
PYSBD_URL = f"https://raw.githubusercontent.com/nipunsadvilkar/pySBD/{PYSBD_COMMIT}/tests/lang/test_spanish.py"
# the sets of cases pySBD runs with its default segmenter (its ES_CLEAN cases need its text cleaning)
PYSBD_SETS = ("GOLDEN_ES_RULES_TEST_CASES", "ES_MORE_TEST_CASES", "ES_PDF_CASE")


def split(text: str) -> list[str]:
    return [" ".join(text[s:e].split()) for s, e in split_sentences(text, "es")]


def agreement(cases: list[tuple[str, list[str]]]) -> tuple[int, list[str]]:
    wrong = [f"{text[:60]!r} -> {split(text)}" for text, expected in cases
             if split(text) != [" ".join(e.split()) for e in expected]]
    return len(cases) - len(wrong), wrong


def test_restated_pysbd_cases() -> None:
    cases = load_cases(RESTATED)
    assert len(cases) == 31
    agreed, wrong = agreement(cases)
    assert agreed / len(cases) >= 0.95, f"{agreed}/{len(cases)}: " + "; ".join(wrong)
    assert agreed == 31, wrong  # today: every case


@pytest.mark.parametrize("text, expected", [
    ("Versos: \"una línea / otra línea. / [...] \". Después habló.", ["Versos: \"una línea / otra línea. / [...] \".",
                                                                     "Después habló."]),
    ("Ver párrf. 3 del informe. El juez firmó.", ["Ver párrf. 3 del informe.", "El juez firmó."]),
    ("Vive en Mt. Shasta. Trabaja en la ciudad.", ["Vive en Mt. Shasta.", "Trabaja en la ciudad."]),
    ("Cédula N°. 1710 de Quito. Fue emitida ayer.", ["Cédula N°. 1710 de Quito.", "Fue emitida ayer."]),
    ("Terminó la reunión. El ministro se fue.", ["Terminó la reunión.", "El ministro se fue."]),
])
def test_the_new_rules_still_end_sentences(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def _pysbd_source() -> str:
    local = os.environ.get("EDTOOLS_PYSBD_ES_TEST")
    return fetch_or_skip(PYSBD_URL, Path(local) if local else None, "pySBD's Spanish test file",
                         "EDTOOLS_PYSBD_ES_TEST").decode("utf-8")


def test_original_pysbd_cases() -> None:
    cases: list[tuple[str, list[str]]] = []
    for node in ast.parse(_pysbd_source()).body:  # the case lists are plain literals: no code is run
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in PYSBD_SETS:
            cases.extend(ast.literal_eval(node.value))
    assert len(cases) >= 31
    agreed, wrong = agreement(cases)
    assert agreed / len(cases) >= 0.95, f"{agreed}/{len(cases)}: " + "; ".join(wrong)
