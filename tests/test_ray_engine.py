"""--engine ray: a local Ray instance with two workers gives the local engine's drafts byte for byte,
a worker lost mid-run has its batch retried (nothing lost, nothing written twice), and without Ray
installed the command says so in one line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import _edtools_argv, run_inprocess
from test_corpus import make_corpus

ROOT = Path(__file__).resolve().parents[1]

# a Ray worker process dies (os._exit) the first time it is handed a batch; the marker file makes it once
CRASH_HOOK = '''
import os
_marker = os.environ.get("EDTOOLS_TEST_RAY_CRASH_ONCE")
if _marker:
    import edtools.translate.pipeline as _p
    _orig = _p.run_batch
    def _run_batch(translator, batch):
        try:
            fd = os.open(_marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return _orig(translator, batch)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(1)
    _p.run_batch = _run_batch
'''


def test_without_ray_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_corpus(tmp_path / "news", n_docs=2)
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    r = run_inprocess(["translate", str(tmp_path / "news"), "-o", str(tmp_path / "out"), "--engine", "ray",
                       "--no-cache", "--source-lang", "es"])
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        "edtools: error: --engine ray needs Ray, which is not installed: pip install 'edtools[ray]'")
    assert not (tmp_path / "out").exists()


def test_engine_and_jobs_are_checked(tmp_path: Path) -> None:
    src = ROOT / "examples" / "visita-oficial.es.md"
    r = run_inprocess(["translate", str(src), "--engine", "spark", "--no-cache"])
    assert r.returncode == 2 and "invalid value for --engine: 'spark'" in r.stderr
    r = run_inprocess(["translate", str(src), "--jobs", "0", "--no-cache"])
    assert r.returncode == 2 and "--jobs: 0 (must be at least 1)" in r.stderr
    r = run_inprocess(["translate", str(src), "--ray-address", "10.0.0.1:6379", "--no-cache"])
    assert r.returncode == 2 and "--ray-address needs --engine ray" in r.stderr
    r = run_inprocess(["translate", str(src), "--ray-cpus", "4", "--no-cache"])
    assert r.returncode == 2 and "--ray-cpus needs --engine ray" in r.stderr
    r = run_inprocess(["draft", str(src), "--ray-cpus", "0", "--engine", "ray", "--no-cache"])
    assert r.returncode == 2 and "--ray-cpus: 0 (must be at least 1)" in r.stderr


class FakeRay:
    """What RayRunner.start asks of Ray, recorded: the resources the actors reserve and their threads."""

    def __init__(self, cluster_cpus: float) -> None:
        self.cluster_cpus = cluster_cpus
        self.remote_options: dict = {}
        self.threads: list[int] = []

    def is_initialized(self) -> bool:
        return True  # an existing cluster, joined earlier

    def cluster_resources(self) -> dict:
        return {"CPU": self.cluster_cpus}

    def remote(self, **options):  # noqa: ANN201
        self.remote_options = options
        fake = self

        class Handle:
            @staticmethod
            def remote(spec, threads):  # noqa: ANN001, ANN205
                fake.threads.append(threads)

        return lambda cls: Handle


def test_ray_cpus_reserved_and_used_as_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """--ray-cpus N: each actor reserves N CPUs from Ray and translates with N threads; more than the
    cluster has is one error line, not actors pending for ever."""
    from edtools.errors import UserError
    from edtools.translate.ct2 import CT2Translator
    from edtools.translate.ray_engine import RayRunner

    if not (ROOT / "models" / "demo-es-en-ct2" / "model.bin").is_file():
        pytest.skip("the demo model's CTranslate2 conversion is not built")
    translator = CT2Translator(ROOT / "models" / "demo-es-en", ROOT / "models" / "demo-es-en-ct2", load=False)
    fake = FakeRay(cluster_cpus=16)
    monkeypatch.setitem(sys.modules, "ray", fake)
    RayRunner(translator, 4, address="10.0.0.1:6379", cpus=4).start()
    assert fake.remote_options["num_cpus"] == 4 and fake.threads == [4, 4, 4, 4]
    fake.threads.clear()
    RayRunner(translator, 3, address="10.0.0.1:6379").start()  # default on a cluster: one CPU, one thread
    assert fake.remote_options["num_cpus"] == 1 and fake.threads == [1, 1, 1]
    with pytest.raises(UserError, match=r"--jobs 5 x --ray-cpus 4 needs 20 CPUs, but the Ray cluster has 16"):
        RayRunner(translator, 5, address="10.0.0.1:6379", cpus=4).start()


@pytest.mark.slow
def test_ray_local_instance_two_workers_same_bytes_and_a_lost_worker(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    if not (ROOT / "models" / "demo-es-en-ct2" / "model.bin").is_file():
        pytest.skip("the demo model's CTranslate2 conversion is not built")
    news = make_corpus(tmp_path / "news", n_docs=6)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_HOOK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    common = [str(news), "--batch-size", "4", "--source-lang", "es", "-q"]
    local = subprocess.run(_edtools_argv() + ["translate", *common, "-o", str(tmp_path / "local"),
                                              "--cache", str(tmp_path / "tm-local.sqlite")],
                           capture_output=True, text=True, timeout=300, env=env)
    assert local.returncode == 0, local.stderr
    marker = tmp_path / "crashed"
    ray_env = {**env, "EDTOOLS_TEST_RAY_CRASH_ONCE": str(marker),
               "PYTHONPATH": os.pathsep.join([str(hook), *filter(None, [env.get("PYTHONPATH")])])}
    r = subprocess.run(_edtools_argv() + ["translate", *common, "-o", str(tmp_path / "ray"), "--engine", "ray",
                                          "--jobs", "2", "--ray-cpus", "1", "--cache", str(tmp_path / "tm-ray.sqlite")],
                       capture_output=True, text=True, timeout=300, env=ray_env)
    assert r.returncode == 0, r.stderr
    assert marker.exists(), "no Ray worker was lost: the retry path was not exercised"
    assert int(marker.read_text()) != os.getpid()
    got = {p.relative_to(tmp_path / "ray").as_posix(): p.read_bytes() for p in (tmp_path / "ray").rglob("*.*")}
    want = {p.relative_to(tmp_path / "local").as_posix(): p.read_bytes() for p in (tmp_path / "local").rglob("*.*")}
    assert got == want and len(got) == 6
    # the driver wrote the memory: the same rows as the local run, each once
    rows = []
    for name in ("tm-local.sqlite", "tm-ray.sqlite"):
        with sqlite3.connect(tmp_path / name) as conn:
            rows.append(sorted(conn.execute("SELECT source, target FROM tm")))
    assert rows[0] == rows[1] and len(rows[0]) > 20
