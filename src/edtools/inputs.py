"""Several inputs for ``translate`` and ``draft``: files, folders and globs → documents and output names.

    expand_inputs(["news/", "extra/*.txt", "nota.es.md"]) -> Expansion(documents, errors, skipped)
    mirrored_name("a/nota.es.md") -> "a/nota.en.md";  mirrored_name("nota.txt") -> "nota.en.txt"
    output_path(out_dir, doc, suffix=".jsonl") -> out_dir/a/nota.en.jsonl

Folders are searched recursively for ``.md``, ``.markdown`` and ``.txt`` files (hidden files and
folders skipped, and files already tagged English, ``*.en.*``, which are drafts, not sources). A
glob is expanded with ``**`` support. Each document keeps its path relative to its input's root
(the folder; a glob's fixed leading folders; a file's own folder), which the outputs mirror.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
_MAGIC = re.compile(r"[*?[]")
_LANG_TAG = re.compile(r"\.es$", re.IGNORECASE)
_EN_TAG = re.compile(r"\.en\.[^.]+$", re.IGNORECASE)

#: per-document output kinds in multi-document runs: option -> suffix replacing the draft's
#: (None: the draft itself). Another per-document output adds its suffix here.
OUTPUT_SUFFIXES = {"-o": None, "--bilingual": ".jsonl", "--review": ".review.html", "--xliff": ".xlf"}


@dataclass(frozen=True, slots=True)
class InputDoc:
    path: Path  # the file to read
    rel: str  # its path relative to its input's root (POSIX separators): what the outputs mirror


@dataclass(frozen=True)
class Expansion:
    documents: tuple[InputDoc, ...]
    errors: tuple[str, ...]  # one line per input that named nothing usable
    skipped_english: int = 0


def is_pattern(arg: str) -> bool:
    return bool(_MAGIC.search(arg)) and not os.path.exists(arg)


def _glob_root(pattern: str) -> Path:
    """The fixed leading folders of a glob: ``news/2026/**/*.md`` -> ``news/2026``."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if _MAGIC.search(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SOURCE_SUFFIXES and not _EN_TAG.search(path.name)


def _walk(folder: Path) -> tuple[list[Path], int]:
    found: list[Path] = []
    english = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or p.suffix.lower() not in SOURCE_SUFFIXES:
                continue
            if _EN_TAG.search(name):
                english += 1
                continue
            found.append(p)
    return found, english


def expand_inputs(args: list[str] | tuple[str, ...], exclude: Path | None = None) -> Expansion:
    """Documents named by ``args`` in order, each once; ``exclude``: a folder never searched (the output)."""
    docs: list[InputDoc] = []
    errors: list[str] = []
    seen: set[Path] = set()
    english = 0
    skip = exclude.resolve() if exclude is not None else None

    def add(path: Path, root: Path) -> None:
        key = path.resolve()
        if key in seen or (skip is not None and skip in key.parents):
            return
        seen.add(key)
        docs.append(InputDoc(path, Path(os.path.relpath(path, root)).as_posix()))

    for arg in args:
        p = Path(arg)
        if arg == "-":
            errors.append("-: standard input cannot be one of several inputs")
        elif p.is_dir():
            files, n = _walk(p)
            english += n
            if not files:
                errors.append(f"{arg}: no .md, .markdown or .txt files in this folder")
            for f in files:
                add(f, p)
        elif is_pattern(arg):
            root = _glob_root(arg)
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            files = [m for m in matches if m.is_file() and _wanted(m)]
            english += sum(1 for m in matches if m.is_file() and _EN_TAG.search(m.name))
            if not files:
                errors.append(f"{arg}: no .md, .markdown or .txt file matches this pattern")
            for f in files:
                add(f, root)
        else:
            add(p, p.parent)  # missing or unreadable files fail when read: one line, the others go on
    return Expansion(tuple(docs), tuple(errors), english)


def mirrored_name(rel: str) -> str:
    """``nota.es.md`` -> ``nota.en.md`` (the ``.es`` tag replaced); ``nota.txt`` -> ``nota.en.txt``."""
    path = Path(rel)
    stem, suffix = path.stem, path.suffix
    if not suffix:
        return (path.parent / f"{path.name}.en").as_posix()
    if _LANG_TAG.search(stem):
        stem = stem[:-3]
    return (path.parent / f"{stem}.en{suffix}").as_posix()


def output_path(out_dir: str | os.PathLike[str], doc: InputDoc, suffix: str | None = None) -> Path:
    """Where a per-document output goes: the mirrored name under ``out_dir``, its suffix replaced."""
    name = mirrored_name(doc.rel)
    if suffix is not None:
        base = Path(name)
        name = (base.parent / (base.stem + suffix)).as_posix()
    return Path(out_dir) / name
