"""Where the batches of a run are translated: this process, N local processes, or a Ray cluster.

    runner = make_runner(translator, engine="local", jobs=2)     # or engine="ray"
    translate_documents(plans, translator, cache=..., runner=runner, ...)
    runner.close()

Every engine receives the same batches (cut by the pipeline, length-sorted across documents) and
returns each batch's outputs to the parent, which alone writes the translation memory and the
outputs. A sentence therefore meets the same batch neighbours whatever the engine and the number
of workers, and the drafts are byte for byte the same (tested).

- ``local``, ``jobs=1``: :class:`edtools.translate.pipeline.LocalRunner`, in this process.
- ``local``, ``jobs=N``: N worker processes (multiprocessing, spawn), each building one translator
  from a :class:`TranslatorSpec` with the cores divided among them (CTranslate2 threads, torch threads).
- ``ray``: N Ray actors, each loading the model once (see docs/scale.md and ray_engine.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edtools.errors import ModelError, UserError

ENGINES = ("local", "ray")


@dataclass(frozen=True, slots=True)
class TranslatorSpec:
    """Everything a worker needs to build the parent's translator (paths are absolute)."""

    backend: str  # "ctranslate2" | "transformers" | "apertium"
    model_dir: str
    ct2_dir: str | None
    name: str  # display name of the model
    fingerprint: str  # the parent's: a worker whose translator differs refuses to work
    kwargs: dict[str, Any] = field(default_factory=dict)


def spec_for(translator: Any) -> TranslatorSpec:
    """The spec of a translator built by ``load_translator`` (CTranslate2 or lazy transformers)."""
    backend = getattr(translator, "backend", None)
    if backend == "ctranslate2":
        return TranslatorSpec("ctranslate2", str(translator.model_dir.resolve()), str(translator.ct2_dir.resolve()),
                              translator.name, translator.fingerprint, dict(translator.init_kwargs))
    if backend == "transformers" and hasattr(translator, "resolved"):
        return TranslatorSpec("transformers", str(translator.resolved.path.resolve()), None, translator.resolved.name,
                              translator.fingerprint, {"device": translator.device, "beam": translator.beam})
    if backend == "apertium":
        return TranslatorSpec("apertium", "", None, translator.name, translator.fingerprint, {"pair": translator.pair})
    raise UserError(f"the {backend or 'chosen'} backend cannot run in worker processes; use --jobs 1 --engine local")


def build_translator(spec: TranslatorSpec, threads: int) -> Any:
    """The translator a worker uses, with ``threads`` cores; checked against the parent's fingerprint."""
    if spec.backend == "ctranslate2":
        from edtools.translate.ct2 import CT2Translator

        translator: Any = CT2Translator(spec.model_dir, spec.ct2_dir, threads=threads, **spec.kwargs)
    elif spec.backend == "apertium":
        from edtools.translate.apertium import ApertiumTranslator

        translator = ApertiumTranslator(**spec.kwargs)
    else:
        os.environ["EDTOOLS_TORCH_THREADS"] = str(threads)
        from edtools.translate.backends import LazyMarianTranslator
        from edtools.translate.models import ResolvedModel

        resolved = ResolvedModel(name=spec.name, path=Path(spec.model_dir), origin="--model")
        translator = LazyMarianTranslator(resolved, **spec.kwargs)
        translator.load()
    if translator.fingerprint != spec.fingerprint:
        raise ModelError(f"{spec.model_dir or spec.name}: the model here differs from the one the run started with")
    return translator


def threads_per_worker(jobs: int, cores: int | None = None) -> int:
    return max(1, (cores or os.cpu_count() or 1) // jobs)


# ------------------------------------------------------------------ local worker processes

_worker_translator: Any = None


def _init_worker(spec: TranslatorSpec, threads: int) -> None:
    global _worker_translator
    from edtools.console import set_quiet

    set_quiet(True)
    _worker_translator = build_translator(spec, threads)


def _run_batch(item: tuple[int, list[str]]) -> tuple[int, list[str]]:
    from edtools.translate.pipeline import run_batch

    index, batch = item
    return index, run_batch(_worker_translator, batch)


class ProcessRunner:
    """``jobs`` spawned processes, one translator each; results come back to the parent as they finish."""

    def __init__(self, translator: Any, jobs: int) -> None:
        self.spec = spec_for(translator)
        self.jobs = jobs
        self.label = f"engine local, {jobs} processes"
        self._pool: Any = None

    def run(self, batches: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
        if not batches:
            return
        import multiprocessing

        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ctx.Pool(self.jobs, initializer=_init_worker,
                                  initargs=(self.spec, threads_per_worker(self.jobs)))
        try:
            yield from self._pool.imap_unordered(_run_batch, list(enumerate(batches)))
        except (ModelError, UserError):
            raise
        except Exception as exc:  # noqa: BLE001 - a worker's failure: one line, never a traceback
            raise ModelError(f"a worker process failed: {type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class _InProcess:
    def __init__(self, translator: Any) -> None:
        from edtools.translate.pipeline import LocalRunner

        self._runner = LocalRunner(translator)
        self.label = "engine local, 1 process"

    def run(self, batches: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
        return self._runner.run(batches)

    def close(self) -> None:
        pass


def make_runner(translator: Any, *, engine: str = "local", jobs: int | None = None,
                ray_address: str | None = None, ray_cpus: int | None = None) -> Any:
    """The runner for ``engine`` with ``jobs`` workers (local default 1; ray default 2)."""
    if engine not in ENGINES:
        raise UserError(f"invalid value for --engine: {engine!r} (use one of: {', '.join(ENGINES)})")
    if engine == "ray":
        from edtools.translate.ray_engine import RayRunner

        return RayRunner(translator, jobs or 2, address=ray_address, cpus=ray_cpus)
    for value, option in ((ray_address, "--ray-address"), (ray_cpus, "--ray-cpus")):
        if value:
            raise UserError(f"{option} needs --engine ray")
    if (jobs or 1) == 1:
        return _InProcess(translator)
    return ProcessRunner(translator, jobs or 1)
