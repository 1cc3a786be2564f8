"""Several inputs for translate and draft: discovery, mirrored names, one job for all documents,
bad inputs among good ones, --jobs N identical to --jobs 1, resume after SIGKILL mid-corpus."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import _edtools_argv, run_inprocess
from edtools.inputs import expand_inputs, mirrored_name, output_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BOILERPLATE = "La información fue difundida por la Secretaría de Comunicación."


def corpus_sentences() -> list[str]:
    lines = (EXAMPLES / "corpus" / "es-en.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if "\t" in line and not line.startswith("#")]


def make_corpus(root: Path, n_docs: int = 6, per_doc: int = 7) -> Path:
    """Documents of real demo-corpus sentences (so the drafts mean something), a sentence shared by
    all of them, nested folders, Markdown and plain text."""
    sents = [s for s in corpus_sentences() if s.endswith(".") and 20 < len(s) < 200]
    for k in range(n_docs):
        chosen = sents[k * per_doc : (k + 1) * per_doc]
        folder = root / ("2026" if k % 2 else "") / ("nov" if k % 3 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        if k % 3 == 2:
            (folder / f"nota{k}.txt").write_text(" ".join(chosen) + "\n\n" + BOILERPLATE + "\n", encoding="utf-8")
        else:
            body = "\n\n".join(" ".join(chosen[i : i + 3]) for i in range(0, len(chosen), 3))
            (folder / f"nota{k}.es.md").write_text(f"# Nota {k}\n\n{body}\n\n*{BOILERPLATE}*\n", encoding="utf-8")
    return root


# ------------------------------------------------------------------ discovery and names


def test_mirrored_names() -> None:
    assert mirrored_name("nota.es.md") == "nota.en.md"
    assert mirrored_name("a/b/nota.ES.markdown") == "a/b/nota.en.markdown"
    assert mirrored_name("nota.txt") == "nota.en.txt"
    assert mirrored_name("nota.es.txt") == "nota.en.txt"
    assert mirrored_name("notas.md") == "notas.en.md"  # "s.md" is no language tag
    assert mirrored_name("README") == "README.en"
    from edtools.inputs import InputDoc

    doc = InputDoc(Path("x/nota.es.md"), "sub/nota.es.md")
    assert output_path("out", doc) == Path("out/sub/nota.en.md")
    assert output_path("out", doc, ".jsonl") == Path("out/sub/nota.en.jsonl")
    assert output_path("out", doc, ".review.html") == Path("out/sub/nota.en.review.html")


def test_expand_folders_globs_and_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_corpus(tmp_path / "news")
    (tmp_path / "news" / "nota0.en.md").write_text("An English draft.\n", encoding="utf-8")
    (tmp_path / "news" / ".hidden").mkdir()
    (tmp_path / "news" / ".hidden" / "x.md").write_text("Hola.\n", encoding="utf-8")
    (tmp_path / "news" / "foto.png").write_bytes(b"\x89PNG")
    monkeypatch.chdir(tmp_path)
    exp = expand_inputs(["news"])
    rels = [d.rel for d in exp.documents]
    assert sorted(rels) == sorted(["nov/nota0.es.md", "nota2.txt", "nota4.es.md", "2026/nota1.es.md",
                                   "2026/nota5.txt", "2026/nov/nota3.es.md"])
    assert exp.skipped_english == 1 and not exp.errors
    glob = expand_inputs(["news/2026/**/*.md", "news/nota2.txt", "news/nota2.txt", "missing/*.md"])
    assert [d.rel for d in glob.documents] == ["nota1.es.md", "nov/nota3.es.md", "nota2.txt"]
    assert glob.errors == ("missing/*.md: no .md, .markdown or .txt file matches this pattern",)
    # the output folder inside an input folder is never searched
    (tmp_path / "news" / "out").mkdir()
    (tmp_path / "news" / "out" / "y.md").write_text("Hola.\n", encoding="utf-8")
    assert all(not d.rel.startswith("out/") for d in expand_inputs(["news"], exclude=Path("news/out")).documents)


# ------------------------------------------------------------------ one job for all documents


class Recorder:
    """A fake translator (the glue is under test, not the model): upper-cases, records batches."""

    name = "recorder"
    fingerprint = "recorder-1"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.batches.append(list(sentences))
        return [s.upper() for s in sentences]


def test_sentences_deduplicated_and_batched_across_documents(tmp_path: Path) -> None:
    from edtools.document import parse_document
    from edtools.translate.cache import TranslationCache
    from edtools.translate.pipeline import plan_document, translate_document, translate_documents

    texts = ["Uno dos tres. " + BOILERPLATE, BOILERPLATE + " Cuatro cinco seis siete ocho.", "Nueve."]
    docs = [parse_document(t, fmt="text") for t in texts]
    rec = Recorder()
    done: list[int] = []
    with TranslationCache(tmp_path / "tm.sqlite") as cache:
        cache.put_many(rec.fingerprint, [("Nueve.", "NINE.")])
        stats = translate_documents([plan_document(d) for d in docs], rec, cache=cache, batch_size=2,
                                    on_document=lambda i, r: done.append(i), glossary=None)
        assert cache.count(rec.fingerprint) == 4
    sent = [s for b in rec.batches for s in b]
    assert len(sent) == len(set(sent)) == 3  # the boilerplate once; "Nueve." from the memory
    assert sent == sorted(sent, key=lambda s: (len(s), s))  # length-sorted across documents
    assert done[0] == 2  # the document served from the memory is finished first
    assert sorted(done) == [0, 1, 2]
    assert (stats.documents, stats.segments, stats.cached, stats.duplicates, stats.model_inputs) == (3, 5, 1, 1, 3)
    # a corpus of one is the same path
    single = translate_document(docs[0], Recorder(), cache=None)
    assert single.draft == "UNO DOS TRES. " + BOILERPLATE.upper()


def test_batch_size_defaults_to_the_backends_own() -> None:
    """No --batch-size: the backend's batch_size (64 on CTranslate2), else 16; the user's wins."""
    from edtools.document import parse_document
    from edtools.translate.ct2 import CT2Translator
    from edtools.translate.pipeline import DEFAULT_BATCH_SIZE, translate_document

    doc = parse_document(" ".join(f"Frase número {n} del día." for n in range(40)), fmt="text")

    class Wide(Recorder):
        batch_size = 25

    sizes = {}
    for label, rec, asked in (("plain", Recorder(), None), ("wide", Wide(), None), ("user", Wide(), 7)):
        translate_document(doc, rec, cache=None, batch_size=asked)
        sizes[label] = [len(b) for b in rec.batches]
    assert DEFAULT_BATCH_SIZE == 16 and sizes["plain"] == [16, 16, 8]
    assert sizes["wide"] == [25, 15]
    assert sizes["user"] == [7] * 5 + [5]
    assert CT2Translator.batch_size == 64


# ------------------------------------------------------------------ the commands

pytestmark_model = pytest.mark.skipif(not (ROOT / "models" / "demo-es-en-ct2" / "model.bin").is_file(),
                                      reason="the demo model's CTranslate2 conversion is not built")


@pytestmark_model
def test_multi_translate_mirrors_the_tree_and_matches_single_runs(tmp_path: Path) -> None:
    news = make_corpus(tmp_path / "news")
    out = tmp_path / "out"
    r = run_inprocess(["translate", str(news), str(EXAMPLES / "visita-oficial.es.md"), "-o", str(out),
                       "--bilingual", str(out), "--no-cache", "--source-lang", "es"])
    assert r.returncode == 0, r.stderr
    drafts = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert drafts == sorted([
        "nov/nota0.en.md", "nov/nota0.en.jsonl", "nota2.en.txt", "nota2.en.jsonl", "nota4.en.md", "nota4.en.jsonl",
        "2026/nota1.en.md", "2026/nota1.en.jsonl", "2026/nota5.en.txt", "2026/nota5.en.jsonl",
        "2026/nov/nota3.en.md", "2026/nov/nota3.en.jsonl", "visita-oficial.en.md", "visita-oficial.en.jsonl"])
    assert (out / "visita-oficial.en.md").read_bytes() == (EXAMPLES / "visita-oficial.en.md").read_bytes()
    from edtools.document import load_document
    from edtools.translate.pipeline import plan_document

    plans = [plan_document(load_document(str(p))) for p in [*news.rglob("*.*"), EXAMPLES / "visita-oficial.es.md"]]
    per_doc = [set(p.inputs) for p in plans]
    duplicates = sum(map(len, per_doc)) - len(set().union(*per_doc))
    assert duplicates >= 5  # the boilerplate sentence is in all six generated documents
    table = r.stderr.splitlines()
    head = next(i for i, line in enumerate(table) if "documents" in line and "duplicates" in line)
    assert table[head].split()[1:] == ["documents", "segments", "from", "cache", "duplicates", "failures", "seconds"]
    values = table[head + 1].split()[1:]
    assert values[:5] == ["7", str(sum(len(p.segments) for p in plans)), "0", str(duplicates), "0"]
    for src in [*news.rglob("*.es.md"), *news.rglob("*.txt")]:
        single = run_inprocess(["translate", str(src), "--no-cache", "--source-lang", "es"])
        assert single.returncode == 0, single.stderr
        mirrored = out / mirrored_name(src.relative_to(news).as_posix())
        assert mirrored.read_text(encoding="utf-8") == single.stdout, src


@pytestmark_model
def test_a_bad_file_among_good_ones(tmp_path: Path) -> None:
    news = make_corpus(tmp_path / "news", n_docs=3)
    (news / "foto.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (news / "vacio.txt").write_text("", encoding="utf-8")
    (news / "codigo.md").write_text("```\nsolo código\n```\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run_inprocess(["draft", str(news), str(tmp_path / "falta.md"), "-o", str(out), "--no-cache",
                       "--source-lang", "es", "--fail-level", "never"])
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("edtools: error:")]
    assert len(errors) == 4
    for name in ("foto.md", "vacio.txt", "codigo.md", "falta.md"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["nota0.en.md", "nota1.en.md", "nota2.en.txt"]
    assert not list(out.rglob(".*"))  # no temporary file left behind


def test_several_inputs_need_an_output_folder(tmp_path: Path) -> None:
    make_corpus(tmp_path / "news", n_docs=2)
    r = run_inprocess(["translate", str(tmp_path / "news"), "--no-cache"])
    assert r.returncode == 2
    assert r.stderr.strip() == "edtools: error: several inputs need -o DIR: one output per document, mirroring the inputs"
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    r = run_inprocess(["translate", str(tmp_path / "news"), "-o", str(tmp_path / "file.md")])
    assert r.returncode == 2 and "not a folder" in r.stderr


# ------------------------------------------------------------------ processes: --jobs, SIGKILL


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(_edtools_argv() + args, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.mark.slow
@pytestmark_model
def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path: Path) -> None:
    news = make_corpus(tmp_path / "news", n_docs=8)
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        cache = tmp_path / f"tm{jobs}.sqlite"
        r = _run(["draft", str(news), "-o", str(out), "--bilingual", str(out), "--cache", str(cache),
                  "--jobs", jobs, "--batch-size", "4", "--source-lang", "es", "--fail-level", "never"])
        assert r.returncode == 0, r.stderr
        assert f"engine local, {jobs} process" in r.stderr
        outs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        with sqlite3.connect(cache) as conn:  # the parent wrote every batch
            assert conn.execute("SELECT COUNT(*) FROM tm").fetchone()[0] > 0
    assert len(outs["1"]) == 16 and outs["1"] == outs["2"]


GATE_HOOK = '''
import json, os, time
import edtools.translate.ct2 as _ct2
_orig = _ct2.CT2Translator.translate_batch
_calls = []
def _translate_batch(self, sentences):
    gate = os.environ["EDTOOLS_TEST_GATE"]
    if len(_calls) == int(os.environ["EDTOOLS_TEST_GATE_AFTER"]):
        open(os.path.join(gate, "paused"), "w").close()
        end = time.monotonic() + 300
        while time.monotonic() < end:
            time.sleep(0.01)  # SIGKILL lands here
    _calls.append(1)
    with open(os.path.join(gate, "calls.jsonl"), "a", encoding="utf-8") as fh:
        for s in sentences:
            fh.write(json.dumps(s, ensure_ascii=False) + "\\n")
    return _orig(self, sentences)
_ct2.CT2Translator.translate_batch = _translate_batch
'''


@pytest.mark.slow
@pytestmark_model
def test_resume_after_sigkill_mid_corpus(tmp_path: Path) -> None:
    """Killed while parked before batch 3 (two batches committed): the re-run asks the model only for
    the rest and writes every document exactly as an uninterrupted run does. No sleep race: the test
    waits for the child to say it is parked."""
    news = make_corpus(tmp_path / "news", n_docs=6)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(GATE_HOOK, encoding="utf-8")
    gate = tmp_path / "gate"
    gate.mkdir()
    cache = tmp_path / "tm.sqlite"
    env = {"PYTHONPATH": os.pathsep.join([str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]),
           "EDTOOLS_TEST_GATE": str(gate), "EDTOOLS_TEST_GATE_AFTER": "2"}
    args = ["translate", str(news), "-o", str(tmp_path / "out"), "--cache", str(cache), "--batch-size", "4",
            "--source-lang", "es", "-q"]
    child = subprocess.Popen(_edtools_argv() + args, env={**os.environ, **env}, stderr=subprocess.PIPE)
    end = time.monotonic() + 120
    while not (gate / "paused").exists() and child.poll() is None and time.monotonic() < end:
        time.sleep(0.01)
    assert (gate / "paused").exists(), child.stderr.read() if child.stderr else ""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    with sqlite3.connect(cache) as conn:
        assert conn.execute("SELECT COUNT(*) FROM tm").fetchone()[0] == 8  # two batches of 4
    first = (gate / "calls.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(first) == 8
    assert not list((tmp_path / "out").rglob(".*"))  # nothing half-written
    (gate / "calls.jsonl").unlink()
    env["EDTOOLS_TEST_GATE_AFTER"] = "1000"
    r = _run(args, env)
    assert r.returncode == 0, r.stderr
    again = (gate / "calls.jsonl").read_text(encoding="utf-8").splitlines()
    assert not set(again) & set(first)  # nothing translated twice
    clean = _run(["translate", str(news), "-o", str(tmp_path / "clean"), "--no-cache", "--batch-size", "4",
                  "--source-lang", "es", "-q"])
    assert clean.returncode == 0, clean.stderr
    got = {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in (tmp_path / "out").rglob("*.*")}
    want = {p.relative_to(tmp_path / "clean").as_posix(): p.read_bytes() for p in (tmp_path / "clean").rglob("*.*")}
    assert got == want and len(got) == 6


@pytestmark_model
def test_xliff_one_file_per_document(tmp_path: Path) -> None:
    news = make_corpus(tmp_path / "news", n_docs=3)
    out = tmp_path / "out"
    r = run_inprocess(["translate", str(news), "-o", str(out), "--xliff", str(tmp_path / "xlf"), "--no-cache",
                       "--source-lang", "es"])
    assert r.returncode == 0, r.stderr
    xlfs = sorted(p.relative_to(tmp_path / "xlf").as_posix() for p in (tmp_path / "xlf").rglob("*.xlf"))
    assert xlfs == sorted(["nota2.en.xlf", "nov/nota0.en.xlf", "2026/nota1.en.xlf"])
    single = tmp_path / "single.xlf"
    r1 = run_inprocess(["translate", str(news / "nota2.txt"), "-o", str(tmp_path / "s.txt"), "--xliff", str(single),
                        "--no-cache", "--source-lang", "es"])
    assert r1.returncode == 0, r1.stderr
    assert (tmp_path / "xlf" / "nota2.en.xlf").read_bytes() == single.read_bytes()


def test_batch_size_from_the_config_or_left_to_the_backend(tmp_path: Path) -> None:
    from edtools.commands.translate import translate_settings
    from edtools.config import load_config

    (tmp_path / "edtools.toml").write_text("[translate]\nbatch-size = 8\n", encoding="utf-8")
    (tmp_path / "bare.toml").write_text("[translate]\nbeam = 2\n", encoding="utf-8")
    kw = {"beam": None, "device": None, "backend": None, "cache_path": None, "no_cache": True}
    assert translate_settings(load_config(tmp_path / "edtools.toml"), batch_size=None, **kw)[1] == 8
    assert translate_settings(load_config(tmp_path / "edtools.toml"), batch_size=3, **kw)[1] == 3
    assert translate_settings(load_config(tmp_path / "bare.toml"), batch_size=None, **kw)[1] is None
