"""MarianMT through transformers (5.x): tokenizer -> generate -> batch_decode.

torch and transformers are imported in the constructor only.
"""

from __future__ import annotations

import os
from pathlib import Path

from edtools.errors import ModelError
from edtools.translate.models import check_model_dir, model_fingerprint


def quiet_transformers() -> None:
    """No progress bars, no generation warnings on the user's terminal."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    try:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    except ImportError:  # pragma: no cover
        pass


def check_device(device: str) -> None:
    if device not in ("cpu", "cuda"):
        raise ModelError(f"unknown device {device!r} (use cpu or cuda)")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise ModelError("--device cuda: no CUDA device is available to torch here; use --device cpu")


SMALL_MODEL_PARAMS = 5_000_000


def torch_threads(n_params: int) -> int:
    """Threads for torch: EDTOOLS_TORCH_THREADS, else 1 for a small model (thread hand-offs cost
    more than they save, and under CPU contention they cost 10x), else every core."""
    env = os.environ.get("EDTOOLS_TORCH_THREADS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise ModelError(f"EDTOOLS_TORCH_THREADS={env!r}: expected a whole number") from None
    if n_params < SMALL_MODEL_PARAMS:
        return 1
    return max(1, os.cpu_count() or 1)


class MarianTranslator:
    """A :class:`edtools.translate.base.Translator` backed by MarianMTModel."""

    backend = "transformers"

    def __init__(self, model_dir: str | os.PathLike[str], *, device: str = "cpu", beam: int = 4,
                 display_name: str | None = None) -> None:
        self.model_dir = Path(model_dir)
        check_model_dir(self.model_dir)
        if beam < 1:
            raise ModelError("--beam must be at least 1")
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError as exc:
            raise ModelError(
                f"the transformers backend needs torch, transformers and sentencepiece ({exc.name} is missing): "
                "pip install 'edtools[mt]'"
            ) from None
        check_device(device)
        quiet_transformers()
        # decided before loading (loading itself runs torch ops): float32 weights = 4 bytes a parameter
        torch.set_num_threads(torch_threads((self.model_dir / "model.safetensors").stat().st_size // 4))
        try:
            self._tokenizer = MarianTokenizer.from_pretrained(str(self.model_dir))
            self._model = MarianMTModel.from_pretrained(str(self.model_dir), use_safetensors=True)
        except Exception as exc:  # noqa: BLE001 - anything here means a broken model folder
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load model {self.model_dir}: {first}") from None
        self._model.eval()
        self._model.to(device)
        self._torch = torch
        self.device = device
        self.beam = beam
        gen = getattr(self._model, "generation_config", None)
        self._max_positions = int(getattr(self._model.config, "max_position_embeddings", 512) or 512)
        self._max_length = int(getattr(gen, "max_length", None) or 512)
        label = display_name or self.model_dir.name
        self.name = f"{label} (transformers, {device}, beam {beam})"
        self.fingerprint = model_fingerprint(self.model_dir, self.backend, {"beam": beam})

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        torch = self._torch
        batch = self._tokenizer(
            sentences, return_tensors="pt", padding=True, truncation=True, max_length=self._max_positions
        )
        batch = {k: v.to(self.device) for k, v in batch.items()}
        longest = int(batch["input_ids"].shape[1])
        # a translation rarely needs more than twice the source pieces; never beyond the model's limit
        max_new = max(16, min(self._max_length, self._max_positions, 2 * longest + 10))
        with torch.inference_mode():
            out = self._model.generate(**batch, num_beams=self.beam, max_new_tokens=max_new, max_length=None)
        texts = self._tokenizer.batch_decode(out, skip_special_tokens=True)
        return [t.strip() for t in texts]
