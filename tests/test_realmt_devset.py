"""The real-MT dev set (tests/data/realmt) and its held-out sets (tests/data/realmt-holdout,
tests/data/realmt-holdout2): labels
are well formed and point at real text, every draft is still what Apertium gives for its source,
and the scoring counts what it claims. No accuracy floor is held on the held-out set."""

from __future__ import annotations

import importlib.util
import shutil
from collections import Counter
from pathlib import Path

import pytest

from realmt_scoring import (
    CATEGORIES,
    DATA_DIR,
    DEFAULT_SUFFIX,
    HEADER,
    HOLDOUT_DIR,
    LABELS,
    ROOT,
    SOURCE_SUFFIX,
    drafts_for,
    evaluate,
    load_labels,
    source_for,
)

LABELS_LIST = load_labels()
DRAFTS = drafts_for(DEFAULT_SUFFIX)
SETS = {"dev": DATA_DIR, "holdout": HOLDOUT_DIR, "holdout2": HOLDOUT_DIR.parent / "realmt-holdout2"}
MIN_TEXTS = {"dev": 20, "holdout": 10, "holdout2": 6}
ALL_LABELS = [(name, lb) for name, folder in SETS.items() for lb in load_labels(folder / "labels.tsv")]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("name", SETS)
def test_every_source_has_an_aligned_draft(name):
    folder = SETS[name]
    sources = sorted(folder.glob("*" + SOURCE_SUFFIX))
    assert len(sources) >= MIN_TEXTS[name]
    drafts = drafts_for(DEFAULT_SUFFIX, folder)
    assert [source_for(d, DEFAULT_SUFFIX) for d in drafts] == sources
    assert (folder / "ENGINE.txt").exists() and (folder / "README.md").exists()
    for draft in drafts:
        src, dst = _lines(source_for(draft, DEFAULT_SUFFIX)), _lines(draft)
        assert len(src) == len(dst), draft.name
        assert [bool(s.strip()) for s in src] == [bool(d.strip()) for d in dst], draft.name


@pytest.mark.parametrize("name", SETS)
def test_source_texts_are_short_news_texts(name):
    from edtools.segment import sentences

    for draft in drafts_for(DEFAULT_SUFFIX, SETS[name]):
        text = source_for(draft, DEFAULT_SUFFIX).read_text(encoding="utf-8")
        n = sum(len(sentences(p, "es")) for p in text.split("\n") if p.strip())
        assert 4 <= n <= 8, (draft.name, n)


@pytest.mark.parametrize("name", SETS)
def test_labels_header_and_categories(name):
    path = SETS[name] / "labels.tsv"
    labels = load_labels(path)
    assert path.read_text(encoding="utf-8").split("\n", 1)[0].split("\t") == list(HEADER)
    assert {lb.category for lb in labels} <= set(CATEGORIES)
    assert len(set(labels)) == len(labels), "duplicate label rows"
    assert all(lb.span.strip() == lb.span and lb.span and lb.correct for lb in labels)
    assert {lb.file for lb in labels} == {d.name for d in drafts_for(DEFAULT_SUFFIX, SETS[name])}


@pytest.mark.parametrize(("name", "label"), ALL_LABELS, ids=lambda x: x if isinstance(x, str) else f"{x.file}:{x.line}:{x.column}")
def test_label_span_is_in_the_draft_at_its_place(name, label):
    path = SETS[name] / label.file
    assert path.exists(), f"{label.file} is not in {SETS[name]}"
    lines = _lines(path)
    assert 1 <= label.line <= len(lines)
    text = lines[label.line - 1]
    assert text[label.column - 1 : label.end_column - 1] == label.span


def test_labels_do_not_overlap_each_other():
    by_line: dict[tuple[str, str, int], list] = {}
    for name, lb in ALL_LABELS:
        by_line.setdefault((name, lb.file, lb.line), []).append(lb)
    for group in by_line.values():
        group.sort(key=lambda x: x.column)
        for a, b in zip(group, group[1:]):
            assert a.end_column <= b.column, (a, b)


def test_label_counts_meet_the_dev_set_targets():
    counts = Counter(lb.category for lb in LABELS_LIST)
    assert sum(counts.values()) >= 150
    assert counts["untranslated"] >= 60
    assert counts["name"] >= 25
    assert counts["number"] >= 25
    assert counts["title"] >= 40
    assert {lb.file for lb in LABELS_LIST} == {d.name for d in DRAFTS}


def _load_script():
    spec = importlib.util.spec_from_file_location("make_realmt_drafts", ROOT / "scripts" / "make_realmt_drafts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _apertium_usable() -> str | None:
    if shutil.which("apertium") is None:
        return "apertium is not installed (Debian package apertium-eng-spa)"
    try:
        _load_script().check_apertium()
    except Exception as exc:  # the pair is missing or broken
        return f"the Apertium es-en pair does not run: {exc}"
    return None


@pytest.mark.parametrize("name", SETS)
def test_drafts_equal_what_apertium_gives_for_their_sources(name):
    reason = _apertium_usable()
    if reason:
        pytest.skip(reason)
    mod = _load_script()
    folder = SETS[name]
    engine = (folder / "ENGINE.txt").read_text(encoding="utf-8")
    for pkg, version in mod.package_versions().items():
        if version != "unknown" and f"{pkg} {version}" not in engine:
            pytest.skip(f"installed {pkg} {version} differs from the one in ENGINE.txt; regenerate the drafts")
    stale = [
        d.name
        for d in drafts_for(DEFAULT_SUFFIX, folder)
        if mod.translate_text(source_for(d, DEFAULT_SUFFIX).read_text(encoding="utf-8")) != d.read_text(encoding="utf-8")
    ]
    assert stale == [], "run scripts/make_realmt_drafts.py"


def test_script_refuses_clearly_without_apertium(monkeypatch, capsys, tmp_path):
    mod = _load_script()
    monkeypatch.setenv("PATH", str(tmp_path))
    assert mod.main(["--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apertium-eng-spa" in err


def _mini_devset(tmp_path: Path, labels: list[str]) -> Path:
    (tmp_path / "01-x.es.txt").write_text("El Gobierno destinará 1.500 millones de dólares.\n", encoding="utf-8")
    (tmp_path / "01-x.apertium.en.txt").write_text("The Government will allocate 1.500 million dollars.\n", encoding="utf-8")
    (tmp_path / "labels.tsv").write_text("\t".join(HEADER) + "\n" + "".join(r + "\n" for r in labels), encoding="utf-8")
    return tmp_path


def test_scoring_counts_an_overlapping_finding_of_the_right_family(tmp_path):
    row = "01-x.apertium.en.txt\t1\t30\tnumber\t1.500\t1,500\tthousands point"
    result = evaluate(data_dir=_mini_devset(tmp_path, [row]))
    assert result.errors("number") == 1 and result.caught_in("number") == 1
    assert result.recall("number") == 1.0 and result.misses == []
    assert result.precision == 1.0
    assert result.summary_line().startswith("untranslated_recall=0.000 name_recall=0.000 number_recall=1.000")


def test_scoring_needs_the_category_prefix_and_counts_false_alarms(tmp_path):
    # the same span labelled as a name: an ED4 finding overlaps it (precision) but does not catch it
    row = "01-x.apertium.en.txt\t1\t30\tname\t1.500\t1,500\twrong category on purpose"
    result = evaluate(data_dir=_mini_devset(tmp_path, [row]))
    assert result.caught_in("name") == 0 and len(result.misses) == 1
    assert result.precision == 1.0
    unlabelled = evaluate(data_dir=_mini_devset(tmp_path, []))
    assert unlabelled.unlabelled == ["01-x.apertium.en.txt"]
    assert unlabelled.precision == 0.0 and unlabelled.false_alarms


def test_scoring_refuses_a_label_that_is_not_in_the_draft(tmp_path):
    row = "01-x.apertium.en.txt\t1\t29\tnumber\t1.500\t1,500\tone column off"
    with pytest.raises(ValueError, match="01-x.apertium.en.txt:1:29"):
        evaluate(data_dir=_mini_devset(tmp_path, [row]))


def test_bench_accuracy_prints_the_summary_line(capsys):
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "benchmarks" / "bench_accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--show-misses"]) == 0
    out = capsys.readouterr().out.strip().split("\n")
    assert out[-1].split(" ")[0].startswith("untranslated_recall=")
    assert [kv.split("=")[0] for kv in out[-1].split(" ")] == [
        "untranslated_recall", "name_recall", "number_recall", "title_recall", "precision",
    ]
    assert any(line.startswith("misses:") for line in out)


def test_bench_accuracy_scores_another_folder_and_refuses_a_missing_one(capsys, tmp_path):
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "benchmarks" / "bench_accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--dir", str(HOLDOUT_DIR), "--json"]) == 0
    out = capsys.readouterr().out
    n = len(load_labels(HOLDOUT_DIR / "labels.tsv"))
    assert f'"drafts": {len(drafts_for(DEFAULT_SUFFIX, HOLDOUT_DIR))}' in out
    assert sum(int(line.split(":")[1].strip(" ,")) for line in out.split("\n") if '"errors"' in line) == n
    assert mod.main(["--dir", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bench_accuracy: error: ") and err.count("\n") == 1
