"""How fast can CTranslate2 go on this machine? Batch sizes, thread layouts and CPU kernels swept.

bench_corpus.py's batch run is ~99 % model time, so its ratio over a per-file loop is capped by the
model's best throughput here. This script measures that ceiling on the same full-size random-weight
opus-mt-es-en shape (int8, beam 4, every output forced to ``--new-tokens`` pieces), on ``--sentences``
distinct sentences of bench_corpus.py's corpus, length-sorted and cut into batches as edtools does,
each batch split in two halves (as CT2Translator does). Each layout runs in its own process, because
CTranslate2 reads its CPU settings (CT2_FORCE_CPU_ISA, CT2_USE_MKL) when it is imported:

    layout       workers x threads   environment
    2x1          inter 2, intra 1    (edtools' choice on 2 cores)
    1x2          inter 1, intra 2
    2x1-avx512   inter 2, intra 1    CT2_FORCE_CPU_ISA=AVX512
    2x1-mkl      inter 2, intra 1    CT2_USE_MKL=1 (Intel MKL, off by default on AMD CPUs; only on
                                     request: on this AMD EPYC it ran 1-2 sentences/s, ten times slower)

Prints sentences/s per layout and batch size; the last line is the best:

    best_sentences_per_s=X layout=L batch=B

    .venv/bin/python benchmarks/bench_ct2_layouts.py                       # ~3 minutes on 2 cores
    .venv/bin/python benchmarks/bench_ct2_layouts.py --layouts 2x1 --batches 16,64
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LAYOUTS = {
    "2x1": ((1, 2), {}),
    "1x2": ((2, 1), {}),
    "2x1-avx512": ((1, 2), {"CT2_FORCE_CPU_ISA": "AVX512"}),
    "2x1-mkl": ((1, 2), {"CT2_USE_MKL": "1"}),
}


def corpus_sentences(corpus: Path, limit: int) -> list[str]:
    """The distinct sentences of bench_corpus.py's documents, in file order."""
    from edtools.segment import split_sentences

    seen: dict[str, None] = {}
    for path in sorted(corpus.rglob("*.md")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            para = para.strip()
            if para and not para.startswith("#"):
                seen.update((para[a:b], None) for a, b in split_sentences(para))
    return list(seen)[:limit]


def worker(args: argparse.Namespace) -> None:
    """One layout: print a JSON line {batch: sentences/s}."""
    import ctranslate2

    from edtools.translate.spm import MarianPieces

    intra, inter = LAYOUTS[args.layout][0]
    sentences = corpus_sentences(Path(args.corpus), args.sentences)
    pieces = sorted(MarianPieces(Path(args.model)).encode(sentences, 512), key=len)
    translator = ctranslate2.Translator(args.ct2, compute_type="int8", intra_threads=intra, inter_threads=inter)
    options = {"beam_size": 4, "patience": 2.0, "max_decoding_length": args.new_tokens,
               "min_decoding_length": args.new_tokens, "return_scores": False}
    translator.translate_batch(pieces[:4], **options)  # warm-up
    rates = {}
    for size in args.batch_sizes:
        started = time.perf_counter()
        for i in range(0, len(pieces), size):
            batch = pieces[i : i + size]
            translator.translate_batch(batch, max_batch_size=max(1, -(-len(batch) // 2)), **options)
        rates[size] = len(pieces) / (time.perf_counter() - started)
    print(json.dumps(rates), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="CTranslate2 throughput by batch size and thread layout")
    ap.add_argument("--cache", default=".bench-cache", help="bench_corpus.py's folder (default ./.bench-cache)")
    ap.add_argument("--sentences", type=int, default=256, help="distinct corpus sentences (default 256)")
    ap.add_argument("--new-tokens", type=int, default=32, help="forced output pieces (default 32)")
    ap.add_argument("--batches", default="8,16,32,64,128", help="batch sizes (default 8,16,32,64,128)")
    default = "2x1,1x2,2x1-avx512"
    ap.add_argument("--layouts", default=default, help=f"of {', '.join(LAYOUTS)} (default {default})")
    args = ap.parse_args(argv)
    from bench_corpus import make_corpus
    from bench_translate import prepare

    cache = Path(args.cache).resolve()
    model, ct2 = prepare(cache, False)
    corpus = cache / "corpus"
    if not corpus.is_dir():
        make_corpus(corpus, 60)
    best = (0.0, "", 0)
    print(f"{args.sentences} sentences, beam 4, {args.new_tokens} forced pieces, int8, {os.cpu_count()} cores")
    for layout in args.layouts.split(","):
        if layout not in LAYOUTS:
            raise SystemExit(f"bench_ct2_layouts: error: unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
        env = {**os.environ, **LAYOUTS[layout][1],
               "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
        cmd = [sys.executable, __file__, "--worker", layout, str(model), str(ct2), str(corpus),
               str(args.sentences), str(args.new_tokens), args.batches]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"bench_ct2_layouts: error: layout {layout} failed:\n{out.stderr}")
        rates = {int(k): v for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}
        print(f"  {layout:11s} " + "  ".join(f"batch {b}: {r:5.1f}/s" for b, r in rates.items()), flush=True)
        for b, r in rates.items():
            best = max(best, (r, layout, b))
    print(f"best_sentences_per_s={best[0]:.1f} layout={best[1]} batch={best[2]}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        layout, model, ct2, corpus, n, new, batches = sys.argv[2:9]
        worker(argparse.Namespace(layout=layout, model=model, ct2=ct2, corpus=corpus, sentences=int(n),
                                  new_tokens=int(new), batch_sizes=[int(b) for b in batches.split(",")]))
    else:
        sys.exit(main())
