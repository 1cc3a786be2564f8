"""Model registry, resolution order, folder checks, fingerprints and the `edtools models` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edtools.config import Config
from edtools.errors import ModelError
from edtools.translate import models as reg


def test_registry_has_the_real_and_demo_models() -> None:
    r = reg.load_registry()
    real, demo = r["opus-mt-es-en"], r["demo-es-en"]
    assert real.hub_id == "Helsinki-NLP/opus-mt-es-en" and real.licence == "CC-BY-4.0" and not real.bundled
    assert demo.bundled and not demo.hub_id
    for entry in (real, demo):
        assert set(reg.REQUIRED_FILES) <= set(entry.files)


def test_registry_rejects_bad_digest(tmp_path) -> None:
    bad = tmp_path / "registry.toml"
    bad.write_text('[[model]]\nname = "x"\n[model.sha256]\n"config.json" = "abc"\n', encoding="utf-8")
    with pytest.raises(ModelError, match="64 lowercase hex"):
        reg.load_registry(bad)


@pytest.mark.parametrize("name", ["../etc", "..", "a/b", "/abs", "a\\b", ".hidden", "x..y", ""])
def test_path_traversal_in_names_is_refused(name: str) -> None:
    with pytest.raises(ModelError):
        reg.check_name(name)


def test_path_traversal_in_registry_is_refused(tmp_path) -> None:
    bad = tmp_path / "registry.toml"
    bad.write_text('[[model]]\nname = "../../outside"\n', encoding="utf-8")
    with pytest.raises(ModelError, match="invalid model name"):
        reg.load_registry(bad)


def test_complete_folder_passes(tiny_marian_model: Path) -> None:
    assert reg.check_model_dir(tiny_marian_model) == tiny_marian_model


def test_missing_files_are_named(tiny_model_copy: Path) -> None:
    (tiny_model_copy / "vocab.json").unlink()
    (tiny_model_copy / "target.spm").unlink()
    with pytest.raises(ModelError) as info:
        reg.check_model_dir(tiny_model_copy)
    msg = info.value.message
    assert "missing target.spm, vocab.json" in msg and "\n" not in msg


def test_corrupt_json_is_reported(tiny_model_copy: Path) -> None:
    (tiny_model_copy / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="config.json is not valid JSON"):
        reg.check_model_dir(tiny_model_copy)


def test_bin_without_safetensors_is_refused_with_the_command(tiny_model_copy: Path) -> None:
    (tiny_model_copy / "model.safetensors").rename(tiny_model_copy / "pytorch_model.bin")
    with pytest.raises(ModelError, match="edtools models convert-weights"):
        reg.check_model_dir(tiny_model_copy)


def _install(dir_: Path, name: str, src: Path) -> Path:
    dst = dir_ / name
    shutil.copytree(src, dst)
    return dst


def test_resolution_order(tmp_path, monkeypatch, tiny_marian_model: Path) -> None:
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    monkeypatch.setenv("EDTOOLS_MODELS_DIR", str(models_dir))
    demo = _install(models_dir, "demo-es-en", tiny_marian_model)
    real = _install(models_dir, "opus-mt-es-en", tiny_marian_model)
    other = _install(tmp_path, "other", tiny_marian_model)
    cfg_model = _install(tmp_path, "from-config", tiny_marian_model)
    env_model = _install(tmp_path, "from-env", tiny_marian_model)
    cfg = Config(model=str(cfg_model))
    monkeypatch.setenv("EDTOOLS_MODEL", str(env_model))
    assert reg.resolve_model(str(other), cfg).path == other  # --model first
    r = reg.resolve_model(None, cfg)
    assert (r.path, r.origin) == (env_model, "EDTOOLS_MODEL")
    monkeypatch.delenv("EDTOOLS_MODEL")
    assert reg.resolve_model(None, cfg).origin == "config"
    r = reg.resolve_model(None, Config())
    assert (r.path, r.name, r.origin) == (real, "opus-mt-es-en", "default")
    shutil.rmtree(real)
    r = reg.resolve_model(None, Config())
    assert (r.path, r.is_demo, r.origin) == (demo, True, "fallback")
    assert reg.resolve_model("demo-es-en").path == demo  # by registry name


def test_demo_fallback_is_announced_once(tmp_path, monkeypatch, capsys, tiny_marian_model: Path) -> None:
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    monkeypatch.setenv("EDTOOLS_MODELS_DIR", str(models_dir))
    _install(models_dir, "demo-es-en", tiny_marian_model)
    monkeypatch.setattr(reg, "_demo_noted", False)
    monkeypatch.setattr(reg, "search_dirs", lambda: [models_dir])
    reg.resolve_model(None, None)
    reg.resolve_model(None, None)
    err = capsys.readouterr().err
    assert err.count("using the bundled demo model (knows only its training sentences)") == 1


def test_unknown_and_uninstalled_names(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reg, "search_dirs", lambda: [tmp_path])
    with pytest.raises(ModelError, match="unknown model 'nope'"):
        reg.resolve_model("nope")
    with pytest.raises(ModelError, match="edtools models pull opus-mt-es-en"):
        reg.resolve_model("opus-mt-es-en")
    with pytest.raises(ModelError, match="no translation model found"):
        reg.resolve_model(None, None)
    with pytest.raises(ModelError, match="does not exist"):
        reg.resolve_model(str(tmp_path / "missing-dir"))


def test_fingerprint_tracks_files_backend_and_options(tiny_model_copy: Path) -> None:
    fp = reg.model_fingerprint(tiny_model_copy, "transformers", {"beam": 4})
    assert fp == reg.model_fingerprint(tiny_model_copy, "transformers", {"beam": 4})
    assert fp != reg.model_fingerprint(tiny_model_copy, "transformers", {"beam": 1})
    assert fp != reg.model_fingerprint(tiny_model_copy, "ctranslate2", {"beam": 4})
    cfg = tiny_model_copy / "config.json"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fp != reg.model_fingerprint(tiny_model_copy, "transformers", {"beam": 4})


def test_file_hash_index_is_used(tmp_path) -> None:
    f = tmp_path / "w.bin"
    f.write_bytes(b"abc")
    first = reg.file_sha256(f)
    index = reg._hash_index_path()
    assert str(f.resolve()) in index.read_text(encoding="utf-8")
    assert reg.file_sha256(f) == first == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    f.write_bytes(b"abcd")
    assert reg.file_sha256(f) != first


def test_verify_files_checks_registry_digests(tiny_marian_model: Path) -> None:
    digest = reg.file_sha256(tiny_marian_model / "config.json", use_index=False)
    good = reg.RegistryEntry("t", "", "", True, "", "", True, reg.REQUIRED_FILES, (), (("config.json", digest),))
    assert reg.verify_files(tiny_marian_model, good).ok
    bad = reg.RegistryEntry("t", "", "", True, "", "", True, reg.REQUIRED_FILES, (), (("config.json", "0" * 64),))
    report = reg.verify_files(tiny_marian_model, bad)
    assert not report.ok and any("differs from the registry" in line for line in report.lines)


def test_verify_files_checks_generation_config(tiny_model_copy: Path) -> None:
    """generation_config.json is optional, but where the registry records its digest (it decides
    beam defaults, forced </s> and lengths) a changed or missing one fails."""
    gen = tiny_model_copy / "generation_config.json"
    if not gen.is_file():
        gen.write_text('{"num_beams": 4}\n', encoding="utf-8")
    digest = reg.file_sha256(gen, use_index=False)
    entry = reg.RegistryEntry("t", "", "", True, "", "", True, reg.REQUIRED_FILES, (),
                              (("generation_config.json", digest),))
    report = reg.verify_files(tiny_model_copy, entry)
    assert report.ok and any("generation_config.json: sha256 matches" in line for line in report.lines)
    gen.write_text('{"num_beams": 1}\n', encoding="utf-8")
    report = reg.verify_files(tiny_model_copy, entry)
    assert not report.ok and any(line.endswith("…") and "generation_config.json" in line for line in report.lines)
    gen.unlink()
    assert not reg.verify_files(tiny_model_copy, entry).ok
    # not recorded: an absent optional file is fine
    assert reg.verify_files(tiny_model_copy, None).ok


# ---------------------------------------------------------------- the installed command


def test_cli_models_list_and_info(edtools_run, tmp_path, tiny_marian_model: Path) -> None:
    models_dir = tmp_path / "m"
    models_dir.mkdir()
    _install(models_dir, "opus-mt-es-en", tiny_marian_model)
    env = {"EDTOOLS_MODELS_DIR": str(models_dir)}
    r = edtools_run(["models", "list"], env=env)
    assert r.returncode == 0, r.stderr
    assert "* opus-mt-es-en" in r.stdout and "demo-es-en" in r.stdout
    assert r.stderr == ""
    r = edtools_run(["models", "info", "opus-mt-es-en"], env=env)
    assert r.returncode == 0, r.stderr
    assert "Helsinki-NLP/opus-mt-es-en" in r.stdout and "model.safetensors" in r.stdout
    r = edtools_run(["models", "info", "../x"], env=env)
    assert r.returncode == 2 and r.stderr.startswith("edtools: error: invalid model name") and r.stderr.count("\n") == 1


def test_verify_loads_and_translates(tiny_marian_model: Path) -> None:
    from click.testing import CliRunner

    from edtools.cli import cli

    r = CliRunner().invoke(cli, ["models", "verify", str(tiny_marian_model)])
    assert r.exit_code == 0, r.output
    assert "loads and translates" in r.output and r.output.rstrip().endswith(": ok")


def test_cli_bin_refused_then_converted(edtools_run, tiny_model_copy: Path) -> None:
    import torch
    from safetensors.torch import load_file

    state = load_file(str(tiny_model_copy / "model.safetensors"))
    torch.save(state, tiny_model_copy / "pytorch_model.bin")
    (tiny_model_copy / "model.safetensors").unlink()
    r = edtools_run(["models", "verify", str(tiny_model_copy), "--no-load"])
    assert r.returncode == 2 and "convert-weights" in r.stdout and r.stderr.count("\n") == 1
    r = edtools_run(["models", "convert-weights", str(tiny_model_copy)])
    assert r.returncode == 0, r.stderr
    restored = load_file(str(tiny_model_copy / "model.safetensors"))
    assert restored.keys() == state.keys()
    assert all(torch.equal(restored[k], v) for k, v in state.items())
    assert reg.check_model_dir(tiny_model_copy) == tiny_model_copy


def test_convert_weights_refuses_non_tensor_pickle(edtools_inprocess, tmp_path) -> None:
    import torch

    torch.save({"weights": [1, 2, 3]}, tmp_path / "pytorch_model.bin")
    r = edtools_inprocess(["models", "convert-weights", str(tmp_path)])
    assert r.returncode == 2 and "refusing to convert" in r.stderr
    assert not (tmp_path / "model.safetensors").exists()


def test_cli_pull_without_network_explains_manual_install(edtools_run, tmp_path) -> None:
    env = {"HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_ETAG_TIMEOUT": "2", "HF_HUB_DOWNLOAD_TIMEOUT": "2"}
    r = edtools_run(["models", "pull", "opus-mt-es-en"], env=env, timeout=60)
    assert r.returncode == 2
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("edtools: error: cannot download Helsinki-NLP/opus-mt-es-en")
    assert "place the folder by hand" in last and "model.safetensors" in last and "vocab.json" in last
    assert "convert-weights" in last
    user_dir = reg.user_models_dir()
    assert not user_dir.exists() or list(user_dir.iterdir()) == []  # no half-downloaded folder left
    r = edtools_run(["models", "pull", "demo-es-en"])
    assert r.returncode == 2 and "bundled" in r.stderr
