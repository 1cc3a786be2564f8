"""Approved segments reused by translate and draft instead of the model; fuzzy matches as suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_inprocess
from edtools.document import load_document
from edtools.glossary import load_glossary
from edtools.paths import bundled_glossary_dir
from edtools.tm.learn import learn_from_files
from edtools.tm.store import ApprovedMemory, TMUnit
from edtools.translate.pipeline import translate_document

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "examples" / "visita-oficial.es.md"
FINAL = ROOT / "examples" / "visita-oficial.en.md"
SECOND = ROOT / "tests" / "data" / "tm" / "segunda-nota.es.md"
SHARED = [  # sentences of the second article approved in the first (one with a doubled space)
    "Las dos  delegaciones trataron temas de seguridad, migración irregular y comercio.",
    "El ministro del Interior, Sr. Andrés Villacís, también participó en la reunión.",
    "Según la Cancillería, el plan incluye:",
    "Equipos de comunicación para las unidades de frontera.",
    "La Asamblea Nacional deberá aprobar el acuerdo antes de que entre en vigor.",
]


class RecordingTranslator:
    """Echoes its input in brackets and records every sentence it was asked to translate."""

    name = "recording (fake)"
    fingerprint = "recording-v1"

    def __init__(self, *, forbid: bool = False) -> None:
        self.seen: list[str] = []
        self.forbid = forbid

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if self.forbid:
            raise AssertionError(f"the model was called for {sentences!r}")
        self.seen.extend(sentences)
        return [f"[EN] {s}" for s in sentences]


@pytest.fixture()
def memory(tmp_path: Path):
    learnt = learn_from_files(str(SRC), str(FINAL), bilingual=None, translator="Ana Pérez")
    tm = ApprovedMemory(tmp_path / "approved.sqlite")
    tm.add_many(learnt.units)
    yield tm
    tm.close()


def test_second_article_reuses_shared_sentences_without_the_model(memory: ApprovedMemory) -> None:
    doc = load_document(str(SECOND))
    model = RecordingTranslator()
    result = translate_document(doc, model, cache=None, memory=memory)
    reused = [r for r in result.records if r.origin == "tm"]
    assert sorted(r.source for r in reused) == sorted(SHARED)
    assert result.tm_reused == 5 and len(result.records) == 10
    for sentence in SHARED:  # never reached the model
        assert " ".join(sentence.split()) not in model.seen
    by_source = {r.source: r.target for r in result.records}
    assert by_source[SHARED[3]] == "Communication equipment for border units."
    assert "Communication equipment for border units." in result.draft
    # provenance of the reused unit is kept for the review page
    assert result.tm_approved[reused[0].id].translator == "Ana Pérez"


def test_fuzzy_matches_are_suggested_never_applied(memory: ApprovedMemory) -> None:
    doc = load_document(str(SECOND))
    result = translate_document(doc, RecordingTranslator(), cache=None, memory=memory)
    by_id = {r.id: r for r in result.records}
    suggested = {by_id[i].source: [(m.score, m.unit.source) for m in ms] for i, ms in result.tm_suggestions.items()}
    fourth = "Fue el cuarto diálogo bilateral de alto nivel entre ambos gobiernos."
    assert suggested[fourth][0] == (91, "Fue el tercer diálogo bilateral de alto nivel entre ambos gobiernos.")
    training = "Entrenamiento para 2.000 agentes de la Policía Nacional."
    assert suggested[training][0][0] >= 90
    bogota = "La próxima reunión bilateral se celebrará en Bogotá en 2023."
    assert suggested[bogota][0] == (85, "La próxima reunión bilateral se celebrará en Washington en 2023.")
    for sid in result.tm_suggestions:  # the machine draft stays the model's
        assert by_id[sid].origin == "mt" and by_id[sid].target.startswith("[EN] ")
    assert all(m.score >= 75 for ms in result.tm_suggestions.values() for m in ms)


def test_exact_match_normalises_quotes_and_whitespace_and_glossary_still_runs(tmp_path: Path) -> None:
    with ApprovedMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_many([TMUnit("El canciller dijo: «Ecuador es un socio».", "The Chancellor said: “Ecuador is a partner.”")])
        doc = load_document_from_text(tmp_path, "El canciller  dijo: \u201cEcuador es un socio\u201d.\n")
        glossary = load_glossary([bundled_glossary_dir()])
        result = translate_document(doc, RecordingTranslator(forbid=True), cache=None, memory=tm, glossary=glossary)
    assert result.tm_reused == 1
    # the glossary ran over the reused text: "Chancellor" is an avoided rendering of "canciller"
    assert result.records[0].target == "The foreign minister said: “Ecuador is a partner.”"
    assert [(c.old, c.new) for c in result.glossary_changes] == [("Chancellor", "foreign minister")]


def load_document_from_text(tmp_path: Path, text: str):
    path = tmp_path / "doc.es.md"
    path.write_text(text, encoding="utf-8")
    return load_document(str(path))


def test_translate_cli_marks_reuse_in_summary_and_bilingual(tmp_path: Path) -> None:
    tm = tmp_path / "approved.sqlite"
    assert run_inprocess(["tm", "learn", str(SRC), str(FINAL), "--tm", str(tm)]).returncode == 0
    out, seg = tmp_path / "out.en.md", tmp_path / "out.jsonl"
    # every sentence is approved: the demo model is never loaded
    r = run_inprocess(["translate", str(SRC), "-o", str(out), "--bilingual", str(seg), "--tm", str(tm),
                       "--no-cache", "--no-glossary"])
    assert r.returncode == 0, r.stderr
    assert "approved memory: 27 segments reused, 0 with fuzzy suggestions" in r.stderr
    records = [json.loads(line) for line in seg.read_text(encoding="utf-8").splitlines()]
    assert all(rec["origin"] == "tm" for rec in records)
    assert out.read_text(encoding="utf-8") == FINAL.read_text(encoding="utf-8")

    r = run_inprocess(["translate", str(SRC), "--tm", str(tmp_path / "missing.sqlite")])
    assert r.returncode == 2 and "no translation memory there" in r.stderr
    r = run_inprocess(["translate", str(SRC), "--tm", str(tm), "--no-tm"])
    assert r.returncode == 2 and "cannot be used together" in r.stderr


def test_bilingual_origin_round_trips(tmp_path: Path) -> None:
    from edtools.bilingual import SegmentRecord, read_jsonl, write_jsonl

    recs = [SegmentRecord(1, 0, 1, "a", "b"), SegmentRecord(2, 0, 1, "c", "d", origin="tm")]
    write_jsonl(tmp_path / "x.jsonl", recs)
    text = (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    assert '"origin"' not in text.splitlines()[0] and '"origin": "tm"' in text.splitlines()[1]
    assert read_jsonl(tmp_path / "x.jsonl") == recs
