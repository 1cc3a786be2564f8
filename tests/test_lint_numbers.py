"""Number and date normalisation across Spanish and English formats (ED401-ED403)."""

from __future__ import annotations

import pytest

from edtools.lint.rules.numbers import _same_date, _same_number, english_dates, numbers_in, spanish_dates


def values(text: str, lang: str) -> list[set[float]]:
    return [v for v, _ in numbers_in(text, lang, [])]


@pytest.mark.parametrize(
    ("es", "en"),
    [
        ("2.350", "2,350"),
        ("12,7", "12.7"),
        ("2,3 millones", "2.3 million"),
        ("2,3 millones", "2,300,000"),
        ("1.200 millones", "1.2 billion"),
        ("5 mil", "5,000"),
        ("dos millones", "two million"),
        ("veintitrés", "23"),
        ("el 45,3 por ciento", "45.3 percent"),
        ("1.234.567,89", "1,234,567.89"),
        ("tercer", "3rd"),
    ],
)
def test_same_number_across_languages(es, en):
    (a,) = values(es, "es")
    (b,) = values(en, "en")
    assert _same_number(a, b), (a, b)


@pytest.mark.parametrize(("es", "en"), [("2.350", "2,530"), ("12,7", "12"), ("2,3 millones", "23 million")])
def test_different_numbers_differ(es, en):
    (a,) = values(es, "es")
    (b,) = values(en, "en")
    assert not _same_number(a, b)


@pytest.mark.parametrize(
    ("es", "en"),
    [
        ("8 de mayo de 2023", "May 8, 2023"),
        ("16 nov.", "Nov. 16"),
        ("16 de noviembre", "16 November"),
        ("febrero de 2025", "February 2025"),
        ("1 de septiembre del 2022", "Sept. 1, 2022"),
        ("3 de marzo", "March 3rd"),
    ],
)
def test_same_date_across_languages(es, en):
    ((a, _, _),) = spanish_dates(es)
    ((b, _, _),) = english_dates(en)
    assert _same_date(a, b), (a, b)


def test_may_the_verb_is_not_a_date():
    assert english_dates("Officials may 3 times delay it.") == []
    assert english_dates("Officials met on May 3.")[0][0] == (3, 5, None)


def test_dates_are_not_counted_as_numbers():
    from edtools.lint.engine import lint_text

    found = lint_text("The meeting was on Nov. 16, 2022.", source="La reunión fue el 16 de noviembre de 2022.")
    assert found == []


def test_a_dateline_date_does_not_take_the_body_date():
    from edtools.lint.rules.numbers import date_mismatch

    source = "CUENCA, 12 mar (EFE).- La tarifa regirá desde el 1 de abril."
    target = "CUENCA, 12 sea (EFE).- The price will govern from 1 April."
    hits = list(date_mismatch(source, target, None))
    assert len(hits) == 1 and "March 12" in hits[0].message and "missing" in hits[0].message
    assert (hits[0].start, hits[0].end) == (0, len(target))  # the sentence, not the right "1 April"


def test_spanish_clock_notation_is_flagged_with_its_english_form():
    from edtools.lint.rules.numbers import number_format

    hits = list(number_format("The eruption began at 09h30 and ended at 18h00; a 24h shift and 3h005 are not times.", None))
    assert [(h.suggestion) for h in hits] == ["09:30", "18:00"]
