"""Reading input files the way newsroom files really arrive, and writing outputs atomically.

``read_text_file`` accepts UTF-8 (with or without BOM), UTF-16 (with BOM), and
Windows-1252 / Latin-1 exports (decoded with a warning, never mojibake). It refuses,
with one clear line, empty files, binary files (PNG, PDF, Word .docx, NUL bytes),
folders, missing or unreadable files and a closed stdin. Newlines are normalised to
``\\n``; the dominant original style is kept in ``TextFile.newline`` so that outputs can
be written back the same way.

``write_atomic`` writes to a temporary file beside the target and renames it into
place: a failure never leaves a truncated output.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from edtools.console import warn
from edtools.errors import InputError

STDIN = "-"

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or similar: save it as plain text or Markdown first)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document (save it as plain text or Markdown first)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document (save it as plain text or Markdown first)"),
)


@dataclass(frozen=True, slots=True)
class TextFile:
    path: str  # as given by the user; "<stdin>" for "-"
    text: str  # decoded, newlines normalised to "\n"
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"
    newline: str  # dominant newline style of the original: "\n", "\r\n" or "\r"


def display_name(path: str | os.PathLike[str]) -> str:
    return "<stdin>" if str(path) == STDIN else str(path)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a file (or stdin for "-"), turning every OS failure into one clear line."""
    name = display_name(path)
    if str(path) == STDIN:
        try:
            stream = sys.stdin.buffer
            return stream.read()
        except (ValueError, OSError, AttributeError):
            raise InputError("cannot read standard input: it is closed") from None
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{name}: is a directory, expected a file")
        return p.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda t: t[0])
    return best[1] if best[0] else "\n"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes from a newsroom file; return (text, encoding). Raise InputError on binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-8 mark but is not valid UTF-8") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name}: looks like UTF-16 but cannot be decoded") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not a text file")
    if b"\x00" in data:
        # UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text.
        head = data[:4096]
        if len(head) >= 4 and head[1::2].count(0) > 0.8 * (len(head) // 2):
            enc = "utf-16-le"
        elif len(head) >= 4 and head[0::2].count(0) > 0.8 * (len(head) // 2):
            enc = "utf-16-be"
        else:
            raise InputError(f"{name}: this looks like a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise InputError(f"{name}: this looks like a binary file (it contains NUL bytes), not text") from None
        warn(f"{name}: no byte-order mark; decoded as {enc.upper()}")
        return text, enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        enc = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    if _looks_binary(text):
        raise InputError(f"{name}: this looks like a binary file, not text")
    warn(f"{name}: not valid UTF-8; decoded as {'Windows-1252' if enc == 'cp1252' else 'Latin-1'}")
    return text, enc


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > 0.05 * len(sample)


def read_text_file(path: str | os.PathLike[str], *, allow_empty: bool = False) -> TextFile:
    """Read and decode a text or Markdown file (or stdin for "-")."""
    name = display_name(path)
    data = read_bytes(path)
    text, encoding = decode(data, name)
    if _looks_binary(text):
        raise InputError(f"{name}: this looks like a binary file (control characters), not text")
    newline = _dominant_newline(text)
    text = normalise_newlines(text)
    if not allow_empty and not text.strip():
        raise InputError(f"{name}: the file is empty" if not text else f"{name}: the file holds only whitespace")
    return TextFile(path=name, text=text, encoding=encoding, newline=newline)


def same_file(a: str, b: str) -> bool:
    """Whether two output/input names are the same file on disk (never for ``-``)."""
    try:
        return a != STDIN and b != STDIN and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail early (before long work) when an output path cannot be written."""
    if str(path) == STDIN:
        return
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected an output file path")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"cannot write {p}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write {p}: folder {parent} is not writable")
    if p.exists() and not os.access(p, os.W_OK):
        raise InputError(f"cannot write {p}: permission denied")
    # os.access says yes to root everywhere; only creating a file tells (read-only mounts, /proc, /sys)
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".probe", dir=parent)
    except OSError as exc:
        raise InputError(f"cannot write {p}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    For writers that need a file name (``safetensors.save_file``); ``write_atomic`` is built on it.
    OS errors become one-line ``InputError``s naming ``path``.
    """
    p = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    except OSError as exc:
        raise InputError(f"cannot write {p}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        yield tmp
        if p.exists():
            try:
                os.chmod(tmp, p.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {p}: {exc.strerror or exc}") from None
        raise


def write_atomic(path: str | os.PathLike[str], text: str, *, newline: str = "\n", encoding: str = "utf-8") -> None:
    """Write text to path via a temporary file and rename; "-" writes to stdout."""
    if newline != "\n":
        text = text.replace("\n", newline)
    if str(path) == STDIN:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    check_writable(path)
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
