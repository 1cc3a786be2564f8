"""``edtools models pull`` and ``verify`` over real HTTP, against a stand-in hub on 127.0.0.1.

The hub (tests/hub_server.py) serves the tiny MarianMT test model as a repository the way the
Hugging Face hub does; ``HF_ENDPOINT`` points the installed ``edtools`` command at it, and a
registry of our own (``EDTOOLS_MODELS_DIR``) pins the revision and records the sha256 of every
file. Nothing here leaves the loopback interface.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from hub_server import StubHub

REPO_ID = "edtools-test/tiny-marian-es-en"
BIN_REPO_ID = "edtools-test/tiny-marian-es-en-bin"
FILES = ("config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm",
         "vocab.json", "tokenizer_config.json")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def hub(tiny_marian_model: Path):  # type: ignore[no-untyped-def]
    """A running stand-in hub: the tiny model at ``main`` (and tag ``v1.0``), plus a .bin-only repo."""
    import torch
    from safetensors.torch import load_file

    server = StubHub().start()
    files = {name: (tiny_marian_model / name).read_bytes() for name in FILES}
    server.model_files = files  # type: ignore[attr-defined]
    server.add_commit(REPO_ID, {"README.md": b"# old revision\n", **{k: v for k, v in files.items()
                                                                        if k != "model.safetensors"}})
    server.commit = server.add_commit(REPO_ID, {"README.md": b"# tiny\n", **files},  # type: ignore[attr-defined]
                                      refs=("main", "v1.0"))
    bin_files = {k: v for k, v in files.items() if k != "model.safetensors"}
    buf = Path(os.environ["XDG_CACHE_HOME"]).parent / "pytorch_model.bin"
    buf.parent.mkdir(parents=True, exist_ok=True)
    torch.save(load_file(str(tiny_marian_model / "model.safetensors")), buf)
    bin_files["pytorch_model.bin"] = buf.read_bytes()
    server.bin_commit = server.add_commit(BIN_REPO_ID, bin_files)  # type: ignore[attr-defined]
    yield server
    server.stop()


def registry(folder: Path, hub: StubHub, *, name: str = "stand-in", repo: str = REPO_ID,
             revision: str | None = None, digests: dict[str, str] | None = None,
             files: dict[str, bytes] | None = None) -> Path:
    """A registry.toml of our own with one hub model pinned to ``revision`` (default: the commit)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = files or hub.model_files  # type: ignore[attr-defined]
    digests = digests if digests is not None else {k: sha256(v) for k, v in files.items()}
    lines = [
        "[[model]]", f'name = "{name}"', f'hub-id = "{repo}"',
        f'revision = "{revision or hub.commit}"',  # type: ignore[attr-defined]
        "revision-confirmed = true", 'licence = "CC-BY-4.0"', 'description = "tiny test model on the stand-in hub"',
        "files = [" + ", ".join(f'"{f}"' for f in FILES) + "]", 'fallback-files = ["pytorch_model.bin"]',
        "[model.sha256]", *(f'"{k}" = "{v}"' for k, v in sorted(digests.items())),
    ]
    (folder / "registry.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def hub_env(tmp_path: Path, hub: StubHub, models_dir: Path) -> dict[str, str]:
    return {
        "HF_ENDPOINT": hub.endpoint, "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_ETAG_TIMEOUT": "10",
        "HF_HUB_DOWNLOAD_TIMEOUT": "10", "HF_HUB_DISABLE_XET": "1", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
        "EDTOOLS_MODELS_DIR": str(models_dir), "XDG_DATA_HOME": str(tmp_path / "data"),
    }


def installed(tmp_path: Path, name: str = "stand-in") -> Path:
    return tmp_path / "data" / "edtools" / "models" / name


def leftovers(tmp_path: Path) -> list[str]:
    folder = tmp_path / "data" / "edtools" / "models"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_pull_downloads_the_pinned_commit_checks_and_installs(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub))
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    target = installed(tmp_path)
    assert f"installed stand-in in {target}" in r.stdout
    assert r.stdout.count("sha256 matches the registry") == 7  # every required file and generation_config.json
    files = hub.model_files  # type: ignore[attr-defined]
    assert sorted(p.name for p in target.iterdir()) == sorted(FILES)  # no README, no .cache, no .bin
    assert all((target / f).read_bytes() == files[f] for f in FILES)
    assert leftovers(tmp_path) == ["stand-in"]  # no staging folder left beside it

    # the pinned commit is in every URL: no branch lookup, tree listing and files at that commit
    commit = hub.commit  # type: ignore[attr-defined]
    paths = hub.paths()
    assert not [p for p in paths if "/revision/" in p]
    assert f"/api/models/{REPO_ID}/tree/{commit}" in paths
    resolves = [p for p in paths if "/resolve/" in p]
    assert {p.rsplit("/", 1)[1] for p in resolves} == set(FILES)
    assert all(p.startswith(f"/{REPO_ID}/resolve/{commit}/") for p in resolves)
    # large files went through the redirect to the "CDN"
    assert {p for p in hub.paths("GET") if p.startswith("/cdn/")} == {
        f"/cdn/{sha256(files[f])}" for f in ("model.safetensors", "source.spm", "target.spm")}

    r = edtools_run(["models", "verify", "stand-in", "--no-load"], env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("sha256 matches the registry") == 7 and r.stdout.rstrip().endswith(f"{target}: ok")

    r = edtools_run(["models", "pull", "stand-in"], env=env)
    assert r.returncode == 2 and "already exists" in r.stderr and r.stderr.count("\n") == 1


def test_a_tag_is_resolved_to_its_commit_and_files_come_from_that_commit(
    edtools_run, tmp_path: Path, hub: StubHub
) -> None:
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub, revision="v1.0"))
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    commit = hub.commit  # type: ignore[attr-defined]
    paths = hub.paths()
    assert paths[0] == f"/api/models/{REPO_ID}/revision/v1.0"
    resolves = [p for p in paths if "/resolve/" in p]
    assert resolves and all(f"/resolve/{commit}/" in p for p in resolves)


def test_a_renamed_repository_is_followed_through_the_hub_redirect(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    hub.renamed["edtools-test/old-name"] = REPO_ID
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub, repo="edtools-test/old-name"))
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    paths = hub.paths()
    commit = hub.commit  # type: ignore[attr-defined]
    assert f"/edtools-test/old-name/resolve/{commit}/config.json" in paths  # asked under the old name,
    assert f"/{REPO_ID}/resolve/{commit}/config.json" in paths  # answered under the new one
    assert (installed(tmp_path) / "vocab.json").read_bytes() == hub.model_files["vocab.json"]  # type: ignore[attr-defined]


@pytest.mark.slow
def test_verify_loads_and_translates_the_pulled_model(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub))
    assert edtools_run(["models", "pull", "stand-in"], env=env, timeout=120).returncode == 0
    r = edtools_run(["models", "verify", "stand-in"], env=env, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "loads and translates" in r.stdout


def test_checksum_mismatch_is_refused_without_installing(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    files = hub.model_files  # type: ignore[attr-defined]
    digests = {k: sha256(v) for k, v in files.items()}
    digests["vocab.json"] = sha256(b"what the registry was told")
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub, digests=digests))
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 2
    assert "FAIL  vocab.json: sha256" in r.stdout and "differs from the registry" in r.stdout
    last = r.stderr.strip().splitlines()
    assert last == ["edtools: error: the files downloaded for stand-in do not match the registry (see above); "
                    "nothing was installed"]
    assert leftovers(tmp_path) == []  # neither the model nor a staging folder


def test_small_file_cut_halfway_is_fetched_again_whole(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    # huggingface_hub writes 10 MB chunks: a cut inside the first chunk keeps nothing, so it starts over
    hub.cut_once.add("model.safetensors")
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub))
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    weights = hub.model_files["model.safetensors"]  # type: ignore[attr-defined]
    cdn = f"/cdn/{sha256(weights)}"
    gets = [q for q in hub.requests if q.method == "GET" and q.path == cdn]
    assert [q.range for q in gets] == [None, None]
    assert (installed(tmp_path) / "model.safetensors").read_bytes() == weights


def large_repo(hub: StubHub, tmp_path: Path, tiny_marian_model: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """The tiny model with 22 MB of safetensors header metadata (still a valid file), published on
    the hub: large enough that a cut at 11 MB falls after huggingface_hub's first 10 MB chunk.
    Returns the test environment (registry pinned to that commit) and the files."""
    from safetensors.torch import load_file, save_file

    big = tmp_path / "big.safetensors"
    save_file(load_file(str(tiny_marian_model / "model.safetensors")), str(big),
              metadata={"format": "pt", "edtools-test-padding": "0" * 22_000_000})
    files = dict(hub.model_files, **{"model.safetensors": big.read_bytes()})  # type: ignore[attr-defined]
    commit = hub.add_commit("edtools-test/large", files)
    reg = registry(tmp_path / "reg", hub, repo="edtools-test/large", revision=commit, files=files)
    return hub_env(tmp_path, hub, reg), files


@pytest.mark.slow
def test_large_file_cut_halfway_is_resumed_with_a_range_request(
    edtools_run, tmp_path: Path, hub: StubHub, tiny_marian_model: Path
) -> None:
    env, files = large_repo(hub, tmp_path, tiny_marian_model)
    hub.cut_once.add("model.safetensors")
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    weights = files["model.safetensors"]
    gets = [q for q in hub.requests if q.method == "GET" and q.path == f"/cdn/{sha256(weights)}"]
    assert [q.range for q in gets] == [None, f"bytes={10 * 1024 * 1024}-"]  # resumed after the kept chunk
    assert sha256((installed(tmp_path) / "model.safetensors").read_bytes()) == sha256(weights)
    r = edtools_run(["models", "verify", "stand-in"], env=env, timeout=180)  # still loads and translates
    assert r.returncode == 0, r.stdout + r.stderr


def test_interrupted_download_leaves_nothing_and_a_new_pull_starts_clean(
    edtools_run, tmp_path: Path, hub: StubHub, tiny_marian_model: Path
) -> None:
    env, files = large_repo(hub, tmp_path, tiny_marian_model)
    hub.cut_once.add("model.safetensors")
    hub.refuse_ranges = True  # the resume fails too (HTTP 500): the pull gives up
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("edtools: error: cannot download edtools-test/large@") and "Traceback" not in r.stderr
    assert [q.range for q in hub.requests if q.range] == [f"bytes={10 * 1024 * 1024}-"]
    assert leftovers(tmp_path) == []  # no half-written model, no staging folder

    hub.refuse_ranges = False
    hub.requests.clear()
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert not [q for q in hub.requests if q.range]  # started from scratch: nothing half-kept to resume
    target = installed(tmp_path)
    assert sha256((target / "model.safetensors").read_bytes()) == sha256(files["model.safetensors"])
    assert leftovers(tmp_path) == ["stand-in"]


def test_bin_only_revision_is_installed_for_an_explicit_conversion(
    edtools_run, tmp_path: Path, hub: StubHub
) -> None:
    files = hub.model_files  # type: ignore[attr-defined]
    digests = {k: sha256(v) for k, v in files.items() if k != "model.safetensors"}
    reg = registry(tmp_path / "reg", hub, name="stand-in-bin", repo=BIN_REPO_ID,
                   revision=hub.bin_commit, digests=digests)  # type: ignore[attr-defined]
    env = hub_env(tmp_path, hub, reg)
    r = edtools_run(["models", "pull", "stand-in-bin"], env=env, timeout=120)
    target = installed(tmp_path, "stand-in-bin")
    # as README and `models pull` document: downloaded, never loaded, convert-weights is the opt-in
    assert r.returncode == 2
    assert r.stderr.strip() == (f"edtools: error: downloaded {target}, but this revision has only pytorch_model.bin: "
                                f"convert it with `edtools models convert-weights {target}`")
    assert r.stdout.count("sha256 matches the registry") == 6  # every file but the weights was checked
    assert (target / "pytorch_model.bin").is_file() and not (target / "model.safetensors").exists()
    assert [p for p in hub.paths() if p.endswith("/pytorch_model.bin")]

    r = edtools_run(["models", "verify", "stand-in-bin", "--no-load"], env=env)
    assert r.returncode == 2 and "convert-weights" in r.stdout
    r = edtools_run(["models", "convert-weights", str(target)], env=env, timeout=180)
    assert r.returncode == 0, r.stderr
    r = edtools_run(["models", "verify", "stand-in-bin", "--no-load"], env=env)
    assert r.returncode == 0, r.stdout + r.stderr


def test_bin_only_revision_with_a_bad_checksum_is_not_installed(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    files = hub.model_files  # type: ignore[attr-defined]
    digests = {k: sha256(v) for k, v in files.items() if k != "model.safetensors"}
    digests["source.spm"] = sha256(b"not this")
    reg = registry(tmp_path / "reg", hub, name="stand-in-bin", repo=BIN_REPO_ID,
                   revision=hub.bin_commit, digests=digests)  # type: ignore[attr-defined]
    r = edtools_run(["models", "pull", "stand-in-bin"], env=hub_env(tmp_path, hub, reg), timeout=120)
    assert r.returncode == 2 and "nothing was installed" in r.stderr and "FAIL  source.spm" in r.stdout
    assert leftovers(tmp_path) == []


def test_unknown_revision_is_one_line_error(edtools_run, tmp_path: Path, hub: StubHub) -> None:
    env = hub_env(tmp_path, hub, registry(tmp_path / "reg", hub, revision="no-such-branch"))
    r = edtools_run(["models", "pull", "stand-in"], env=env, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"edtools: error: cannot download {REPO_ID}@no-such-branch")
    assert hub.paths() == [f"/api/models/{REPO_ID}/revision/no-such-branch"]
    assert leftovers(tmp_path) == []
