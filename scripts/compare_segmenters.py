#!/usr/bin/env python3
"""Compare Spanish sentence splitters on the segmentation cases, and their speed on a long string.

    .venv/bin/python scripts/compare_segmenters.py [CASES] [--kb 150] [--lang es]

CASES defaults to ../shared/data/segment-cases.txt (beside the checkout), else
tests/data/segment_cases.txt. Prints each case's pass/fail per splitter, a score table, and
throughput in KB/s on one long generated string (one call over the whole string, which is
where super-linear splitters collapse) and paragraph by paragraph.
Needs the bench extra: pysbd, sentencex, sentence-splitter.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def load_cases(path: Path) -> list[tuple[str, list[str]]]:
    from test_segment import load_cases as _load

    return _load(path)


def splitters(lang: str):
    out = {}
    from edtools.segment import sentences

    out["edtools"] = lambda t: sentences(t, lang)
    try:
        import pysbd

        seg = pysbd.Segmenter(language=lang, clean=False, char_span=False)
        out["pysbd"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        print("pysbd not installed: skipped", file=sys.stderr)
    try:
        from sentencex import segment

        out["sentencex"] = lambda t: [s.strip() for s in segment(lang, t) if s.strip()]
    except ImportError:
        print("sentencex not installed: skipped", file=sys.stderr)
    try:
        from sentence_splitter import SentenceSplitter

        ss = SentenceSplitter(language=lang)
        out["sentence-splitter"] = lambda t: [s.strip() for s in ss.split(t) if s.strip()]
    except ImportError:
        print("sentence-splitter not installed: skipped", file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="?", help="segmentation cases file")
    ap.add_argument("--kb", type=int, default=150, help="size of the long string in KB (default 150)")
    ap.add_argument("--lang", default="es")
    ap.add_argument("--doc-mb", type=float, default=1.0, help="size of the Markdown document benchmark in MB")
    args = ap.parse_args()
    if args.cases:
        path = Path(args.cases)
    else:
        shared = ROOT.parent / "shared" / "data" / "segment-cases.txt"
        path = shared if shared.is_file() else ROOT / "tests" / "data" / "segment_cases.txt"
    cases = load_cases(path)
    fns = splitters(args.lang)
    names = list(fns)
    print(f"cases: {path} ({len(cases)})\n")
    print(f"{'case':<6}" + "".join(f"{n:>19}" for n in names))
    score = dict.fromkeys(names, 0)
    failures: dict[str, list[tuple[int, list[str]]]] = {n: [] for n in names}
    for i, (text, expected) in enumerate(cases, 1):
        row = f"{i:<6}"
        for n in names:
            try:
                got = fns[n](text)
            except Exception as exc:  # noqa: BLE001 - a crashing splitter fails the case
                got = [f"<{type(exc).__name__}>"]
            ok = got == expected
            score[n] += ok
            if not ok:
                failures[n].append((i, got))
            row += f"{'pass' if ok else 'FAIL':>19}"
        print(row)
    print()
    for n in names:
        for i, got in failures[n]:
            print(f"  {n} case {i}: {' | '.join(got)}")
    # throughput
    para = " ".join(text for text, _exp in cases)
    long_text = (para + " ") * (args.kb * 1024 // (len(para.encode("utf-8")) + 1) + 1)
    long_text = long_text[: args.kb * 1024]
    kb = len(long_text.encode("utf-8")) / 1024
    paras = [text for text, _exp in cases] * 40
    para_kb = sum(len(p.encode("utf-8")) for p in paras) / 1024
    print(f"\n{'splitter':<20}{'score':>8}{'KB/s one string':>18}{'KB/s per paragraph':>21}")
    for n in names:
        fn = fns[n]
        t0 = time.perf_counter()
        for p in paras:
            fn(p)
        per_para = para_kb / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        fn(long_text)
        whole = kb / (time.perf_counter() - t0)
        print(f"{n:<20}{f'{score[n]}/{len(cases)}':>8}{whole:>18,.0f}{per_para:>21,.0f}")
    print(f"\n(one string: {kb:.0f} KB in a single call; per paragraph: {len(paras)} case paragraphs, {para_kb:.0f} KB)")
    if args.lang == "es":
        bench_document(args.doc_mb)
    return 0


def bench_document(mb: float) -> None:
    """edtools end to end on a big Markdown file: parse_document + Document.segments()."""
    from edtools.document import parse_document

    sample = (ROOT / "tests" / "data" / "rich_sample.es.md").read_text(encoding="utf-8")
    body = sample.split("---\n", 2)[2] + "\n"  # without the front matter, so it can repeat
    big = body * (int(mb * 1_000_000) // len(body) + 1)
    best_parse = best_seg = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        doc = parse_document(big, fmt="markdown")
        t1 = time.perf_counter()
        segs = doc.segments("es")
        t2 = time.perf_counter()
        best_parse = min(best_parse, t1 - t0)
        best_seg = min(best_seg, t2 - t1)
    size = len(big.encode("utf-8")) / 1e6
    print(
        f"\nMarkdown document, {size:.2f} MB ({len(doc.blocks):,} blocks, {len(segs):,} segments), best of 3: "
        f"parse {best_parse:.2f} s + segments {best_seg:.2f} s = {best_parse + best_seg:.2f} s (target: well under 2 s)"
    )


if __name__ == "__main__":
    sys.exit(main())
