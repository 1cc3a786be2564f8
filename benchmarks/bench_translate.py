"""Translation throughput: naive transformers loop vs edtools (transformers and CTranslate2) vs raw CTranslate2.

Builds (or reuses from ``--cache``, default ./.bench-cache) a full-size random-weight model
of the Helsinki-NLP/opus-mt-es-en architecture with real sentencepiece tokenizers, converts
it to CTranslate2 int8, forces every path to produce exactly ``--new-tokens`` tokens per
sentence (transformers: min_new_tokens = max_new_tokens; CTranslate2: min_decoding_length =
max_decoding_length), and translates the same ``--segments`` Spanish sentences (~26 words)
four ways, each in its own subprocess so that peak RSS is per path:

    naive         transformers, one sentence at a time (tokenizer -> generate -> decode)
    edtools-hf    edtools' MarianTranslator through edtools' batching path (translate_document,
                  batch 16, length-sorted)
    edtools-ct2   edtools' CT2Translator (int8) through the same batching path
    raw-ct2       ctranslate2.Translator.translate_batch on pre-tokenised input (batch 16)

Model loading and a short warm-up are not timed. The two CTranslate2 paths (a few seconds each)
are timed ``--repeat`` times (default 3) and the fastest run kept, which steadies the overhead
ratio on a shared machine; the transformers paths are timed once. Greedy and beam 4 by default (``--beam N``
runs one). The last line is machine-readable (greedy, or the one beam asked for):

    speedup_vs_naive=X.X overhead_vs_raw_ct2=Y.Y% peak_rss_mb=Z

speedup = edtools-ct2 tok/s / naive tok/s; overhead = edtools-ct2 time / raw-ct2 time - 1;
peak_rss_mb = the edtools-ct2 process's peak RSS.

    nice -n 5 .venv/bin/python benchmarks/bench_translate.py
    .venv/bin/python benchmarks/bench_translate.py --beam 4 --device cuda
    .venv/bin/python benchmarks/bench_translate.py --threads 1      # steadier when the machine is shared
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_random_marian import build_marian, spanish_sentences  # noqa: E402

MODEL_NAME = "opus-mt-es-en-random"
BUILD_PARAMS = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "vocab_size": 65001, "spm_pieces": 8000,
                "seed": 0, "format": 1}
PATHS = ("naive", "edtools-hf", "edtools-ct2", "raw-ct2")
LABELS = {
    "naive": "transformers, one sentence at a time",
    "edtools-hf": "edtools on transformers (batch 16)",
    "edtools-ct2": "edtools on CTranslate2 int8",
    "raw-ct2": "raw CTranslate2 translate_batch",
}
TARGETS = {1: 12.0, 4: 10.0}  # edtools-ct2 speedup over the naive loop
MAX_OVERHEAD = 15.0
MAX_RSS_MB = 1024


def fail(msg: str) -> None:
    print(f"bench_translate: error: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- preparing the model


def prepare(cache: Path, rebuild: bool) -> tuple[Path, Path]:
    model = cache / MODEL_NAME
    stamp = model / "bench-model.json"
    current = False
    if stamp.is_file() and not rebuild:
        try:
            current = json.loads(stamp.read_text()) == BUILD_PARAMS
        except ValueError:
            current = False
    if not current:
        print(f"building the random-weight opus-mt-es-en model in {model} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        kw = {k: v for k, v in BUILD_PARAMS.items() if k != "format"}
        build_marian(model, **kw)
        stamp.write_text(json.dumps(BUILD_PARAMS))
        print(f"  built in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    from edtools.translate.ct2 import conversion_status, convert_model, read_meta

    ct2, _why = conversion_status(model)
    if ct2 is None or (read_meta(ct2) or {}).get("quantization") != "int8":
        print("converting it to CTranslate2 int8 ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        ct2 = convert_model(model, "int8", force=True)
        print(f"  converted in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    return model, ct2


# ---------------------------------------------------------------- the workers (one path per process)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu_s() -> float:
    """CPU seconds of this process, all threads (less sensitive than wall time to a busy machine)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _forced_marian(model: Path, device: str, beam: int, n: int):
    """edtools' MarianTranslator with the output length forced to ``n`` new tokens.

    Uses the constructor's length keywords when MarianTranslator has them; otherwise a
    subclass that passes min_new_tokens = max_new_tokens to the same generate call.
    """
    import inspect

    from edtools.translate.marian import MarianTranslator

    params = inspect.signature(MarianTranslator.__init__).parameters
    if "min_new_tokens" in params and "max_new_tokens" in params:
        return MarianTranslator(model, device=device, beam=beam, min_new_tokens=n, max_new_tokens=n)

    class ForcedLength(MarianTranslator):
        def translate_batch(self, sentences: list[str]) -> list[str]:
            if not sentences:
                return []
            torch = self._torch
            batch = self._tokenizer(sentences, return_tensors="pt", padding=True, truncation=True,
                                    max_length=self._max_positions)
            batch = {k: v.to(self.device) for k, v in batch.items()}
            with torch.inference_mode():
                out = self._model.generate(**batch, num_beams=self.beam, min_new_tokens=n, max_new_tokens=n,
                                           max_length=None)
            return [t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True)]

    return ForcedLength(model, device=device, beam=beam)


_CPU = [0.0, 0.0]  # CPU seconds at the start and end of the timed section


def _edtools_path(translator, sentences: list[str], batch_size: int, repeat: int = 1) -> tuple[float, int]:
    """Translate through edtools' document pipeline (segmentation, batching, reassembly); fastest of ``repeat``."""
    from edtools.document import parse_document
    from edtools.translate.pipeline import translate_document

    doc = parse_document("\n\n".join(sentences) + "\n", fmt="markdown", path="bench.md")
    warm = parse_document(sentences[0] + "\n", fmt="markdown", path="warm.md")
    translate_document(warm, translator, cache=None, batch_size=batch_size)
    best = None
    for _ in range(repeat):
        cpu0 = _cpu_s()
        t = time.perf_counter()
        result = translate_document(doc, translator, cache=None, batch_size=batch_size)
        seconds = time.perf_counter() - t
        if best is None or seconds < best:
            best, _CPU[0], _CPU[1] = seconds, cpu0, _cpu_s()
    seconds = best
    if result.segments != len(sentences):
        raise SystemExit(f"edtools segmented the {len(sentences)} benchmark sentences into {result.segments}")
    return seconds, result.segments


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    sentences = spanish_sentences(args.segments, words=26, seed=1)
    n = args.new_tokens
    beam = args.beam
    model, ct2 = Path(args.model), Path(args.ct2)
    tokens = None  # counted where the path exposes tokens; else n per sentence (forced)
    if args.worker == "naive":
        import torch
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        torch.set_num_threads(args.threads)
        tok = MarianTokenizer.from_pretrained(str(model))
        mt = MarianMTModel.from_pretrained(str(model)).to(args.device).eval()

        def one(s: str) -> int:
            batch = {k: v.to(args.device) for k, v in tok([s], return_tensors="pt").items()}
            with torch.inference_mode():
                out = mt.generate(**batch, num_beams=beam, min_new_tokens=n, max_new_tokens=n, max_length=None)
            tok.batch_decode(out, skip_special_tokens=True)
            return int(out.shape[1]) - 1  # minus the decoder start token

        one(sentences[0])
        _CPU[0] = _cpu_s()
        t = time.perf_counter()
        tokens = sum(one(s) for s in sentences)
        seconds = time.perf_counter() - t
        _CPU[1] = _cpu_s()
    elif args.worker == "edtools-hf":
        translator = _forced_marian(model, args.device, beam, n)
        import torch

        torch.set_num_threads(args.threads)  # MarianTranslator takes every core; --threads may ask fewer
        seconds, _ = _edtools_path(translator, sentences, args.batch_size, args.repeat)
    elif args.worker == "edtools-ct2":
        from edtools.translate.ct2 import CT2Translator

        translator = CT2Translator(model, ct2, device=args.device, beam=beam, min_length=n, max_new_tokens=n,
                                   threads=args.threads)
        seconds, _ = _edtools_path(translator, sentences, args.batch_size, args.repeat)
    elif args.worker == "raw-ct2":
        import ctranslate2
        from transformers import MarianTokenizer

        tok = MarianTokenizer.from_pretrained(str(model))
        pieces = [tok.convert_ids_to_tokens(ids) for ids in tok(sentences)["input_ids"]]
        # the best plain layout for CTranslate2 on this many threads, the same one edtools uses:
        # two workers decoding half-batches in parallel on 2+ CPU cores
        workers = 2 if args.device == "cpu" and args.threads >= 2 else 1
        tr = ctranslate2.Translator(str(ct2), device=args.device, compute_type="default",
                                    intra_threads=max(1, args.threads // workers), inter_threads=workers)
        kw = dict(beam_size=beam, min_decoding_length=n, max_decoding_length=n,
                  max_batch_size=max(1, -(-args.batch_size // workers)))
        tr.translate_batch(pieces[:2], **kw)
        seconds = None
        for _ in range(args.repeat):
            cpu0 = _cpu_s()
            t = time.perf_counter()
            results = tr.translate_batch(pieces, **kw)
            took = time.perf_counter() - t
            if seconds is None or took < seconds:
                seconds, _CPU[0], _CPU[1] = took, cpu0, _cpu_s()
        tokens = sum(len(r.hypotheses[0]) for r in results)
    else:
        raise SystemExit(f"unknown path {args.worker}")
    nominal = n * len(sentences)
    print(json.dumps({
        "path": args.worker, "seconds": seconds, "tokens": tokens if tokens is not None else nominal,
        "nominal_tokens": nominal, "peak_rss_mb": _peak_rss_mb(), "cpu_seconds": _CPU[1] - _CPU[0],
    }))


# ---------------------------------------------------------------- the driver


def run_path(path: str, beam: int, args: argparse.Namespace, model: Path, ct2: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", path, "--beam", str(beam),
           "--model", str(model), "--ct2", str(ct2), "--segments", str(args.segments),
           "--new-tokens", str(args.new_tokens), "--batch-size", str(args.batch_size), "--device", args.device,
           "--threads", str(args.threads), "--repeat", str(args.repeat if path in ("edtools-ct2", "raw-ct2") else 1)]
    env = dict(os.environ)
    env.pop("CT2_USE_MKL", None)  # 15x slower int8 on this CPU (docs/draft.md)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        fail(f"path {path} (beam {beam}) failed:\n  " + "\n  ".join(tail))
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["tok_s"] = result["tokens"] / result["seconds"]
    return result


def table(beam: int, results: dict[str, dict]) -> str:
    naive = results["naive"]["tok_s"]
    raw = results["raw-ct2"]["tok_s"]
    lines = [
        f"beam {beam}" + (" (greedy)" if beam == 1 else ""),
        "| path | tok/s | × naive | × raw CT2 | seconds | CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in PATHS:
        r = results[p]
        lines.append(
            f"| {LABELS[p]} | {r['tok_s']:.0f} | {r['tok_s'] / naive:.1f} | {r['tok_s'] / raw:.2f} | "
            f"{r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def summary(beam: int, results: dict[str, dict]) -> tuple[float, float, float]:
    speed = results["edtools-ct2"]["tok_s"] / results["naive"]["tok_s"]
    overhead = (results["edtools-ct2"]["seconds"] / results["raw-ct2"]["seconds"] - 1.0) * 100.0
    rss = results["edtools-ct2"]["peak_rss_mb"]
    return speed, overhead, rss


def check_cuda() -> None:
    try:
        import torch

        torch_ok = torch.cuda.is_available()
    except ImportError:
        torch_ok = False
    import ctranslate2

    if not torch_ok or ctranslate2.get_cuda_device_count() < 1:
        fail(
            "--device cuda: no CUDA device available "
            f"(torch sees {'one' if torch_ok else 'none'}, CTranslate2 sees {ctranslate2.get_cuda_device_count()})"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=".bench-cache", help="folder for the generated model (default ./.bench-cache)")
    ap.add_argument("--rebuild", action="store_true", help="build and convert the model again")
    ap.add_argument("--beam", type=int, default=None, help="run one beam size (default: greedy and beam 4)")
    ap.add_argument("--segments", type=int, default=50)
    ap.add_argument("--new-tokens", type=int, default=40)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--repeat", type=int, default=3,
                    help="time the two CTranslate2 paths this many times and keep the fastest (default 3)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="CPU threads for every path (default: all cores; 1 is steadier on a busy machine)")
    ap.add_argument("--worker", choices=PATHS, help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--ct2", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    if args.beam is not None and args.beam < 1:
        fail("--beam must be at least 1")
    if args.threads < 1:
        fail("--threads must be at least 1")
    if os.environ.get("CT2_USE_MKL"):
        print("bench_translate: note: ignoring CT2_USE_MKL (much slower int8 on AMD CPUs)", file=sys.stderr)
    if args.device == "cuda":
        check_cuda()
    started = time.perf_counter()
    load0 = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    model, ct2 = prepare(Path(args.cache), args.rebuild)
    beams = [args.beam] if args.beam is not None else [4, 1]  # greedy last: the last line is greedy
    print(f"{args.segments} segments (~26 words), {args.new_tokens} forced new tokens each, batch {args.batch_size}, "
          f"device {args.device}, {args.threads} CPU threads ({os.cpu_count()} cores); model {model}")
    final = None
    for beam in beams:
        results = {}
        for p in PATHS:
            print(f"  running {p} (beam {beam}) ...", file=sys.stderr, flush=True)
            results[p] = run_path(p, beam, args, model, ct2)
        print()
        print(table(beam, results))
        speed, overhead, rss = summary(beam, results)
        target = TARGETS.get(beam, TARGETS[4])
        verdict = lambda ok: "ok" if ok else "MISSED"  # noqa: E731
        print(f"edtools-ct2: {speed:.1f}x the naive loop (target >= {target:.0f}x: {verdict(speed >= target)}); "
              f"overhead over raw CT2 {overhead:.1f}% (target <= {MAX_OVERHEAD:.0f}%: "
              f"{verdict(overhead <= MAX_OVERHEAD)}); peak RSS {rss:.0f} MB "
              f"(target <= {MAX_RSS_MB}: {verdict(rss <= MAX_RSS_MB)})")
        final = (speed, overhead, rss)
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average at the start {load0}, at the end "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (timings on a busy machine are noisy)")
    speed, overhead, rss = final
    print(f"speedup_vs_naive={speed:.1f} overhead_vs_raw_ct2={overhead:.1f}% peak_rss_mb={rss:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
