"""English translations of Spanish words, from Apertium's bilingual dictionary when it is installed.

Debian's ``apertium-eng-spa`` ships a Spanish analyser (``spa-eng.automorf.bin``) and the
Spanish-English bilingual dictionary (``spa-eng.autobil.bin``), both GPL data; they are read
at run time through ``lt-proc`` (package ``lttoolbox``) and never copied into edtools. The
folder can be moved with ``EDTOOLS_APERTIUM_DATA``. Without them every lookup is empty and
the rules fall back to their other clues.

Two ``lt-proc`` calls translate any number of words, so a rule gathers its words first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = "/usr/share/apertium/apertium-eng-spa"
_UNIT = re.compile(r"\^([^$]*)\$")
_TIMEOUT = 20


def data_dir() -> Path:
    return Path(os.environ.get("EDTOOLS_APERTIUM_DATA") or DEFAULT_DIR)


@lru_cache(maxsize=1)
def available() -> bool:
    d = data_dir()
    return bool(shutil.which("lt-proc")) and (d / "spa-eng.automorf.bin").is_file() and (d / "spa-eng.autobil.bin").is_file()


def _lt_proc(args: list[str], text: str) -> str:
    try:
        done = subprocess.run(
            ["lt-proc", *args], input=text, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def _readings(words: list[str]) -> dict[str, list[str]]:
    """word -> its analyses (``lemma<tags>``), from the Spanish analyser."""
    out = _lt_proc([str(data_dir() / "spa-eng.automorf.bin")], "\n".join(words) + "\n")
    readings: dict[str, list[str]] = {}
    for m in _UNIT.finditer(out):
        surface, _, rest = m.group(1).partition("/")
        if rest and not rest.startswith("*"):
            readings[surface] = rest.split("/")
    return readings


def _english(analyses: list[str]) -> dict[str, set[str]]:
    """analysis -> English lemmas, from the bilingual dictionary."""
    if not analyses:
        return {}
    lines = "\n".join(f"^{a[:1].lower()}{a[1:]}$" for a in analyses) + "\n"
    out = _lt_proc(["-b", str(data_dir() / "spa-eng.autobil.bin")], lines)
    result: dict[str, set[str]] = {}
    for m in _UNIT.finditer(out):
        parts = m.group(1).split("/")
        lemmas = set()
        for target in parts[1:]:
            lemma = target.split("<", 1)[0].split("#", 1)[0].lstrip("@").strip()
            if lemma:
                lemmas.add(lemma.lower())
        result[parts[0].lower()] = lemmas
    return result


def translations(words: list[str] | tuple[str, ...]) -> dict[str, tuple[set[str], bool]]:
    """word -> (English lemmas, whether the analyser knows it as a proper noun); {} without Apertium."""
    words = sorted({w for w in words if w and "\n" not in w and "^" not in w and "$" not in w})
    if not words or not available():
        return {}
    readings = _readings(words)
    analyses = sorted({a for rs in readings.values() for a in rs})
    english = _english(analyses)
    out: dict[str, tuple[set[str], bool]] = {}
    for word, rs in readings.items():
        lemmas: set[str] = set()
        for a in rs:
            lemmas |= english.get(a[:1].lower() + a[1:].lower(), set())
        out[word] = (lemmas, any("<np>" in a for a in rs))
    return out


# British spellings of the dictionary's lemmas that the spa-eng_US mode writes the American way
_US_SPELLINGS = ((re.compile(r"([^aeiou])re$"), r"\1er"), (re.compile(r"our$"), "or"), (re.compile(r"ise$"), "ize"))


def english_forms(lemma: str) -> set[str]:
    """A lemma's likely inflected forms (remove -> removes, removed, removing; river -> rivers), in
    British and American spelling (metre -> meter, harbour -> harbor: the dictionary is British, the
    ``spa-eng_US`` mode's output American)."""
    forms = _inflections(lemma)
    for pattern, repl in _US_SPELLINGS:
        us = pattern.sub(repl, lemma)
        if us != lemma:
            forms |= _inflections(us)
    return forms


def _inflections(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("f"):
        forms.add(lemma[:-1] + "ves")
    return forms
