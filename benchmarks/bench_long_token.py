"""Lint and translate time on one long token, next to the same number of bytes of prose.

    .venv/bin/python benchmarks/bench_long_token.py [--kb 1000] [--repeat 3]

Three inputs of the same size: ordinary English news prose (Markdown paragraphs), one line
holding a single token of letters, and one line of base64 (what an exported document carries
for an embedded file). Each is linted with ``lint_text`` (every rule that needs no source or
glossary, language identification on) and translated with the model-free ``identity`` backend
(the whole pipeline but the model). Language identification is loaded once before timing.
Prints seconds and the ratio of each long-token time to the prose time. Goal (issue 14): a few
times at most, i.e. time linear in the input (a 200,000-letter token used to take minutes).
"""

from __future__ import annotations

import argparse
import base64
import random
import time

WORDS = (
    "the minister said that government would present new budget next week after meeting with "
    "provincial authorities in Quito where officials discussed security trade and health programs "
    "for rural communities while opposition lawmakers questioned spending on roads and schools"
).split()


def prose(size: int, rng: random.Random) -> str:
    out: list[str] = []
    n = 0
    while n < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
        sentence = " ".join(words).capitalize() + "."
        para = sentence + ("\n\n" if rng.random() < 0.25 else " ")
        out.append(para)
        n += len(para)
    return "".join(out)[:size].rstrip() + "\n"


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=1000, help="size of each input in KB (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    args = ap.parse_args()

    from edtools.document import parse_document
    from edtools.lint.engine import lint_text
    from edtools.translate.pipeline import translate_document
    from edtools.translate.pseudo import pseudo_translator

    size = args.kb * 1000
    rng = random.Random(14)
    inputs = {
        "prose": prose(size, rng),
        "one token": "The file reads " + "a" * (size - 30) + " and ends.\n",
        "base64 line": base64.b64encode(rng.randbytes(size * 3 // 4)).decode()[: size - 1] + "\n",
    }
    lint_text("Warm-up: the detector loads once, here.")
    identity = pseudo_translator("identity")
    print(f"{args.kb} KB per input, best of {args.repeat}")
    print(f"{'input':<12} {'lint s':>8} {'ratio':>6} {'translate s':>12} {'ratio':>6}")
    base: tuple[float, float] | None = None
    for name, text in inputs.items():
        lint_s = timed(lambda: lint_text(text), args.repeat)
        tr_s = timed(lambda: translate_document(parse_document(text, fmt="markdown"), identity, cache=None),
                     args.repeat)
        if base is None:
            base = (lint_s, tr_s)
        print(f"{name:<12} {lint_s:>8.3f} {lint_s / base[0]:>6.2f} {tr_s:>12.3f} {tr_s / base[1]:>6.2f}")


if __name__ == "__main__":
    main()
