#!/usr/bin/env python3
"""Long fuzz session over every property in the suite: N minutes, counts per property.

    nice -n 10 .venv/bin/python scripts/fuzz_all.py 10             # 10 minutes over every property
    .venv/bin/python scripts/fuzz_all.py 2 --only lint,glossary-loaders

Properties:
  * document, sentences, sentences-protected, line-col, inline — the Markdown block splitter,
    sentence splitter and inline scanner (tests/test_fuzz_document.py, via scripts/fuzz_long.py);
  * glossary-match — match offsets always point at their text (tests/test_glossary_match.py);
  * lint-doubled-word — a doubled word anywhere in a Markdown document is found at its place
    (tests/test_lint_properties.py);
  * lint — lint never crashes; every finding's offsets and line/column point at its text, with the
    bundled glossary and an aligned Spanish source (tests/test_fuzz_lint.py);
  * glossary-loaders — any bytes as .yaml/.csv/.tsv/.tbx load or raise UserError (one line); what
    loads exports to every format and loads back the same (tests/test_fuzz_glossary_loaders.py).

The time is split evenly; each property runs in rounds of hypothesis examples until its share is
used up. Unlike scripts/fuzz_long.py a failing property does not stop the session: its (shrunk)
falsifying example is printed and the next property runs. Exit status 1 if any property failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def targets() -> dict:
    import fuzz_long  # helper A's document/segment/inline properties
    import test_fuzz_glossary_loaders as fg
    import test_fuzz_lint as fl
    import test_glossary_match as tgm
    import test_lint_properties as tlp

    found = dict(fuzz_long.TARGETS)
    found["glossary-match"] = (
        st.lists(tgm._ALPHABET, max_size=40).map("".join),
        tgm.test_matches_always_point_at_their_text.hypothesis.inner_test,
    )
    found["lint-doubled-word"] = (tlp.documents(), tlp.test_doubled_word_position.hypothesis.inner_test)
    found["lint"] = (fl.lint_cases, fl.check_lint_case)
    found["lint-text-format"] = (fl.lint_texts, lambda t: fl.check_lint(t, fmt="text", glossary=False))
    found["glossary-loaders"] = (fg.glossary_files, fg.check_glossary_bytes)
    return found


def run_target(strategy, check, seconds: float, batch: int) -> tuple[int, str | None]:
    """Examples run, and the failure (None when the property held)."""
    count = 0

    def counted(value):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        check(value)

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        test = settings(
            max_examples=batch, deadline=None, database=None, derandomize=False, print_blob=True,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(counted))
        try:
            test()
        except Exception as exc:  # noqa: BLE001 - hypothesis has shrunk and printed the example
            notes = "\n".join(getattr(exc, "__notes__", ()))
            tb = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            return count, f"{tb}\n{notes}".strip()
    return count, None


def main() -> int:
    import logging

    logging.disable(logging.WARNING)
    all_targets = targets()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("minutes", type=float, nargs="?", default=10.0, help="total minutes to fuzz (default 10)")
    ap.add_argument("--only", default="", help="comma-separated properties (default: all): " + ", ".join(all_targets))
    ap.add_argument("--batch", type=int, default=500, help="examples per hypothesis round")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(all_targets)
    unknown = [n for n in names if n not in all_targets]
    if unknown:
        print(f"unknown propert(ies): {', '.join(unknown)}; choose from {', '.join(all_targets)}", file=sys.stderr)
        return 2
    # the loaders' warnings (CP1252 fallbacks…) would drown the report: stderr is silenced from here on
    import os

    sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    share = args.minutes * 60 / len(names)
    total, failed = 0, []
    started = time.monotonic()
    print(f"fuzzing {len(names)} properties for {args.minutes:g} minutes ({share:.0f} s each)", flush=True)
    for name in names:
        strategy, check = all_targets[name]
        t0 = time.monotonic()
        n, failure = run_target(strategy, check, share, args.batch)
        total += n
        took = time.monotonic() - t0
        if failure:
            failed.append(name)
            print(f"{name:22s} {n:>9,d} examples in {took:6.0f} s, FAILED:\n    " + failure.replace("\n", "\n    "),
                  flush=True)
        else:
            print(f"{name:22s} {n:>9,d} examples in {took:6.0f} s, no failure", flush=True)
    print(f"{'total':22s} {total:>9,d} examples in {time.monotonic() - started:6.0f} s; "
          f"{len(failed)} propert{'y' if len(failed) == 1 else 'ies'} failed{': ' + ', '.join(failed) if failed else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
