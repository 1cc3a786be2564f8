#!/usr/bin/env python3
"""Long fuzz session: run the suite's hypothesis properties for N minutes and print the counts.

    .venv/bin/python scripts/fuzz_long.py 10            # 10 minutes over every target
    .venv/bin/python scripts/fuzz_long.py 2 --only document,sentences

Each target is a (strategy, check) pair taken from the tests; the time is split evenly between
the targets, and each runs in rounds of hypothesis examples until its share is used up. A failing
example is printed (hypothesis shrinks it) and the script exits 1. Other parts of edtools add their
targets to TARGETS below.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _document_targets() -> dict:
    import test_fuzz_document as fd

    return {
        "document": (fd.documents, fd.check_document),
        "sentences": (
            st.tuples(fd.sentence_text, st.sampled_from(["es", "en"])),
            lambda t: fd.check_sentences(t[0], t[1]),
        ),
        "sentences-protected": (
            st.tuples(fd.sentence_text, st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30)), max_size=4)),
            lambda t: fd.check_sentences(
                t[0], "es", tuple(sorted((s, min(s + w, len(t[0]))) for s, w in t[1] if s < len(t[0])))
            ),
        ),
        "line-col": (
            st.tuples(fd.any_text | fd.markdownish, st.lists(st.integers(0, 10_000), min_size=1, max_size=10)),
            lambda t: fd.check_line_col(t[0], t[1]),
        ),
        "inline": (fd.markdownish | fd.any_text, fd.check_inline),
    }


TARGETS = {**_document_targets()}


def run_target(name: str, strategy, check, seconds: float, batch: int) -> int:
    count = 0

    def counted(value):
        nonlocal count
        count += 1
        check(value)

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        test = settings(
            max_examples=batch, deadline=None, database=None, derandomize=False,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(counted))
        test()
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("minutes", type=float, help="total minutes to fuzz")
    ap.add_argument("--only", default="", help="comma-separated targets (default: all): " + ", ".join(TARGETS))
    ap.add_argument("--batch", type=int, default=2000, help="examples per hypothesis round")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        print(f"unknown target(s): {', '.join(unknown)}; choose from {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    share = args.minutes * 60 / len(names)
    total = 0
    started = time.monotonic()
    for name in names:
        strategy, check = TARGETS[name]
        t0 = time.monotonic()
        try:
            n = run_target(name, strategy, check, share, args.batch)
        except Exception as exc:  # a property failed: hypothesis has printed the falsifying example
            print(f"{name}: FAILED after {time.monotonic() - t0:.0f} s: {type(exc).__name__}: {exc}")
            for line in getattr(exc, "__notes__", ()):
                print("   ", line)
            return 1
        total += n
        print(f"{name:22s} {n:>9,d} examples in {time.monotonic() - t0:6.0f} s, no failure", flush=True)
    print(f"{'total':22s} {total:>9,d} examples in {time.monotonic() - started:6.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
