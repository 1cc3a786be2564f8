"""``--engine ray``: the batches of a run translated by Ray actors, one model load per actor.

    runner = RayRunner(translator, workers=2, address=None)   # None: RAY_ADDRESS, else a local instance
    for index, outputs in runner.run(batches): ...
    runner.close()

Why actors and not Ray Data: the pipeline already cuts the batches (length-sorted across
documents) and must get every batch's outputs back in the driver, which alone writes the
translation memory and the drafts, as each document completes. That is a task queue over a few
long-lived, stateful workers, which is what actors are; Ray Data's ``map_batches`` with an actor
pool would re-batch rows by its own rules (so a sentence's batch neighbours, and the bytes of its
translation, would depend on the engine), stream results through its own executor, and add
seconds of start-up per run. See docs/scale.md.

Each actor reserves one CPU and loads the model once, from the path the driver resolved: the
models must be on a path every node can read (a shared folder, or the same install on each node).
A lost actor (its process or node dies) is restarted by Ray (``max_restarts``) and its batch run
again (``max_task_retries``); the driver takes each batch's result once, so nothing is lost and
nothing is written twice.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from typing import Any

from edtools.errors import ModelError, UserError
from edtools.translate.engines import TranslatorSpec, spec_for

MAX_RESTARTS = 3  # per actor: a worker lost more often than this fails the run with one line
IN_FLIGHT = 2  # batches queued per actor, so that one is ready when the previous one ends


class TranslatorActor:
    """A Ray actor (made remote in :meth:`RayRunner.start`): one translator, loaded once."""

    def __init__(self, spec: TranslatorSpec, threads: int) -> None:
        from edtools.console import set_quiet
        from edtools.translate.engines import build_translator

        set_quiet(True)
        missing = [p for p in (spec.model_dir, spec.ct2_dir) if p and not os.path.isdir(p)]
        if missing:
            raise ModelError(
                f"the model folder {missing[0]} is not on this Ray node; put the models on a path every "
                "node reads (EDTOOLS_MODELS_DIR on a shared folder) or install them at the same path"
            )
        self.translator = build_translator(spec, threads)

    def translate(self, index: int, batch: list[str]) -> tuple[int, list[str]]:
        from edtools.translate.pipeline import run_batch

        return index, run_batch(self.translator, batch)


def _one_line(exc: BaseException) -> str:
    """The useful line of a Ray error (its cause's message, not Ray's traceback)."""
    cause = getattr(exc, "cause", None) or getattr(exc, "as_instanceof_cause", lambda: None)()
    for candidate in (cause, exc):
        if isinstance(candidate, UserError):
            return candidate.message
    text = str(cause or exc).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in reversed(lines):
        if "Error:" in ln:
            return ln.split("Error:", 1)[1].strip() or ln
    return lines[-1] if lines else type(exc).__name__


class RayRunner:
    """``workers`` Ray actors; ``address``: an existing cluster (else RAY_ADDRESS, else a local instance)."""

    def __init__(self, translator: Any, workers: int, *, address: str | None = None, cpus: int | None = None) -> None:
        try:
            import ray  # noqa: F401
        except ImportError:
            raise UserError("--engine ray needs Ray, which is not installed: pip install 'edtools[ray]'") from None
        self.spec = spec_for(translator)
        self.workers = workers
        self.cpus = cpus  # per worker: reserved from Ray and used as the translator's threads
        self.address = address or os.environ.get("RAY_ADDRESS") or None
        where = f"cluster {self.address}" if self.address else "a local instance"
        self.label = f"engine ray, {workers} workers on {where}"
        self._actors: list[Any] = []
        self._started = False

    def start(self) -> None:
        import logging

        import ray

        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "logging_level": logging.ERROR, "configure_logging": True}
            try:
                if self.address:
                    ray.init(address=self.address, **options)
                else:
                    ray.init(num_cpus=max(self.workers * (self.cpus or 1), os.cpu_count() or 1), **options)
            except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; one line for the user
                raise UserError(f"cannot start or reach Ray ({'--ray-address ' + self.address if self.address else 'local instance'}): "
                                f"{_one_line(exc)}") from None
            self._started = True
        cpus = self.cpus or 1
        self._check_capacity(ray.cluster_resources().get("CPU", 0), cpus)
        threads = self.cpus or (1 if self.address else max(1, (os.cpu_count() or 1) // self.workers))
        actor = ray.remote(num_cpus=cpus, max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS)(TranslatorActor)
        self._actors = [actor.remote(self.spec, threads) for _ in range(self.workers)]

    def _check_capacity(self, total: float, cpus: int) -> None:
        """Actors asking for more CPUs than the cluster has would wait for ever: one line instead."""
        if self.workers * cpus > total:
            raise UserError(f"--jobs {self.workers} x --ray-cpus {cpus} needs {self.workers * cpus} CPUs, but the Ray "
                            f"cluster has {total:g}: ask for fewer workers or CPUs, or add nodes")

    def run(self, batches: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
        if not batches:
            return
        import ray

        if not self._actors:
            self.start()
        queue = deque(range(len(batches)))
        pending: dict[Any, Any] = {}
        delivered: set[int] = set()

        def submit(actor: Any) -> None:
            if queue:
                index = queue.popleft()
                pending[actor.translate.remote(index, batches[index])] = actor

        for _ in range(IN_FLIGHT):
            for actor in self._actors:
                submit(actor)
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            actor = pending.pop(done[0])
            try:
                index, outputs = ray.get(done[0])
            except Exception as exc:  # noqa: BLE001 - RayTaskError / RayActorError after the retries
                raise ModelError(f"a Ray worker failed: {_one_line(exc)}") from None
            submit(actor)
            if index in delivered:  # never twice, whatever Ray retried
                continue
            delivered.add(index)
            yield index, outputs

    def close(self) -> None:
        if not self._actors and not self._started:
            return
        import ray

        for actor in self._actors:
            try:
                ray.kill(actor)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self._actors = []
        if self._started:
            ray.shutdown()
            self._started = False
