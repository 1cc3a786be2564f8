"""Lint throughput on a large generated English draft, next to proselint on the same text.

    .venv/bin/python benchmarks/bench_lint.py [--mb 5] [--proselint-mb 0.5] [--seed 1]

Generates varied English news prose (Markdown: headings, lists, quotes) with planted
defects (repeats across punctuation, Spanish sentences and fragments, Spanish number
formats and marks, near-duplicate sentences), lints it with every rule that needs no
source or glossary (language identification on: lingua through edtools.langid), and
prints MB/min. Then runs proselint (every default check) on the same text in the same
process. proselint is slow, so by default it runs on a slice of the text and the rate is
extrapolated (said so in the output); pass --proselint-mb equal to --mb to run it on all.
Goal (issue 4): >= 5 MB/min, and faster than proselint.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

SUBJECTS = [
    "The foreign minister", "The interior minister", "President Lasso", "The central bank", "A senior official",
    "The national police", "The electoral council", "Local farmers", "The mayor of Guayaquil", "Shrimp exporters",
    "The health ministry", "Opposition lawmakers", "The attorney general's office", "Union leaders",
    "The state oil company", "Environmental groups", "The U.S. ambassador", "Indigenous organizations",
    "The finance minister", "Provincial authorities", "A court in Cuenca", "The navy", "Teachers in Loja",
]
VERBS = [
    "announced", "rejected", "defended", "questioned", "approved", "postponed", "criticized", "welcomed",
    "proposed", "signed", "reviewed", "suspended", "financed", "investigated", "supported", "described",
]
OBJECTS = [
    "a new security agreement", "the budget for next year", "a plan to expand cargo flights",
    "the reform of the pension system", "an investigation into money laundering", "the purchase of patrol boats",
    "a program of rural credit", "the results of the census", "the extradition request", "a tax on imports",
    "the construction of a hydroelectric plant", "the renegotiation of the external debt", "new mining concessions",
    "a campaign against chronic child malnutrition", "the opening of a consulate in Madrid",
]
TAILS = [
    "on Monday", "after a meeting in Quito", "in a statement", "during a press conference", "late on Friday",
    "despite strong criticism", "before the national assembly", "in an interview with local radio",
    "according to official figures", "amid protests in the capital", "for the second time this year",
]
CLAUSES = [
    "which {n} people attended", "although the details were not disclosed", "and said it would cost ${n} million",
    "while {n} families remained without power", "as inflation reached {d}%", "a decision that affects {n} workers",
    "two weeks after the elections", "in response to {n} complaints", "with support from {n} municipalities",
]
QUOTES = [
    "“We will not accept pressure from anyone,” {s} said.",
    "“This is a historic day for the country,” said {s}.",
    "{s} said the measure was “necessary but insufficient.”",
]
DEFECTS = [
    "She added that cooperation will focus on technology, training, training and information.",
    "The program includes equipment, equipment and vehicles for the police.",
    "La reunión se realizó en Quito el pasado miércoles con la presencia de varios ministros.",
    "The minister said que no habrá cambios en la política exterior this year.",
    "The army seized 1.500 kilos of cocaine in the port.",
    "Inflation reached 3,5 % in October.",
    "¿Will the agreement hold? He called it «a fantastic partnership».",
    "The the government will respond next week.",
    "They created a binational commission, a binational commission to review trade.",
]


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
    if rng.random() < 0.6:
        s += ", " + rng.choice(CLAUSES).format(n=f"{rng.randint(2, 9999):,}", d=f"{rng.uniform(1, 9):.1f}")
    return s + "."


def generate(size: int, seed: int) -> tuple[str, int]:
    rng = random.Random(seed)
    parts: list[str] = []
    total = planted = 0
    n = 0
    while total < size:
        n += 1
        if n % 25 == 1:
            block = f"## {rng.choice(OBJECTS).capitalize()}"
        elif n % 11 == 0:
            block = "\n".join(f"- {sentence(rng)}" for _ in range(3))
        elif n % 13 == 0:
            block = "> " + rng.choice(QUOTES).format(s=rng.choice(SUBJECTS).lower())
        else:
            sents = [sentence(rng) for _ in range(rng.randint(2, 5))]
            if n % 7 == 0:
                sents.insert(rng.randrange(len(sents) + 1), rng.choice(DEFECTS))
                planted += 1
            block = " ".join(sents)
        parts.append(block)
        total += len(block.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n", planted


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the generated draft in MB (default 5)")
    ap.add_argument("--proselint-mb", type=float, default=0.25, help="slice for proselint in MB (default 0.25)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    from edtools.document import parse_document
    from edtools.lint.engine import LintSettings, lint_document

    text, planted = generate(int(args.mb * 1_000_000), args.seed)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    print(f"generated draft: {size_mb:.2f} MB, {text.count(chr(10) + chr(10)) + 1} blocks, {planted} planted defects")

    t0 = time.perf_counter()
    doc = parse_document(text, fmt="markdown", path="bench.md")
    findings = lint_document(doc, settings=LintSettings())
    lint_s = time.perf_counter() - t0
    by_code: dict[str, int] = {}
    for f in findings:
        by_code[f.code] = by_code.get(f.code, 0) + 1
    from edtools.langid import _lingua  # noqa: PLC2701 - only to prove language ID ran

    ed_rate = size_mb / lint_s * 60
    print(f"edtools lint: {lint_s:.2f} s, {ed_rate:.1f} MB/min, {len(findings)} findings {dict(sorted(by_code.items()))}")
    print(f"  language ID (lingua) loaded and used: {_lingua is not None}")

    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.tools import CheckRegistry, LintFile

    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "max_errors": 10**9}
    slice_len = min(len(text), int(args.proselint_mb * 1_000_000))
    cut = text.rfind("\n\n", 0, slice_len)
    piece = text[: cut if cut > 0 else slice_len]
    piece_mb = len(piece.encode("utf-8")) / 1_000_000
    t0 = time.perf_counter()
    results = LintFile("bench.md", piece).lint(config)
    pl_s = time.perf_counter() - t0
    pl_rate = piece_mb / pl_s * 60
    note = "" if piece_mb >= size_mb * 0.999 else f" (run on the first {piece_mb:.2f} MB, rate extrapolated)"
    print(f"proselint:    {pl_s:.2f} s for {piece_mb:.2f} MB, {pl_rate:.1f} MB/min, {len(results)} findings{note}")
    print(f"ratio edtools/proselint: {ed_rate / pl_rate:.1f}x")
    ok = ed_rate >= 5 and ed_rate > pl_rate
    print(f"goal (>= 5 MB/min and faster than proselint): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
