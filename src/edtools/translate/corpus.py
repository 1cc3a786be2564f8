"""Many documents, one model load: the multi-input mode of ``translate`` and ``draft``.

    job = CorpusJob.open(inputs, out_dir, fmt=..., outputs={"--bilingual": dir, ...})
    stats = job.run(translator, cache=..., batch_size=..., glossary=..., runner=..., sink=write_one)
    job.print_table(stats, label)

Reading: every input is read and parsed first; a bad one (missing, unreadable, binary, empty,
nothing to translate) is one ``edtools: error:`` line naming the file, and the others go on.
Translating: :func:`edtools.translate.pipeline.translate_documents` (sentences of all documents
de-duplicated, length-sorted batches across documents, the translation memory written per batch
by this process only). Writing: ``sink(doc, result)`` writes a document's outputs atomically as
soon as its last sentence is back; a failure there is again one line for that document.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edtools.console import note, warn
from edtools.errors import UserError
from edtools.inputs import InputDoc, expand_inputs, output_path


def error_line(message: str) -> None:
    """One ``edtools: error:`` line for one document; the run goes on (exit 1 at the end)."""
    print(f"edtools: error: {message}", file=sys.stderr, flush=True)


def is_multi(inputs: tuple[str, ...] | list[str]) -> bool:
    """Several inputs, a folder or a glob: one output per document under ``-o DIR``."""
    from edtools.inputs import is_pattern

    return len(inputs) > 1 or any(Path(a).is_dir() or is_pattern(a) for a in inputs if a != "-")


def check_out_dir(path: str | None, option: str = "-o") -> Path:
    if not path or path == "-":
        raise UserError(f"several inputs need {option} DIR: one output per document, mirroring the inputs")
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UserError(f"{option} {path}: not a folder (with several inputs, {option} names a folder)")
    return p  # created when the first document's output is checked


@dataclass
class Loaded:
    item: InputDoc
    text_file: Any
    doc: Any
    outputs: dict[str, Path]  # option -> this document's output path


@dataclass
class CorpusJob:
    documents: list[Loaded]
    failures: int
    started: float = field(default_factory=time.perf_counter)

    @classmethod
    def open(cls, inputs: tuple[str, ...] | list[str], out_dir: str | None, *, fmt: str | None,
             outputs: dict[str, str | None]) -> CorpusJob:
        """Expand and read the inputs; ``outputs``: per-document option -> folder (None: not asked)."""
        folders = {"-o": check_out_dir(out_dir)}
        for option, folder in outputs.items():
            if folder is not None:
                folders[option] = check_out_dir(folder, option)
        expansion = expand_inputs(list(inputs), exclude=folders["-o"])
        if not expansion.documents and len(expansion.errors) == 1:
            raise UserError(expansion.errors[0])  # nothing else to do: the one line is the error
        for line in expansion.errors:
            error_line(line)
        if expansion.skipped_english:
            note(f"skipped {expansion.skipped_english} file(s) already tagged English (*.en.*)")
        job = cls([], len(expansion.errors))
        sources = {d.path.resolve() for d in expansion.documents}
        claimed: dict[Path, str] = {}
        for item in expansion.documents:
            try:
                paths = job._outputs_for(item, folders, sources, claimed)
                job.documents.append(_load(item, fmt, paths))
            except UserError as exc:
                error_line(exc.message)
                job.failures += 1
        if not job.documents:
            raise UserError("no document to translate (see the errors above)" if job.failures
                            else "no document to translate")
        return job

    @staticmethod
    def _outputs_for(item: InputDoc, folders: dict[str, Path], sources: set[Path],
                     claimed: dict[Path, str]) -> dict[str, Path]:
        from edtools.inputs import OUTPUT_SUFFIXES
        from edtools.textio import check_writable

        paths = {}
        for option, folder in folders.items():
            path = output_path(folder, item, OUTPUT_SUFFIXES.get(option))
            key = path.resolve()
            if key in sources:
                raise UserError(f"{item.path}: its output {path} would overwrite an input document")
            if key in claimed:
                raise UserError(f"{item.path}: its output {path} is also {claimed[key]}'s; rename one of them")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
            check_writable(path)
            claimed[key] = str(item.path)
            paths[option] = path
        return paths

    def run(self, translator: Any, *, cache: Any, batch_size: int, glossary: Any, runner: Any,
            progress: bool, sink: Callable[[Loaded, Any], None], memory: Any | None = None) -> Any:
        """``memory``: the approved translation memory (exact matches never reach the model)."""
        from edtools.translate.pipeline import plan_document, translate_documents

        plans = [plan_document(d.doc, memory) for d in self.documents]

        def on_document(i: int, result: Any) -> None:
            try:
                sink(self.documents[i], result)
            except UserError as exc:
                error_line(exc.message)
                self.failures += 1

        return translate_documents(plans, translator, cache=cache, batch_size=batch_size, glossary=glossary,
                                   on_document=on_document, runner=runner, progress=progress)

    def print_table(self, stats: Any, label: str) -> None:
        """The final table: documents, segments, from cache, duplicates, failures, seconds."""
        seconds = time.perf_counter() - self.started
        heads = ("documents", "segments", "from cache", "duplicates", "failures", "seconds")
        values = (str(stats.documents), str(stats.segments), str(stats.cached), str(stats.duplicates),
                  str(self.failures), f"{seconds:.1f}")
        widths = [max(len(h), len(v)) for h, v in zip(heads, values)]
        note(label)
        note("  ".join(h.rjust(w) for h, w in zip(heads, widths)))
        note("  ".join(v.rjust(w) for v, w in zip(values, widths)))
        if self.failures:
            warn(f"{self.failures} input(s) failed (see the errors above); the other documents were written")


def _load(item: InputDoc, fmt: str | None, outputs: dict[str, Path]) -> Loaded:
    from edtools.document import parse_document
    from edtools.textio import read_text_file

    tf = read_text_file(str(item.path))
    doc = parse_document(tf.text, fmt=fmt, path=str(item.path), newline=tf.newline, encoding=tf.encoding)
    if not doc.segments("es"):
        raise UserError(f"{item.path}: nothing to translate (no text outside code, front matter and HTML)")
    return Loaded(item, tf, doc, outputs)
