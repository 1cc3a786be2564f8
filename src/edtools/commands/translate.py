"""``edtools translate``: a Spanish document to an English draft with a local MarianMT model."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import click

from edtools.config import BACKENDS, DEVICES
from edtools.console import note, set_quiet, warn
from edtools.errors import UserError

if TYPE_CHECKING:
    from edtools.config import Config

FORMATS = ("markdown", "text")


def _choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in allowed:
        raise UserError(f"invalid value for {option}: {value!r} (use one of: {', '.join(allowed)})")
    return value


def _positive(value: int | str | None, option: str) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise UserError(f"invalid value for {option}: {value!r} (expected a whole number)") from None
    if number < 1:
        raise UserError(f"invalid value for {option}: {number} (must be at least 1)")
    return number


def check_source_language(sentences: list[str], source_lang: str | None, detector: str,
                          label: str | None = None) -> None:
    """Warn once when the document does not look Spanish (skipped by --source-lang es)."""
    from edtools.langid import document_language, language_name

    if source_lang is not None:
        if source_lang.lower() not in ("es", "spa", "spanish"):
            raise UserError(f"--source-lang {source_lang}: only Spanish (es) to English is supported")
        return
    if not sentences:
        return
    lang, votes, total = document_language(sentences, detector)
    if lang not in ("es", "unknown"):
        warn(
            f"{label or 'this document'} looks like {language_name(lang)} ({votes} of {total} sentences), not Spanish; "
            "translating anyway — pass --source-lang to silence"
        )


def load_glossary_option(paths: tuple[str, ...], no_glossary: bool, config: Any, strict: bool = False) -> Any | None:
    """The glossary to apply: --glossary paths, else the config's; None with --no-glossary or none set."""
    if no_glossary:
        return None
    chosen = [str(p) for p in paths] or [str(p) for p in getattr(config, "glossary", ())]
    if not chosen:
        return None
    try:
        from edtools.glossary import load_glossary
    except ImportError:
        raise UserError("glossary support is not available in this installation") from None
    return load_glossary(chosen, strict=strict)


def translate_settings(
    config: Config,
    *,
    beam: int | None,
    batch_size: int | None,
    device: str | None,
    backend: str | None,
    cache_path: str | None,
    no_cache: bool,
) -> tuple[int, int | None, str, str, str | None, bool]:
    """Command-line options first, then the config's [translate] table, then the defaults."""
    tconf = config.translate
    beam = beam or int(tconf.get("beam", 4))
    # no batch size from either: the backend's own (pipeline.default_batch_size)
    batch_size = batch_size or (int(tconf["batch-size"]) if tconf.get("batch-size") is not None else None)
    device = device or str(tconf.get("device", "cpu"))
    backend = backend or str(tconf.get("backend", "auto"))
    if not no_cache and cache_path is None:
        conf_cache = tconf.get("cache", True)
        if conf_cache is False:
            no_cache = True
        elif isinstance(conf_cache, str):
            cache_path = conf_cache
    return beam, batch_size, device, backend, cache_path, no_cache


RAY_CPUS_HELP = ("CPUs each Ray worker reserves and translates with (default: 1 on a cluster; on a local "
                 "instance the cores divided among the workers).")


def engine_options(opts: TranslateOptions) -> TranslateOptions:
    """--jobs/--engine/--ray-address/--ray-cpus checked before any input is read (Ray must be importable)."""
    jobs = _positive(opts.jobs, "--jobs")
    ray_cpus = _positive(opts.ray_cpus, "--ray-cpus")
    engine = _choice(opts.engine, ("local", "ray"), "--engine") or "local"
    ray_address = opts.ray_address
    if engine == "ray":
        ray_address = ray_address or os.environ.get("RAY_ADDRESS") or None
        try:
            import ray  # noqa: F401
        except ImportError:
            raise UserError("--engine ray needs Ray, which is not installed: pip install 'edtools[ray]'") from None
    else:
        for value, option in ((ray_address, "--ray-address"), (ray_cpus, "--ray-cpus")):
            if value:
                raise UserError(f"{option} needs --engine ray")
    return replace(opts, jobs=jobs, engine=engine, ray_address=ray_address, ray_cpus=ray_cpus)


def make_engine(translator: Any, opts: TranslateOptions) -> Any:
    """The batch runner for --engine/--jobs/--ray-address/--ray-cpus (RAY_ADDRESS for an existing cluster)."""
    from edtools.translate.engines import make_runner

    opts = engine_options(opts)
    return make_runner(translator, engine=opts.engine, jobs=opts.jobs,  # type: ignore[arg-type]
                       ray_address=opts.ray_address, ray_cpus=opts.ray_cpus)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    """The options ``translate`` and ``draft`` share, as given on the command line
    (``resolved`` fills the unset ones from the config's [translate] table)."""

    model: str | None = None
    backend: str | None = None
    device: str | None = None
    beam: int | str | None = None
    batch_size: int | str | None = None
    glossary_paths: tuple[str, ...] = ()
    no_glossary: bool = False
    strict_glossary: bool = False
    cache_path: str | None = None
    no_cache: bool = False
    tm_path: str | None = None
    no_tm: bool = False
    source_lang: str | None = None
    fmt: str | None = None
    progress: bool = True
    jobs: int | str | None = None
    engine: str | None = None
    ray_address: str | None = None
    ray_cpus: int | str | None = None

    def resolved(self, config: Config) -> TranslateOptions:
        beam, batch_size, device, backend, cache_path, no_cache = translate_settings(
            config, beam=self.beam, batch_size=self.batch_size, device=self.device,  # type: ignore[arg-type]
            backend=self.backend, cache_path=self.cache_path, no_cache=self.no_cache,
        )
        if backend == "apertium":  # a rule-based engine: no beam search, no GPU (--model is refused likewise)
            if self.beam is not None:
                raise UserError("--beam: the apertium backend has no beam search; drop --beam")
            if device != "cpu":
                raise UserError(f"--device {device}: the apertium backend runs on the CPU only")
        return replace(self, beam=beam, batch_size=batch_size, device=device, backend=backend,
                       cache_path=cache_path, no_cache=no_cache)


@dataclass(frozen=True, slots=True)
class Session:
    """What a translation run holds open: the translator, its runner, the cache and the approved memory."""

    translator: Any
    runner: Any
    cache: Any | None
    memory: Any | None


@contextmanager
def translation_session(opts: TranslateOptions, config: Config) -> Iterator[Session]:
    """Open the approved memory, load the translator, start its runner and open the cache (in that
    order, so errors come as before); close them all at the end. ``opts`` must be ``resolved``.
    Identity and pseudo translations never read or write the translation cache."""
    from edtools.tm.store import memory_for_translation
    from edtools.translate.backends import load_translator
    from edtools.translate.cache import TranslationCache

    memory = memory_for_translation(opts.tm_path, opts.no_tm, config)
    translator = load_translator(opts.model, backend=opts.backend, device=opts.device, beam=opts.beam,
                                 config=config)
    runner = make_engine(translator, opts)
    uncacheable = not getattr(translator, "cacheable", True)
    cache = None if opts.no_cache or uncacheable else TranslationCache(opts.cache_path)
    try:
        yield Session(translator, runner, cache, memory)
    finally:
        runner.close()
        if cache is not None:
            cache.close()
        if memory is not None:
            memory.close()


def _checked(opts: TranslateOptions) -> TranslateOptions:
    """The shared options checked (one error line each) before any input is read; --beam and
    --batch-size as numbers."""
    _choice(opts.backend, BACKENDS, "--backend")
    _choice(opts.device, DEVICES, "--device")
    _choice(opts.fmt, FORMATS, "--format")
    opts = replace(opts, beam=_positive(opts.beam, "--beam"), batch_size=_positive(opts.batch_size, "--batch-size"))
    if opts.cache_path and opts.no_cache:
        raise UserError("--cache and --no-cache cannot be used together")
    if opts.source_lang is not None:
        check_source_language([], opts.source_lang, "lingua")
    return opts


def run_translate_many(
    sources: tuple[str, ...],
    opts: TranslateOptions,
    *,
    output: str | None,
    bilingual: str | None = None,
    xliff: str | None = None,
    xliff_version: str = "2.1",
) -> int:
    """``translate`` over several inputs: one draft (and segments file, XLIFF file) per document under
    -o DIR (--bilingual DIR, --xliff DIR).

    Returns the exit code: 0, or 1 when any input failed (each failure is one line; the other
    documents are still written)."""
    from edtools.config import config_for
    from edtools.textio import write_atomic
    from edtools.translate.corpus import CorpusJob

    opts = _checked(opts)
    engine_options(opts)
    if xliff:
        from edtools.commands.xliff import check_version

        check_version(xliff_version)
    job = CorpusJob.open(sources, output, fmt=opts.fmt, outputs={"--bilingual": bilingual, "--xliff": xliff})
    config = config_for(str(job.documents[0].item.path))
    opts = opts.resolved(config)
    for loaded in job.documents:
        check_source_language([s.text for s in loaded.doc.segments("es")], opts.source_lang,
                              config.language_detector, label=str(loaded.item.path))
    glossary = load_glossary_option(opts.glossary_paths, opts.no_glossary, config, opts.strict_glossary)

    def write_one(loaded: Any, result: Any) -> None:
        if "--bilingual" in loaded.outputs:
            from edtools.bilingual import dumps

            write_atomic(loaded.outputs["--bilingual"], dumps(result.records))
        if "--xliff" in loaded.outputs:
            write_xliff_for(loaded.doc, result, str(loaded.outputs["--xliff"]), xliff_version, glossary, config)
        write_atomic(loaded.outputs["-o"], result.draft, newline=loaded.text_file.newline)

    with translation_session(opts, config) as session:
        stats = job.run(session.translator, cache=session.cache, batch_size=opts.batch_size, glossary=glossary,
                        runner=session.runner, progress=opts.progress, sink=write_one, memory=session.memory)
    job.print_table(stats, f"translated into {output}: model {session.translator.name}, "
                           f"{runner_label(session.runner)}")
    return 1 if job.failures else 0


def runner_label(runner: Any) -> str:
    return getattr(runner, "label", "engine local, 1 process")


def run_translate(
    src: str,
    opts: TranslateOptions,
    *,
    output: str | None = None,
    bilingual: str | None = None,
    xliff: str | None = None,
    xliff_version: str = "2.1",
) -> Any:
    """The whole ``translate`` job; returns the TranslationResult (after writing the outputs)."""
    from edtools.config import config_for
    from edtools.document import parse_document
    from edtools.textio import read_text_file
    from edtools.translate.pipeline import translate_document

    opts = _checked(opts)
    _check_outputs(src, output, bilingual, xliff, xliff_version)
    config = config_for(None if src == "-" else src)
    opts = opts.resolved(config)
    tf = read_text_file(src)
    doc = parse_document(
        tf.text, fmt=opts.fmt, path=None if src == "-" else src, newline=tf.newline, encoding=tf.encoding
    )
    segments = doc.segments("es")
    check_source_language([s.text for s in segments], opts.source_lang, config.language_detector)
    glossary = load_glossary_option(opts.glossary_paths, opts.no_glossary, config, opts.strict_glossary)
    with translation_session(opts, config) as session:
        result = translate_document(
            doc, session.translator, cache=session.cache, batch_size=opts.batch_size, glossary=glossary,
            progress=opts.progress, memory=session.memory, runner=session.runner,
        )
    _write_outputs(result, output, bilingual, tf.newline)
    if xliff:
        write_xliff_for(doc, result, xliff, xliff_version, glossary, config)
    _report(result, glossary is not None, session.memory is not None)
    return result


def _check_outputs(src: str, output: str | None, bilingual: str | None, xliff: str | None,
                   xliff_version: str) -> None:
    """Every output is checked before anything slow happens."""
    from edtools.textio import check_writable, same_file

    if xliff:
        from edtools.commands.xliff import check_version

        check_version(xliff_version)
        if xliff == "-" or (output and same_file(xliff, output)) or (bilingual and same_file(xliff, bilingual)):
            raise UserError("--xliff needs a file of its own (not -, -o or --bilingual)")
    for out, option in ((output, "-o"), (bilingual, "--bilingual"), (xliff, "--xliff")):
        if out is None or out == "-":
            continue
        if same_file(out, src):
            raise UserError(f"{option} {out}: refusing to overwrite the source document")
        check_writable(out)
    if bilingual == "-" and (output is None or output == "-"):
        raise UserError("--bilingual - needs -o FILE for the draft (both cannot go to stdout)")
    if output and bilingual and same_file(output, bilingual):
        raise UserError("-o and --bilingual name the same file")


def _write_outputs(result: Any, output: str | None, bilingual: str | None, newline: str) -> None:
    """The draft and the segments file: both or neither."""
    from edtools.textio import write_atomic

    created_bilingual = False
    if bilingual:
        from edtools.bilingual import dumps

        existed = bilingual != "-" and os.path.exists(bilingual)
        write_atomic(bilingual, dumps(result.records))
        created_bilingual = not existed
    try:
        write_atomic(output or "-", result.draft, newline=newline)
    except BaseException:
        if created_bilingual:
            try:
                os.unlink(bilingual)  # type: ignore[arg-type]
            except OSError:
                pass
        raise


def _report(result: Any, has_glossary: bool, has_memory: bool) -> None:
    """The one-line summary, then one warning for what could not be placed in the draft."""
    work = max(result.seconds - result.load_seconds, 1e-9)
    rate = result.segments / work
    loading = f" (+{result.load_seconds:.1f} s loading the model)" if result.load_seconds >= 0.05 else ""
    summary = (
        f"translated {result.segments} segments ({result.cached} from cache) in {work:.1f} s, "
        f"{rate:.1f} segments/s{loading}, model {result.model}"
    )
    if has_glossary:
        n = len(result.glossary_changes)
        summary += f"; glossary: {n} change{'s' if n != 1 else ''}"
    if has_memory:
        from edtools.tm.store import memory_summary

        summary += "; " + memory_summary(result)
    note(summary)
    problems = []
    if result.links_appended:
        problems.append(f"{result.links_appended} link(s) could not be placed in their sentence and were appended after it")
    if result.emphasis_dropped:
        problems.append(f"{result.emphasis_dropped} emphasis mark(s) could not be placed and were dropped")
    if result.tags_dropped:
        problems.append(f"{result.tags_dropped} pair(s) of inline HTML tags could not be placed and were dropped")
    if result.verbatim_repaired:
        problems.append(f"{result.verbatim_repaired} code span(s)/URL(s)/address(es) garbled by the model were restored")
    if problems:
        warn("; ".join(problems) + " — check the draft")


def write_xliff_for(doc: Any, result: Any, path: str, version: str, glossary: Any, config: Any) -> None:
    """``--xliff``: the document, its draft, lint findings and glossary terms as XLIFF for a CAT tool."""
    from edtools.lint.run import build_settings
    from edtools.textio import write_atomic
    from edtools.xliff.export import build_xliff

    write_atomic(path, build_xliff(doc, result.records, version=version, glossary=glossary,
                                   settings=build_settings(config)))


@click.command("translate")
@click.argument("sources", metavar="SRC...", nargs=-1, required=True)
@click.option("-o", "--output", metavar="OUT",
              help="Write the draft here (default: stdout). With several inputs, a folder (required).")
@click.option("--model", metavar="NAME_OR_DIR", help="Registry name or model folder (default: see `edtools models list`).")
@click.option("--beam", metavar="N", help="Beam size (default 4; 1 = greedy, fastest).")
@click.option("--batch-size", metavar="N", help="Sentences per model call (default: 64 on CTranslate2, 16 on the other backends).")
@click.option("--device", metavar="cpu|cuda", help="Where the model runs (default cpu).")
@click.option("--backend", metavar="auto|ctranslate2|transformers|apertium|identity|pseudo",
              help="auto: CTranslate2 when a current conversion exists, else transformers. "
                   "apertium: Debian's rule-based es-en engine (package apertium-eng-spa), no model. "
                   "identity/pseudo: no model, each sentence returned unchanged/upper-cased (to check a document survives translation).")
@click.option("--glossary", "glossary_paths", multiple=True, metavar="PATH",
              help="Apply this glossary (file or folder; repeatable). Default: the config's.")
@click.option("--no-glossary", is_flag=True, help="Do not apply any glossary.")
@click.option("--strict-glossary", is_flag=True, help="TBX glossary: refuse concepts without a Spanish or an English term (default: skip them, warning once).")
@click.option("--bilingual", metavar="OUT.jsonl",
              help="Also write the segments (id, block, line, source, target). With several inputs, "
                   "a folder: one NAME.en.jsonl per document.")
@click.option("--cache", "cache_path", metavar="PATH", help="Translation memory file (default: user cache dir).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the translation memory.")
@click.option("--tm", "tm_path", metavar="PATH",
              help="Approved translation memory to reuse (default: EDTOOLS_TM, the config's `tm`, else the user data folder, if it exists).")
@click.option("--no-tm", is_flag=True, help="Do not reuse approved translations.")
@click.option("--xliff", "xliff", metavar="OUT.xlf",
              help="Also write the document and its draft as XLIFF for a CAT tool (bring it back with `edtools xliff import`). "
                   "With several inputs, a folder: one NAME.en.xlf per document.")
@click.option("--xliff-version", "xliff_version", default="2.1", show_default=True, metavar="2.1|2.0|1.2",
              help="XLIFF version of --xliff.")
@click.option("--source-lang", metavar="es", help="Declare the source language (skips the language check).")
@click.option("--format", "fmt", metavar="markdown|text", help="Input format (default: by suffix; stdin is text).")
@click.option("--jobs", metavar="N", help="Worker processes (or Ray workers), one model each (default 1).")
@click.option("--engine", metavar="local|ray", help="local (default) or ray: the workers are Ray actors (edtools[ray]).")
@click.option("--ray-address", metavar="ADDR", help="Ray cluster to join (default: RAY_ADDRESS, else a local instance).")
@click.option("--ray-cpus", metavar="N", help=RAY_CPUS_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, notes or summary (warnings still shown).")
def translate(sources: tuple[str, ...], output: str | None, model: str | None, beam: str | None,
              batch_size: str | None, device: str | None, backend: str | None, glossary_paths: tuple[str, ...],
              no_glossary: bool, strict_glossary: bool, bilingual: str | None, cache_path: str | None,
              no_cache: bool, tm_path: str | None, no_tm: bool, xliff: str | None, xliff_version: str,
              source_lang: str | None, fmt: str | None, jobs: str | None, engine: str | None,
              ray_address: str | None, ray_cpus: str | None, quiet: bool) -> None:
    """Translate Spanish documents (Markdown or plain text; - for stdin) into English drafts.

    The structure is kept: headings, lists, quotes, tables, code, links (targets untouched),
    URLs and e-mail addresses. Sentences already translated are taken from the cache;
    sentences an editor approved (`edtools tm learn`) are reused from the approved memory.

    SRC may be several files, folders (searched for .md, .markdown, .txt) and globs; then -o DIR
    is required and the drafts mirror the input tree (nota.es.md -> DIR/nota.en.md, nota.txt ->
    DIR/nota.en.txt). Exit 1 when an input failed (the others are still written).

    Examples: edtools translate nota.es.md -o nota.en.md --bilingual nota.jsonl;
    edtools translate wire/ 'archive/**/*.md' -o drafts/ --jobs 2
    """
    set_quiet(quiet)
    from edtools.translate.corpus import is_multi

    opts = TranslateOptions(
        model=model, backend=backend, device=device, beam=beam, batch_size=batch_size,
        glossary_paths=glossary_paths, no_glossary=no_glossary, strict_glossary=strict_glossary,
        cache_path=cache_path, no_cache=no_cache, tm_path=tm_path, no_tm=no_tm, source_lang=source_lang, fmt=fmt,
        progress=not quiet, jobs=jobs, engine=engine, ray_address=ray_address, ray_cpus=ray_cpus,
    )
    outputs = dict(output=output, bilingual=bilingual, xliff=xliff, xliff_version=xliff_version)
    if is_multi(sources):
        code = run_translate_many(sources, opts, **outputs)  # type: ignore[arg-type]
        if code:
            sys.exit(code)
        return
    run_translate(sources[0], opts, **outputs)  # type: ignore[arg-type]
