"""Glossary matching throughput: 10,000 generated entries over 1 MB of generated Spanish text.

Compares edtools' SourceMatcher (pyahocorasick over NFC+casefold text, word boundaries, longest
match, generated inflections, exceptions) with two regex baselines on the same entries:
  * one big alternation regex (longest first, IGNORECASE, word boundaries) over the whole text;
  * a naive loop of one compiled regex per term, run on a slice and extrapolated (it would
    take minutes on the full megabyte).
Also times apply_pairs (matching + English-side search + rewriting) over sentence pairs.

    .venv/bin/python benchmarks/bench_glossary.py [--entries 10000] [--mb 1.0] [--seed 7]

Prints CPU times (process_time: the work is single-threaded, and wall time on a shared machine
is noisy), MB/s and ratios. The regex baselines see only the listed forms (no inflections,
no exceptions), so they do less work than the matcher they are compared with.
"""

from __future__ import annotations

import argparse
import random
import re
import time

from edtools.glossary import Entry, Glossary, SourceMatcher, applier_for, apply_pairs

SYLLABLES = ("ca", "ma", "ri", "to", "se", "cre", "ta", "mi", "nis", "ro", "sub", "di", "rec", "tor", "ge", "ne",
             "ral", "pre", "si", "den", "te", "fis", "cal", "jun", "ta", "con", "se", "jo", "ñu", "ción", "rí", "é")
FILLER = ("el", "la", "de", "que", "en", "y", "los", "se", "del", "las", "un", "por", "con", "para", "una",
          "gobierno", "dijo", "reunión", "acuerdo", "país", "seguridad", "cooperación", "este", "miércoles",
          "Quito", "según", "también", "informe", "años", "millones", "durante", "sobre", "entre", "ministerio")


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_entries(n: int, rng: random.Random) -> list[Entry]:
    entries: list[Entry] = []
    seen: set[str] = set()
    while len(entries) < n:
        i = len(entries)
        if i % 3 == 0:  # a title ("subdirector de Xyz Abc"), inflected by the matcher
            head = word(rng) + "o"
            es = f"{head} de {word(rng).capitalize()} {word(rng).capitalize()}"
            case = "title"
        else:  # an institution name
            es = f"{word(rng).capitalize()} {rng.choice(('Nacional', 'General', 'de', 'del'))} {word(rng).capitalize()}"
            case = "name"
        if es.casefold() in seen:
            continue
        seen.add(es.casefold())
        entries.append(Entry(id=f"e{i}", es=es, es_variants=(), en=f"Term {i}", avoid=(f"Wrong {i}",), exceptions=(),
                             case=case, note="", ref="", tags=(), origin=f"gen:{i}", inflect=case == "title"))
    return entries


def make_text(entries: list[Entry], size: int, rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """~size characters of Spanish-like sentences, about one term every 40 words."""
    sentences: list[tuple[str, str]] = []
    total = 0
    while total < size:
        words = [rng.choice(FILLER) for _ in range(rng.randint(12, 30))]
        target = ["the"] * len(words)
        if rng.random() < 0.6:
            e = rng.choice(entries)
            pos = rng.randrange(len(words))
            words.insert(pos, e.es)
            target.insert(pos, f"Wrong {e.id[1:]}")
        s = " ".join(words).capitalize() + "."
        sentences.append((s, " ".join(target) + "."))
        total += len(s) + 1
    return "\n".join(s for s, _ in sentences), sentences


def timed(fn):
    """CPU seconds of this (single-threaded) process: steadier than wall time on a shared machine."""
    t = time.process_time()
    out = fn()
    return out, time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--naive-slice-kb", type=int, default=20, help="slice the naive baseline runs on")
    ap.add_argument("--alternation-slice-kb", type=int, default=200, help="slice the alternation regex runs on")
    ap.add_argument("--full-regex", action="store_true", help="run the alternation regex on the whole text")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    entries = make_entries(args.entries, rng)
    text, pairs = make_text(entries, int(args.mb * 1_000_000), rng)
    mb = len(text.encode("utf-8")) / 1e6
    glossary = Glossary(entries=tuple(entries), sources=("generated",))
    print(f"{len(entries):,} entries, {mb:.2f} MB of text ({len(pairs):,} sentences)")

    matcher, build = timed(lambda: SourceMatcher(glossary))
    print(f"SourceMatcher build                      {build:8.2f} s")
    found, t_ac = timed(lambda: matcher.find(text))
    print(f"SourceMatcher.find, whole text           {t_ac:8.3f} s  {mb / t_ac:8.1f} MB/s  ({len(found):,} matches)")
    found_s, t_ac_s = timed(lambda: sum(len(matcher.find(s)) for s, _ in pairs))
    print(f"SourceMatcher.find, sentence by sentence {t_ac_s:8.3f} s  {mb / t_ac_s:8.1f} MB/s  ({found_s:,} matches)")

    terms = sorted((e.es for e in entries), key=len, reverse=True)
    big, t_compile = timed(lambda: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)",
                                              re.IGNORECASE))
    if args.full_regex:
        n_big, t_big = timed(lambda: sum(1 for _ in big.finditer(text)))
        print(f"one alternation regex (compile {t_compile:.2f} s)    {t_big:8.3f} s  {mb / t_big:8.2f} MB/s  "
              f"({n_big:,} matches)")
    else:
        alt_part = text[: args.alternation_slice_kb * 1000]
        alt_mb = len(alt_part.encode("utf-8")) / 1e6
        n_big, t_part = timed(lambda: sum(1 for _ in big.finditer(alt_part)))
        t_big = t_part * (mb / alt_mb)
        print(f"one alternation regex (compile {t_compile:.2f} s): {t_part:.2f} s on {alt_mb * 1000:.0f} KB, "
              f"extrapolated to {t_big:8.1f} s  {mb / t_big:8.2f} MB/s  (--full-regex runs it all)")

    slice_chars = args.naive_slice_kb * 1000
    part = text[:slice_chars]
    part_mb = len(part.encode("utf-8")) / 1e6
    compiled, t_c = timed(lambda: [re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)", re.IGNORECASE) for t in terms])
    n_naive, t_naive = timed(lambda: sum(1 for rx in compiled for _ in rx.finditer(part)))
    t_naive_full = t_naive * (mb / part_mb)
    print(f"naive regex per term (compile {t_c:.2f} s): {t_naive:.2f} s on {part_mb * 1000:.0f} KB, "
          f"extrapolated to {t_naive_full:8.1f} s  {mb / t_naive_full:8.3f} MB/s")

    _, t_applier = timed(lambda: applier_for(glossary))
    print(f"Applier build (source + target automata) {t_applier:8.2f} s")
    result, t_apply = timed(lambda: apply_pairs(glossary, [(i, s, t) for i, (s, t) in enumerate(pairs, 1)]))
    print(f"apply_pairs (match + rewrite drafts)     {t_apply:8.3f} s  {mb / t_apply:8.1f} MB/s  "
          f"({len(result.changes):,} changes)")

    print()
    print(f"ratio: Aho-Corasick vs one alternation regex   {t_big / t_ac:7.1f}x faster"
          + ("" if args.full_regex else f" (regex extrapolated from a {args.alternation_slice_kb} KB slice)"))
    print(f"ratio: Aho-Corasick vs naive regex per term    {t_naive_full / t_ac:7.0f}x faster (naive extrapolated "
          f"from a {args.naive_slice_kb} KB slice)")


if __name__ == "__main__":
    main()
