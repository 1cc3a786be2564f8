"""XLIFF 2.1 and 1.2 out and back: schema, CAT-tool round trip, learning, reuse, malformed files, OASIS suite."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_inprocess
from edtools.document import load_document
from edtools.glossary import load_glossary
from edtools.paths import bundled_glossary_dir
from edtools.tm.store import ApprovedMemory
from edtools.translate.pipeline import translate_document
from edtools.xliff.export import build_xliff
from edtools.xliff.read import read_xliff

ROOT = Path(__file__).resolve().parent.parent
RICH = ROOT / "tests" / "data" / "rich_sample.es.md"
SRC = ROOT / "examples" / "visita-oficial.es.md"
NS = "urn:oasis:names:tc:xliff:document:2.0"
X = f"{{{NS}}}"

SUITE_REPO = "https://github.com/oasis-tcs/xliff-xliff-22"
SUITE_DIR = Path(os.environ.get("EDTOOLS_XLIFF_SUITE") or Path.home() / ".cache" / "edtools-tests" / "xliff-xliff-22")


class Tagger:
    """A stand-in model: "EN:" before every sentence; link texts and emphasis are translated alone too."""

    name = "tagger (fake)"
    fingerprint = "tagger-v1"

    def __init__(self, *, forbid: bool = False) -> None:
        self.seen: list[str] = []
        self.forbid = forbid

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if self.forbid:
            raise AssertionError(f"the model was called for {sentences!r}")
        self.seen.extend(sentences)
        return [s if len(s.split()) < 4 else "EN: " + s for s in sentences]


def _link_targets_and_code(text: str) -> list[str]:
    links = re.findall(r"\]\([^)\s]+(?: \"[^\"]*\")?\)", text)
    code = re.findall(r"`[^`\n]+`", text)
    return sorted(links + code)


@pytest.fixture(scope="module")
def rich():
    doc = load_document(str(RICH))
    result = translate_document(doc, Tagger(), cache=None)
    glossary = load_glossary([bundled_glossary_dir()])
    return {"doc": doc, "result": result, "xlf": build_xliff(doc, result.records, glossary=glossary)}


# ------------------------------------------------------------------ the OASIS material, fetched at test time


@pytest.fixture(scope="session")
def oasis() -> Path:
    """The OASIS XLIFF TC repository (schemas and the 2.1 test suite), not redistributed with edtools."""
    base = SUITE_DIR / "xliff-21"
    if not base.is_dir() and not os.environ.get("EDTOOLS_XLIFF_SUITE") and shutil.which("git"):
        SUITE_DIR.parent.mkdir(parents=True, exist_ok=True)
        try:  # only the schemas and the core test files: a shallow, sparse, blob-less clone
            for args in (["clone", "--quiet", "--depth", "1", "--filter=blob:none", "--no-checkout", SUITE_REPO,
                          str(SUITE_DIR)],
                         ["-C", str(SUITE_DIR), "sparse-checkout", "set", "--no-cone", "/xliff-21/schemas/",
                          "/xliff-21/test-suite/core/"],
                         ["-C", str(SUITE_DIR), "checkout", "--quiet"]):
                subprocess.run(["git", *args], check=True, timeout=180, capture_output=True)
        except (subprocess.SubprocessError, OSError):
            shutil.rmtree(SUITE_DIR, ignore_errors=True)
    if not (base / "test-suite" / "core").is_dir():
        pytest.skip(f"the OASIS XLIFF 2.1 test suite is not available: clone {SUITE_REPO} to {SUITE_DIR} "
                    "or set EDTOOLS_XLIFF_SUITE (its licence does not let us ship it)")
    return base


@pytest.fixture(scope="session")
def core_schema(oasis: Path):
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is needed to validate against the OASIS XSD")
    return xmlschema.XMLSchema(str(oasis / "schemas" / "xliff_core_2.0.xsd"))


def test_output_is_valid_against_the_oasis_core_schema(rich, core_schema, tmp_path: Path) -> None:
    path = tmp_path / "rich.xlf"
    path.write_text(rich["xlf"], encoding="utf-8")
    core_schema.validate(str(path))
    source_only = tmp_path / "source-only.xlf"
    source_only.write_text(build_xliff(rich["doc"], None), encoding="utf-8")
    core_schema.validate(str(source_only))


def test_oasis_suite_agreement(oasis: Path, tmp_path: Path) -> None:
    """Our core checker against the suite's valid and invalid core files; import refuses every invalid one."""
    from edtools.errors import InputError
    from edtools.xliff.core import check_core
    from edtools.xmlsafe import read_xml_file

    results = {"valid": [0, 0], "invalid": [0, 0]}
    missed = []
    for kind in ("valid", "invalid"):
        for f in sorted((oasis / "test-suite" / "core" / kind).glob("*.xlf")):
            try:
                check_core(read_xml_file(str(f)))
                ok = kind == "valid"
            except InputError as exc:
                ok = kind == "invalid"
                assert re.match(rf"^{re.escape(str(f))}:\d+: ", exc.message), exc.message
            results[kind][0] += ok
            results[kind][1] += 1
            if not ok:
                missed.append(f.name)
    print(f"\nOASIS XLIFF 2.1 core suite: valid accepted {results['valid'][0]}/{results['valid'][1]}, "
          f"invalid rejected {results['invalid'][0]}/{results['invalid'][1]}; missed: {', '.join(missed)}")
    assert results["valid"][0] == results["valid"][1]  # every valid file passes the core checks
    assert results["invalid"][1] >= 100 and results["invalid"][0] >= 102
    # the command refuses every invalid file with file:line, exit 2, and writes nothing
    for f in sorted((oasis / "test-suite" / "core" / "invalid").glob("*.xlf"))[:40]:
        out = tmp_path / "final.md"
        r = run_inprocess(["xliff", "import", str(f), "-o", str(out), "--tm", str(tmp_path / "tm.sqlite")])
        assert r.returncode == 2 and r.stderr.startswith(f"edtools: error: {f}:"), r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
        assert not out.exists() and not (tmp_path / "tm.sqlite").exists()


# ------------------------------------------------------------------ round trip


def _cat_tool_edit(xlf: str, edits: dict[str, str]) -> str:
    """Do what a CAT tool does: re-serialise (its own namespace prefixes), rewrite target text around the
    inline codes, mark the segments translated or final. ``edits``: segment id -> text for the
    target's leading text."""
    root = ET.fromstring(xlf)
    for seg in root.iter(f"{X}segment"):
        target = seg.find(f"{X}target")
        if target is None:
            continue
        sid = seg.get("id", "")
        if sid in edits:
            target.text = edits[sid]
            for pc in target.iter(f"{X}pc"):  # the translator rewrites link texts too
                pc.text = (pc.text or "").replace("EN: ", "")
            seg.set("state", "final")
        elif (target.text or "").startswith("EN: "):
            target.text = "(en) " + target.text[4:]  # the translator's rewording
            seg.set("state", "translated")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def test_round_trip_through_a_cat_tool_keeps_links_and_code(rich, tmp_path: Path) -> None:
    doc, result = rich["doc"], rich["result"]
    segs = doc.segments("es")
    linked = next(s for s in segs if "](https://www.finanzas.gob.ec" in s.text)
    edits = {f"s{segs[1].id}": "Ecuador's National Assembly passed the budget today. ",
             f"s{linked.id}": "Check the page "}
    path = tmp_path / "rich.cat.xlf"
    path.write_text(_cat_tool_edit(rich["xlf"], edits), encoding="utf-8")
    assert "ns0:" in path.read_text(encoding="utf-8")  # a different prefix, as other tools write

    final, tm = tmp_path / "final.en.md", tmp_path / "tm.sqlite"
    r = run_inprocess(["xliff", "import", str(path), "-o", str(final), "--tm", str(tm)])
    assert r.returncode == 0, r.stderr
    text = final.read_text(encoding="utf-8")
    assert "Ecuador's National Assembly passed the budget today." in text
    assert "Check the page [" in text and "](https://www.finanzas.gob.ec/presupuesto \"Ministerio\")" in text
    assert "EN: " not in text
    # every link target and code span of the source is intact, and so is everything untranslatable
    assert _link_targets_and_code(text) == _link_targets_and_code(doc.text)
    final_doc = load_document(str(final))
    for a, b in zip(doc.blocks, final_doc.blocks):
        assert a.kind == b.kind
        if not a.translatable:
            assert a.text == b.text
    assert text.startswith(doc.text[: doc.text.index("\n# ")])  # front matter byte for byte
    assert "learnt" in r.stderr

    # the learnt sentences are reused by the next translation without a model call
    with ApprovedMemory(tm) as memory:
        assert memory.count() == len([s for s in segs if result.records[s.id - 1].target.startswith("EN: ")
                                      or f"s{s.id}" in edits])
        second = tmp_path / "second.es.md"
        second.write_text("## Otra nota\n\n" + segs[1].text + "\n\n" + linked.text + "\n", encoding="utf-8")
        doc2 = load_document(str(second))
        heading_only = Tagger()
        again = translate_document(doc2, heading_only, cache=None, memory=memory)
    assert again.tm_reused == 2 and heading_only.seen == ["Otra nota"]
    assert "Ecuador's National Assembly passed the budget today." in again.draft
    assert "](https://www.finanzas.gob.ec/presupuesto \"Ministerio\")" in again.draft


def test_second_article_fully_approved_never_calls_the_model(tmp_path: Path) -> None:
    doc = load_document(str(SRC))
    result = translate_document(doc, Tagger(), cache=None)
    xlf = tmp_path / "v.xlf"
    xlf.write_text(_cat_tool_edit(build_xliff(doc, result.records), {}), encoding="utf-8")
    tm = tmp_path / "tm.sqlite"
    assert run_inprocess(["xliff", "import", str(xlf), "-o", str(tmp_path / "v.en.md"), "--tm", str(tm)]).returncode == 0
    with ApprovedMemory(tm) as memory:
        again = translate_document(doc, Tagger(forbid=True), cache=None, memory=memory)
    assert again.tm_reused == again.segments == 27
    assert again.draft == (tmp_path / "v.en.md").read_text(encoding="utf-8")


def test_states_ids_notes_and_tm_reuse_in_the_file(tmp_path: Path) -> None:
    doc = load_document(str(SRC))
    from edtools.tm.store import TMUnit

    with ApprovedMemory(tmp_path / "tm.sqlite") as memory:
        first = doc.segments("es")[0]
        memory.add_many([TMUnit(first.text, "Ecuador and the U.S. widen their security cooperation")])
        result = translate_document(doc, Tagger(), cache=None, memory=memory)
    glossary = load_glossary([bundled_glossary_dir()])
    root = ET.fromstring(build_xliff(doc, result.records, glossary=glossary))
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "es", "en")
    units = root.findall(f".//{X}unit")
    assert len(units) == len({s.block for s in doc.segments("es")})
    states = [s.get("state") for s in root.iter(f"{X}segment")]
    assert states[0] == "translated" and set(states[1:]) == {"initial"}
    notes = [n.text for n in root.iter(f"{X}note")]
    assert any(n.startswith("s2: canciller → Foreign Minister") for n in notes)
    assert any("ED" in n and n.split(":")[0].startswith("s") for n in notes if "repeated" in n or "ED" in n)
    data = {d.get("id"): d.text for d in root.iter(f"{X}data")}
    assert "](https://www.cancilleria.gob.ec/2022/11/16/tercer-dialogo-bilateral-ecuador-estados-unidos/)" in data.values()


def test_xliff_12_round_trip(tmp_path: Path) -> None:
    doc = load_document(str(RICH))
    result = translate_document(doc, Tagger(), cache=None)
    out = tmp_path / "rich.12.xlf"
    text = build_xliff(doc, result.records, version="1.2")
    assert 'version="1.2"' in text and 'source-language="es"' in text and "<bpt id=" in text
    # a CAT tool approves two units and rewrites one
    text = text.replace('state="needs-review-translation"', 'state="signed-off"', 2)
    out.write_text(text, encoding="utf-8")
    imported = read_xliff(str(out))
    assert imported.text == result.draft
    assert len(imported.approved) == 2
    assert _link_targets_and_code(imported.text) == _link_targets_and_code(doc.text)


def test_translate_writes_xliff(tmp_path: Path) -> None:
    tm = tmp_path / "tm.sqlite"
    final = ROOT / "examples" / "visita-oficial.en.md"
    assert run_inprocess(["tm", "learn", str(SRC), str(final), "--tm", str(tm)]).returncode == 0
    xlf = tmp_path / "out.xlf"
    r = run_inprocess(["translate", str(SRC), "-o", str(tmp_path / "out.md"), "--xliff", str(xlf), "--tm", str(tm),
                       "--no-cache", "--xliff-version", "2.0"])
    assert r.returncode == 0, r.stderr
    root = ET.parse(xlf).getroot()
    assert root.get("version") == "2.0" and {s.get("state") for s in root.iter(f"{X}segment")} == {"translated"}
    r = run_inprocess(["translate", str(SRC), "--xliff", str(xlf), "--xliff-version", "3.0"])
    assert r.returncode == 2 and "--xliff-version" in r.stderr


def test_export_command_source_only_and_with_bilingual(tmp_path: Path) -> None:
    out = tmp_path / "src.xlf"
    r = run_inprocess(["xliff", "export", str(SRC), "-o", str(out), "--no-glossary"])
    assert r.returncode == 0 and "sources only" in r.stderr
    root = ET.parse(out).getroot()
    assert root.find(f".//{X}target") is None
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "block": 0, "line": 1, "source": "Otra cosa", "target": "x"}\n', encoding="utf-8")
    r = run_inprocess(["xliff", "export", str(SRC), "--bilingual", str(bad), "-o", str(tmp_path / "b.xlf")])
    assert r.returncode == 2 and "does not match the source" in r.stderr and not (tmp_path / "b.xlf").exists()


# ------------------------------------------------------------------ malformed files


def _valid_xlf() -> str:
    doc = load_document(str(SRC))
    return build_xliff(doc, translate_document(doc, Tagger(), cache=None).records)


def _first_segment_line(text: str) -> int:
    return text[: text.index("<segment ")].count("\n") + 1


MALFORMED = {
    "not-well-formed": (lambda t: t.replace("</source>", "</sourc>", 1), "not well-formed"),
    "entity-bomb": (lambda t: t.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaa">'
                                        '<!ENTITY b "&a;&a;&a;&a;">]>\n', 1), "entity declarations are refused"),
    "segment-without-source": (lambda t: re.sub(r"<source>.*?</source>", "", t, count=1), "without a <source>"),
    "two-sources": (lambda t: re.sub(r"(<source>.*?</source>)", r"\1\1", t, count=1), "two <source>"),
    "no-trgLang": (lambda t: t.replace(' trgLang="en"', "", 1), "without trgLang"),
    "unknown-unit": (lambda t: t.replace('<unit id="b0"', '<unit id="b99"', 1), "unknown unit id 'b99'"),
    "unknown-segment": (lambda t: t.replace('<segment id="s1"', '<segment id="s42"', 1), "unknown segment id 's42'"),
    "wrong-languages": (lambda t: t.replace('srcLang="es"', 'srcLang="en"', 1), "wrong languages"),
    "target-lang": (lambda t: t.replace("<target>", '<target xml:lang="fr">', 1), "differs from trgLang"),
    "skeleton-altered": (lambda t: t.replace("Ecuador y Estados Unidos amplían", "Ecuador y Perú amplían", 1),
                         "SHA-256"),
    "source-changed": (lambda t: t.replace("<source>Ecuador y Estados Unidos", "<source>Perú y Estados Unidos", 1),
                       "differs from the document's sentence"),
    "duplicate-unit": (lambda t: t.replace('<unit id="b1"', '<unit id="b0"', 1), "not unique"),
    "bad-state": (lambda t: t.replace('state="initial"', 'state="done"', 1), "invalid state"),
    "not-xliff": (lambda t: "<tmx version='1.4'/>", "not an XLIFF file"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_xliff_is_refused_and_nothing_written(case: str, tmp_path: Path) -> None:
    change, reason = MALFORMED[case]
    good = _valid_xlf()
    bad = change(good)
    assert bad != good
    path = tmp_path / f"{case}.xlf"
    path.write_text(bad, encoding="utf-8")
    out, tm = tmp_path / "final.md", tmp_path / "tm.sqlite"
    r = run_inprocess(["xliff", "import", str(path), "-o", str(out), "--tm", str(tm)])
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(rf"edtools: error: {re.escape(str(path))}:\d+: ", lines[0]), r.stderr
    assert reason in lines[0]
    assert not out.exists() and not tm.exists()


def test_refusal_points_at_the_right_line(tmp_path: Path) -> None:
    good = _valid_xlf()
    bad = re.sub(r"<source>.*?</source>", "", good, count=1)
    path = tmp_path / "x.xlf"
    path.write_text(bad, encoding="utf-8")
    r = run_inprocess(["xliff", "import", str(path)])
    assert f"{path}:{_first_segment_line(bad)}: <segment> without a <source> first" in r.stderr


def test_a_foreign_xliff_without_skeleton_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.xlf"
    path.write_text(f'<xliff xmlns="{NS}" version="2.1" srcLang="es" trgLang="en">\n<file id="f1">\n'
                    '<unit id="u1"><segment><source>Hola.</source><target>Hello.</target></segment></unit>\n'
                    "</file></xliff>\n", encoding="utf-8")
    r = run_inprocess(["xliff", "import", str(path)])
    assert r.returncode == 2 and f"{path}:2: not an edtools XLIFF" in r.stderr


@pytest.mark.slow
def test_installed_command_round_trip(tmp_path: Path) -> None:
    """The installed entry point, as a user runs it: learn, export with the draft, import, search."""
    from conftest import run_edtools

    final = ROOT / "examples" / "visita-oficial.en.md"
    tm = tmp_path / "tm.sqlite"
    env = {"EDTOOLS_TRANSLATOR": "Ana Pérez"}
    r = run_edtools(["tm", "learn", str(SRC), str(final), "--tm", str(tm)], env=env)
    assert r.returncode == 0 and "learnt 27 pairs" in r.stderr, r.stderr
    seg = tmp_path / "v.jsonl"
    r = run_edtools(["translate", str(SRC), "-o", str(tmp_path / "v.en.md"), "--bilingual", str(seg), "--tm", str(tm),
                     "--no-cache", "-q"])
    assert r.returncode == 0, r.stderr
    xlf = tmp_path / "v.xlf"
    assert run_edtools(["xliff", "export", str(SRC), "--bilingual", str(seg), "-o", str(xlf)]).returncode == 0
    r = run_edtools(["xliff", "import", str(xlf), "--no-learn"])
    assert r.returncode == 0 and r.stdout == final.read_text(encoding="utf-8")  # every sentence was approved
    r = run_edtools(["tm", "search", "Fue el cuarto diálogo bilateral de alto nivel entre ambos gobiernos.",
                     "--tm", str(tm)])
    assert r.returncode == 0 and r.stdout.startswith(" 91%  Fue el tercer diálogo")
    bad = tmp_path / "bad.xlf"
    bad.write_text(xlf.read_text(encoding="utf-8").replace(' trgLang="en"', ""), encoding="utf-8")
    r = run_edtools(["xliff", "import", str(bad), "-o", str(tmp_path / "out.md")])
    assert r.returncode == 2 and "Traceback" not in r.stderr and not (tmp_path / "out.md").exists()
