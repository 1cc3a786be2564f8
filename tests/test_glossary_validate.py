"""`glossary validate`: one planted defect per rule, each in its own fixture, found at file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edtools.errors import ConfigError
from edtools.glossary import load_glossary
from edtools.glossary.validate import RULES, format_problems, validate_paths

DATA = Path(__file__).parent / "data" / "glossary"
VALIDATE = DATA / "validate"
REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "fixture, code, line, column, fragment",
    [
        ("gl001-unknown-field.yaml", "GL001", 5, 5, "unknown field 'english'"),
        ("gl001-bad-case.yaml", "GL001", 7, 11, "'upper' is not a case policy"),
        ("gl001-missing-en.yaml", "GL001", 2, 0, "missing required field 'en'"),
        ("gl001-python-tag.yaml", "GL001", 3, 9, "python/object/apply:os.system' is not allowed"),
        ("gl001-syntax.yaml", "GL001", 5, 9, "not valid YAML"),
        ("gl001-columns.csv", "GL001", 3, 0, "expected 7 columns, found 4"),
        ("gl002-boolean.yaml", "GL002", 8, 20, "'no' is a boolean"),
        ("gl002-date.yaml", "GL002", 5, 11, "'2024-05-01' is a date"),
        ("gl003-padded.yaml", "GL003", 4, 9, "leading, trailing or doubled whitespace"),
        ("gl003-empty.yaml", "GL003", 5, 13, "avoid: empty value"),
        ("gl004-nfd.yaml", "GL004", 3, 9, "not in Unicode NFC"),
        ("gl005-duplicate.yaml", "GL005", 8, 0, "'Canciller' is already in entry 'canciller'"),
        ("gl006-two-renderings.yaml", "GL006", 9, 0, "two approved renderings: 'Chancellor' here and 'Foreign Minister'"),
        ("gl006-generated-form.yaml", "GL006", 3, 0, "'presidenta' (generated from 'presidente') is also the term "
         "of entry 'presidenta-junta'"),
        ("gl007-avoid-own.yaml", "GL007", 5, 0, "avoid 'foreign minister' is this entry's own approved rendering"),
        ("gl008-approved-avoided.yaml", "GL008", 4, 0, "approved rendering 'Foreign Minister' is listed as avoid in entry 'ministro'"),
        ("gl009-exception.yaml", "GL009", 5, 0, "exception 'presidente alemán' contains none of the entry's forms"),
        ("gl010-duplicate-id.yaml", "GL010", 7, 0, "id 'canciller' is already used"),
        ("gl011-no-ref.yaml", "GL011", 2, 0, "has no ref"),
        ("gl012-no-spanish.tbx", "GL012", 11, 7, "skipped 1 concept: 1 without a Spanish (es) term (c2)"),
        ("gl013-accepted-avoided.yaml", "GL013", 5, 0, "accepted 'Secretariat of State' is listed as avoid"),
        ("gl014-dangling-office.yaml", "GL014", 5, 0, "office 'ministerio-salud-publica' is the id of no entry"),
    ],
)
def test_each_rule_finds_its_planted_defect(fixture: str, code: str, line: int, column: int, fragment: str) -> None:
    path = VALIDATE / fixture
    problems, _, _ = validate_paths([path])
    hits = [p for p in problems if p.code == code]
    assert hits, f"{code} not reported for {fixture}: {[str(p) for p in problems]}"
    p = hits[0]
    assert (p.path, p.line, p.column) == (str(path), line, column)
    assert fragment in p.message
    # the only errors in the fixture are the planted rule (GL008's defect is also GL007 on the other side)
    allowed = {code, "GL007"} if code == "GL008" else {code}
    assert {q.code for q in problems} <= allowed
    if code in ("GL011", "GL012"):
        assert p.severity == "warning"


def test_every_rule_has_a_fixture() -> None:
    covered = {f.name[:5].upper() for f in VALIDATE.iterdir()} - {"CLEAN"}
    assert covered == set(RULES)


def test_clean_fixture_and_real_glossary_validate() -> None:
    problems, n, _ = validate_paths([VALIDATE / "clean.yaml"])
    assert problems == [] and n == 1
    problems, n, files = validate_paths([REPO / "glossary"])
    assert [str(p) for p in problems] == []
    assert n >= 300
    assert sorted(Path(f).name for f in files) == [
        "designations.yaml", "executive.yaml", "functions-of-state.yaml", "international.yaml", "justice.yaml",
        "legal-political.yaml", "local-government.yaml", "organizations.yaml", "security.yaml", "united-states.yaml"]


def test_shipped_entries_all_have_note_and_ref() -> None:
    g = load_glossary([REPO / "glossary"])
    assert all(e.note and e.ref for e in g.entries)
    ids = {e.id for e in g.entries}
    for must in ("canciller", "cancilleria", "ministerio-relaciones-exteriores", "asamblea-nacional",
                 "corte-constitucional", "fiscalia", "contraloria", "cne", "policia-nacional", "fuerzas-armadas",
                 "comando-conjunto", "snai", "subsecretario-asuntos-politicos", "usaid", "comando-sur", "dea"):
        assert must in ids


def test_output_formats() -> None:
    problems, n, files = validate_paths([VALIDATE / "gl002-boolean.yaml"])
    text = format_problems(problems, "text", entries=n, files=files)
    assert text.splitlines()[0].endswith("gl002-boolean.yaml:8:20: GL002 error: tags: 'no' is a boolean "
                                         "(YAML reads yes/no/on/off/true/false as booleans: quote it), expected text")
    assert text.splitlines()[-1] == "0 entries in 1 file: 1 error, 0 warnings"
    data = json.loads(format_problems(problems, "json", entries=n, files=files))
    assert data["version"] == 1 and data["errors"] == 1
    assert data["problems"][0]["line"] == 8 and data["problems"][0]["code"] == "GL002"
    gh = format_problems(problems, "github", entries=n, files=files)
    assert gh.startswith("::error file=") and ",line=8,col=20,title=GL002 value is not a string::tags: " in gh


def test_load_glossary_refuses_schema_errors_with_file_line() -> None:
    with pytest.raises(ConfigError, match=r"gl002-boolean\.yaml:8:20: tags: 'no' is a boolean"):
        load_glossary([VALIDATE / "gl002-boolean.yaml"])
    with pytest.raises(ConfigError, match=r"gl001-python-tag\.yaml:3:9: es: the YAML tag"):
        load_glossary([VALIDATE / "gl001-python-tag.yaml"])
    # non-fatal problems (padding) are normalised, not fatal: lint and translate still work
    g = load_glossary([VALIDATE / "gl003-padded.yaml"])
    assert g.entries[0].en == "Foreign Minister"
