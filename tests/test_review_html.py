"""The review page: escaping, exact in-place highlights, filters — checked statically and in headless Chromium.

The Chromium tests need Debian's ``chromium`` (``apt-get install -y chromium``); they are skipped
with a reason when it is absent. A screenshot goes to artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from edtools.align import align_records
from edtools.bilingual import SegmentRecord
from edtools.document import parse_document
from edtools.glossary import apply_to_segments, load_glossary
from edtools.lint.engine import LintSettings, lint_document
from edtools.paths import bundled_glossary_dir
from edtools.review import build_rows, render_review, review_html
from edtools.review.html import Note, _marked

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium); CI installs it"
)

SOURCE = """# Visita oficial <script>alert(1)</script>

El canciller Manrique habló de capacitación, formación y equipos.

La reunión duró tres horas.
"""
TARGETS = [
    "Official visit <script>alert(1)</script>",
    "Chancellor Manrique spoke about training, training and equipment.",
    "The meeting lasted  three hours ,and ended .",
]


class DomScan(HTMLParser):
    """Marks (with their text), segment rows, note items and the root's attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, str | None] = {}
        self.marks: list[dict] = []
        self.rows: dict[int, dict] = {}
        self.notes: dict[str, dict] = {}
        self.scripts = 0
        self._mark: dict | None = None
        self._row: int | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root = a
        elif tag == "script":
            self.scripts += 1
        elif tag == "tr" and "data-seg" in a:
            self._row = int(a["data-seg"])
            self.rows[self._row] = {"hidden": "hidden" in a, "src": "", "tgt": ""}
        elif tag == "td" and self._row is not None:
            self._cell = (a.get("class") or "").split()[0] if a.get("class") else None
        elif tag == "mark":
            self._mark = {"notes": a.get("data-notes", "").split(), "sev": a.get("data-sev"),
                          "cls": (a.get("class") or "").split(), "text": "", "row": self._row, "cell": self._cell}
        elif tag == "li" and "data-note" in a:
            self.notes[a["data-note"]] = {"hidden": "hidden" in a, "code": a.get("data-code"),
                                          "sev": a.get("data-sev")}

    def handle_endtag(self, tag):
        if tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "tr":
            self._row = None
        elif tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._mark is not None:
            self._mark["text"] += data
        if self._row is not None and self._cell in ("src", "tgt"):
            self.rows[self._row][self._cell] += data

    def text_of(self, note_id: str, cell: str = "tgt") -> str:
        return "".join(m["text"] for m in self.marks if note_id in m["notes"] and m["cell"] == cell)


def scan(html_text: str) -> DomScan:
    s = DomScan()
    s.feed(html_text)
    return s


@pytest.fixture(scope="module")
def scenario():
    """A real source, a draft made by the real glossary, real lint findings, the real alignment."""
    src = parse_document(SOURCE, fmt="markdown", path="visita.es.md")
    segs = src.segments("es")
    assert len(segs) == 3
    glossary = load_glossary([bundled_glossary_dir()])
    targets, changes = apply_to_segments(glossary, [(s.id, s.text, t) for s, t in zip(segs, TARGETS)])
    records = [SegmentRecord(s.id, s.block, s.line, s.text, t) for s, t in zip(segs, targets)]
    draft = src.render({s.block: t for s, t in zip(segs, targets)})
    draft_doc = parse_document(draft, fmt="markdown", path="visita.en.md")
    alignment = align_records(records, draft_doc)
    findings = lint_document(draft_doc, settings=LintSettings(), glossary=glossary, alignment=alignment)
    page = review_html(records, draft_doc=draft_doc, alignment=alignment, findings=findings, changes=changes,
                       glossary=glossary, title="Review: visita.es.md", source_name="visita.es.md",
                       draft_name="visita.en.md", model="test")
    return {"records": records, "findings": findings, "changes": changes, "page": page,
            "draft_doc": draft_doc, "alignment": alignment, "glossary": glossary}


def test_scenario_has_the_expected_findings(scenario) -> None:
    codes = sorted((f.code, f.text) for f in scenario["findings"])
    assert ("ED101", "training, training") in codes
    assert ("ED502", "  ") in codes and ("ED502", " .") in codes
    assert [(c.old, c.new) for c in scenario["changes"]] == [("Chancellor", "Foreign Minister")]


def test_page_is_self_contained_and_escaped(scenario) -> None:
    page = scenario["page"]
    assert page.count("<script") == 1  # ours, and nothing from the documents
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for banned in ("http://", "https://", "<link", "@import", "src=", "url("):
        assert banned not in page, banned
    assert "Content-Security-Policy" in page


def test_static_highlights_are_exact(scenario) -> None:
    s = scan(scenario["page"])
    ids = {n.code + ":" + n.text: n.id for r in build_rows(scenario["records"], draft_doc=scenario["draft_doc"],
                                                              alignment=scenario["alignment"],
                                                              findings=scenario["findings"],
                                                              changes=scenario["changes"],
                                                              glossary=scenario["glossary"])[0]
           for n in r.notes}
    assert s.text_of(ids["ED101:training, training"]) == "training, training"
    assert s.text_of(ids["ED502:  "]) == "  "
    assert s.text_of(ids["ED502: ."]) == " ."
    gid = ids["glossary:Foreign Minister"]
    assert s.text_of(gid) == "Foreign Minister"
    assert s.text_of(gid, cell="src") == "canciller"
    # the rule docs of every rule with a finding are on the page
    assert 'id="rule-ED101"' in scenario["page"] and 'id="rule-ED502"' in scenario["page"]
    assert "What it does" in scenario["page"]


def test_overlapping_and_empty_spans() -> None:
    a = Note(id="f1", kind="finding", severity="error", code="ED1", title="t", message="m", text="bc")
    b = Note(id="f2", kind="finding", severity="warning", code="ED2", title="t", message="m", text="cd")
    c = Note(id="f3", kind="finding", severity="info", code="ED3", title="t", message="m", text="")
    out = _marked("abcde<", [(1, 3, a), (2, 4, b), (5, 5, c)], {})
    s = scan(f"<p>{out}</p>")
    assert [(m["text"], m["notes"]) for m in s.marks] == [
        ("b", ["f1"]), ("c", ["f1", "f2"]), ("d", ["f2"]), ("", ["f3"])
    ]
    assert out.endswith("&lt;")
    assert [m["sev"] for m in s.marks] == ["error", "error", "warning", "info"]


def test_findings_outside_segments_are_listed(scenario) -> None:
    from edtools.lint.finding import Finding

    stray = Finding(path="visita.en.md", line=1, column=1, end_line=1, end_column=2, code="ED902",
                    name="invalid-suppression", severity="error", message="stray <b>", text="#",
                    offset=0, end_offset=1)
    rows, others = build_rows(scenario["records"], draft_doc=scenario["draft_doc"],
                              alignment=scenario["alignment"], findings=[stray], changes=[])
    assert [n.code for n in others] == ["ED902"]
    page = render_review(rows, others=others)
    assert "Other findings" in page and "stray &lt;b&gt;" in page


# ------------------------------------------------------------------ headless Chromium


def chromium(url: str, tmp_path: Path, *, screenshot: Path | None = None) -> str:
    profile = tmp_path / "chromium-profile"
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,900",
    ]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    env = dict(os.environ, HOME=str(tmp_path))
    proc = subprocess.run([*args, url], capture_output=True, text=True, timeout=90, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def page_file(scenario, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(scenario["page"], encoding="utf-8")
    return path


@needs_chromium
def test_chromium_renders_with_exact_highlights(page_file: Path, tmp_path: Path, scenario) -> None:
    dom = chromium(page_file.as_uri(), tmp_path)
    s = scan(dom)
    assert s.root.get("data-ready") == "1"  # the script ran
    assert s.root.get("data-shown") == "3"
    assert s.scripts == 1
    # the source text with <script> is shown as text, not run
    assert s.rows[1]["src"] == "Visita oficial <script>alert(1)</script>"
    assert s.rows[2]["tgt"] == "Foreign Minister Manrique spoke about training, training and equipment."
    by_text = {}
    for m in s.marks:
        for nid in m["notes"]:
            by_text.setdefault((nid, m["cell"]), "")
            by_text[(nid, m["cell"])] += m["text"]
    assert sorted(t for (nid, cell), t in by_text.items() if cell == "tgt") == sorted(
        ["training, training", "  ", " .", "Foreign Minister"]
    )
    assert [t for (nid, cell), t in by_text.items() if cell == "src"] == ["canciller"]
    assert not any(r["hidden"] for r in s.rows.values())
    assert all("off" not in m["cls"] for m in s.marks)


@needs_chromium
def test_chromium_filters_from_the_url(page_file: Path, tmp_path: Path) -> None:
    # only ED101, only segments that have one
    s = scan(chromium(page_file.as_uri() + "#rule=ED101&only=1", tmp_path))
    assert s.root.get("data-shown") == "1"
    assert {k: v["hidden"] for k, v in s.rows.items()} == {1: True, 2: False, 3: True}
    visible = {nid for nid, n in s.notes.items() if not n["hidden"]}
    assert {s.notes[n]["code"] for n in visible} == {"ED101"}
    lit = [m["text"] for m in s.marks if "off" not in m["cls"]]
    assert lit == ["training, training"]

    # warnings only: the two typography findings in segment 3; the glossary change is switched off
    s = scan(chromium(page_file.as_uri() + "#sev=warning&only=1", tmp_path))
    assert {k: v["hidden"] for k, v in s.rows.items()} == {1: True, 2: True, 3: False}
    assert sorted(m["text"] for m in s.marks if "off" not in m["cls"]) == ["  ", " ."]
    assert all("off" in m["cls"] for m in s.marks if m["row"] == 2)

    # glossary changes only, every segment still listed
    s = scan(chromium(page_file.as_uri() + "#sev=glossary", tmp_path))
    assert s.root.get("data-shown") == "3"
    assert sorted(m["text"] for m in s.marks if "off" not in m["cls"]) == ["Foreign Minister", "canciller"]


@needs_chromium
def test_chromium_screenshot(page_file: Path, tmp_path: Path) -> None:
    out_dir = ROOT / "artifacts"
    out_dir.mkdir(exist_ok=True)
    shot = out_dir / "review-page.png"
    if shot.exists():
        shot.unlink()
    chromium(page_file.as_uri(), tmp_path, screenshot=shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


# ------------------------------------------------------------------ translation-memory reuse and suggestions


@pytest.fixture(scope="module")
def tm_page(tmp_path_factory) -> dict:
    """The second article translated with an approved memory learnt from the first: reuse + suggestions."""
    from test_tm_reuse import FINAL, SECOND, SRC, RecordingTranslator

    from edtools.document import load_document
    from edtools.tm.learn import learn_from_files
    from edtools.tm.store import ApprovedMemory
    from edtools.translate.pipeline import translate_document

    folder = tmp_path_factory.mktemp("tm-review")
    learnt = learn_from_files(str(SRC), str(FINAL), bilingual=None, translator="Ana Pérez")
    with ApprovedMemory(folder / "tm.sqlite") as tm:
        tm.add_many(learnt.units)
        result = translate_document(load_document(str(SECOND)), RecordingTranslator(), cache=None, memory=tm)
    draft_doc = parse_document(result.draft, fmt="markdown", path="segunda.en.md")
    alignment = align_records(result.records, draft_doc)
    findings = lint_document(draft_doc, settings=LintSettings(), alignment=alignment)
    page = review_html(result.records, draft_doc=draft_doc, alignment=alignment, findings=findings,
                       suggestions=result.tm_suggestions, approved=result.tm_approved, title="Review: segunda")
    path = folder / "review.html"
    path.write_text(page, encoding="utf-8")
    ids = {r.source: r.id for r in result.records}
    return {"page": page, "path": path, "result": result, "ids": ids}


def _row_of(page_scan: DomScan, note_id: str) -> int | None:
    return next((m["row"] for m in page_scan.marks if note_id in m["notes"]), None)


def test_tm_reuse_and_suggestions_on_the_page(tm_page) -> None:
    page, result, ids = tm_page["page"], tm_page["result"], tm_page["ids"]
    s = scan(page)
    assert 'data-count="tm">5 reused from the approved memory' in page
    n_fuzzy = sum(len(v) for v in result.tm_suggestions.values())
    assert f'data-count="fuzzy">{n_fuzzy} TM suggestion' in page
    tm_notes = [k for k, v in s.notes.items() if v["code"] == "tm"]
    assert len(tm_notes) == 5
    # a reused segment: its whole draft is marked as approved, its row says so
    reused_row = ids["Equipos de comunicación para las unidades de frontera."]
    assert 'data-seg="%d" data-sevs="tm" data-origin="tm"' % reused_row in page
    marks = [m for m in s.marks if m["row"] == reused_row and m["cell"] == "tgt"]
    assert "".join(m["text"] for m in marks) == "Communication equipment for border units."
    # a suggestion: the approved source with the differing word marked by kind, the new words marked in the source
    assert '<mark class="d d-number" title="new source: “cuarto”">tercer</mark>' in page  # an ordinal
    assert '<mark class="d d-name" title="new source: “Bogotá”">Washington</mark>' in page
    assert '<mark class="d d-number" title="new source: “2.000”">1.500</mark>' in page
    bogota = ids["La próxima reunión bilateral se celebrará en Bogotá en 2023."]
    src_marks = [m["text"] for m in s.marks if m["row"] == bogota and m["cell"] == "src"]
    assert src_marks == ["Bogotá"]
    # never applied: the draft cell still holds the machine draft
    assert s.rows[bogota]["tgt"].startswith("[EN] ")
    assert "It was the third high-level bilateral dialogue between the two governments." in page


@needs_chromium
def test_chromium_filters_tm_like_findings(tm_page, tmp_path: Path) -> None:
    uri = tm_page["path"].as_uri()
    result, ids = tm_page["result"], tm_page["ids"]
    s = scan(chromium(uri, tmp_path))
    assert s.root.get("data-ready") == "1" and s.root.get("data-shown") == "10"

    s = scan(chromium(uri + "#sev=fuzzy&only=1", tmp_path))
    shown = {k for k, v in s.rows.items() if not v["hidden"]}
    assert shown == set(result.tm_suggestions)
    assert all(s.notes[k]["hidden"] for k, v in s.notes.items() if v["code"] != "fuzzy")

    s = scan(chromium(uri + "#rule=tm&only=1", tmp_path))
    shown = {k for k, v in s.rows.items() if not v["hidden"]}
    assert shown == {r.id for r in result.records if r.origin == "tm"} and len(shown) == 5
    lit = {m["row"] for m in s.marks if "off" not in m["cls"] and m["notes"]}
    assert lit == shown

    s = scan(chromium(uri + "#sev=error,warning,info", tmp_path))  # TM switched off: its marks go dark
    assert all("off" in m["cls"] for m in s.marks if m["notes"] and m["row"] in shown and m["cell"] == "tgt"
               and any(s.notes[n]["code"] == "tm" for n in m["notes"]))
