"""`edtools translate` through the installed command: outputs, cache, and every bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ARTICLE = """# El ministro habla

El ministro de Gobierno habló con la prensa en Quito. La Policía detuvo a tres personas.

- Vea el [informe](https://example.com/a_b) y `ls -l`.
- Escriba a prensa@gob.ec.

> La Asamblea Nacional aprobó el presupuesto.
"""


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    p = tmp_path / "nota.es.md"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def _one_error_line(stderr: str, fragment: str) -> None:
    lines = [line for line in stderr.splitlines() if line.startswith("edtools: error:")]
    assert len(lines) == 1, stderr
    assert fragment in lines[0], stderr
    assert "Traceback" not in stderr


def test_draft_bilingual_and_cache(edtools_run, article: Path, tmp_path: Path, tiny_marian_model: Path) -> None:
    out, jsonl, cache = tmp_path / "nota.en.md", tmp_path / "nota.jsonl", tmp_path / "tm.sqlite"
    args = ["translate", str(article), "-o", str(out), "--bilingual", str(jsonl), "--model", str(tiny_marian_model),
            "--cache", str(cache), "--beam", "1"]
    r = edtools_run(args)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert "translated 6 segments (0 from cache)" in r.stderr and "tiny-es-en (transformers, cpu, beam 1)" in r.stderr
    draft = out.read_text(encoding="utf-8")
    lines = draft.split("\n")
    assert len(lines) == len(ARTICLE.split("\n"))
    assert lines[0].startswith("# ") and lines[4].startswith("- [") and lines[7].startswith("> ")
    assert "](https://example.com/a_b)" in draft and "`ls -l`" in draft and "prensa@gob.ec" in draft
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == list(range(1, 7))
    assert records[1] == {**records[1], "block": 1, "line": 3, "source": "El ministro de Gobierno habló con la prensa en Quito."}
    # second run: everything from the cache, same draft
    first = draft
    r = edtools_run(args)
    assert r.returncode == 0, r.stderr
    assert "translated 6 segments (6 from cache)" in r.stderr
    assert out.read_text(encoding="utf-8") == first


def test_stdin_to_stdout_quiet(edtools_inprocess, tiny_marian_model: Path) -> None:
    r = edtools_inprocess(["translate", "-", "--model", str(tiny_marian_model), "--no-cache", "-q", "--beam", "1"],
                    input="El ministro habló.\n\nVea https://gob.ec/x hoy.\n")
    assert r.returncode == 0, r.stderr
    assert r.stderr == "" or "warning" in r.stderr
    paras = r.stdout.split("\n\n")
    assert len(paras) == 2 and "https://gob.ec/x" in paras[1] and r.stdout.endswith("\n")


def test_crlf_and_cp1252_input(edtools_inprocess, tmp_path: Path, tiny_marian_model: Path) -> None:
    src = tmp_path / "nota.txt"
    src.write_bytes("El ministro habló en Bogotá.\r\n\r\nLa canción «Año».\r\n".encode("cp1252"))
    out = tmp_path / "out.txt"
    r = edtools_inprocess(["translate", str(src), "-o", str(out), "--model", str(tiny_marian_model), "--no-cache"])
    assert r.returncode == 0, r.stderr
    assert "decoded as Windows-1252" in r.stderr
    data = out.read_bytes()
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    data.decode("utf-8")  # the draft is UTF-8
    assert "Ã" not in data.decode("utf-8")


def test_english_document_warns(edtools_inprocess, tmp_path: Path, tiny_marian_model: Path) -> None:
    src = tmp_path / "en.md"
    src.write_text("The minister spoke with the press.\n\nThe police arrested three people.\n", encoding="utf-8")
    base = ["translate", str(src), "--model", str(tiny_marian_model), "--no-cache", "--beam", "1"]
    r = edtools_inprocess(base)
    assert r.returncode == 0
    assert "this document looks like English (2 of 2 sentences), not Spanish" in r.stderr
    r = edtools_inprocess([*base, "--source-lang", "es"])
    assert r.returncode == 0 and "looks like" not in r.stderr
    r = edtools_inprocess([*base, "--source-lang", "en"])
    assert r.returncode == 2 and r.stdout == ""
    _one_error_line(r.stderr, "only Spanish (es) to English is supported")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        (b"abc\x00\x01\x02\x03" * 50, "binary"),
    ],
)
def test_bad_input_files(edtools_run, tmp_path: Path, tiny_marian_model: Path, content: bytes, fragment: str) -> None:
    src = tmp_path / "in.md"
    src.write_bytes(content)
    out = tmp_path / "out.md"
    r = edtools_run(["translate", str(src), "-o", str(out), "--model", str(tiny_marian_model)])
    assert r.returncode == 2 and not out.exists()
    _one_error_line(r.stderr, fragment)


def test_bad_models_and_options(edtools_run, article: Path, tmp_path: Path, tiny_model_copy: Path) -> None:
    out = tmp_path / "out.md"
    jsonl = tmp_path / "out.jsonl"
    cases = [
        (["--model", str(tmp_path / "no-such-model")], "does not exist"),
        (["--model", "no-such-name"], "unknown model 'no-such-name'"),
        (["--backend", "fast"], "invalid value for --backend: 'fast'"),
        (["--device", "tpu"], "invalid value for --device: 'tpu'"),
        (["--beam", "0"], "--beam: 0 (must be at least 1)"),
        (["--batch-size", "many"], "--batch-size: 'many' (expected a whole number)"),
        (["--cache", str(tmp_path / "c.sqlite"), "--no-cache"], "cannot be used together"),
        (["-o", str(tmp_path / "missing-dir" / "out.md")], "does not exist"),
        (["-o", str(article)], "refusing to overwrite the source"),
    ]
    for extra, fragment in cases:
        args = ["translate", str(article), "-o", str(out), "--bilingual", str(jsonl),
                "--model", str(tiny_model_copy), *extra]
        r = edtools_run(args)
        assert r.returncode == 2, (extra, r.stderr)
        _one_error_line(r.stderr, fragment)
        assert not out.exists() and not jsonl.exists(), extra
    (tiny_model_copy / "source.spm").unlink()
    r = edtools_run(["translate", str(article), "-o", str(out), "--model", str(tiny_model_copy)])
    assert r.returncode == 2 and not out.exists()
    _one_error_line(r.stderr, "is incomplete: missing source.spm")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output(edtools_run, article: Path, tmp_path: Path, tiny_marian_model: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        r = edtools_run(["translate", str(article), "-o", str(locked / "out.md"), "--model", str(tiny_marian_model)])
        assert r.returncode == 2
        _one_error_line(r.stderr, "is not writable")
    finally:
        locked.chmod(0o700)


def test_output_is_a_directory(edtools_run, article: Path, tmp_path: Path, tiny_marian_model: Path) -> None:
    r = edtools_run(["translate", str(article), "-o", str(tmp_path), "--model", str(tiny_marian_model)])
    assert r.returncode == 2
    _one_error_line(r.stderr, "is a directory")


def test_glossary_options(edtools_inprocess, article: Path, tmp_path: Path, tiny_marian_model: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out.md"
    base = ["translate", str(article), "-o", str(out), "--model", str(tiny_marian_model), "--no-cache", "--beam", "1"]
    r = edtools_inprocess([*base, "--glossary", str(root / "glossary" / "executive.yaml")])
    assert r.returncode == 0, r.stderr
    assert "; glossary: " in r.stderr and out.exists()
    out.unlink()
    r = edtools_inprocess([*base, "--glossary", str(tmp_path / "nope.yaml")])
    assert r.returncode == 2 and not out.exists()
    _one_error_line(r.stderr, "nope.yaml")
    # a config glossary is used unless --no-glossary
    (tmp_path / "edtools.toml").write_text(f'glossary = "{root / "glossary"}"\n', encoding="utf-8")
    r = edtools_inprocess(base)
    assert r.returncode == 0 and "; glossary: " in r.stderr
    r = edtools_inprocess([*base, "--no-glossary"])
    assert r.returncode == 0 and "glossary" not in r.stderr
