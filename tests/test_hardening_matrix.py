"""The bad-input matrix: every command that reads files × every way a newsroom file arrives.

Each cell asserts one of two outcomes:
  * correct output — BOM / UTF-16 / CP1252 / CRLF / CR decode to the same text (ñ and curly quotes
    survive into the output, no mojibake), or
  * exit 2 with exactly one ``edtools: error: …`` line on stderr, no traceback, and no output file
    left behind (not even a temporary one).

Commands: translate, draft, segment, lint, glossary apply, glossary validate, glossary import,
glossary export (plus ``models verify DIR`` in its own folder-shaped matrix below).
Most cells run in-process (``edtools.cli.main`` through click's runner, identical error handling);
the stdin-closed column runs the installed command in a subprocess with fd 0 closed.

translate/draft on the 5 MB and 200,000-line inputs: a full translation with even the tiny model
takes minutes, so those two cells run the whole read → decode → parse → sentence-split → language
stage through the command and stop at model loading (a model folder that does not exist), which
must then fail with one line and no output. The glossary commands' 200,000-line cell uses a
20,000-row CSV in the suite (full size: set EDTOOLS_SLOW=1; it takes minutes, see docs/hardening.md).
"""

from __future__ import annotations

import builtins
import io
import json
import os
import pathlib
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import _edtools_argv, run_inprocess

# ----------------------------------------------------------------------------- inputs

DOC = (
    "# El niño y la señora\n"
    "\n"
    "El niño dijo “hola” a la señora. La canción es ‘buena’.\n"
    "\n"
    "```\n"
    "código “niño” señal\n"
    "```\n"
)
GLOSSARY = (
    "- id: nino\n"
    "  es: niño\n"
    "  en: boy\n"
    "  note: “curly” ‘quotes’ and ñ\n"
)
MIXED_DOC = "Primera línea del niño.\r\nSegunda línea.\rTercera línea.\n\r\nCuarto párrafo “citado”.\r"
MIXED_GLOSSARY = "- id: nino\r\n  es: niño\r  en: boy\n  note: “curly” ñ\r\n"
WORDS = ("palabra " * (5 * 1024 * 1024 // 8)).encode()  # 5 MB, no newline
GLOSSARY_ROWS = 5_000  # the glossary commands' "200k-lines" cell in the suite (EDTOOLS_SLOW=1: 200,000)
LINES_200K = "".join(f"La línea número {i} del niño.\n" for i in range(200_000)).encode()

BINARY = {
    "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)),
    "nul": b"El ni\x00o\x00 " * 40 + bytes(range(1, 40)),
}

ENCODED = {
    "utf8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "utf16-bom": lambda t: t.encode("utf-16"),
    "cp1252": lambda t: t.encode("cp1252"),
}

CASES = [
    "empty", "whitespace", "png", "pdf", "nul", "utf8-bom", "utf16-bom", "cp1252", "crlf-cr",
    "5mb-no-newline", "200k-lines", "directory", "missing", "unreadable", "unwritable-missing-folder",
    "unwritable-proc", "stdin-closed",
]
ERROR_CASES = {"png", "pdf", "nul", "directory", "missing", "unreadable", "unwritable-missing-folder",
               "unwritable-proc"}
DECODE_CASES = {"utf8-bom", "utf16-bom", "cp1252", "crlf-cr"}


@dataclass
class Command:
    name: str
    kind: str  # "doc" (reads a document) or "glossary" (reads a term base)
    build: Callable[[str, Path, Path], list[str]]  # (input, out path, work dir) -> argv
    writes: bool  # has an output-file option
    stdin: bool  # accepts "-" for its input


def _translate(inp: str, out: Path, work: Path, *, model: str) -> list[str]:
    return ["translate", inp, "--model", model, "--source-lang", "es", "--cache", str(work / "tm.sqlite"),
            "-o", str(out), "--bilingual", str(work / "segments.jsonl"), "-q", "--beam", "1", "--no-glossary"]


def _draft(inp: str, out: Path, work: Path, *, model: str) -> list[str]:
    return ["draft", inp, "--model", model, "--source-lang", "es", "--cache", str(work / "tm.sqlite"),
            "-o", str(out), "--bilingual", str(work / "segments.jsonl"), "-q", "--beam", "1", "--no-glossary",
            "--fail-level", "never", "--select", "ED1"]


def commands(model: str) -> dict[str, Command]:
    return {
        "translate": Command("translate", "doc", lambda i, o, w: _translate(i, o, w, model=model), True, True),
        "draft": Command("draft", "doc", lambda i, o, w: _draft(i, o, w, model=model), True, True),
        "segment": Command("segment", "doc", lambda i, o, w: ["segment", i], False, True),
        "lint": Command("lint", "doc", lambda i, o, w: ["lint", i, "--format", "json", "-o", str(o),
                                                         "--fail-level", "error", "--select", "ED1,ED2"],
                        True, True),
        "glossary-apply": Command(
            "glossary-apply", "doc",
            lambda i, o, w: ["glossary", "apply", i, "--source", str(w / "source.md"),
                             "--glossary", str(w / "g.yaml"), "-o", str(o), "-q"],
            True, True),
        "glossary-validate": Command("glossary-validate", "glossary",
                                     lambda i, o, w: ["glossary", "validate", i], False, False),
        "glossary-import": Command("glossary-import", "glossary",
                                   lambda i, o, w: ["glossary", "import", i, "-o", str(o)], True, False),
        "glossary-export": Command("glossary-export", "glossary",
                                   lambda i, o, w: ["glossary", "export", i, "--to", "csv", "-o", str(o)],
                                   True, False),
    }


COMMAND_NAMES = ["translate", "draft", "segment", "lint", "glossary-apply", "glossary-validate",
                 "glossary-import", "glossary-export"]


# ----------------------------------------------------------------------------- helpers

def _write_case(case: str, kind: str, work: Path) -> Path:
    """The input file for a case (suffix .md for documents, .yaml/.csv for glossaries)."""
    suffix = ".md" if kind == "doc" else ".yaml"
    text = DOC if kind == "doc" else GLOSSARY
    p = work / f"input{suffix}"
    if case == "empty":
        p.write_bytes(b"")
    elif case == "whitespace":
        p.write_bytes(b"  \n\t\n   \r\n")
    elif case in BINARY:
        p.write_bytes(BINARY[case])
    elif case in ENCODED:
        p.write_bytes(ENCODED[case](text))
    elif case == "crlf-cr":
        p.write_bytes((MIXED_DOC if kind == "doc" else MIXED_GLOSSARY).encode("utf-8"))
    elif case == "5mb-no-newline":
        if kind == "glossary":
            p = work / "input.csv"
            p.write_bytes(("niño," + "palabra " * (5 * 1024 * 1024 // 8)).encode())
        else:
            p.write_bytes(WORDS)
    elif case == "200k-lines":
        if kind == "glossary":
            rows = 200_000 if os.environ.get("EDTOOLS_SLOW") else GLOSSARY_ROWS
            p = work / "input.csv"
            p.write_text("".join(f"término {i},term {i},,,,nota “{i}” ñ\n" for i in range(rows)), encoding="utf-8")
        else:
            p.write_bytes(LINES_200K)
    elif case == "directory":
        p.mkdir()
    elif case == "missing":
        pass
    else:  # unreadable, unwritable-*, stdin-closed: a good file
        p.write_text(text, encoding="utf-8")
    return p


def _lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def assert_one_line_error(r: subprocess.CompletedProcess, *outputs: Path, contains: str | None = None) -> None:
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == 2, (r.returncode, r.stderr, r.stdout[:300])
    lines = _lines(r.stderr)
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("edtools: error: "), lines
    if contains:
        assert contains in lines[0], lines[0]
    for out in outputs:
        assert not out.exists(), f"{out} left behind after a failure"
        leftovers = [p.name for p in out.parent.glob(f".{out.name}.*")] if out.parent.is_dir() else []
        assert not leftovers, f"temporary files left behind: {leftovers}"


def assert_clean(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr, r.stderr
    assert "internal error" not in r.stderr, r.stderr
    for line in _lines(r.stderr):
        assert line.startswith("edtools: "), r.stderr


class _Unreadable:
    """Make one path raise PermissionError for every way edtools might open it (we run as root)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
        self.target = os.path.realpath(target)
        real_open, real_io_open = builtins.open, io.open
        real_read_bytes, real_read_text = pathlib.Path.read_bytes, pathlib.Path.read_text
        real_path_open = pathlib.Path.open

        def hit(path: object) -> bool:
            try:
                return os.path.realpath(os.fspath(path)) == self.target  # type: ignore[arg-type]
            except TypeError:
                return False

        def deny(path: object) -> None:
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]

        def fake_open(file, *a, **k):  # type: ignore[no-untyped-def]
            if hit(file):
                deny(file)
            return real_open(file, *a, **k)

        def fake_io_open(file, *a, **k):  # type: ignore[no-untyped-def]
            if hit(file):
                deny(file)
            return real_io_open(file, *a, **k)

        def fake_read_bytes(self_):  # type: ignore[no-untyped-def]
            if hit(self_):
                deny(self_)
            return real_read_bytes(self_)

        def fake_read_text(self_, *a, **k):  # type: ignore[no-untyped-def]
            if hit(self_):
                deny(self_)
            return real_read_text(self_, *a, **k)

        def fake_path_open(self_, *a, **k):  # type: ignore[no-untyped-def]
            if hit(self_):
                deny(self_)
            return real_path_open(self_, *a, **k)

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_io_open)
        monkeypatch.setattr(pathlib.Path, "read_bytes", fake_read_bytes)
        monkeypatch.setattr(pathlib.Path, "read_text", fake_read_text)
        monkeypatch.setattr(pathlib.Path, "open", fake_path_open)


def _run_closed_stdin(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("EDTOOLS_DEBUG", None)
    proc = subprocess.run(
        _edtools_argv() + args, cwd=cwd, env=env, capture_output=False, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, stdin=None, preexec_fn=lambda: os.close(0), timeout=120,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


# ----------------------------------------------------------------------------- success checks

MOJIBAKE = ("Ã", "â€", "Â", "\ufffd")


def _no_mojibake(text: str) -> None:
    for bad in MOJIBAKE:
        assert bad not in text, f"mojibake {bad!r} in output: {text[:300]!r}"


def check_success(cmd: str, case: str, r: subprocess.CompletedProcess, out: Path, work: Path) -> None:
    assert_clean(r)
    mixed = case == "crlf-cr"
    if cmd in ("translate", "draft"):
        assert r.returncode == 0, r.stderr
        draft = out.read_bytes().decode("utf-8")
        _no_mojibake(draft)
        records = [json.loads(line) for line in (work / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
        sources = " ".join(rec["source"] for rec in records)
        _no_mojibake(sources)
        if mixed:
            # CR-only and CRLF line breaks are both line breaks: four sentences, two paragraphs
            assert "Tercera línea." in sources and "Cuarto párrafo “citado”." in sources, sources
            assert "\r" not in sources
            # two paragraphs in the draft, written with one newline style (the source's dominant one)
            norm = draft.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
            assert len(norm.split("\n\n")) == 2, repr(draft)
            styles = {"crlf": "\r\n" in draft, "cr": "\r" in draft.replace("\r\n", ""),
                      "lf": "\n" in draft.replace("\r\n", "")}
            assert sum(styles.values()) == 1, (styles, repr(draft))
        else:
            assert "El niño dijo “hola” a la señora." in sources, sources
            assert "La canción es ‘buena’." in sources, sources
            # the code block is copied verbatim: decoded characters reach the draft intact
            assert "código “niño” señal" in draft, draft
    elif cmd == "segment":
        assert r.returncode == 0, r.stderr
        _no_mojibake(r.stdout)
        if mixed:
            assert r.stdout.splitlines()[:3] == ["Primera línea del niño.", "Segunda línea.", "Tercera línea."], r.stdout
        else:
            assert "El niño dijo “hola” a la señora." in r.stdout.splitlines(), r.stdout
    elif cmd == "lint":
        assert r.returncode in (0, 1), r.stderr
        report = json.loads(out.read_text(encoding="utf-8"))
        _no_mojibake(json.dumps(report, ensure_ascii=False))
    elif cmd == "glossary-apply":
        assert r.returncode == 0, r.stderr
        text = out.read_bytes().decode("utf-8")
        _no_mojibake(text)
        expected = (MIXED_DOC if mixed else DOC).replace("\r\n", "\n").replace("\r", "\n")
        assert text.replace("\r\n", "\n").replace("\r", "\n") == expected
    elif cmd == "glossary-validate":
        assert r.returncode == 0, r.stdout + r.stderr
        assert "1 entries" in r.stdout or "1 entry" in r.stdout, r.stdout
        _no_mojibake(r.stdout)
    elif cmd == "glossary-import":
        assert r.returncode == 0, r.stderr
        text = out.read_text(encoding="utf-8")
        _no_mojibake(text)
        assert "niño" in text and "“curly”" in text, text
    elif cmd == "glossary-export":
        assert r.returncode == 0, r.stderr
        text = out.read_text(encoding="utf-8-sig")
        _no_mojibake(text)
        assert "niño" in text and "“curly”" in text, text


# ----------------------------------------------------------------------------- the matrix


@pytest.fixture(scope="module")
def matrix_model(tiny_marian_model: Path) -> str:
    return str(tiny_marian_model)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("cmd_name", COMMAND_NAMES)
def test_bad_input_matrix(cmd_name: str, case: str, matrix_model: str, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path
    cmd = commands(matrix_model)[cmd_name]
    (work / "g.yaml").write_text("- id: canciller\n  es: canciller\n  en: foreign minister\n", encoding="utf-8")
    out = work / ("out.json" if cmd_name == "lint" else "out.csv" if cmd_name == "glossary-export"
                  else "out.yaml" if cmd_name == "glossary-import" else "out.md")
    inp = _write_case(case, cmd.kind, work)
    if cmd_name == "glossary-apply":
        # the source is the same document (so blocks align); for the broken-draft cases a good source
        src = work / "source.md"
        if case in DECODE_CASES or case in ("5mb-no-newline", "200k-lines"):
            src.write_bytes(inp.read_bytes())
        else:
            src.write_text(DOC, encoding="utf-8")

    if case.startswith("unwritable"):
        if not cmd.writes:
            pytest.skip(f"{cmd_name} writes no output file")
        out = Path("/proc/edtools-out.md") if case == "unwritable-proc" else work / "no-such-folder" / "out.md"
    if case == "stdin-closed":
        arg = "-" if cmd.stdin else str(inp)
        r = _run_closed_stdin(cmd.build(arg, out, work), work)
        if cmd.stdin:
            assert_one_line_error(r, out, contains="standard input")
        else:
            check_success(cmd_name, "utf8", r, out, work)
        return

    if case in ("5mb-no-newline", "200k-lines") and cmd_name in ("translate", "draft"):
        # read/decode/parse/split through the command; a missing model stops it before translation
        args = cmd.build(str(inp), out, work)
        args[args.index("--model") + 1] = str(work / "no-model-here")
        r = run_inprocess(args)
        assert_one_line_error(r, out, work / "segments.jsonl", contains="no-model-here")
        return

    if case == "unreadable":
        _Unreadable(monkeypatch, inp)
    args = cmd.build(str(inp), out, work)
    if cmd_name == "lint" and case in ("5mb-no-newline", "200k-lines"):
        # the language-ID rules take ~45 s on 200,000 lines: the suite runs the cheap rules on the big files
        args[args.index("--select") + 1] = "ED101"
    r = run_inprocess(args)

    if case in ERROR_CASES:
        expected = {
            "png": "PNG", "pdf": "PDF", "nul": "binary", "directory": None, "missing": None,
            "unreadable": "permission denied", "unwritable-missing-folder": "does not exist",
            "unwritable-proc": None,
        }[case]
        assert_one_line_error(r, out, contains=expected)
    elif case in DECODE_CASES:
        check_success(cmd_name, case, r, out, work)
        if case == "cp1252":
            assert "Windows-1252" in r.stderr  # said once, as a warning
    elif case in ("empty", "whitespace"):
        if cmd.kind == "doc":
            assert_one_line_error(r, out, contains="empty" if case == "empty" else "whitespace")
        else:
            # an empty term base is reported (validate: a GL001 warning; import: an error), never a crash
            assert_clean(r)
            if cmd_name == "glossary-import":
                # empty: "no entries"; whitespace with a tab: a YAML error at file:line:col
                assert_one_line_error(r, out, contains="no entries" if case == "empty" else "input.yaml:")
            elif cmd_name == "glossary-validate":
                assert r.returncode in (0, 1) and ("no entries" in r.stdout or "0 entries" in r.stdout), r.stdout
            else:
                assert r.returncode in (0, 2)
                if r.returncode == 2:
                    assert_one_line_error(r, out)
    elif case == "5mb-no-newline":
        if cmd.kind == "glossary":
            # one 5 MB CSV cell: refused with file:line, never a crash
            if cmd_name == "glossary-validate":
                assert_clean(r)
                assert r.returncode == 1 and "input.csv:1" in r.stdout, r.stdout
            else:
                assert_one_line_error(r, out, contains="input.csv:1")
        elif cmd_name == "segment":
            assert r.returncode == 0 and r.stdout.strip() == WORDS.decode().strip()
        else:
            assert_clean(r)
            assert r.returncode in (0, 1), r.stderr
            assert out.exists()
    elif case == "200k-lines":
        assert_clean(r)
        if cmd_name == "segment":
            lines = r.stdout.splitlines()
            assert len(lines) == 200_000 and lines[-1] == "La línea número 199999 del niño.", lines[-3:]
        elif cmd_name == "glossary-validate":
            assert r.returncode in (0, 1)
        else:
            assert r.returncode in (0, 1), r.stderr
            assert out.exists()
            if cmd_name == "glossary-apply":
                assert out.read_bytes() == LINES_200K
            if cmd_name == "glossary-import":
                rows = 200_000 if os.environ.get("EDTOOLS_SLOW") else GLOSSARY_ROWS
                assert f"término {rows - 1}" in out.read_text(encoding="utf-8")[-2000:]
    else:  # pragma: no cover
        raise AssertionError(case)


# ----------------------------------------------------------------------------- models verify DIR


def _model_case(case: str, tiny: Path, work: Path) -> Path:
    import shutil

    d = work / "model"
    if case == "missing":
        return d
    if case == "file-not-folder":
        d.write_bytes(b"\x89PNG\r\n\x1a\n")
        return d
    if case == "empty-folder":
        d.mkdir()
        return d
    shutil.copytree(tiny, d)
    if case == "pickle-only":
        (d / "model.safetensors").rename(d / "pytorch_model.bin")
    elif case == "binary-config":
        (d / "config.json").write_bytes(BINARY["png"])
    elif case == "empty-weights":
        (d / "model.safetensors").write_bytes(b"")
    elif case == "truncated-weights":
        data = (d / "model.safetensors").read_bytes()
        (d / "model.safetensors").write_bytes(data[: len(data) // 3])
    elif case == "utf16-config":
        (d / "config.json").write_bytes((d / "config.json").read_text(encoding="utf-8").encode("utf-16"))
    return d


MODEL_CASES = ["missing", "file-not-folder", "empty-folder", "pickle-only", "binary-config", "empty-weights",
               "truncated-weights", "utf16-config"]


@pytest.mark.parametrize("case", MODEL_CASES)
def test_models_verify_bad_folders(case: str, tiny_marian_model: Path, tmp_path: Path) -> None:
    d = _model_case(case, tiny_marian_model, tmp_path)
    r = run_inprocess(["models", "verify", str(d)])
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = _lines(r.stderr)
    assert len(lines) == 1 and lines[0].startswith("edtools: error: "), r.stderr
    if case == "pickle-only":
        assert "convert-weights" in r.stdout + r.stderr


def test_matrix_size_is_what_the_docs_say() -> None:
    # docs/hardening.md quotes these numbers
    assert len(CASES) * len(COMMAND_NAMES) == 136
    assert len(MODEL_CASES) == 8


@pytest.mark.skipif(sys.platform != "linux", reason="/proc is Linux-only")
def test_installed_command_unwritable_output_subprocess(tmp_path: Path) -> None:
    """One cell through the real entry point: the in-process runner is not hiding anything."""
    src = tmp_path / "nota.md"
    src.write_bytes(ENCODED["cp1252"](DOC))
    out = tmp_path / "missing" / "out.json"
    env = dict(os.environ)
    r = subprocess.run(_edtools_argv() + ["lint", str(src), "--select", "ED1", "-o", str(out)],
                       capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in r.stderr
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("edtools: error:")]
    assert len(errors) == 1 and "does not exist" in errors[0], r.stderr
    assert not out.exists()


def test_a_run_on_longer_than_the_model_input_is_translated_whole(tiny_marian_model: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the 5 MB cell: one sentence past the model's 512-piece input was cut by the tokenizer,
    and the draft silently lost the rest. Now it goes to the model in parts and comes back whole."""
    import edtools.translate.marian as marian
    from edtools.translate.pipeline import MAX_INPUT_CHARS

    seen: list[str] = []

    def echo(self, sentences):  # type: ignore[no-untyped-def]
        seen.extend(sentences)
        return [s.upper() for s in sentences]

    monkeypatch.setattr(marian.MarianTranslator, "translate_batch", echo)
    words = [f"palabra{i}" + ("," if i % 97 == 0 else "") for i in range(3000)]  # ~30,000 characters, no period
    src = tmp_path / "runon.md"
    src.write_text("Título corto.\n\n" + " ".join(words) + "\n", encoding="utf-8")
    out = tmp_path / "runon.en.md"
    r = run_inprocess(["translate", str(src), "--model", str(tiny_marian_model), "--backend", "transformers",
                       "--no-cache", "--source-lang", "es", "-q", "-o", str(out)])
    assert r.returncode == 0, r.stderr
    assert seen and max(len(s) for s in seen) <= MAX_INPUT_CHARS
    draft = out.read_text(encoding="utf-8")
    assert draft.split("\n\n")[1].split() == [w.upper() for w in words]
