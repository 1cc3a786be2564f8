"""Shared helpers for the lint tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from edtools.lint.engine import LintSettings, lint_text


def example_glossary():
    from edtools.glossary import Entry, Glossary
    from edtools.lint.rules.glossary import EXAMPLE_ENTRIES

    entries = tuple(
        Entry(
            id=e["id"], es=e["es"], es_variants=(), en=e["en"], avoid=tuple(e["avoid"]), exceptions=(),
            case="title", note="", ref="", tags=(), origin=f"examples:{i + 1}",
        )
        for i, e in enumerate(EXAMPLE_ENTRIES)
    )
    return Glossary(entries=entries, sources=("examples",))


def codes_for(example: object, *, needs_glossary: bool = False, settings: LintSettings | None = None) -> list[str]:
    glossary = example_glossary() if needs_glossary else None
    if isinstance(example, tuple):
        source, target = example
        found = lint_text(target, source=source, glossary=glossary, settings=settings)
    else:
        found = lint_text(str(example), glossary=glossary, settings=settings)
    return [f.code for f in found]


def edtools_command() -> list[str]:
    exe = shutil.which("edtools", path=str(Path(sys.executable).parent)) or shutil.which("edtools")
    return [exe] if exe else [sys.executable, "-m", "edtools"]


def run_edtools(*args: str, cwd: str | Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*edtools_command(), *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def apertium_lines(sentences: list[str]) -> list[str]:
    """Apertium's real English draft of each sentence (`apertium -u spa-eng_US`, one call), for tests of
    what edtools does with real machine translation; the test is skipped where Apertium is missing."""
    import pytest

    if not shutil.which("apertium"):
        pytest.skip("apertium (apertium-eng-spa) is not installed")
    try:
        done = subprocess.run(["apertium", "-u", "spa-eng_US"], input="\n".join(sentences) + "\n",
                              capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"apertium failed to run: {exc}")
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) != len(sentences):
        pytest.skip(f"apertium spa-eng_US gave no usable output: {done.stderr.strip()[:200]}")
    return lines
