"""Lint accuracy on the real-MT dev set: recall per error category and precision.

    .venv/bin/python benchmarks/bench_accuracy.py [--dir tests/data/realmt] [--drafts-suffix .apertium.en.txt]
                                                  [--labels PATH] [--json] [--show-misses] [--show-false-alarms]

For every ``NN-slug<suffix>`` draft in the folder (``--dir``; default the dev set,
tests/data/realmt; ``--dir tests/data/realmt-holdout`` scores the held-out set, which is never used
for tuning), runs the lint in-process exactly as ``edtools lint --source NN-slug.es.txt --glossary glossary/ DRAFT`` does, and compares the findings
with the hand labels (the folder's labels.tsv, described in its README.md).

A label is caught when a finding whose code starts with its category's prefix overlaps its span:
the table is ``PREFIXES`` in tests/realmt_scoring.py (untranslated -> ED2, name -> ED6,
number -> ED4, title -> ED3). Precision = findings of those families that overlap any label /
all findings of those families; findings of other families (repeats, typography) are counted
apart, since the labels do not describe those errors.

Drafts from another engine (e.g. a real opus-mt run saved as ``NN-slug.opusmt.en.txt``) are scored
with ``--drafts-suffix .opusmt.en.txt`` against labels whose ``file`` column names those drafts
(in labels.tsv or the file given with ``--labels``); unlabelled drafts are listed, and every
finding on them counts as a false alarm.

The last line is always
``untranslated_recall=.. name_recall=.. number_recall=.. title_recall=.. precision=..``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from realmt_scoring import CATEGORIES, DATA_DIR, DEFAULT_SUFFIX, PREFIXES, evaluate  # noqa: E402


def _table(result) -> str:
    rows = [f"{'category':<14}{'prefix':>7}{'errors':>8}{'caught':>8}{'recall':>9}"]
    for c in CATEGORIES:
        rows.append(f"{c:<14}{PREFIXES[c]:>7}{result.errors(c):>8}{result.caught_in(c):>8}{result.recall(c):>9.1%}")
    total = len(result.labels)
    caught = len(result.caught)
    rows.append(f"{'all':<14}{'':>7}{total:>8}{caught:>8}{(caught / total if total else 0):>9.1%}")
    judged = len(result.judged)
    rows.append(
        f"precision: {judged - len(result.false_alarms)}/{judged} findings of families "
        f"{', '.join(sorted(set(PREFIXES.values())))} overlap a label = {result.precision:.1%}"
        f" ({len(result.other_findings)} findings of other families not judged)"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=DATA_DIR, help="folder of sources, drafts and labels.tsv (default: tests/data/realmt)")
    ap.add_argument("--drafts-suffix", default=DEFAULT_SUFFIX, help="draft file suffix (default: %(default)s)")
    ap.add_argument("--labels", type=Path, default=None, help="labels file (default: labels.tsv in --dir)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON (then the summary line)")
    ap.add_argument("--show-misses", action="store_true", help="list the labels no finding caught")
    ap.add_argument("--show-false-alarms", action="store_true", help="list the findings that overlap no label")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        if not args.dir.is_dir():
            raise FileNotFoundError(f"{args.dir} is not a folder")
        result = evaluate(args.drafts_suffix, data_dir=args.dir, labels_path=args.labels)
    except (FileNotFoundError, ValueError) as exc:
        print(f"bench_accuracy: error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(f"{args.dir}: {len(result.drafts)} drafts *{args.drafts_suffix}, {len(result.labels)} labels, linted in {elapsed:.1f} s")
        if result.unlabelled:
            print("unlabelled drafts (every finding on them counts as a false alarm): " + ", ".join(result.unlabelled))
        print(_table(result))
    if args.show_misses:
        print("\nmisses:")
        for lb in sorted(result.misses, key=lambda x: (x.category, x.file, x.line, x.column)):
            print(f"  {lb.category:<12} {lb.file}:{lb.line}:{lb.column}: {lb.span!r} -> {lb.correct!r}")
    if args.show_false_alarms:
        print("\nfalse alarms:")
        for f in result.false_alarms:
            print(f"  {Path(f.path).name}:{f.line}:{f.column}: {f.code} {f.text!r}: {f.message}")
    print(result.summary_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
