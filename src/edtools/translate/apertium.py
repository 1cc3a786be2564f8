"""The Apertium backend: Debian's rule-based Spanish -> English pair, run as a subprocess.

    ApertiumTranslator(pair="spa-eng_US") -> Translator

A real offline engine where no MarianMT model is installed: ``apertium -u spa-eng_US`` from the
Debian package ``apertium-eng-spa``. No model is loaded; chosen only when asked (``--backend
apertium`` or ``backend = "apertium"`` in [translate]). A batch goes to Apertium in one call,
sentences separated by a paragraph holding only a full stop: Apertium passes it through, and
it ends the sentence before it, so a fragment without final punctuation (a heading, a link
text) does not run on into the next sentence (with blank lines alone it does: "Se reunió..."
after "seguridad" lost its subject). When the count that comes back differs, each sentence is
translated on its own. Apertium reads the batch as HTML (``-f html``): the text is
escaped, and code spans, URLs, e-mail addresses and HTML tags inside a sentence travel as HTML
comments, which Apertium keeps byte for byte where they stand. ``-u`` turns off the unknown-word mark ``*``; any ``*``/``#``/``@``
mark left glued to a word the source does not have that way is removed, so marks never reach the
draft. The fingerprint (cache key) covers the backend, the pair and the pair's data files, so
Apertium drafts never mix with a model's in the translation memory.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from edtools.errors import ModelError

PACKAGE = "apertium-eng-spa"
DEFAULT_PAIR = "spa-eng_US"
INSTALL_HINT = f"install the Debian package {PACKAGE} (sudo apt-get install {PACKAGE})"
SEPARATOR = "\n\n.\n\n"
TIMEOUT_S = 600

_SPLIT = re.compile(r"\n[ \t\n]*\.[ \t]*\n[ \t\n]*")
_SPACES = re.compile(r"[ \t\n]+")
_NEWLINES = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_MARK = re.compile(r"(?<![\w*#@])[*#@](?=\w)")
_DATA_FILE = re.compile(r"'([^']+)'")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def _data_dir() -> Path:
    return Path(os.environ.get("APERTIUM_DATADIR") or "/usr/share/apertium")


def _package_version() -> str | None:
    exe = shutil.which("dpkg-query")
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, "-W", "-f=${Version}", PACKAGE], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


class ApertiumTranslator:
    """Translates sentences with ``apertium -u PAIR``; see the module docstring."""

    backend = "apertium"

    def __init__(self, pair: str = DEFAULT_PAIR) -> None:
        exe = shutil.which("apertium")
        if exe is None:
            raise ModelError(f"--backend apertium: the `apertium` command is not installed; {INSTALL_HINT}")
        mode = _data_dir() / "modes" / f"{pair}.mode"
        if not mode.is_file():
            raise ModelError(f"--backend apertium: the Spanish-English pair ({pair}) is not installed; {INSTALL_HINT}")
        self.exe = exe
        self.pair = pair
        version = _package_version()
        self.name = f"apertium {pair} ({PACKAGE} {version})" if version else f"apertium {pair}"
        self.fingerprint = self._fingerprint(mode)
        self.load_seconds = 0.0

    def _fingerprint(self, mode: Path) -> str:
        """Backend, pair, the mode file and the size and time of every data file it names."""
        text = mode.read_text(encoding="utf-8", errors="replace")
        files = {}
        for path in sorted(set(_DATA_FILE.findall(text))):
            try:
                st = os.stat(path)
            except OSError:
                continue
            files[path] = [st.st_size, st.st_mtime_ns]
        payload = {"backend": self.backend, "pair": self.pair, "mode": text, "files": files, "options": ["-u"]}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def _run(self, text: str) -> str:
        try:
            proc = subprocess.run(
                [self.exe, "-f", "html", "-u", self.pair], input=text, capture_output=True, text=True,
                encoding="utf-8", errors="replace", timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise ModelError(f"apertium {self.pair} did not answer within {TIMEOUT_S} s") from None
        except OSError as exc:
            raise ModelError(f"apertium could not be run ({exc}); {INSTALL_HINT}") from None
        if proc.returncode != 0:
            lines = proc.stderr.strip().splitlines()
            raise ModelError(f"apertium {self.pair} failed: {lines[0] if lines else f'exit status {proc.returncode}'}")
        return proc.stdout

    def translate_batch(self, sentences: list[str]) -> list[str]:
        inputs = [_NEWLINES.sub(" ", s).strip() for s in sentences]
        todo = [i for i, s in enumerate(inputs) if s]
        outputs = [""] * len(inputs)
        if not todo:
            return outputs
        marked = [protect(inputs[i]) for i in todo]
        parts = _SPLIT.split(self._run(SEPARATOR.join(marked) + "\n").strip("\n"))
        if len(parts) != len(todo):  # the separator did not survive: one call per sentence
            parts = [self._run(m + "\n") for m in marked]
        for i, out in zip(todo, parts):
            outputs[i] = unprotect(out, inputs[i])
        return outputs


def protect(text: str) -> str:
    """``text`` as Apertium's HTML input: escaped, verbatim elements inside HTML comments."""
    from edtools.inline import protected_spans

    out: list[str] = []
    pos = 0
    for start, end in protected_spans(text):
        if start < pos:
            continue
        piece = text[start:end]
        out.append(html.escape(text[pos:start], quote=False))
        ok = "--" not in piece and not piece.endswith("-")
        out.append(f"<!--{piece}-->" if ok else html.escape(piece, quote=False))
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def unprotect(text: str, source: str) -> str:
    """Apertium's HTML output back to one line of text: comments unwrapped byte for byte, the
    rest unescaped and cleaned (``clean_output``)."""
    out: list[str] = []
    pos = 0
    for m in _COMMENT.finditer(text):
        out.append(clean_output(html.unescape(text[pos : m.start()]), source))
        out.append(m.group(1))
        pos = m.end()
    out.append(clean_output(html.unescape(text[pos:]), source))
    return "".join(out).strip()


def clean_output(text: str, source: str) -> str:
    """Single spaces, and no unknown-word mark the source does not have."""
    text = _SPACES.sub(" ", text)

    def drop(m: re.Match[str]) -> str:
        word = re.match(r"\w+", text[m.end():])
        glued = m.group(0) + (word.group(0) if word else "")
        return glued[0] if glued in source else ""

    return _MARK.sub(drop, text)
