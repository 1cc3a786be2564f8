"""How much of real Ecuadorian coverage the term base knows, and how many wrong titles `apply` fixes.

    .venv/bin/python benchmarks/bench_glossary_coverage.py [--glossary glossary/] [--titles PATH]
                                                          [--drafts-suffix .apertium.en.txt] [--dir DIR]
                                                          [--show-misses] [--show-unfixed]

1. **Coverage.** ``benchmarks/data/titles-real.tsv`` lists official titles and institutions
   collected from real Spanish-language reporting about Ecuador (columns: Spanish term, English
   rendering, where it was seen; terms only, no sentences). A term is covered when
   ``SourceMatcher`` matches it whole (one match from its first to its last character) to an
   entry whose English agrees: the approved rendering (title, lowercase or plural form), an
   accepted alternative, or a Spanish acronym English keeps; "former X" for an ex- form.
2. **apply on the real-MT dev set** (tests/data/realmt): every ``NN-slug<suffix>`` draft goes
   through ``edtools glossary apply --source NN-slug.es.txt`` (in-process, the same code path).
   A ``title`` label counts as fixed when the changes apply reports on that line cover the whole
   wrong span (so it is no longer there) and what they wrote has the label's correct English
   (case-insensitive; a few unchanged characters around the rewrite count, e.g. the article
   before "the Fund").

The last line is always ``coverage=.. apply_fixed=..`` (fractions with three decimals), e.g.
``coverage=0.970 apply_fixed=0.812``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from edtools.glossary import SourceMatcher, english_forms, load_glossary  # noqa: E402
from edtools.glossary.match import approved_renderings  # noqa: E402
from edtools.glossary.model import norm  # noqa: E402

TITLES = ROOT / "benchmarks" / "data" / "titles-real.tsv"


def read_titles(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "spanish":
                continue
            if len(row) != 3:
                raise SystemExit(f"{path}: expected 3 tab-separated columns, got {row!r}")
            rows.append((row[0], row[1], row[2]))
    return rows


def agrees(entry, english: str, former: bool) -> bool:
    """Does ``english`` render ``entry`` (in any of its approved, accepted or acronym forms)?"""
    want = norm(english)
    if former:
        if not want.startswith("former "):
            return False
        want = want[len("former "):]
    forms = {norm(f) for f in english_forms(entry).values()}
    forms |= {norm(f) for f, _kind in approved_renderings(entry)}
    return want in forms


def coverage(glossary, titles: list[tuple[str, str, str]]) -> tuple[int, list[tuple[str, str, str]]]:
    matcher = SourceMatcher(glossary)
    covered = 0
    misses = []
    for spanish, english, _where in titles:
        found = matcher.find(spanish)
        whole = [m for m in found if m.start == 0 and m.end == len(spanish)]
        if whole and agrees(whole[0].entry, english, whole[0].former):
            covered += 1
        else:
            got = ", ".join(f"{m.text!r}->{m.entry.id}" for m in found) or "no match"
            misses.append((spanish, english, got))
    return covered, misses


def _is_fixed(old_line: str, start: int, end: int, correct: str, changes: list[dict]) -> bool:
    """Did the changes apply reported on this line rewrite [start, end) into the correct English?

    Each change's ``old`` text is located in the old line (the occurrence that overlaps the
    label); together the overlapping changes must cover the whole wrong span, and the correct
    English must stand in what they wrote (with a little unchanged context around it, e.g. the
    article before "the Fund").
    """
    pieces = []
    for ch in changes:
        old = ch["old"]
        pos = old_line.find(old)
        while pos != -1:
            if pos < end and pos + len(old) > start:
                pieces.append((pos, pos + len(old), ch["new"]))
                break
            pos = old_line.find(old, pos + 1)
    if not pieces:
        return False
    pieces.sort()
    lo, hi = pieces[0][0], max(p[1] for p in pieces)
    if lo > start or hi < end:
        return False
    written = old_line[max(0, lo - 12):lo]
    pos = lo
    for s, e, new in pieces:
        written += old_line[pos:s] + new if s >= pos else new
        pos = max(pos, e)
    written += old_line[hi:hi + 12]
    return correct.casefold() in written.casefold()


def apply_devset(glossary_path: Path, suffix: str, data_dir: Path | None = None) -> tuple[int, int, list[str]]:
    import json

    from click.testing import CliRunner

    from edtools.cli import cli
    from realmt_scoring import DATA_DIR, drafts_for, label_offsets, load_labels, source_for

    data_dir = data_dir or DATA_DIR
    labels = [lb for lb in load_labels(data_dir / "labels.tsv") if lb.category == "title" and lb.file.endswith(suffix)]
    fixed, unfixed = 0, []
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        reports: dict[str, list[dict]] = {}
        for draft in drafts_for(suffix, data_dir):
            out, report = Path(tmp) / draft.name, Path(tmp) / (draft.name + ".json")
            r = runner.invoke(cli, ["glossary", "apply", "--glossary", str(glossary_path), "--source",
                                    str(source_for(draft, suffix)), str(draft), "-o", str(out), "--report",
                                    str(report), "-q"])
            if r.exit_code != 0:
                raise SystemExit(f"glossary apply failed on {draft.name}: {r.output}")
            reports[draft.name] = json.loads(report.read_text(encoding="utf-8"))["changes"]
        for lb in labels:
            old_text = (data_dir / lb.file).read_text(encoding="utf-8")
            s, e = label_offsets(old_text, lb)
            line_start = old_text.rfind("\n", 0, s) + 1
            old_line = old_text.split("\n")[lb.line - 1]
            changes = [c for c in reports[lb.file] if c["line"] == lb.line]
            if _is_fixed(old_line, s - line_start, e - line_start, lb.correct, changes):
                fixed += 1
            else:
                done = "; ".join(f"{c['old']!r}->{c['new']!r}" for c in changes) or "no change on the line"
                unfixed.append(f"{lb.file}:{lb.line}:{lb.column}: {lb.span!r} -> want {lb.correct!r} ({done})")
    return fixed, len(labels), unfixed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--glossary", type=Path, default=ROOT / "glossary", help="term base (default: %(default)s)")
    ap.add_argument("--titles", type=Path, default=TITLES, help="titles list (default: %(default)s)")
    ap.add_argument("--drafts-suffix", default=".apertium.en.txt", help="dev-set drafts (default: %(default)s)")
    ap.add_argument("--dir", type=Path, default=None,
                    help="real-MT folder with labels.tsv (default: tests/data/realmt; tests/data/realmt-holdout "
                         "is the held-out set: measure on it, never tune on it)")
    ap.add_argument("--show-misses", action="store_true", help="list the titles the term base does not cover")
    ap.add_argument("--show-unfixed", action="store_true", help="list the dev-set titles apply left wrong")
    args = ap.parse_args(argv)

    glossary = load_glossary([args.glossary])
    titles = read_titles(args.titles)
    distinct = len({norm(t[0]) for t in titles})
    t0 = time.perf_counter()
    covered, misses = coverage(glossary, titles)
    t1 = time.perf_counter()
    print(f"term base: {len(glossary)} entries ({args.glossary})")
    print(f"coverage: {covered}/{len(titles)} titles from real reporting ({distinct} distinct) "
          f"matched whole with agreeing English = {covered / len(titles):.1%} ({t1 - t0:.2f} s)")
    if args.show_misses:
        for spanish, english, got in misses:
            print(f"  miss: {spanish!r} ({english!r}): {got}")
    fixed, total, unfixed = apply_devset(args.glossary, args.drafts_suffix, args.dir)
    print(f"apply on {args.dir or 'the dev set'}: {fixed}/{total} wrong titles fixed = {fixed / max(total, 1):.1%} "
          f"({time.perf_counter() - t1:.2f} s)")
    if args.show_unfixed:
        for line in unfixed:
            print(f"  unfixed: {line}")
    print(f"coverage={covered / len(titles):.3f} apply_fixed={fixed / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
