"""Picking a backend for a resolved model: transformers (MarianMT) or CTranslate2 (or Apertium, no model).

    load_translator(model, backend="auto", device="cpu", beam=4, config=None) -> Translator

"identity" and "pseudo" need no model (translate/pseudo.py). "auto" uses CTranslate2 when ``<model_dir>-ct2/edtools-ct2.json`` exists and records the
current source fingerprint of the model folder (so a stale conversion is never used),
else transformers; "apertium" (only when asked for) runs Debian's rule-based es->en pair
instead of a model (edtools.translate.apertium). Heavy libraries are imported by the backend constructors only.
"""

from __future__ import annotations

import json
from pathlib import Path

from edtools.config import BACKENDS
from edtools.errors import ModelError
from edtools.translate.base import Translator
from edtools.translate.models import ResolvedModel, files_fingerprint, model_fingerprint, resolve_model


def ct2_dir_for(model_dir: Path) -> Path:
    return model_dir.with_name(model_dir.name + "-ct2")


def ct2_status(model_dir: Path) -> tuple[bool, str]:
    """(usable, why) for the CTranslate2 conversion beside ``model_dir``."""
    ct2 = ct2_dir_for(model_dir)
    meta_path = ct2 / "edtools-ct2.json"
    if not meta_path.is_file():
        return False, f"no CTranslate2 conversion at {ct2} (run `edtools models convert {model_dir}`)"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return False, f"{meta_path} is unreadable ({exc})"
    recorded = meta.get("source_fingerprint") if isinstance(meta, dict) else None
    if recorded != files_fingerprint(model_dir):
        return False, f"the CTranslate2 conversion at {ct2} is stale (the model changed); convert it again"
    return True, str(ct2)


def load_translator(
    model: str | None,
    *,
    backend: str = "auto",
    device: str = "cpu",
    beam: int = 4,
    config: object | None = None,
) -> Translator:
    """Resolve the model (see edtools.translate.models) and build the translator."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown backend {backend!r} (use one of: {', '.join(BACKENDS)})")
    if beam < 1:
        raise ModelError("--beam must be at least 1")
    if backend == "apertium":  # Debian's rule-based pair: no model, only when asked for
        if model is not None:
            raise ModelError(f"--model {model}: --backend apertium uses no model; drop one of the two")
        from edtools.translate.apertium import ApertiumTranslator

        return ApertiumTranslator()
    if backend in ("identity", "pseudo"):  # no model is resolved or loaded (translate/pseudo.py)
        from edtools.translate.pseudo import pseudo_translator

        return pseudo_translator(backend)
    resolved: ResolvedModel = resolve_model(model, config)
    use_ct2 = False
    if backend == "ctranslate2":
        ok, why = ct2_status(resolved.path)
        if not ok:
            raise ModelError(f"--backend ctranslate2: {why}")
        use_ct2 = True
    elif backend == "auto":
        use_ct2, _ = ct2_status(resolved.path)
    if use_ct2:
        try:
            from edtools.translate.ct2 import CT2Translator
        except ImportError as exc:
            if backend == "ctranslate2":
                raise ModelError(f"the CTranslate2 backend is not available ({exc})") from None
            use_ct2 = False
        else:
            # loaded on the first sentence that misses the cache (never, in a parent that only dispatches)
            return CT2Translator(resolved.path, ct2_dir_for(resolved.path), device=device, beam=beam,
                                 display_name=resolved.name, load=False)
    if device not in ("cpu", "cuda"):
        raise ModelError(f"unknown device {device!r} (use cpu or cuda)")
    if device == "cuda":
        from edtools.translate.marian import check_device

        check_device(device)
    return LazyMarianTranslator(resolved, device=device, beam=beam)


class LazyMarianTranslator:
    """A MarianTranslator that loads torch and the weights only when a sentence needs the model.

    Its fingerprint equals MarianTranslator's and is computed from the files alone, so a run
    served entirely from the cache never imports torch (seconds saved on every re-run).
    """

    backend = "transformers"

    def __init__(self, resolved: ResolvedModel, *, device: str, beam: int) -> None:
        from edtools.translate.models import check_model_dir

        check_model_dir(resolved.path, label=str(resolved.path))
        self.resolved = resolved
        self.device = device
        self.beam = beam
        self.name = f"{resolved.name} (transformers, {device}, beam {beam})"
        self.fingerprint = model_fingerprint(resolved.path, self.backend, {"beam": beam})
        self._inner: Translator | None = None
        #: seconds spent importing torch/transformers and loading the weights (0 until needed)
        self.load_seconds = 0.0

    def load(self) -> Translator:
        if self._inner is None:
            import time

            started = time.perf_counter()
            from edtools.translate.marian import MarianTranslator

            self._inner = MarianTranslator(
                self.resolved.path, device=self.device, beam=self.beam, display_name=self.resolved.name
            )
            self.load_seconds = time.perf_counter() - started
        return self._inner

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        return self.load().translate_batch(sentences)
