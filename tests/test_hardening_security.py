"""Hostile files and a hostile network: what edtools refuses, and what it never does.

* model folders: only safetensors weights load; a pickle ``pytorch_model.bin`` is never unpickled
  (a booby-trapped pickle beside the weights stays inert), and a folder with only the pickle is
  refused with a message naming ``edtools models convert-weights``;
* model names from the registry (or the command line, as names) cannot leave the models folder;
* ``models pull`` checks every sha256 the registry records before installing, and installs nothing
  on a mismatch (the existing installation stays as it was);
* no network: ``translate``/``draft``/``lint``/``glossary`` never open an internet socket or resolve a
  host, and the tool sets ``HF_HUB_OFFLINE=1`` itself (checked inside the installed command);
* CSV/TSV export neutralises spreadsheet formulas (cells starting with = + - @);
* the HTML review page escapes every piece of source and draft text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import shutil
import socket
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import _edtools_argv, run_inprocess

SRC = "El ministro habló con la prensa en Quito.\n\nLa canciller se reunió con sus colegas.\n"


def _one_error_line(r: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("edtools: error: "), r.stderr
    return lines[0]


class _Trap:
    """Unpickling this runs code: it writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (exec, (f"open({str(self.marker)!r}, 'w').write('unpickled')",))


def _trapped_pickle(path: Path, marker: Path) -> None:
    path.write_bytes(pickle.dumps({"model.weight": _Trap(marker)}))


# ------------------------------------------------------------------------- model weights


def test_pickle_beside_safetensors_is_never_unpickled(tiny_model_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    _trapped_pickle(tiny_model_copy / "pytorch_model.bin", marker)
    src = tmp_path / "nota.md"
    src.write_text(SRC, encoding="utf-8")
    out = tmp_path / "nota.en.md"
    r = run_inprocess(["translate", str(src), "--model", str(tiny_model_copy), "--backend", "transformers",
                       "--no-cache", "--source-lang", "es", "--beam", "1", "-q", "-o", str(out)])
    assert r.returncode == 0, r.stderr
    assert out.exists()
    assert not marker.exists(), "the pickle was loaded"
    r = run_inprocess(["models", "verify", str(tiny_model_copy)])
    assert r.returncode == 0, r.stdout + r.stderr
    assert not marker.exists()


@pytest.mark.parametrize("command", ["translate", "draft", "verify"])
def test_pickle_only_folder_is_refused_naming_the_conversion(command: str, tiny_model_copy: Path,
                                                             tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    (tiny_model_copy / "model.safetensors").unlink()
    _trapped_pickle(tiny_model_copy / "pytorch_model.bin", marker)
    src = tmp_path / "nota.md"
    src.write_text(SRC, encoding="utf-8")
    out = tmp_path / "out.md"
    if command == "verify":
        args = ["models", "verify", str(tiny_model_copy)]
    else:
        args = [command, str(src), "--model", str(tiny_model_copy), "--no-cache", "--source-lang", "es",
                "-o", str(out), "--backend", "transformers"]
    r = run_inprocess(args)
    assert "Traceback" not in r.stderr
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert f"edtools models convert-weights {tiny_model_copy}" in r.stdout + r.stderr
    assert not marker.exists()
    assert not out.exists()


# ------------------------------------------------------------------------- names and the registry

HOSTILE_NAMES = ["..", "../x", "../../etc", "a/../../b", "/etc", "x/..", "a\\..\\b", "C:\\Windows", ".hidden",
                 "-rf", "x\x00y", "", "~root", "a" * 150]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_cannot_escape_the_models_folder(name: str) -> None:
    from edtools.errors import ModelError
    from edtools.translate.models import check_name, find_installed

    with pytest.raises(ModelError, match="invalid model name"):
        check_name(name)
    with pytest.raises(ModelError):
        find_installed(name)


@pytest.mark.parametrize("name", ["../../outside", "sub/../../outside", "/tmp/outside", ".."])
def test_registry_entry_with_traversal_is_refused(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "registry.toml").write_text(
        f'[[model]]\nname = {json.dumps(name)}\nhub-id = "org/evil"\nrevision = "main"\n', encoding="utf-8"
    )
    monkeypatch.setenv("EDTOOLS_MODELS_DIR", str(models))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for args in (["models", "list"], ["models", "pull", "x"], ["translate", "-", "--model", "x"]):
        line = _one_error_line(run_inprocess(args, input=SRC))
        assert "invalid model name" in line, line
    assert not (tmp_path / "outside").exists()


@pytest.mark.parametrize("name", ["../x", "..", "a/b", "/abs"])
def test_pull_refuses_names_that_are_paths(name: str) -> None:
    line = _one_error_line(run_inprocess(["models", "pull", name]))
    assert "invalid model name" in line


# ------------------------------------------------------------------------- pull verifies checksums


def _fake_hub(tiny: Path, monkeypatch: pytest.MonkeyPatch, *, corrupt: str | None) -> list[dict]:
    import huggingface_hub
    from huggingface_hub import constants

    # pull switches this process online; in the test process put everything back afterwards
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", constants.HF_HUB_OFFLINE)
    calls: list[dict] = []

    def snapshot_download(*, repo_id, revision, local_dir, allow_patterns, **kw):  # type: ignore[no-untyped-def]
        calls.append({"repo_id": repo_id, "revision": revision})
        for name in allow_patterns:
            if (tiny / name).is_file():
                shutil.copy(tiny / name, Path(local_dir) / name)
        if corrupt:
            p = Path(local_dir) / corrupt
            p.write_bytes(p.read_bytes()[:-8] + b"tampered")
        return local_dir

    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    return calls


def _registry_for(tiny: Path, root: Path) -> Path:
    models = root / "models"
    models.mkdir()
    files = ["config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"]
    sha = "\n".join(f'"{f}" = "{hashlib.sha256((tiny / f).read_bytes()).hexdigest()}"' for f in files)
    (models / "registry.toml").write_text(
        '[[model]]\nname = "fake-es-en"\nhub-id = "org/fake-es-en"\n'
        f'revision = "{"a" * 40}"\nrevision-confirmed = true\nlicence = "test"\n'
        f"files = {json.dumps(files)}\n\n[model.sha256]\n{sha}\n",
        encoding="utf-8",
    )
    return models


@pytest.mark.parametrize("corrupt", ["model.safetensors", "vocab.json"])
def test_pull_refuses_a_checksum_mismatch_and_installs_nothing(
    corrupt: str, tiny_marian_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDTOOLS_MODELS_DIR", str(_registry_for(tiny_marian_model, tmp_path)))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    calls = _fake_hub(tiny_marian_model, monkeypatch, corrupt=corrupt)
    r = run_inprocess(["models", "pull", "fake-es-en"])
    line = _one_error_line(r)
    assert "do not match" in line and "nothing was installed" in line, line
    assert f"{corrupt}: sha256" in r.stdout and "differs" in r.stdout, r.stdout
    assert calls == [{"repo_id": "org/fake-es-en", "revision": "a" * 40}]
    user_models = tmp_path / "data" / "edtools" / "models"
    assert not (user_models / "fake-es-en").exists()
    assert not [p for p in user_models.glob(".*")] if user_models.exists() else True  # no staging left

    # a good download installs; a later tampered --force download leaves the good one in place
    _fake_hub(tiny_marian_model, monkeypatch, corrupt=None)
    r = run_inprocess(["models", "pull", "fake-es-en"])
    assert r.returncode == 0, r.stdout + r.stderr
    installed = user_models / "fake-es-en" / corrupt
    good = installed.read_bytes()
    _fake_hub(tiny_marian_model, monkeypatch, corrupt=corrupt)
    _one_error_line(run_inprocess(["models", "pull", "fake-es-en", "--force"]))
    assert installed.read_bytes() == good


# ------------------------------------------------------------------------- no network


HOOK = r'''
import atexit, json, os, socket, sys
_log = os.environ["EDTOOLS_TEST_NET_LOG"]
def _record(what):
    with open(_log, "a") as fh:
        fh.write(json.dumps({"net": what}) + "\n")
_real_connect = socket.socket.connect
def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _record(repr(address))
        raise OSError("network disabled by the test")
    return _real_connect(self, address)
socket.socket.connect = _connect
socket.socket.connect_ex = lambda self, address: (_record(repr(address)), 111)[1]
_real_gai = socket.getaddrinfo
def _gai(host, *a, **k):
    _record("resolve " + repr(host))
    raise socket.gaierror("network disabled by the test")
socket.getaddrinfo = _gai
@atexit.register
def _offline():
    hub = sys.modules.get("huggingface_hub.constants")
    with open(_log, "a") as fh:
        fh.write(json.dumps({"env": os.environ.get("HF_HUB_OFFLINE"),
                             "hub_offline": getattr(hub, "HF_HUB_OFFLINE", None),
                             "transformers": "transformers" in sys.modules}) + "\n")
'''


def test_translate_is_offline_inside_the_installed_command(tiny_marian_model: Path, tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    log = tmp_path / "net.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "EDTOOLS_DEBUG"))}
    env.update(PYTHONPATH=str(hook), EDTOOLS_TEST_NET_LOG=str(log))
    src = tmp_path / "nota.md"
    src.write_text(SRC, encoding="utf-8")
    out = tmp_path / "nota.en.md"
    r = subprocess.run(_edtools_argv() + ["translate", str(src), "--model", str(tiny_marian_model), "--backend",
                                          "transformers", "--cache", str(tmp_path / "tm.sqlite"), "--beam", "1",
                                          "-q", "-o", str(out)],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e for e in events if "net" in e] == [], events
    final = [e for e in events if "env" in e][-1]
    assert final["transformers"], "the model was not loaded through transformers?"
    assert final["env"] == "1" and final["hub_offline"] is True, final


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []
    real_connect = socket.socket.connect

    def connect(self, address):  # type: ignore[no-untyped-def]
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(repr(address))
            raise OSError("network disabled by the test")
        return real_connect(self, address)

    def getaddrinfo(host, *a, **k):  # type: ignore[no-untyped-def]
        attempts.append(f"resolve {host!r}")
        raise socket.gaierror("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: attempts.append(repr(address)) or (_ for _ in ()).throw(OSError("off")))
    return attempts


def test_draft_lint_glossary_open_no_socket(no_network: list[str], tiny_marian_model: Path, tmp_path: Path) -> None:
    src = tmp_path / "nota.md"
    src.write_text(SRC + "\nVer https://example.com/nota y escribir a prensa@example.com.\n", encoding="utf-8")
    out = tmp_path / "nota.en.md"
    runs = [
        ["draft", str(src), "--model", str(tiny_marian_model), "--backend", "transformers", "--source-lang", "es",
         "--cache", str(tmp_path / "tm.sqlite"), "--beam", "1", "-q", "-o", str(out), "--review",
         str(tmp_path / "r.html"), "--fail-level", "never"],
        ["lint", str(out), "--source", str(src)],
        ["glossary", "validate"],
        ["glossary", "export", "--to", "tbx", "-o", str(tmp_path / "g.tbx")],
        ["glossary", "import", str(tmp_path / "g.tbx"), "-o", str(tmp_path / "g.yaml")],
        ["models", "list"],
        ["models", "verify", str(tiny_marian_model), "--no-load"],
    ]
    for args in runs:
        r = run_inprocess(args)
        assert r.returncode in (0, 1), (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert no_network == []
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


def test_tbx_external_entities_and_bombs_fetch_nothing(no_network: list[str], tmp_path: Path) -> None:
    cases = {
        "xxe.tbx": '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "http://example.com/x">]><tbx>&x;</tbx>',
        "dtd.tbx": '<?xml version="1.0"?><!DOCTYPE martif SYSTEM "http://example.com/TBXcoreStructV02.dtd">'
                   "<martif><text><body/></text></martif>",
        "bomb.tbx": '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
                    + "]><tbx>&i;</tbx>",
        "param.tbx": '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY % p SYSTEM "http://example.com/p.dtd"> %p;]><tbx/>',
    }
    for name, text in cases.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        for args in (["glossary", "validate", str(p)], ["glossary", "import", str(p)]):
            r = run_inprocess(args)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (name, r.stderr)
            # refused, except the DOCTYPE naming an external DTD: skipped (never fetched), empty body
            assert r.returncode in ((0, 1, 2) if name == "dtd.tbx" else (1, 2)), (name, r.returncode, r.stdout,
                                                                                 r.stderr)
            assert "aaaaaaaaaa" not in r.stdout
    assert no_network == []


def test_yaml_tags_that_construct_objects_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    for i, tag in enumerate([f"!!python/object/apply:os.system ['touch {marker}']",
                             "!!python/object/new:builtins.exec [\"open('x','w')\"]",
                             "!!python/name:os.system", "!!binary aGVsbG8=", "!custom x"]):
        p = tmp_path / f"g{i}.yaml"
        p.write_text(f"- id: x\n  es: canciller\n  en: {tag}\n", encoding="utf-8")
        for args in (["glossary", "validate", str(p)], ["glossary", "export", "--to", "csv", str(p)]):
            r = run_inprocess(args)
            assert "Traceback" not in r.stderr and r.returncode in (1, 2), (tag, r.stdout, r.stderr)
            assert f"g{i}.yaml:3" in r.stdout + r.stderr, (tag, r.stdout, r.stderr)
    assert not marker.exists()


def test_malformed_glossaries_say_file_and_line(tmp_path: Path) -> None:
    cases = {
        "bad.yaml": ("- id: x\n  es: canciller\n  en: [unclosed\n- id: y\n", "bad.yaml:"),
        "cols.csv": ("source,target,source_variants,avoid,exceptions,note\ncanciller,foreign minister\n", "cols.csv:2"),
        "broken.tbx": ('<?xml version="1.0"?><tbx><text><body><conceptEntry>\n<langSec xml:lang="es">\n</tbx>',
                       "broken.tbx:"),
    }
    for name, (text, where) in cases.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        line = _one_error_line(run_inprocess(["glossary", "export", "--to", "yaml", str(p)]))
        assert where in line, line
        r = run_inprocess(["glossary", "validate", str(p)])
        assert r.returncode == 1 and where in r.stdout, r.stdout


# ------------------------------------------------------------------------- CSV formula injection

HOSTILE_CELLS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
                 "=1", "'=already quoted"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_export_neutralises_formulas(fmt: str, tmp_path: Path) -> None:
    yaml_lines = []
    for i, cell in enumerate(HOSTILE_CELLS):
        avoid = f"  avoid: [{json.dumps(cell)}]\n" if "|" not in cell else ""  # '|' separates CSV list items
        yaml_lines.append(f"- id: t{i}\n  es: término {i}\n  en: {json.dumps(cell)}\n  note: {json.dumps(cell)}\n"
                          + avoid)
    g = tmp_path / "g.yaml"
    g.write_text("".join(yaml_lines), encoding="utf-8")
    out = tmp_path / f"g.{fmt}"
    r = run_inprocess(["glossary", "export", str(g), "--to", fmt, "-o", str(out)])
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter="," if fmt == "csv" else "\t"))
    cells = [c for row in rows[1:] for c in row]
    assert cells
    for c in cells:
        assert not c.startswith(("=", "+", "-", "@", "\t", "\r")), c
    # and the import gives the original text back
    back = tmp_path / "back.yaml"
    r = run_inprocess(["glossary", "import", str(out), "-o", str(back)])
    assert r.returncode == 0, r.stderr
    from edtools.glossary import load_glossary

    assert sorted(e.en for e in load_glossary([back]).entries) == sorted(HOSTILE_CELLS)


# ------------------------------------------------------------------------- the review page


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in_script:
            self.script_text.append(data)


def test_review_page_escapes_source_and_draft(tiny_marian_model: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import edtools.translate.marian as marian

    # the "model" echoes its input, so the hostile text reaches the draft column too
    monkeypatch.setattr(marian.MarianTranslator, "translate_batch", lambda self, s: list(s))
    hostile = [
        "El ministro dijo <script>alert('src')</script> en Quito.",
        "La canciller <img src=x onerror=alert('img')> habló.",
        "El alcalde \"><svg onload=alert('svg')> llegó & se fue.",
        "Ver <a href=\"javascript:alert('a')\">esto</a> y </textarea><iframe src=//evil>.",
    ]
    src = tmp_path / "nota.md"
    src.write_text("\n\n".join(hostile) + "\n", encoding="utf-8")
    page = tmp_path / "review.html"
    r = run_inprocess(["draft", str(src), "--model", str(tiny_marian_model), "--backend", "transformers",
                       "--source-lang", "es", "--no-cache", "-q", "-o", str(tmp_path / "d.md"), "--review", str(page),
                       "--fail-level", "never"])
    assert r.returncode == 0, r.stderr
    html = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    names = [t for t, _ in parser.tags]
    for bad in ("img", "svg", "iframe", "textarea"):
        assert bad not in names, (bad, [t for t in parser.tags if t[0] == bad])
    links = [attrs.get("href", "") for tag, attrs in parser.tags if tag == "a"]
    assert all(h.startswith("#") for h in links), links  # only the page's own anchors
    for tag, attrs in parser.tags:
        for key, value in attrs.items():
            assert not (key.startswith("on") and "alert" in (value or "")), (tag, key, value)
            assert "javascript:" not in (value or ""), (tag, key, value)
    scripts = [t for t in parser.tags if t[0] == "script"]
    assert len(scripts) <= 1, scripts  # only the page's own script
    assert not any("alert(" in s for s in parser.script_text)
    for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe"):
        assert raw not in html
    # the text is there, escaped, in both columns
    assert html.count("&lt;script&gt;alert(") >= 2, html  # source and draft columns
    assert html.count("&lt;img src=x onerror=alert(") >= 2
