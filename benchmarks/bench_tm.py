"""Approved-memory lookups on a large memory: exact reuse and fuzzy search, against a naive scan.

Builds a memory of N generated Spanish sentences (default 50,000), then for Q queries (near
copies of stored sentences: one word changed) times
  * ``ApprovedMemory.exact`` (one indexed SQL lookup per segment),
  * ``ApprovedMemory.search`` (length window by bisection, rapidfuzz bulk scoring in C), first call
    (loads the in-memory index) and warm,
  * a naive baseline: python-Levenshtein ``match_percent`` against every stored sentence.

    .venv/bin/python benchmarks/bench_tm.py [--units 50000] [--queries 30] [--seed 3]

Prints milliseconds per query and the speed-up over the naive scan (CPU time, single-threaded).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from edtools.tm.match import fuzzy_key, match_percent
from edtools.tm.store import ApprovedMemory, TMUnit

WORDS = ("el", "la", "de", "que", "en", "y", "los", "se", "del", "las", "un", "por", "con", "para", "una",
         "gobierno", "dijo", "reunión", "acuerdo", "país", "seguridad", "cooperación", "este", "miércoles",
         "Quito", "según", "también", "informe", "años", "millones", "durante", "sobre", "entre", "ministerio",
         "Asamblea", "Nacional", "presupuesto", "Policía", "detuvo", "personas", "Guayaquil", "Cancillería",
         "comunicado", "Presidencia", "decreto", "provincias", "lluvias", "alcalde", "vecinos", "frontera")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        memory = ApprovedMemory(Path(tmp) / "tm.sqlite")
        units = [TMUnit(sentence(rng), f"target {i}") for i in range(args.units)]
        t = time.process_time()
        memory.add_many(units)
        print(f"stored {args.units} units in {time.process_time() - t:.2f} s")
        queries = []
        for u in rng.sample(units, args.queries):
            words = u.source.split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            queries.append(" ".join(words))

        t = time.process_time()
        memory.exact(queries)
        exact_ms = (time.process_time() - t) * 1000 / args.queries
        t = time.process_time()
        first = [memory.search(q) for q in queries[:1]]
        first_ms = (time.process_time() - t) * 1000
        t = time.process_time()
        found = [memory.search(q) for q in queries]
        warm_ms = (time.process_time() - t) * 1000 / args.queries
        keys = [fuzzy_key(u.source) for u in units]
        t = time.process_time()
        naive = []
        for q in queries[:5]:
            k = fuzzy_key(q)
            naive.append(max(match_percent(k, other) for other in keys))
        naive_ms = (time.process_time() - t) * 1000 / 5
        hits = sum(1 for f in found if f)
        print(f"exact lookup:           {exact_ms:8.3f} ms/segment")
        print(f"fuzzy search, first:    {first_ms:8.1f} ms (loads the index; {len(first[0])} match)")
        print(f"fuzzy search, warm:     {warm_ms:8.1f} ms/segment ({hits}/{args.queries} found a match ≥ 75 %)")
        print(f"naive scan (Levenshtein per unit): {naive_ms:8.1f} ms/segment -> {naive_ms / warm_ms:.1f}x slower")
        memory.close()


if __name__ == "__main__":
    main()
