"""Crashes and concurrency: nothing translated is lost, nothing half-written is left.

The runs that must be separate processes (SIGKILL, SIGINT, two at once) use the installed
``edtools translate`` command with the tiny model fixture and ``--cache`` in a temporary folder.
The tiny model's random weights give the same gibberish for every sentence, which would make
"the same draft" meaningless, so a ``sitecustomize`` hook (PYTHONPATH, test-only) wraps
``MarianTranslator.translate_batch``: the real model folder is checked and loaded, but each batch
is answered by a deterministic stand-in (the sentence's words reversed), logged to a file
(one JSON line per sentence: that is how model calls are counted). The cache, pipeline, signal
handling and output writing are the real ones.

No test here depends on timing. To land a signal halfway, the hook takes a *gate* folder
(``EDTOOLS_TEST_GATE``) and a batch count (``EDTOOLS_TEST_GATE_AFTER``): when the model is asked for
batch N+1 — so the first N batches are already committed to the cache — the hook creates
``paused`` in the gate folder and blocks until the test creates ``release`` (which the signal tests
never do: the signal arrives while the child is parked). The test waits for ``paused``, so the
number of cached rows at the signal is known exactly, however busy the machine is.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import _edtools_argv, run_inprocess

HOOK = '''
import json, os, time
_log = os.environ.get("EDTOOLS_TEST_CALL_LOG")
if _log:
    import edtools.translate.marian as _m

    _delay = float(os.environ.get("EDTOOLS_TEST_BATCH_DELAY", "0"))
    _barrier = os.environ.get("EDTOOLS_TEST_BARRIER")  # folder: wait here until N processes arrive
    _gate = os.environ.get("EDTOOLS_TEST_GATE")  # folder: park before batch N+1 until 'release' exists
    _gate_after = int(os.environ.get("EDTOOLS_TEST_GATE_AFTER", "1"))
    _waited = []
    _batches = []

    def _wait_for_the_others():
        folder = _barrier
        open(os.path.join(folder, f"ready-{os.getpid()}"), "w").close()
        need = int(os.environ["EDTOOLS_TEST_BARRIER_N"])
        end = time.monotonic() + 60
        while len(os.listdir(folder)) < need and time.monotonic() < end:
            time.sleep(0.01)

    def _park_at_the_gate():
        open(os.path.join(_gate, "paused"), "w").close()
        release = os.path.join(_gate, "release")
        end = time.monotonic() + 300  # a forgotten child does not live forever
        while not os.path.exists(release) and time.monotonic() < end:
            time.sleep(0.01)  # the signal the test sends lands here

    def _translate_batch(self, sentences):
        if _barrier and not _waited:
            _waited.append(1)
            _wait_for_the_others()
        if _gate and len(_batches) == _gate_after:
            _park_at_the_gate()
        _batches.append(len(sentences))
        with open(_log, "a", encoding="utf-8") as fh:
            for s in sentences:
                fh.write(json.dumps(s, ensure_ascii=False) + "\\n")
        if _delay:
            time.sleep(_delay)
        return [" ".join(reversed(s.split())) for s in sentences]

    _m.MarianTranslator.translate_batch = _translate_batch
'''

WORDS = ["Quito", "Cuenca", "Loja", "Manta", "Prensa", "Salud", "Lluvias", "Vecinos", "Ministro", "Asamblea"]


def stand_in(sentences: list[str]) -> list[str]:
    return [" ".join(reversed(s.split())) for s in sentences]


def make_doc(path: Path, paragraphs: int, tag: str) -> Path:
    """A Markdown document with ``paragraphs`` × 5 distinct sentences."""
    paras, n = [], 0
    for _ in range(paragraphs):
        sents = []
        for _ in range(5):
            n += 1
            sents.append(f"{WORDS[n % len(WORDS)]} habló {tag} el día {n} en {WORDS[(n * 7) % len(WORDS)]}.")
        paras.append(" ".join(sents))
    path.write_text(f"# Noticias {tag}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    from edtools.document import load_document

    assert len({s.text for s in load_document(str(path)).segments("es")}) == paragraphs * 5 + 1
    return path


def cache_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM tm").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def cache_sources(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT source FROM tm")}
    finally:
        conn.close()


@pytest.fixture()
def hook_env(tmp_path: Path) -> dict[str, str]:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    env = dict(os.environ)
    env.pop("EDTOOLS_DEBUG", None)
    env["PYTHONPATH"] = str(hook_dir) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["EDTOOLS_TEST_CALL_LOG"] = str(tmp_path / "calls.jsonl")
    return env


def translate_args(src: Path, out: Path, cache: Path, model: Path, batch: int = 8) -> list[str]:
    return ["translate", str(src), "-o", str(out), "--model", str(model), "--backend", "transformers",
            "--cache", str(cache), "--source-lang", "es", "--beam", "1", "--batch-size", str(batch),
            "--no-glossary", "-q"]


def _default_sigint() -> None:
    # A runner that starts the suite in the background (`cmd &` in a script, nohup) passes SIGINT down
    # as ignored, and Python then never turns it into KeyboardInterrupt: the child gets the default back.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(args: list[str], env: dict[str, str], **kw) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    return subprocess.Popen(_edtools_argv() + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_default_sigint, **kw)


def wait_at_gate(gate: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until the child is parked at the gate (see the module docstring); no timing involved."""
    end = time.monotonic() + timeout
    while not (gate / "paused").exists():
        if proc.poll() is not None:
            raise AssertionError(f"finished before reaching the gate: rc={proc.returncode} {proc.stderr.read().decode()}")
        if time.monotonic() > end:
            proc.kill()
            raise AssertionError("the child never reached the gate")
        time.sleep(0.01)


def gated_env(hook_env: dict[str, str], gate: Path, after_batches: int) -> dict[str, str]:
    gate.mkdir()
    return dict(hook_env, EDTOOLS_TEST_GATE=str(gate), EDTOOLS_TEST_GATE_AFTER=str(after_batches))


def calls(log: Path) -> list[str]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def in_process_stand_in(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The same stand-in in this process; returns the list of sentences sent to the 'model'."""
    import edtools.translate.marian as marian

    seen: list[str] = []

    def fake(self, sentences):  # type: ignore[no-untyped-def]
        seen.extend(sentences)
        return stand_in(sentences)

    monkeypatch.setattr(marian.MarianTranslator, "translate_batch", fake)
    return seen


def test_sigkill_halfway_then_resume_translates_only_the_rest(
    tmp_path: Path, tiny_marian_model: Path, hook_env: dict[str, str], in_process_stand_in: list[str]
) -> None:
    src = make_doc(tmp_path / "nota.md", 60, "kill")  # 300 sentences + a heading
    db = tmp_path / "tm.sqlite"
    out = tmp_path / "nota.en.md"
    env = gated_env(hook_env, tmp_path / "gate", after_batches=10)

    proc = start(translate_args(src, out, db, tiny_marian_model), env)
    wait_at_gate(tmp_path / "gate", proc)  # ten batches of 8 answered and committed; the 11th waits
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    killed_calls = calls(Path(env["EDTOOLS_TEST_CALL_LOG"]))
    done = cache_sources(db)
    assert len(done) == 80, len(done)  # halfway: exactly the committed batches
    assert len(killed_calls) == 80
    assert not out.exists() and not list(tmp_path.glob(".nota.en.md.*")), "a killed run left an output file"
    # every committed row was answered by the model in the killed run (no phantom rows)
    assert done <= set(killed_calls)

    # run again (in this process: same command, same cache): only the rest goes to the model
    r = run_inprocess(translate_args(src, out, db, tiny_marian_model))
    assert r.returncode == 0, r.stderr
    resumed = list(in_process_stand_in)
    assert resumed, "nothing left to translate? the kill came too late"
    assert not set(resumed) & done, "segments already in the cache were translated again"
    assert len(resumed) + len(done) == 301
    assert cache_rows(db) == 301

    # the same draft as one uninterrupted run (fresh cache)
    in_process_stand_in.clear()
    ref = tmp_path / "ref.en.md"
    r = run_inprocess(translate_args(src, ref, tmp_path / "fresh.sqlite", tiny_marian_model))
    assert r.returncode == 0, r.stderr
    assert len(in_process_stand_in) == 301
    assert out.read_bytes() == ref.read_bytes()
    assert "300 día el kill habló" in ref.read_text(encoding="utf-8")  # the last sentence, by the stand-in


def test_sigint_stops_cleanly_and_keeps_the_cache(
    tmp_path: Path, tiny_marian_model: Path, hook_env: dict[str, str]
) -> None:
    src = make_doc(tmp_path / "nota.md", 60, "int")
    db = tmp_path / "tm.sqlite"
    out = tmp_path / "nota.en.md"
    env = gated_env(hook_env, tmp_path / "gate", after_batches=5)
    proc = start(translate_args(src, out, db, tiny_marian_model), env)
    wait_at_gate(tmp_path / "gate", proc)  # five batches of 8 committed; the sixth waits for the signal
    at_signal = cache_rows(db)
    assert at_signal == 40
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("edtools: interrupted"), stderr
    assert cache_rows(db) == at_signal  # nothing lost, nothing half-made
    assert not out.exists() and not list(tmp_path.glob(".nota.en.md.*"))
    # the cache is intact and usable: integrity check passes
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_two_processes_share_one_cache(
    tmp_path: Path, tiny_marian_model: Path, hook_env: dict[str, str], in_process_stand_in: list[str]
) -> None:
    db = tmp_path / "tm.sqlite"
    docs = [make_doc(tmp_path / f"{tag}.md", 30, tag) for tag in ("uno", "dos")]
    outs = [tmp_path / f"{d.stem}.en.md" for d in docs]
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = []
    for i, (d, o) in enumerate(zip(docs, outs)):
        # both processes reach their first model call before either translates: the writes overlap
        env = dict(hook_env, EDTOOLS_TEST_CALL_LOG=str(tmp_path / f"calls{i}.jsonl"), EDTOOLS_TEST_BATCH_DELAY="0.02",
                   EDTOOLS_TEST_BARRIER=str(barrier), EDTOOLS_TEST_BARRIER_N="2")
        procs.append(start(translate_args(d, o, db, tiny_marian_model, batch=4), env))
    for p in procs:
        _, err = p.communicate(timeout=120)
        stderr = err.decode("utf-8", "replace")
        assert p.returncode == 0, stderr
        assert "Traceback" not in stderr and "locked" not in stderr, stderr
    assert cache_rows(db) == 2 * 151
    assert len(list(barrier.iterdir())) == 2
    # both drafts complete and right: a re-run from the shared cache calls no model and writes the same bytes
    for d, o in zip(docs, outs):
        again = tmp_path / f"again-{o.name}"
        r = run_inprocess(translate_args(d, again, db, tiny_marian_model))
        assert r.returncode == 0, r.stderr
        assert again.read_bytes() == o.read_bytes()
    assert in_process_stand_in == []
    text = outs[0].read_text(encoding="utf-8")
    assert "uno" in text and "dos" not in text


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_cache_is_set_aside_and_rebuilt(
    damage: str, tmp_path: Path, tiny_marian_model: Path, in_process_stand_in: list[str]
) -> None:
    src = make_doc(tmp_path / "nota.md", 4, "corrupt")
    db = tmp_path / "tm.sqlite"
    out = tmp_path / "nota.en.md"
    if damage == "garbage":
        db.write_bytes(b"this is not a database at all\x00" * 100)
    else:
        r = run_inprocess(translate_args(src, out, db, tiny_marian_model))
        assert r.returncode == 0, r.stderr
        for extra in tmp_path.glob("tm.sqlite-*"):  # fold the WAL in first, then cut the file short
            extra.unlink()
        data = db.read_bytes()
        assert len(data) > 4096
        db.write_bytes(data[: len(data) // 2 + 100])
        out.unlink()
        in_process_stand_in.clear()
    r = run_inprocess(translate_args(src, out, db, tiny_marian_model))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    warnings = [line for line in r.stderr.splitlines() if "corrupt" in line]
    assert len(warnings) == 1 and warnings[0].startswith("edtools: warning:"), r.stderr
    aside = list(tmp_path.glob("tm.sqlite.corrupt-*"))
    assert len(aside) == 1, list(tmp_path.iterdir())
    assert aside[0].name in warnings[0]
    assert cache_rows(db) == 21  # rebuilt with every sentence of this run
    assert len(in_process_stand_in) == 21
    assert out.exists()
