"""Multilingual TBX: concepts without a Spanish or an English term are skipped and reported once
(count and ids); ``--strict`` refuses the file as before; broken core structure is always refused.

``multilingual-basic.tbx`` and ``core-structure-bad.tbx`` are our own files, laid out like the LTAC
TBX-Basic example term base (LTAC-Global/TBX_test_files). The example itself (no licence in that
repository, so not committed) is fetched at test time at a pinned commit, or read from
``EDTOOLS_LTAC_TBX_DIR``; those tests skip when neither is available.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import fetch_or_skip, run_inprocess
from edtools.errors import ConfigError
from edtools.glossary import load_glossary
from edtools.glossary.load import read_raw
from edtools.glossary.validate import validate_paths

DATA = Path(__file__).parent / "data" / "glossary"
MULTI = DATA / "multilingual-basic.tbx"
CORE_BAD = DATA / "core-structure-bad.tbx"

LTAC_COMMIT = "ba0e7bc69f596c48e2d5963c68029b09e07dceef"
LTAC_URL = f"https://raw.githubusercontent.com/LTAC-Global/TBX_test_files/{LTAC_COMMIT}/{{name}}"


def test_concepts_without_spanish_or_english_are_skipped_with_one_warning(capsys) -> None:
    g = load_glossary([MULTI])
    assert [(e.id, e.es, e.en) for e in g.entries] == [
        ("n1", "presidente", "president"),
        ("n2", "lluvias intensas", "heavy rain"),
        ("n5", "Policía Nacional", "National Police"),
    ]
    n1, n2, _ = g.entries
    assert n1.es_variants == ("mandatario",)  # the zu term is not a Spanish variant
    assert n2.avoid == ("torrential rains",)  # usageStatus deprecated
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"edtools: warning: {MULTI}:75:7: TBX v3: skipped 4 concepts: 3 without a Spanish (es) term "
        "(n3, n4, n6); 1 without an English (en) term (n7) (--strict refuses the file instead)"
    ]


def test_strict_keeps_the_refusal() -> None:
    with pytest.raises(ConfigError, match=r"multilingual-basic\.tbx:75:7: TBX v3: <conceptEntry id='n3'> "
                                          r"has no Spanish \(es\) term \(and 3 more"):
        load_glossary([MULTI], strict=True)


@pytest.mark.parametrize("path, where, what", [
    (CORE_BAD, ":11:13:", "a second <term> in one <termSec>"),
    (CORE_BAD, ":23:13:", "<admin> before <term> in <termSec>"),
])
def test_broken_core_structure_is_refused_with_file_line(path: Path, where: str, what: str) -> None:
    for strict in (False, True):
        _, problems = read_raw(path, strict=strict)
        assert any(f"{path}{where} GL001 error: TBX v3: {what}" in str(p) for p in problems), problems
    with pytest.raises(ConfigError, match=r"core-structure-bad\.tbx:11:13: TBX v3: a second <term>"):
        load_glossary([path])


def test_martif_tig_with_two_terms_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "two.tbx"
    p.write_text(
        '<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n'
        '<termEntry id="t1">\n'
        '<langSet xml:lang="es"><tig><term>alcalde</term><term>alcaldesa</term></tig></langSet>\n'
        '<langSet xml:lang="en"><tig><term>mayor</term></tig></langSet>\n'
        '</termEntry></body></text></martif>\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"two\.tbx:4:49: TBX 2008 \(MARTIF\): a second <term> in one <tig>"):
        load_glossary([p])


def test_cli_import_reports_skipped_and_strict_refuses(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    r = run_inprocess(["glossary", "import", str(MULTI), "-o", str(out)])
    assert r.returncode == 0, r.stderr
    assert "GL012" in r.stderr and "skipped 4 concepts" in r.stderr and "(n3, n4, n6)" in r.stderr
    assert "edtools: imported 3 entries" in r.stderr
    reloaded = load_glossary([out])
    assert [e.id for e in reloaded.entries] == ["n1", "n2", "n5"]

    out.unlink()
    r = run_inprocess(["glossary", "import", "--strict", str(MULTI), "-o", str(out)])
    assert r.returncode == 2
    assert r.stderr.strip() == (f"edtools: error: {MULTI}:75:7: TBX v3: <conceptEntry id='n3'> "
                                "has no Spanish (es) term (and 3 more)")
    assert not out.exists()


def test_cli_validate_warns_and_strict_fails() -> None:
    problems, n_entries, _ = validate_paths([MULTI])
    assert n_entries == 3
    assert [p.code for p in problems if p.severity == "error"] == []
    assert [p.code for p in problems if p.code == "GL012"] == ["GL012"]
    r = run_inprocess(["glossary", "validate", str(MULTI)])
    assert r.returncode == 0, r.stdout
    assert "GL012 warning: TBX v3: skipped 4 concepts" in r.stdout
    r = run_inprocess(["glossary", "validate", "--strict", str(MULTI)])
    assert r.returncode == 1
    assert r.stdout.count("GL001 error") == 4 and "GL012" not in r.stdout


def test_lint_with_a_multilingual_tbx_and_strict_glossary(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text("The President spoke about the heavy rain.\n", encoding="utf-8")
    r = run_inprocess(["lint", str(draft), "--glossary", str(MULTI)])
    assert "skipped 4 concepts" in r.stderr and "Traceback" not in r.stderr
    assert r.returncode in (0, 1)
    r = run_inprocess(["lint", str(draft), "--glossary", str(MULTI), "--strict-glossary"])
    assert r.returncode == 2 and "<conceptEntry id='n3'> has no Spanish (es) term" in r.stderr


def _ltac(name: str, tmp_path: Path) -> Path:
    local = os.environ.get("EDTOOLS_LTAC_TBX_DIR")
    if local and (Path(local) / name).is_file():
        return Path(local) / name
    path = tmp_path / name
    path.write_bytes(fetch_or_skip(LTAC_URL.format(name=name), None, "the LTAC example term base",
                                   "EDTOOLS_LTAC_TBX_DIR"))
    return path


def test_ltac_tbx_basic_example_imports_its_spanish_concepts(tmp_path: Path) -> None:
    path = _ltac("basic_good.tbx", tmp_path)
    r = run_inprocess(["glossary", "import", str(path), "-o", str(tmp_path / "ltac.yaml")])
    assert r.returncode == 0, r.stderr
    assert "skipped 6 concepts: 6 without a Spanish (es) term (c17, c18, c19, c20, c22, c40)" in r.stderr
    g = load_glossary([tmp_path / "ltac.yaml"])
    assert len(g.entries) == 39  # 45 concepts, 6 without Spanish
    c1 = g.entries[0]
    assert (c1.es, c1.en, c1.avoid) == ("cúmulo abierto", "open cluster", ("galactic cluster",))
    with pytest.raises(ConfigError, match=r"<conceptEntry id='c17'> has no Spanish \(es\) term \(and 5 more"):
        load_glossary([path], strict=True)


def test_ltac_core_structure_bad_is_refused(tmp_path: Path) -> None:
    path = _ltac("core_structure_bad.tbx", tmp_path)
    with pytest.raises(ConfigError, match=r"core_structure_bad\.tbx:27:7: TBX v3: <admin> before <term>"):
        load_glossary([path])
    _, problems = read_raw(path)
    assert any("a second <term> in one <termSec>" in p.message for p in problems)
