"""Project configuration: ``edtools.toml`` or ``[tool.edtools]`` in ``pyproject.toml``.

Found by walking up from the input file's folder (or the current folder for stdin);
the first ``edtools.toml``, or ``pyproject.toml`` that has a ``[tool.edtools]`` table,
wins. Keys are kebab-case. Unknown keys are errors, not silently ignored. Paths in
the file are relative to the file's folder.

    model = "opus-mt-es-en"          # registry name or folder
    glossary = "glossary/"           # a path or a list of paths
    language-detector = "lingua"     # or "langdetect"
    tm = "tm/approved.sqlite"        # the approved translation memory (docs/tm.md)
    translator = "Ana Pérez"         # recorded with every pair learnt into it

    [translate]                      # [tool.edtools.translate] in pyproject.toml
    beam = 4
    batch-size = 64                  # default: 64 on ctranslate2, 16 on the other backends
    backend = "auto"                 # auto | ctranslate2 | transformers | apertium | identity | pseudo
    device = "cpu"
    cache = true                     # or a path to the cache file

    [lint]                           # validated by edtools.lint.config
    select = ["ED"]
    ignore = ["ED103"]
    fail-level = "error"
    allowed-repeats = ["Pago Pago"]
    [lint.severity]
    ED201 = "info"
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from edtools.errors import ConfigError

TOP_KEYS = {"model", "glossary", "language-detector", "translate", "lint", "tm", "translator"}
TRANSLATE_KEYS = {"beam": int, "batch-size": int, "backend": str, "device": str, "cache": (bool, str)}
BACKENDS = ("auto", "ctranslate2", "transformers", "apertium", "identity", "pseudo")
DEVICES = ("cpu", "cuda")
DETECTORS = ("lingua", "langdetect")


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it came from, None for defaults
    model: str | None = None
    glossary: tuple[Path, ...] = ()
    language_detector: str = "lingua"
    translate: dict[str, Any] = field(default_factory=dict)
    lint: dict[str, Any] = field(default_factory=dict)  # raw; edtools.lint.config validates it
    tm: str | None = None  # approved translation memory file (absolute)
    translator: str | None = None  # name recorded with approved pairs


def find_config_file(start: str | os.PathLike[str] | None) -> Path | None:
    """Walk up from ``start`` (a file or folder; None = cwd) to the first config file."""
    here = Path(start) if start not in (None, "-") else Path.cwd()
    here = here.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "edtools.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "edtools" in data["tool"]:
                return pyproject
    return None


def _load_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("edtools", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.edtools] must be a table")
        return table
    return data


def load_config(path: Path) -> Config:
    table = _load_table(path)
    where = f"{path}" + (" [tool.edtools]" if path.name == "pyproject.toml" else "")
    unknown = sorted(set(table) - TOP_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(TOP_KEYS))})")
    base = path.parent

    model = table.get("model")
    if model is not None and not isinstance(model, str):
        raise ConfigError(f"{where}: 'model' must be a string")
    if isinstance(model, str) and ("/" in model or model.startswith(".")):
        model = str((base / model).resolve())

    glossary_value = table.get("glossary", [])
    if isinstance(glossary_value, str):
        glossary_value = [glossary_value]
    if not isinstance(glossary_value, list) or not all(isinstance(g, str) for g in glossary_value):
        raise ConfigError(f"{where}: 'glossary' must be a path or a list of paths")
    glossary = tuple((base / g).resolve() for g in glossary_value)

    detector = table.get("language-detector", "lingua")
    if detector not in DETECTORS:
        raise ConfigError(f"{where}: 'language-detector' must be one of {', '.join(DETECTORS)}")

    translate = table.get("translate", {})
    if not isinstance(translate, dict):
        raise ConfigError(f"{where}: [translate] must be a table")
    for key, value in translate.items():
        if key not in TRANSLATE_KEYS:
            raise ConfigError(f"{where}: unknown key 'translate.{key}' (known: {', '.join(sorted(TRANSLATE_KEYS))})")
        expected = TRANSLATE_KEYS[key]
        if isinstance(value, bool) and expected is int or not isinstance(value, expected):
            raise ConfigError(f"{where}: 'translate.{key}' has the wrong type")
    if "backend" in translate and translate["backend"] not in BACKENDS:
        raise ConfigError(f"{where}: 'translate.backend' must be one of {', '.join(BACKENDS)}")
    if "device" in translate and translate["device"] not in DEVICES:
        raise ConfigError(f"{where}: 'translate.device' must be one of {', '.join(DEVICES)}")
    for key in ("beam", "batch-size"):
        if key in translate and translate[key] < 1:
            raise ConfigError(f"{where}: 'translate.{key}' must be at least 1")
    if isinstance(translate.get("cache"), str):
        translate = {**translate, "cache": str((base / translate["cache"]).resolve())}

    tm = table.get("tm")
    translator = table.get("translator")
    for key, value in (("tm", tm), ("translator", translator)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: '{key}' must be a non-empty string")
    if tm is not None:
        tm = str((base / tm).resolve())

    lint = table.get("lint", {})
    if not isinstance(lint, dict):
        raise ConfigError(f"{where}: [lint] must be a table")

    return Config(
        path=path,
        model=model,
        glossary=glossary,
        language_detector=detector,
        translate=dict(translate),
        lint=dict(lint),
        tm=tm,
        translator=translator,
    )


def config_for(start: str | os.PathLike[str] | None) -> Config:
    """The configuration that applies to a file (defaults when there is none)."""
    path = find_config_file(start)
    return load_config(path) if path else Config()
