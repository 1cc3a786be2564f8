"""Newsroom scale: a folder of documents four ways, through the real `edtools translate` command.

Builds (or reuses from ``--cache``, default ./.bench-cache) the full-size random-weight model of the
Helsinki-NLP/opus-mt-es-en shape and its CTranslate2 int8 conversion (bench_translate.py's
``prepare``), and a generated corpus: ``--docs`` Markdown documents (default 60) of 5–30 Spanish
sentences of mixed lengths (about 10, 16, 26 and 40 words), most of them ending with some of a few
boilerplate sentences (agency credits, standard disclaimers) repeated across documents. Then:

    per-file   one `edtools translate DOC -o OUT` process per document, as a shell loop runs it
    batch      one `edtools translate corpus/ -o out/` run
    jobs2      the same with --jobs 2
    ray2       the same with --engine ray --jobs 2 (a local Ray instance, started by the run)

Every run is the real command line (edtools.cli.main) in a fresh process, with an empty translation
memory (--no-cache), the default beam (4) and one change: the translator is the CTranslate2 int8
conversion of the random model with every output forced to ``--new-tokens`` pieces (min = max
decoding length), so that all paths do the same work. Worker processes and Ray actors get the
same forced translator through the translator spec. Wall time includes everything a user waits for
(interpreter start, imports, model loads, Ray start-up). Peak RSS is sampled (every 0.1 s) over
the run's process and all its descendants (workers, raylet, Ray actors); W is the largest of any
single process. The batch, jobs2 and ray2 drafts are compared byte for byte.

Last line, exactly:

    batch_speedup_vs_per_file=X jobs2_vs_batch=Y ray_vs_jobs2=Z peak_rss_mb=W

where each ratio is documents per minute of the first over the second.

    nice -n 5 .venv/bin/python benchmarks/bench_corpus.py            # ~6 minutes on 2 cores
    .venv/bin/python benchmarks/bench_corpus.py --docs 20 --skip ray2  # quicker look
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BOILERPLATE = [
    "La información fue proporcionada por la agencia EFE y la redacción de este medio.",
    "Las opiniones expresadas por los entrevistados no reflejan necesariamente la línea editorial.",
    "Para más información sobre este tema, consulte la edición impresa de mañana.",
]
CONFIGS = ("per-file", "batch", "jobs2", "ray2")
TARGETS = {"batch_speedup_vs_per_file": 4.0, "ray_vs_jobs2": 0.75}
MAX_RSS_MB = 1536


# ---------------------------------------------------------------- the forced translator (in each run)


def cli_main(argv: list[str]) -> None:
    """edtools.cli.main(argv) with load_translator giving the forced CTranslate2 translator."""
    import edtools.translate.backends as backends
    from edtools.translate.ct2 import CT2Translator

    n = int(os.environ["BENCH_NEW_TOKENS"])

    def forced(model, *, backend="auto", device="cpu", beam=4, config=None):  # noqa: ANN001, ANN202, ARG001
        return CT2Translator(os.environ["BENCH_MODEL"], os.environ["BENCH_CT2"], device=device, beam=beam,
                             min_length=n, max_new_tokens=n, display_name="opus-mt-es-en-random", load=False)

    backends.load_translator = forced
    from edtools.cli import main

    main(argv)


# ---------------------------------------------------------------- the corpus


def make_corpus(folder: Path, docs: int, seed: int = 7) -> tuple[int, int]:
    """``docs`` Markdown files; returns (documents, sentences)."""
    from make_random_marian import spanish_sentences

    rng = random.Random(seed)
    pools = {w: spanish_sentences(400, words=w, seed=w) for w in (10, 16, 26, 40)}
    shutil.rmtree(folder, ignore_errors=True)
    total = 0
    for k in range(docs):
        n = rng.randint(5, 30)
        sents = [rng.choice(pools[rng.choice((10, 16, 16, 26, 26, 40))]) for _ in range(n)]
        if rng.random() < 0.8:
            sents[-rng.randint(1, 2):] = rng.sample(BOILERPLATE, 2)[: min(2, n)]
        paras = ["# Nota " + str(k + 1)]
        i = 0
        while i < len(sents):
            step = rng.randint(2, 5)
            paras.append(" ".join(sents[i : i + step]))
            i += step
        sub = folder / f"seccion{k % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"nota{k:03d}.es.md").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        total += len(sents)
    return docs, total


# ---------------------------------------------------------------- measuring


class RssSampler(threading.Thread):
    """Largest VmRSS of any process in the tree under ``pid`` (sampled)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.roots: set[int] = set()
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            time.sleep(0.1)

    def sample(self) -> None:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/status", encoding="utf-8") as fh:
                    fields = dict(line.split(":", 1) for line in fh if ":" in line)
            except OSError:
                continue
            pid = int(entry)
            parents[pid] = int(fields.get("PPid", "0").strip() or 0)
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
        for pid, kb in rss.items():
            p, depth = pid, 0
            while p and p not in self.roots and depth < 50:
                p, depth = parents.get(p, 0), depth + 1
            if p in self.roots and kb > self.peak_kb:
                self.peak_kb = kb

    def stop(self) -> None:
        self._stop_event.set()


def run_cli(args: list[str], env: dict[str, str], sampler: RssSampler) -> None:
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--cli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler.roots.add(proc.pid)
    _, err = proc.communicate()
    sampler.sample()
    if proc.returncode != 0:
        raise SystemExit(f"bench_corpus: error: `edtools {' '.join(args)}` failed ({proc.returncode}):\n{err}")


def measure(config: str, corpus: Path, out: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS MB of any process) for one configuration."""
    shutil.rmtree(out, ignore_errors=True)
    sampler = RssSampler()
    sampler.start()
    started = time.perf_counter()
    common = ["--no-cache", "-q"]
    if config == "per-file":
        for doc in sorted(corpus.rglob("*.md")):
            rel = doc.relative_to(corpus)
            target = out / rel.parent / rel.name.replace(".es.md", ".en.md")
            target.parent.mkdir(parents=True, exist_ok=True)
            run_cli(["translate", str(doc), "-o", str(target), *common], env, sampler)
    else:
        extra = {"batch": [], "jobs2": ["--jobs", "2"], "ray2": ["--engine", "ray", "--jobs", "2"]}[config]
        run_cli(["translate", str(corpus), "-o", str(out), *common, *extra], env, sampler)
    seconds = time.perf_counter() - started
    sampler.stop()
    return seconds, sampler.peak_kb / 1024


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def same_tree(a: Path, b: Path) -> bool:
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    return files(a) == files(b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="folder translation: per-file loop vs batch vs --jobs 2 vs Ray")
    ap.add_argument("--cache", default=".bench-cache", help="folder for the model and corpus (default ./.bench-cache)")
    ap.add_argument("--docs", type=int, default=60, help="documents in the corpus (default 60)")
    ap.add_argument("--new-tokens", type=int, default=32, help="forced output pieces per sentence (default 32)")
    ap.add_argument("--skip", action="append", default=[], choices=CONFIGS, help="leave a configuration out")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the random model")
    args = ap.parse_args(argv)
    from bench_translate import prepare

    cache = Path(args.cache).resolve()
    model, ct2 = prepare(cache, args.rebuild)
    corpus = cache / "corpus"
    docs, sentences = make_corpus(corpus, args.docs)
    print(f"corpus: {docs} documents, {sentences} sentences ({len(BOILERPLATE)} boilerplate sentences repeated); "
          f"forced {args.new_tokens} output pieces each, beam 4, CTranslate2 int8; {os.cpu_count()} cores",
          flush=True)
    env = {**os.environ, "BENCH_MODEL": str(model), "BENCH_CT2": str(ct2), "BENCH_NEW_TOKENS": str(args.new_tokens),
           "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    env.pop("RAY_ADDRESS", None)
    if "ray2" not in args.skip:
        try:
            import ray  # noqa: F401
        except ImportError:
            print("ray is not installed (pip install -e '.[ray]'): skipping ray2", flush=True)
            args.skip.append("ray2")
    results: dict[str, tuple[float, float]] = {}
    for config in CONFIGS:
        if config in args.skip:
            continue
        before = load()
        seconds, rss = measure(config, corpus, cache / f"out-{config}", env)
        results[config] = (seconds, rss)
        print(f"  {config:9s} {seconds:7.1f} s  {docs / seconds * 60:7.1f} docs/min  peak RSS {rss:6.0f} MB"
              f"  (load before: {before}; after: {load()})", flush=True)
    print()
    print("| configuration | seconds | documents/min | peak RSS MB (largest process) |")
    print("| --- | --- | --- | --- |")
    for config, (seconds, rss) in results.items():
        print(f"| {config} | {seconds:.1f} | {docs / seconds * 60:.1f} | {rss:.0f} |")
    outs = [cache / f"out-{c}" for c in ("batch", "jobs2", "ray2") if c in results]
    if len(outs) > 1:
        same = all(same_tree(outs[0], o) for o in outs[1:])
        print(f"\ndrafts byte for byte the same across {', '.join(o.name[4:] for o in outs)}: {'yes' if same else 'NO'}")

    def ratio(a: str, b: str) -> float:
        if a not in results or b not in results:
            return float("nan")
        return results[b][0] / results[a][0]  # documents/min of a over b = time of b over time of a

    batch_vs_file = ratio("batch", "per-file")
    jobs2_vs_batch = ratio("jobs2", "batch")
    ray_vs_jobs2 = ratio("ray2", "jobs2")
    peak = max((rss for _, rss in results.values()), default=0.0)
    print(f"targets: batch >= {TARGETS['batch_speedup_vs_per_file']}x per-file, ray >= {TARGETS['ray_vs_jobs2']}x "
          f"jobs2, peak RSS <= {MAX_RSS_MB} MB; load average now {load()}")
    print(f"batch_speedup_vs_per_file={batch_vs_file:.2f} jobs2_vs_batch={jobs2_vs_batch:.2f} "
          f"ray_vs_jobs2={ray_vs_jobs2:.2f} peak_rss_mb={peak:.0f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--cli":
        cli_main(sys.argv[2:])
    else:
        sys.exit(main())
