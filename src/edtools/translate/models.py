"""The model registry, model resolution, model-folder checks and fingerprints.

A model is a local folder with the usual MarianMT files (``REQUIRED_FILES``). Known
models are listed in ``models/registry.toml``. Which model a run uses:

    --model  >  EDTOOLS_MODEL  >  config ``model``  >  opus-mt-es-en if installed  >  demo-es-en

A name is looked up in ``EDTOOLS_MODELS_DIR`` (when set), the user models folder
(platformdirs user data dir ``edtools/models``) and the bundled ``models/`` folder.

No heavy library is imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from edtools import paths
from edtools.console import note
from edtools.errors import ModelError

DEFAULT_MODEL = "opus-mt-es-en"
DEMO_MODEL = "demo-es-en"
REQUIRED_FILES = ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json")
OPTIONAL_FILES = ("generation_config.json",)
FINGERPRINT_FILES = REQUIRED_FILES + OPTIONAL_FILES
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    name: str
    hub_id: str
    revision: str
    revision_confirmed: bool
    licence: str
    description: str
    bundled: bool
    files: tuple[str, ...]
    fallback_files: tuple[str, ...] = ()
    sha256: tuple[tuple[str, str], ...] = ()  # (file, hex digest), where known

    def digest(self, filename: str) -> str | None:
        return dict(self.sha256).get(filename)


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    name: str  # registry name, or the folder name for a folder given by path
    path: Path
    origin: str  # "--model" | "EDTOOLS_MODEL" | "config" | "default" | "fallback"
    entry: RegistryEntry | None = None

    @property
    def is_demo(self) -> bool:
        return self.name == DEMO_MODEL


# ---------------------------------------------------------------- folders


def bundled_models_dir() -> Path:
    """The repository's (or wheel's) ``models/`` folder, ignoring EDTOOLS_MODELS_DIR."""
    return paths._bundled("models")  # noqa: SLF001 - same package, the one definition of "bundled"


def user_models_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path("edtools") / "models"


def cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("edtools")


def search_dirs() -> list[Path]:
    """Folders searched for a model by name, in order."""
    dirs: list[Path] = []
    env = os.environ.get("EDTOOLS_MODELS_DIR")
    if env:
        dirs.append(Path(env).expanduser())
    dirs.append(user_models_dir())
    dirs.append(bundled_models_dir())
    seen: set[str] = set()
    unique = []
    for d in dirs:
        key = str(d.resolve()) if d.exists() else str(d)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


# ---------------------------------------------------------------- registry


def registry_path() -> Path:
    candidate = paths.models_dir() / "registry.toml"
    return candidate if candidate.is_file() else bundled_models_dir() / "registry.toml"


def _str_list(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ModelError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def load_registry(path: Path | None = None) -> dict[str, RegistryEntry]:
    """Read the registry; every malformed entry is a one-line ModelError."""
    path = path or registry_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the model registry ({exc})") from None
    entries: dict[str, RegistryEntry] = {}
    for i, raw in enumerate(data.get("model", []), start=1):
        where = f"{path}: model #{i}"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ModelError(f"{where}: each [[model]] needs a string 'name'")
        name = raw["name"]
        check_name(name)
        sha = raw.get("sha256", {})
        if not isinstance(sha, dict) or not all(
            isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for v in sha.values()
        ):
            raise ModelError(f"{where} ({name}): [model.sha256] values must be 64 lowercase hex digits")
        entries[name] = RegistryEntry(
            name=name,
            hub_id=str(raw.get("hub-id", "")),
            revision=str(raw.get("revision", "")),
            revision_confirmed=bool(raw.get("revision-confirmed", False)),
            licence=str(raw.get("licence", "")),
            description=str(raw.get("description", "")),
            bundled=bool(raw.get("bundled", False)),
            files=_str_list(raw.get("files", list(REQUIRED_FILES)), where, "files"),
            fallback_files=_str_list(raw.get("fallback-files", []), where, "fallback-files"),
            sha256=tuple(sorted(sha.items())),
        )
    return entries


def check_name(name: str) -> str:
    """A registry/model name is a plain folder name: no separators, no '..', no absolute paths."""
    if not _NAME_RE.match(name) or ".." in name:
        raise ModelError(
            f"invalid model name {name!r}: use a registry name (letters, digits, '.', '_', '-') or a folder path"
        )
    return name


# ---------------------------------------------------------------- folder checks


def check_model_dir(path: Path, *, label: str | None = None) -> Path:
    """Raise a one-line ModelError unless ``path`` is a complete, loadable-looking model folder."""
    label = label or str(path)
    if not path.exists():
        raise ModelError(f"model folder {label} does not exist")
    if not path.is_dir():
        raise ModelError(f"model {label} is not a folder (a model is a folder with {', '.join(REQUIRED_FILES)})")
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if "model.safetensors" in missing and (path / "pytorch_model.bin").is_file():
        raise ModelError(
            f"model {label} has only pytorch_model.bin (a pickle, never loaded implicitly); convert it with "
            f"`edtools models convert-weights {path}`"
        )
    if missing:
        raise ModelError(f"model {label} is incomplete: missing {', '.join(missing)}")
    empty = [f for f in REQUIRED_FILES if (path / f).stat().st_size == 0]
    if empty:
        raise ModelError(f"model {label} is corrupt: empty {', '.join(empty)}")
    for name in ("config.json", "vocab.json", "tokenizer_config.json"):
        try:
            json.loads((path / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"model {label} is corrupt: {name} is not valid JSON ({exc})") from None
    return path


def find_installed(name: str) -> Path | None:
    """The first folder named ``name`` in the search folders that holds a model (complete or not)."""
    check_name(name)
    for d in search_dirs():
        candidate = d / name
        if candidate.is_dir() and any((candidate / f).exists() for f in ("config.json", "model.safetensors")):
            return candidate
    return None


def _looks_like_path(spec: str) -> bool:
    return (
        os.sep in spec
        or "/" in spec
        or spec.startswith((".", "~"))
        or (os.altsep is not None and os.altsep in spec)
    )


def resolve_spec(spec: str, origin: str) -> ResolvedModel:
    """A --model/EDTOOLS_MODEL/config value (registry name or folder) -> a checked model folder."""
    registry = load_registry()
    if _looks_like_path(spec) or (Path(spec).is_dir() and spec not in registry):
        path = Path(spec).expanduser()
        check_model_dir(path, label=spec)
        name = path.resolve().name
        return ResolvedModel(name=name, path=path, origin=origin, entry=registry.get(name))
    check_name(spec)
    found = find_installed(spec)
    if found is None:
        where = ", ".join(str(d) for d in search_dirs())
        if spec in registry:
            how = (
                f"run `edtools models pull {spec}`" if registry[spec].hub_id else "reinstall edtools"
            )
            raise ModelError(f"model {spec} is not installed (looked in {where}); {how}")
        known = ", ".join(sorted(registry)) or "none"
        raise ModelError(f"unknown model {spec!r} (known: {known}); give a registry name or a model folder path")
    check_model_dir(found, label=f"{spec} ({found})")
    return ResolvedModel(name=spec, path=found, origin=origin, entry=registry.get(spec))


_demo_noted = False


def resolve_model(model: str | None = None, config: object | None = None, *, announce: bool = True) -> ResolvedModel:
    """Pick the model for a run (see the module docstring for the order).

    Falling back to the demo model is announced on stderr once per process (``announce``).
    """
    global _demo_noted
    if model:
        return resolve_spec(model, "--model")
    env = os.environ.get("EDTOOLS_MODEL")
    if env:
        return resolve_spec(env, "EDTOOLS_MODEL")
    cfg_model = getattr(config, "model", None)
    if cfg_model:
        return resolve_spec(cfg_model, "config")
    real = find_installed(DEFAULT_MODEL)
    if real is not None:
        return resolve_spec(DEFAULT_MODEL, "default")
    if find_installed(DEMO_MODEL) is None:
        raise ModelError(
            f"no translation model found (looked for {DEFAULT_MODEL} and {DEMO_MODEL} in "
            f"{', '.join(str(d) for d in search_dirs())}); run `edtools models pull {DEFAULT_MODEL}`"
        )
    resolved = resolve_spec(DEMO_MODEL, "fallback")
    if announce and not _demo_noted:
        _demo_noted = True
        note("using the bundled demo model (knows only its training sentences); see `edtools models pull`")
    return resolved


# ---------------------------------------------------------------- hashing and fingerprints


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hash_index_path() -> Path:
    return cache_dir() / "file-hashes.json"


def file_sha256(path: Path, *, use_index: bool = True) -> str:
    """sha256 of a file; remembered by (absolute path, size, mtime) so repeated runs are cheap."""
    st = path.stat()
    key = str(path.resolve())
    stamp = [st.st_size, st.st_mtime_ns]
    index_path = _hash_index_path()
    index: dict[str, object] = {}
    if use_index:
        try:
            loaded = json.loads(index_path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                index = loaded
        except (OSError, ValueError):
            index = {}
        hit = index.get(key)
        if isinstance(hit, dict) and hit.get("stamp") == stamp and isinstance(hit.get("sha256"), str):
            return hit["sha256"]
    digest = _hash_file(path)
    if use_index:
        index[key] = {"stamp": stamp, "sha256": digest}
        try:
            index_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = index_path.with_name(f".{index_path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(index, indent=0, sort_keys=True), encoding="utf-8")
            os.replace(tmp, index_path)
        except OSError:
            pass  # the index is only an optimisation
    return digest


def files_fingerprint(model_dir: Path) -> str:
    """sha256 over the hashes of the model's files (the weights and tokenizer decide the output)."""
    h = hashlib.sha256()
    for name in FINGERPRINT_FILES:
        p = model_dir / name
        if p.is_file():
            h.update(f"{name}\0{file_sha256(p)}\n".encode())
    return h.hexdigest()


def model_fingerprint(model_dir: Path, backend: str, options: dict[str, object] | None = None) -> str:
    """Fingerprint of everything that determines a translation: files + backend + options."""
    payload = {"files": files_fingerprint(model_dir), "backend": backend, "options": options or {}}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@dataclass
class VerifyReport:
    path: Path
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"FAIL  {line}")

    def good(self, line: str) -> None:
        self.lines.append(f"ok    {line}")


def verify_files(path: Path, entry: RegistryEntry | None, *, weights: bool = True) -> VerifyReport:
    """Check presence and (where the registry knows them) sha256 of every model file.

    ``weights=False`` leaves model.safetensors out (a freshly pulled revision that has only
    pytorch_model.bin: every other file is still checked before it is installed).
    """
    report = VerifyReport(path)
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        if name == "model.safetensors" and not weights:
            continue
        p = path / name
        expected = entry.digest(name) if entry else None
        if not p.is_file():
            if name in REQUIRED_FILES or expected is not None:  # an optional file the registry records
                report.fail(f"{name}: missing")
            continue
        digest = file_sha256(p, use_index=False)
        if expected is None:
            report.good(f"{name}: present, sha256 {digest[:16]}… (no recorded digest)")
        elif digest == expected:
            report.good(f"{name}: sha256 matches the registry")
        else:
            report.fail(f"{name}: sha256 {digest[:16]}… differs from the registry's {expected[:16]}…")
    if weights and not (path / "model.safetensors").is_file() and (path / "pytorch_model.bin").is_file():
        report.fail(f"only pytorch_model.bin: run `edtools models convert-weights {path}`")
    _verify_conversion(path, entry, report)
    return report


def _verify_conversion(path: Path, entry: RegistryEntry | None, report: VerifyReport) -> None:
    """The CTranslate2 conversion beside the model, when there is one: current, and its files as recorded
    (registry keys ``ct2/<file>``, e.g. the shipped conversion of the demo model)."""
    ct2 = path.with_name(path.name + "-ct2")
    if not ct2.is_dir():
        return
    from edtools.translate.ct2 import META_FILE, conversion_status

    for p in sorted(ct2.iterdir()):
        if not p.is_file() or p.name == META_FILE:
            continue
        expected = entry.digest(f"ct2/{p.name}") if entry else None
        if expected is None:
            continue
        if file_sha256(p, use_index=False) == expected:
            report.good(f"{ct2.name}/{p.name}: sha256 matches the registry")
        else:
            report.fail(f"{ct2.name}/{p.name}: sha256 differs from the registry's {expected[:16]}…")
    folder, why = conversion_status(path)
    if folder is None:
        report.fail(f"{ct2.name}: {why}")
    else:
        report.good(f"{ct2.name}: CTranslate2 conversion current (`--backend auto` uses it)")
