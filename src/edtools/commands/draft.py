"""``edtools draft``: translate → glossary → lint against the source → draft, findings, review page.

The command a translator runs every morning. It reuses ``translate``'s pieces (model
resolution, the translation memory, the Markdown-aware pipeline, the glossary) and
``lint``'s engine with the bilingual checks on, then writes the draft, prints the findings
and a one-screen summary. Exit codes as ``lint``: 0 clean (below the fail level), 1 findings
at or above the fail level, 2 a usage or input error.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from edtools.config import BACKENDS, DEVICES
from edtools.commands.translate import RAY_CPUS_HELP, TranslateOptions
from edtools.console import note, set_quiet
from edtools.errors import UserError

REPORT_FORMATS = ("text", "json", "github", "sarif")
FAIL_LEVELS = ("info", "warning", "error", "never")


def _check_outputs(src: str, outputs: list[tuple[str | None, str]]) -> None:
    """Every output path is checked (writable, not the source, not another output) before the model loads."""
    from edtools.textio import check_writable, same_file

    seen: list[tuple[str, str]] = []
    for path, option in outputs:
        if path is None:
            continue
        if path == "-":
            if option != "-o":
                raise UserError(f"{option} -: only the draft (-o) can go to standard output")
            continue
        if same_file(path, src):
            raise UserError(f"{option} {path}: refusing to overwrite the source document")
        for other, other_option in seen:
            if same_file(path, other):
                raise UserError(f"{other_option} and {option} name the same file ({path})")
        check_writable(path)
        seen.append((path, option))


def _glossary_for(paths: tuple[str, ...], no_glossary: bool, config: Any,
                  strict: bool = False) -> tuple[Any | None, str]:
    """--glossary, else the config's glossary, else the bundled glossary/ folder; (glossary, where)."""
    if no_glossary:
        return None, "off (--no-glossary)"
    if paths:
        chosen, where = [str(p) for p in paths], ", ".join(paths)
    elif getattr(config, "glossary", ()):
        chosen = [str(p) for p in config.glossary]
        where = f"{', '.join(chosen)} (from {config.path})"
    else:
        from edtools.paths import bundled_glossary_dir

        bundled = bundled_glossary_dir()
        has_files = bundled.is_dir() and any(
            p.suffix.lower() in {".yaml", ".yml", ".csv", ".tsv", ".tbx"} for p in bundled.rglob("*") if p.is_file()
        )
        if not has_files:
            return None, "none (no --glossary, none configured, no bundled glossary)"
        chosen, where = [str(bundled)], f"bundled ({bundled})"
    from edtools.glossary import load_glossary

    return load_glossary(chosen, strict=strict), where


def _lint_settings(config: Any, fail_level: str | None, select: tuple[str, ...],
                   ignore: tuple[str, ...]) -> tuple[Any, bool]:
    """Lint settings as ``lint`` builds them (config, then options); (settings, never_fail)."""
    from edtools.lint.run import build_settings

    never = fail_level == "never"
    codes = lambda values: [p for v in values for p in v.replace(",", " ").split()]  # noqa: E731
    settings = build_settings(config, select=codes(select), ignore=codes(ignore),
                              fail_level=None if never else fail_level)
    return settings, never


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def run_draft(
    src: str,
    opts: TranslateOptions,
    *,
    output: str | None = None,
    review: str | None = None,
    bilingual: str | None = None,
    report_format: str = "text",
    fail_level: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
) -> int:
    """The whole ``draft`` job; returns the exit code (0 or 1)."""
    started = time.perf_counter()
    from edtools.commands.translate import check_source_language, translation_session
    from edtools.config import config_for
    from edtools.document import parse_document
    from edtools.textio import read_text_file, write_atomic
    from edtools.translate.pipeline import translate_document

    _check_options(opts)
    _check_outputs(src, [(output, "-o"), (bilingual, "--bilingual"), (review, "--review")])
    config = config_for(None if src == "-" else src)
    opts, settings, never_fail = _settings(opts, config, fail_level, select, ignore)
    tf = read_text_file(src)
    doc = parse_document(tf.text, fmt=opts.fmt, path=None if src == "-" else src, newline=tf.newline,
                         encoding=tf.encoding)
    segments = doc.segments("es")
    if not segments:
        raise UserError(f"{tf.path}: nothing to translate (no text outside code, front matter and HTML)")
    check_source_language([s.text for s in segments], opts.source_lang, config.language_detector)
    glossary, glossary_where = _glossary_for(opts.glossary_paths, opts.no_glossary, config, opts.strict_glossary)

    # --- translate (+ glossary, inside the pipeline)
    with translation_session(opts, config) as session:
        result = translate_document(doc, session.translator, cache=session.cache, batch_size=opts.batch_size,
                                    glossary=glossary, progress=opts.progress, memory=session.memory,
                                    runner=session.runner)

    # --- lint the draft against its source
    draft_name = output if output and output != "-" else "<draft>"
    draft_doc, alignment, findings = _lint_against_source(result, doc.fmt, draft_name, settings, glossary)

    # --- outputs: draft, segments, review page
    write_atomic(output or "-", result.draft, newline=tf.newline)
    if bilingual:
        from edtools.bilingual import dumps

        write_atomic(bilingual, dumps(result.records))
    if review:
        write_atomic(review, _review_page(result, draft_doc, alignment, findings, glossary, tf.path, draft_name))

    # --- findings: stdout when the draft went to a file, else stderr (the draft owns stdout)
    from edtools.report import render

    report = render(findings, report_format, files=1)
    if report:
        stream = sys.stdout if output and output != "-" else sys.stderr
        stream.write(report if report.endswith("\n") else report + "\n")
        stream.flush()

    failing = [] if never_fail else [f for f in findings if settings.fails(f)]
    _summary(result, findings, glossary_where, glossary is not None, time.perf_counter() - started,
             output, bilingual, review, settings.fail_level if not never_fail else "never", len(failing),
             session.memory is not None)
    return 1 if failing else 0


def run_draft_many(
    sources: tuple[str, ...],
    opts: TranslateOptions,
    *,
    output: str | None,
    review: str | None = None,
    bilingual: str | None = None,
    report_format: str = "text",
    fail_level: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
) -> int:
    """``draft`` over several inputs: per document a draft under -o DIR (and a segments file under
    --bilingual DIR, a review page under --review DIR), each linted against its source; the findings
    of all documents printed at the end. Exit 1 for a failed input or findings at the fail level."""
    from edtools.commands.translate import check_source_language, engine_options, runner_label, translation_session
    from edtools.config import config_for
    from edtools.translate.corpus import CorpusJob

    _check_options(opts)
    engine_options(opts)
    job = CorpusJob.open(sources, output, fmt=opts.fmt, outputs={"--bilingual": bilingual, "--review": review})
    config = config_for(str(job.documents[0].item.path))
    opts, settings, never_fail = _settings(opts, config, fail_level, select, ignore)
    for loaded in job.documents:
        check_source_language([s.text for s in loaded.doc.segments("es")], opts.source_lang,
                              config.language_detector, label=str(loaded.item.path))
    glossary, glossary_where = _glossary_for(opts.glossary_paths, opts.no_glossary, config, opts.strict_glossary)
    findings: list[Any] = []

    def write_one(loaded: Any, result: Any) -> None:
        findings.extend(_lint_and_write(loaded, result, settings, glossary))

    with translation_session(opts, config) as session:
        stats = job.run(session.translator, cache=session.cache, batch_size=opts.batch_size, glossary=glossary,
                        runner=session.runner, progress=opts.progress, sink=write_one, memory=session.memory)
    from edtools.report import render

    report = render(findings, report_format, files=len(job.documents))
    if report:
        sys.stdout.write(report if report.endswith("\n") else report + "\n")
        sys.stdout.flush()
    failing = [] if never_fail else [f for f in findings if settings.fails(f)]
    sev = Counter(f.severity for f in findings)
    job.print_table(stats, f"drafts in {output}: model {session.translator.name}, {runner_label(session.runner)}; "
                           f"glossary {glossary_where}")
    note(f"findings: {_plural(sev['error'], 'error')}, {_plural(sev['warning'], 'warning')}, {sev['info']} info"
         + (f" — {len(failing)} at or above the fail level" if failing else ""))
    return 1 if failing or job.failures else 0


def _settings(opts: TranslateOptions, config: Any, fail_level: str | None, select: tuple[str, ...],
              ignore: tuple[str, ...]) -> tuple[TranslateOptions, Any, bool]:
    """The lint settings and the translate options resolved from the config; (opts, settings, never_fail)."""
    settings, never_fail = _lint_settings(config, fail_level, select, ignore)
    return opts.resolved(config), settings, never_fail


def _lint_and_write(loaded: Any, result: Any, settings: Any, glossary: Any) -> list[Any]:
    """One document of a multi-input draft: lint against the source, write its outputs; its findings."""
    from edtools.textio import write_atomic

    draft_path = loaded.outputs["-o"]
    draft_doc, alignment, found = _lint_against_source(result, loaded.doc.fmt, str(draft_path), settings, glossary)
    if "--bilingual" in loaded.outputs:
        from edtools.bilingual import dumps

        write_atomic(loaded.outputs["--bilingual"], dumps(result.records))
    if "--review" in loaded.outputs:
        page = _review_page(result, draft_doc, alignment, found, glossary, str(loaded.item.path), str(draft_path))
        write_atomic(loaded.outputs["--review"], page)
    write_atomic(draft_path, result.draft, newline=loaded.text_file.newline)
    return found


def _lint_against_source(result: Any, fmt: str, draft_name: str, settings: Any,
                         glossary: Any) -> tuple[Any, Any, list[Any]]:
    """The draft parsed, aligned with its source segments and linted; (draft_doc, alignment, findings)."""
    from edtools.align import align_records
    from edtools.document import parse_document
    from edtools.lint.engine import lint_document

    draft_doc = parse_document(result.draft, fmt=fmt, path=draft_name)
    alignment = align_records(result.records, draft_doc)
    return draft_doc, alignment, lint_document(draft_doc, settings=settings, glossary=glossary, alignment=alignment)


def _review_page(result: Any, draft_doc: Any, alignment: Any, findings: list[Any], glossary: Any,
                 source_name: str, draft_name: str) -> str:
    """The HTML review page of one draft (``--review``)."""
    from edtools.review import review_html

    return review_html(
        result.records, draft_doc=draft_doc, alignment=alignment, findings=findings,
        changes=result.glossary_changes, glossary=glossary, title=f"Review: {Path(source_name).name}",
        source_name=source_name, draft_name=draft_name, model=result.model, seconds=result.seconds,
        suggestions=result.tm_suggestions, approved=result.tm_approved,
    )


def _check_options(opts: TranslateOptions) -> None:
    for value, allowed, option in ((opts.backend, BACKENDS, "--backend"), (opts.device, DEVICES, "--device"),
                                   (opts.fmt, ("markdown", "text"), "--input-format")):
        if value is not None and value not in allowed:
            raise UserError(f"invalid value for {option}: {value!r} (use one of: {', '.join(allowed)})")
    for number, option in ((opts.beam, "--beam"), (opts.batch_size, "--batch-size")):
        if number is not None and number < 1:  # type: ignore[operator]
            raise UserError(f"invalid value for {option}: {number} (must be at least 1)")
    if opts.cache_path and opts.no_cache:
        raise UserError("--cache and --no-cache cannot be used together")
    if opts.glossary_paths and opts.no_glossary:
        raise UserError("--glossary and --no-glossary cannot be used together")


def _summary(result: Any, findings: list[Any], glossary_where: str, has_glossary: bool, seconds: float,
             output: str | None, bilingual: str | None, review: str | None, fail_level: str, failing: int,
             has_memory: bool = False) -> None:
    lines = [
        f"draft: {_plural(result.segments, 'segment')} ({result.cached} from cache) translated in "
        f"{result.seconds:.1f} s by {result.model}"
    ]
    if has_memory:
        from edtools.tm.store import memory_summary

        lines.append(memory_summary(result))
    if has_glossary:
        changes = Counter((c.old, c.new) for c in result.glossary_changes)
        detail = ", ".join(
            f"“{old}” → “{new}”" + (f" ×{n}" if n > 1 else "") for (old, new), n in changes.most_common(4)
        )
        more = len(changes) - 4
        if more > 0:
            detail += f", and {more} more"
        lines.append(f"glossary {glossary_where}: {_plural(len(result.glossary_changes), 'change')}"
                     + (f": {detail}" if detail else ""))
    else:
        lines.append(f"glossary: {glossary_where}")
    sev = Counter(f.severity for f in findings)
    lines.append(
        f"findings: {_plural(sev['error'], 'error')}, {_plural(sev['warning'], 'warning')}, {sev['info']} info"
        + (f" — {failing} at or above the fail level ({fail_level})" if failing else f" (fail level: {fail_level})")
    )
    wrote = [f"draft {output}" if output and output != "-" else "draft on stdout"]
    if bilingual:
        wrote.append(f"segments {bilingual}")
    if review:
        wrote.append(f"review page {review}")
    lines.append(f"wrote {', '.join(wrote)}; {seconds:.1f} s in all")
    for line in lines:
        note(line)


@click.command("draft")
@click.argument("sources", metavar="SRC...", nargs=-1, required=True)
@click.option("-o", "--output", metavar="DRAFT.md",
              help="Write the draft here (default: stdout). With several inputs, a folder (required).")
@click.option("--review", metavar="REVIEW.html",
              help="Also write a self-contained HTML review page (source and draft side by side, findings "
                   "highlighted). With several inputs, a folder: one NAME.en.review.html per document.")
@click.option("--format", "report_format", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="How the findings are printed.")
@click.option("--bilingual", metavar="OUT.jsonl",
              help="Also write the segments (id, block, line, source, target). With several inputs, a folder: "
                   "one NAME.en.jsonl per document.")
@click.option("--glossary", "glossary_paths", multiple=True, metavar="PATH",
              help="Glossary file or folder (repeatable). Default: the config's, else the bundled glossary.")
@click.option("--no-glossary", is_flag=True, help="Apply no glossary (and skip the glossary checks).")
@click.option("--strict-glossary", is_flag=True, help="TBX glossary: refuse concepts without a Spanish or an English term (default: skip them, warning once).")
@click.option("--model", metavar="NAME_OR_DIR", help="Registry name or model folder (default: see `edtools models list`).")
@click.option("--backend", metavar="auto|ctranslate2|transformers|apertium|identity|pseudo",
              help="auto: CTranslate2 when a current conversion exists (`edtools models convert`), else transformers. "
                   "apertium: Debian's rule-based es-en engine (package apertium-eng-spa), no model. "
                   "identity/pseudo: no model, each sentence returned unchanged/upper-cased (to check a document survives translation).")
@click.option("--device", metavar="cpu|cuda", help="Where the model runs (default cpu).")
@click.option("--beam", type=int, metavar="N", help="Beam size (default 4; 1 = greedy, fastest).")
@click.option("--batch-size", type=int, metavar="N", help="Sentences per model call (default: 64 on CTranslate2, 16 on the other backends).")
@click.option("--cache", "cache_path", metavar="PATH", help="Translation memory file (default: user cache dir).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the translation memory.")
@click.option("--tm", "tm_path", metavar="PATH",
              help="Approved translation memory to reuse (default: EDTOOLS_TM, the config's `tm`, else the user data folder, if it exists).")
@click.option("--no-tm", is_flag=True, help="Do not reuse approved translations.")
@click.option("--fail-level", type=click.Choice(FAIL_LEVELS),
              help="Exit 1 when a finding is at least this severe (default: the config's, else warning; never: always 0).")
@click.option("--select", multiple=True, metavar="CODES", help="Rule codes or prefixes to run; replaces the config's.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes to skip; added to the config's.")
@click.option("--source-lang", metavar="es", help="Declare the source language (skips the language check).")
@click.option("--input-format", "fmt", metavar="markdown|text", help="Input format (default: by suffix).")
@click.option("--jobs", type=int, metavar="N", help="Worker processes (or Ray workers), one model each (default 1).")
@click.option("--engine", metavar="local|ray", help="local (default) or ray: the workers are Ray actors (edtools[ray]).")
@click.option("--ray-address", metavar="ADDR", help="Ray cluster to join (default: RAY_ADDRESS, else a local instance).")
@click.option("--ray-cpus", type=int, metavar="N", help=RAY_CPUS_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary (findings and warnings still shown).")
def draft(sources: tuple[str, ...], output: str | None, review: str | None, report_format: str,
          bilingual: str | None, glossary_paths: tuple[str, ...], no_glossary: bool, strict_glossary: bool,
          model: str | None, backend: str | None, device: str | None, beam: int | None, batch_size: int | None,
          cache_path: str | None, no_cache: bool, tm_path: str | None, no_tm: bool, fail_level: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], source_lang: str | None, fmt: str | None,
          jobs: int | None, engine: str | None, ray_address: str | None, ray_cpus: int | None, quiet: bool) -> None:
    """Translate Spanish documents, apply the glossary and lint each draft against its source.

    Writes the English draft (to -o or stdout), prints the findings and a short summary, and
    optionally a review page. Exit status: 0 no finding at or above the fail level, 1 findings,
    2 an error.

    SRC may be several files, folders (.md, .markdown, .txt) and globs: then -o DIR is required, the
    drafts mirror the input tree (nota.es.md -> DIR/nota.en.md), --review and --bilingual name
    folders, and an input that fails (one error line) exits 1 while the others are written.

    Example: edtools draft nota.es.md -o nota.en.md --review nota.review.html
    """
    set_quiet(quiet)
    from edtools.translate.corpus import is_multi

    opts = TranslateOptions(
        model=model, backend=backend, device=device, beam=beam, batch_size=batch_size,
        glossary_paths=glossary_paths, no_glossary=no_glossary, strict_glossary=strict_glossary,
        cache_path=cache_path, no_cache=no_cache, tm_path=tm_path, no_tm=no_tm, source_lang=source_lang, fmt=fmt,
        progress=not quiet and sys.stderr.isatty(), jobs=jobs, engine=engine, ray_address=ray_address,
        ray_cpus=ray_cpus,
    )
    outputs = dict(output=output, review=review, bilingual=bilingual, report_format=report_format,
                   fail_level=fail_level, select=select, ignore=ignore)
    if is_multi(sources):
        code = run_draft_many(sources, opts, **outputs)  # type: ignore[arg-type]
    else:
        code = run_draft(sources[0], opts, **outputs)  # type: ignore[arg-type]
    if code:
        sys.exit(code)


__all__ = ["draft", "run_draft", "run_draft_many"]
