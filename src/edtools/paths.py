"""Where edtools finds its bundled data (models registry, demo model, glossary).

In a checkout (editable install) these are the repository's ``models/`` and
``glossary/`` folders; in a wheel they are copied to ``edtools/_bundled/``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def repo_root() -> Path | None:
    """The checkout this package runs from (src layout), or None when installed."""
    candidate = _PKG.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "models").is_dir():
        return candidate
    return None


def _bundled(name: str) -> Path:
    root = repo_root()
    if root is not None:
        return root / name
    return _PKG / "_bundled" / name


def models_dir() -> Path:
    """Folder holding ``registry.toml`` and model folders (``EDTOOLS_MODELS_DIR`` overrides)."""
    env = os.environ.get("EDTOOLS_MODELS_DIR")
    return Path(env) if env else _bundled("models")


def bundled_glossary_dir() -> Path:
    return _bundled("glossary")
