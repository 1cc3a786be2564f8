#!/usr/bin/env python3
"""Regenerate the real-MT dev set's Apertium drafts from their Spanish sources.

    python scripts/make_realmt_drafts.py [--dir tests/data/realmt] [--check]

For every ``NN-slug.es.txt`` in the folder, writes ``NN-slug.apertium.en.txt``: each non-blank
line (one paragraph per line) is translated by Debian's es->en pair, ``apertium -u spa-eng_US``
(``-u``: no unknown-word marks), and blank lines are kept, so draft line N is the translation of
source line N. Also writes ``ENGINE.txt`` (engine, Debian package versions, date).

``--check`` writes nothing: it exits 1 and lists the drafts that differ from what the installed
Apertium gives now. Needs the Debian packages ``apertium`` and ``apertium-eng-spa``; refuses with a
one-line error (exit 2) when they are missing.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "tests" / "data" / "realmt"
PAIR = "spa-eng_US"
SOURCE_SUFFIX = ".es.txt"
DRAFT_SUFFIX = ".apertium.en.txt"
PACKAGES = ("apertium", "apertium-eng-spa")


class ApertiumMissing(RuntimeError):
    pass


def _run(text: str) -> str:
    exe = shutil.which("apertium")
    if exe is None:
        raise ApertiumMissing("`apertium` is not on PATH; install the Debian package apertium-eng-spa")
    proc = subprocess.run([exe, "-u", PAIR], input=text, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        msg = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise ApertiumMissing(f"apertium {PAIR} failed ({msg}); install the Debian package apertium-eng-spa")
    return proc.stdout


def check_apertium() -> None:
    """Raise ApertiumMissing unless the es->en pair runs."""
    _run("Hola.\n")


def translate_text(source: str) -> str:
    """The draft of a source text, line for line: blank lines kept, each paragraph line translated.

    One Apertium call for the whole text; when its line count differs from the source's, each
    non-blank line is translated on its own instead.
    """
    whole = _run(source if source.endswith("\n") else source + "\n")
    if not source.endswith("\n"):
        whole = whole[:-1] if whole.endswith("\n") else whole
    if whole.count("\n") == source.count("\n") and all(
        bool(a.strip()) == bool(b.strip()) for a, b in zip(source.split("\n"), whole.split("\n"))
    ):
        return whole
    out: list[str] = []
    for line in source.split("\n"):
        if line.strip():
            out.append(_run(line + "\n").rstrip("\n"))
        else:
            out.append(line)
    return "\n".join(out)


def sources(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + SOURCE_SUFFIX))


def draft_path(source: Path) -> Path:
    return source.with_name(source.name[: -len(SOURCE_SUFFIX)] + DRAFT_SUFFIX)


def package_versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for pkg in PACKAGES:
        try:
            proc = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
        except OSError:
            proc = None
        versions[pkg] = proc.stdout.strip() if proc is not None and proc.returncode == 0 else "unknown"
    return versions


def engine_text() -> str:
    lines = [f"engine: apertium -u {PAIR} (Debian packages: " + ", ".join(f"{p} {v}" for p, v in package_versions().items()) + ")"]
    lines.append(f"generated: {_dt.date.today().isoformat()} by scripts/make_realmt_drafts.py, line for line")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="dev-set folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when a draft differs")
    args = ap.parse_args(argv)
    try:
        check_apertium()
    except ApertiumMissing as exc:
        print(f"make_realmt_drafts: error: {exc}", file=sys.stderr)
        return 2
    found = sources(args.dir)
    if not found:
        print(f"make_realmt_drafts: error: no *{SOURCE_SUFFIX} in {args.dir}", file=sys.stderr)
        return 2
    stale = []
    for src in found:
        draft = translate_text(src.read_text(encoding="utf-8"))
        target = draft_path(src)
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != draft:
                stale.append(target.name)
            continue
        target.write_text(draft, encoding="utf-8")
    if args.check:
        for name in stale:
            print(f"differs: {name}")
        print(f"{len(found) - len(stale)}/{len(found)} drafts equal the installed Apertium's output")
        return 1 if stale else 0
    (args.dir / "ENGINE.txt").write_text(engine_text(), encoding="utf-8")
    print(f"wrote {len(found)} drafts and ENGINE.txt in {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
