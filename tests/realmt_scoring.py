"""Score ``edtools lint`` against the hand labels of the real-MT dev set (tests/data/realmt).

Used by ``benchmarks/bench_accuracy.py`` and by tests that hold floors on the numbers::

    from realmt_scoring import evaluate
    result = evaluate()                       # Apertium drafts, bundled glossary
    result.recall("untranslated"), result.precision

A label is *caught* when a finding whose code starts with its category's prefix (``PREFIXES``)
overlaps the label's span. Precision is judged over the findings of the families the labels
cover (the prefixes below): findings of other families (repeats ED1xx, typography ED5xx, ...)
are about errors the labels do not describe, so they are counted apart (``other_findings``).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "tests" / "data" / "realmt"
LABELS = DATA_DIR / "labels.tsv"
# Held out: written after the lint rules were tuned on DATA_DIR, never used for tuning.
HOLDOUT_DIR = ROOT / "tests" / "data" / "realmt-holdout"
GLOSSARY = ROOT / "glossary"
SOURCE_SUFFIX = ".es.txt"
DEFAULT_SUFFIX = ".apertium.en.txt"
HEADER = ("file", "line", "column", "category", "span", "correct", "note")

# Which lint family catches which label category. Edit here when codes move.
PREFIXES: dict[str, str] = {
    "untranslated": "ED2",
    "name": "ED6",
    "number": "ED4",
    "title": "ED3",
}
CATEGORIES = tuple(PREFIXES)


@dataclass(frozen=True, slots=True)
class Label:
    file: str
    line: int
    column: int
    category: str
    span: str
    correct: str
    note: str

    @property
    def end_column(self) -> int:
        """Exclusive, 1-based."""
        return self.column + len(self.span)


@dataclass(frozen=True, slots=True)
class Judged:
    """A finding and the labels it overlaps (empty: a false alarm)."""

    finding: object
    labels: tuple[Label, ...]


@dataclass
class AccuracyResult:
    suffix: str
    drafts: list[str]
    labels: list[Label]
    caught: set[Label] = field(default_factory=set)
    judged: list[Judged] = field(default_factory=list)
    other_findings: list[object] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)

    def errors(self, category: str) -> int:
        return sum(1 for lb in self.labels if lb.category == category)

    def caught_in(self, category: str) -> int:
        return sum(1 for lb in self.caught if lb.category == category)

    def recall(self, category: str) -> float:
        n = self.errors(category)
        return self.caught_in(category) / n if n else 0.0

    @property
    def misses(self) -> list[Label]:
        return [lb for lb in self.labels if lb not in self.caught]

    @property
    def false_alarms(self) -> list[object]:
        return [j.finding for j in self.judged if not j.labels]

    @property
    def precision(self) -> float:
        if not self.judged:
            return 1.0
        return sum(1 for j in self.judged if j.labels) / len(self.judged)

    def summary_line(self) -> str:
        parts = [f"{c}_recall={self.recall(c):.3f}" for c in CATEGORIES]
        return " ".join(parts) + f" precision={self.precision:.3f}"

    def as_dict(self) -> dict[str, object]:
        return {
            "suffix": self.suffix,
            "drafts": len(self.drafts),
            "categories": {
                c: {"errors": self.errors(c), "caught": self.caught_in(c), "recall": round(self.recall(c), 4)}
                for c in CATEGORIES
            },
            "findings_judged": len(self.judged),
            "findings_on_labels": sum(1 for j in self.judged if j.labels),
            "false_alarms": len(self.false_alarms),
            "other_findings": len(self.other_findings),
            "precision": round(self.precision, 4),
            "unlabelled_drafts": self.unlabelled,
        }


def load_labels(path: Path = LABELS) -> list[Label]:
    """Read labels.tsv; raise ValueError naming the row on a malformed one."""
    labels: list[Label] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if tuple(header or ()) != HEADER:
            raise ValueError(f"{path}: header must be {'<TAB>'.join(HEADER)}")
        for n, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(HEADER):
                raise ValueError(f"{path}:{n}: {len(row)} fields, expected {len(HEADER)}")
            file, line, column, category, span, correct, note = row
            labels.append(Label(file, int(line), int(column), category, span, correct, note))
    return labels


def label_offsets(text: str, label: Label) -> tuple[int, int]:
    """[start, end) of the label's span in ``text`` (newline-normalised draft text)."""
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: label.line - 1]) + label.column - 1
    return start, start + len(label.span)


def drafts_for(suffix: str, data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.glob("*" + suffix) if p.name.endswith(suffix))


def source_for(draft: Path, suffix: str) -> Path:
    return draft.with_name(draft.name[: -len(suffix)] + SOURCE_SUFFIX)


def _overlaps(f_start: int, f_end: int, start: int, end: int) -> bool:
    if f_end == f_start:  # a zero-width finding points at a place
        return start <= f_start < end
    return f_start < end and start < f_end


def evaluate(
    suffix: str = DEFAULT_SUFFIX,
    *,
    data_dir: Path = DATA_DIR,
    labels_path: Path | None = None,
    glossary: Sequence[Path] = (GLOSSARY,),
) -> AccuracyResult:
    """Lint every ``NN-slug<suffix>`` draft with its source and the glossary, as
    ``edtools lint --source SRC --glossary glossary/ DRAFT`` does, and score the findings."""
    from edtools.document import load_document
    from edtools.lint.run import lint_paths

    drafts = drafts_for(suffix, data_dir)
    if not drafts:
        raise FileNotFoundError(f"no *{suffix} drafts in {data_dir}")
    all_labels = load_labels(labels_path or data_dir / "labels.tsv")
    names = {d.name for d in drafts}
    result = AccuracyResult(suffix, sorted(names), [lb for lb in all_labels if lb.file in names])
    prefixes = tuple(PREFIXES.values())
    for draft in drafts:
        mine = [lb for lb in result.labels if lb.file == draft.name]
        if not mine:
            result.unlabelled.append(draft.name)
        text = load_document(str(draft)).text
        spans = [(lb, *label_offsets(text, lb)) for lb in mine]
        for lb, s, e in spans:
            if text[s:e] != lb.span:
                raise ValueError(f"{lb.file}:{lb.line}:{lb.column}: label span {lb.span!r} is not in the draft there")
        found = lint_paths([str(draft)], glossaries=[str(g) for g in glossary], source=str(source_for(draft, suffix))).findings
        for f in found:
            if not f.code.startswith(prefixes):
                result.other_findings.append(f)
                continue
            hit = tuple(lb for lb, s, e in spans if _overlaps(f.offset, f.end_offset, s, e))
            result.judged.append(Judged(f, hit))
            for lb in hit:
                if f.code.startswith(PREFIXES[lb.category]):
                    result.caught.add(lb)
    return result
