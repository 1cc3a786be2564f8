"""Reading and writing term bases: YAML, CSV/TSV, TBX-Basic, TBX 2008/MARTIF; round trips lose nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from edtools.errors import ConfigError
from edtools.glossary import Entry, load_glossary
from edtools.glossary.export import export, to_csv, to_tbx, to_yaml
from edtools.glossary.load import escape_cell, unescape_cell

DATA = Path(__file__).parent / "data" / "glossary"
REPO = Path(__file__).resolve().parent.parent


def without_origin(entries) -> list[Entry]:
    return [dataclasses.replace(e, origin="") for e in entries]


@pytest.mark.parametrize("fmt, suffix", [("csv", ".csv"), ("tsv", ".tsv"), ("tbx", ".tbx"), ("yaml", ".yaml")])
@pytest.mark.parametrize("source", ["glossary", "tests/data/glossary/small.yaml"])
def test_round_trip_loses_nothing(tmp_path: Path, fmt: str, suffix: str, source: str) -> None:
    original = load_glossary([REPO / source])
    out = tmp_path / f"exported{suffix}"
    out.write_text(export(original.entries, fmt), encoding="utf-8")
    back = load_glossary([out])
    assert without_origin(back.entries) == without_origin(original.entries)
    # and back to YAML once more (YAML -> X -> YAML)
    again = tmp_path / "again.yaml"
    again.write_text(to_yaml(back.entries), encoding="utf-8")
    assert without_origin(load_glossary([again]).entries) == without_origin(original.entries)


def test_tricky_values_survive_csv_and_yaml(tmp_path: Path) -> None:
    tricky = Entry(
        id="tricky", es="=HYPERLINK(\"http://x\")", es_variants=("-canciller", "+ministro", "@jefe", "'=ya"),
        en="no", avoid=("yes", "2024-05-01", "null", "a: b", "# not a comment", "[x]", "comma, inside"),
        exceptions=(), case="name", note="Multi-line\nnote with \"quotes\" and 'apostrophes'", ref="on",
        tags=("true",), origin="x:1")
    for fmt, suffix in (("csv", ".csv"), ("tsv", ".tsv"), ("yaml", ".yaml"), ("tbx", ".tbx")):
        p = tmp_path / f"t{suffix}"
        p.write_text(export([tricky], fmt), encoding="utf-8")
        [back] = load_glossary([p]).entries
        assert dataclasses.replace(back, origin="x:1") == tricky, fmt


def test_csv_formula_injection_is_neutralised() -> None:
    entry = Entry(id="f", es="=1+2", es_variants=(), en="@SUM(A1)", avoid=("-3",), exceptions=(), case="name",
                  note="+cmd", ref="r", tags=(), origin="x:1")
    text = to_csv([entry])
    row = text.splitlines()[1]
    assert row.startswith("'=1+2,'@SUM(A1),,'-3,,'+cmd,")
    assert escape_cell("=x") == "'=x" and unescape_cell("'=x") == "=x"
    assert escape_cell("'=x") == "''=x" and unescape_cell("''=x") == "'=x"
    # only those characters: an ordinary leading apostrophe is data
    assert escape_cell("'hello") == "'hello" and unescape_cell("'hello") == "'hello"


def test_six_column_csv_and_tsv(tmp_path: Path) -> None:
    g = load_glossary([DATA / "six-columns.csv"])
    [c, s] = g.entries
    assert (c.es, c.en, c.es_variants, c.avoid, c.exceptions, c.note) == (
        "canciller", "Foreign Minister", ("ministra de Relaciones Exteriores",), ("Chancellor", "head of diplomacy"),
        ("canciller alemán",), "Latin American usage, not Germany")
    assert c.case == "title" and s.case == "name"  # by capitalisation when the file has no case column
    assert c.origin.endswith("six-columns.csv:2")
    [e] = load_glossary([DATA / "six-columns.tsv"]).entries
    assert (e.es, e.en, e.es_variants, e.avoid) == ("embajador", "Ambassador", ("embajadora",), ("Embassador",))


def test_tbx_basic_file_with_spanish_terms() -> None:
    g = load_glossary([DATA / "tbx-basic-es-en.tbx"])
    by_id = {e.id: e for e in g.entries}
    assert list(by_id) == ["c1", "c2", "c3", "c4"]
    c1 = by_id["c1"]
    assert (c1.es, c1.es_variants, c1.en, c1.avoid, c1.case) == (
        "canciller", ("ministra de Relaciones Exteriores y Movilidad Humana",), "Foreign Minister", ("Chancellor",),
        "title")
    assert c1.tags == ("relaciones exteriores",) and c1.note.startswith("Ministro de Relaciones Exteriores")
    c2 = by_id["c2"]
    assert c2.avoid == ("State Attorney General's Office",)  # supersededTerm -> avoid
    assert c2.ref == "Constitución de la República del Ecuador (2008), art. 194"
    assert c2.case == "name"
    assert by_id["c3"].es_variants == ("USAID",)
    assert by_id["c4"].es == "Subsecretaría de Política Exterior"  # the fr langSec is ignored
    assert c1.origin.endswith("tbx-basic-es-en.tbx:12")


def test_tbx_2008_martif() -> None:
    g = load_glossary([DATA / "martif-2008.tbx"])
    [t1, t2] = g.entries
    assert (t1.id, t1.es, t1.en, t1.avoid, t1.tags) == ("t1", "Comando Sur", "U.S. Southern Command",
                                                       ("South Command",), ("seguridad",))
    assert (t2.es, t2.en, t2.avoid, t2.note) == ("Defensoría del Pueblo", "Ombudsman's Office",
                                                  ("People's Defender's Office",), "Ombudsman institution.")


def test_exported_tbx_is_tbx_basic_v3() -> None:
    from xml.etree import ElementTree as ET

    g = load_glossary([DATA / "small.yaml"])
    root = ET.fromstring(to_tbx(g.entries).encode("utf-8"))
    ns = "{urn:iso:std:iso:30042:ed-2}"
    assert root.tag == f"{ns}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    concepts = root.findall(f"{ns}text/{ns}body/{ns}conceptEntry")
    assert len(concepts) == len(g.entries)
    c = concepts[0]
    langs = [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in c.findall(f"{ns}langSec")]
    assert langs == ["es", "en"]
    en_terms = [(ts.findtext(f"{ns}term"), ts.findtext(f"{ns}termNote")) for ts in
                c.findall(f"{ns}langSec")[1].findall(f"{ns}termSec")]
    assert en_terms[0] == ("Foreign Minister", "preferredTerm-admn-sts")
    assert ("Chancellor", "deprecatedTerm-admn-sts") in en_terms


@pytest.mark.parametrize(
    "name, message",
    [
        ("malformed.tbx", r"malformed\.tbx:7:65: not well-formed XML: mismatched tag"),
        ("entity-bomb.tbx", r"entity-bomb\.tbx:3: the file declares XML entities; refused"),
        ("wrong-structure.tbx", r"wrong-structure\.tbx:12:7: TBX v3: <body> may hold only <conceptEntry>"),
        ("not-tbx.xml", r"not-tbx\.xml:2:1: root element <xliff> is neither <tbx>"),
    ],
)
def test_bad_tbx_is_refused_with_file_line(name: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_glossary([DATA / name])


def test_external_entities_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "ext.tbx"
    p.write_text('<?xml version="1.0"?>\n<!DOCTYPE tbx [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
                 '<tbx><text><body/></text></tbx>\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="declares XML entities"):
        load_glossary([p])


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        ("", ".yaml", r"holds no entries|no entries"),
        ("- just\n- strings\n", ".yaml", r":1:3: GL001 error: an entry must be a mapping"),
        ("entries: 5\n", ".yaml", r":1:10: GL001 error: 'entries' must be a list"),
        ("source,target\n\"unclosed,x\n", ".csv", r"not valid CSV|expected 2 columns"),
    ],
)
def test_malformed_inputs(tmp_path: Path, content: str, suffix: str, message: str) -> None:
    p = tmp_path / f"bad{suffix}"
    p.write_text(content, encoding="utf-8")
    from edtools.glossary.validate import validate_paths

    problems, _, _ = validate_paths([p])
    assert any(__import__("re").search(message, str(x)) for x in problems), [str(x) for x in problems]


def test_paths_resolution(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such glossary file or folder"):
        load_glossary([tmp_path / "missing.yaml"])
    with pytest.raises(ConfigError, match="no glossary files"):
        load_glossary([tmp_path])
    (tmp_path / "g.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(ConfigError, match="unknown glossary format '.docx'"):
        load_glossary([tmp_path / "g.docx"])
    # a single path string works, and a folder reads its YAML files in name order
    g = load_glossary(str(REPO / "glossary"))
    names = [Path(s).name for s in g.sources]
    assert names == sorted(names) and "executive.yaml" in names and "united-states.yaml" in names


def test_cp1252_csv_is_read(tmp_path: Path) -> None:
    p = tmp_path / "win.csv"
    p.write_bytes("source,target\nFiscalía General del Estado,Attorney General's Office\n".encode("cp1252"))
    [e] = load_glossary([p]).entries
    assert e.es == "Fiscalía General del Estado"


def test_yaml_alias_bomb_is_harmless(tmp_path: Path) -> None:
    import threading

    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("entries:\n  - id: bomb\n    es: *a11\n    en: x\n")
    p = tmp_path / "bomb.yaml"
    p.write_text("\n".join(lines), encoding="utf-8")
    # Expanding it would take 10**12 list items: never finishing is the failure, not a slow machine.
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_glossary([p])
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the alias bomb is being expanded"
    assert len(outcome) == 1 and isinstance(outcome[0], ConfigError), outcome
