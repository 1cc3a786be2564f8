"""``edtools xliff``: send a document to a CAT tool as XLIFF and bring the translation back."""

from __future__ import annotations

from pathlib import Path

import click

from edtools.console import note, set_quiet, warn
from edtools.errors import UserError

VERSION_HELP = "XLIFF version: 2.1 (default), 2.0, or 1.2 for tools that need it."


def check_version(version: str) -> str:
    from edtools.xliff.write import VERSIONS

    if version not in VERSIONS:
        raise UserError(f"invalid value for --xliff-version: {version!r} (use one of: {', '.join(VERSIONS)})")
    return version


@click.group("xliff", context_settings={"help_option_names": ["-h", "--help"]})
def xliff() -> None:
    """Exchange documents with CAT tools (Trados, memoQ, OmegaT, Phrase) as XLIFF 2.1 or 1.2.

    The .xlf holds everything needed to rebuild the document: send it out, get only the .xlf back.
    """


@xliff.command("export", short_help="Write a document (and its draft) as XLIFF.")
@click.argument("src", metavar="SRC")
@click.option("--bilingual", metavar="J.jsonl", help="The draft's segments (from `translate --bilingual`) as targets.")
@click.option("-o", "--output", metavar="OUT.xlf", help="Write here (default: stdout).")
@click.option("--xliff-version", "version", default="2.1", show_default=True, metavar="2.1|2.0|1.2", help=VERSION_HELP)
@click.option("--glossary", "glossary_paths", multiple=True, metavar="PATH",
              help="Glossary for the term notes (default: the config's, else the bundled one).")
@click.option("--no-glossary", is_flag=True, help="No glossary notes.")
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def export(src: str, bilingual: str | None, output: str | None, version: str, glossary_paths: tuple[str, ...],
           no_glossary: bool, quiet: bool) -> None:
    """Write SRC as XLIFF: one unit per block, one segment per sentence, inline Markdown as codes.

    With --bilingual, the draft becomes the targets (state initial; reused approved segments
    translated) and its lint findings become notes; without it the file has sources only.
    Glossary terms found in each sentence are notes too.

    Example: edtools xliff export nota.es.md --bilingual nota.jsonl -o nota.xlf
    """
    set_quiet(quiet)
    from edtools.commands.draft import _glossary_for
    from edtools.config import config_for
    from edtools.document import load_document
    from edtools.textio import check_writable, write_atomic
    from edtools.xliff.export import build_xliff

    check_version(version)
    if output and output != "-":
        check_writable(output)
        if Path(output).resolve() == Path(src).resolve():
            raise UserError(f"-o {output}: refusing to overwrite the source document")
    config = config_for(src)
    doc = load_document(src)
    records = None
    if bilingual:
        from edtools.bilingual import read_jsonl

        records = read_jsonl(bilingual)
    glossary, _where = _glossary_for(glossary_paths, no_glossary, config)
    from edtools.lint.run import build_settings

    text = build_xliff(doc, records, version=version, glossary=glossary, settings=build_settings(config))
    write_atomic(output or "-", text)
    n = len(doc.segments("es"))
    note(f"wrote XLIFF {version}: {n} segments" + (" with their draft" if records else " (sources only)")
         + (f" to {output}" if output and output != "-" else ""))


@xliff.command("import", short_help="Rebuild the document from a translated XLIFF; learn approved segments.")
@click.argument("file", metavar="FILE.xlf")
@click.option("-o", "--output", metavar="FINAL.md", help="Write the rebuilt document here (default: stdout).")
@click.option("--tm", "tm_path", metavar="PATH",
              help="Approved translation memory to learn into (default: EDTOOLS_TM, the config's `tm`, else the user data folder).")
@click.option("--no-learn", is_flag=True, help="Do not store the approved segments.")
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def import_(file: str, output: str | None, tm_path: str | None, no_learn: bool, quiet: bool) -> None:
    """Rebuild the English document from FILE.xlf as a CAT tool sent it back.

    Structure, link targets and code come from the file itself; the sentences from the
    translator's targets (a segment without one keeps its Spanish, with a warning). Segments whose
    state is translated, reviewed or final (1.2: translated, signed-off, final) are learnt into the
    approved memory. A file that breaks the XLIFF core rules or does not match its document is
    refused (file:line and the reason, exit 2) and nothing is written.
    """
    set_quiet(quiet)
    from edtools.textio import check_writable, write_atomic
    from edtools.xliff.read import read_xliff

    if tm_path and no_learn:
        raise UserError("--tm and --no-learn cannot be used together")
    if output and output != "-":
        check_writable(output)
    result = read_xliff(file)
    learnt = None
    if not no_learn and result.approved:
        from edtools.commands.tm import open_memory
        from edtools.config import config_for
        from edtools.tm.learn import units_from_pairs
        from edtools.tm.store import translator_name

        config = config_for(None if not output or output == "-" else output)
        units, _dropped = units_from_pairs(result.approved, document=Path(result.document).name,
                                           translator=translator_name(config), origin="xliff")
        with open_memory(tm_path, None if not output or output == "-" else output, create=True) as memory:
            learnt = (memory.add_many(units), memory.path)
    write_atomic(output or "-", result.text, newline=result.newline)
    untranslated = result.segments - result.translated
    if untranslated:
        warn(f"{untranslated} segment{'s' if untranslated != 1 else ''} had no target: the Spanish is kept there")
    if result.codes_missing:
        warn(f"{result.codes_missing} inline code(s) (links, emphasis, code) were deleted from targets by the "
             "translator — check the document")
    summary = (f"rebuilt {result.document} from {file} (XLIFF {result.version}): {result.translated} of "
               f"{result.segments} segments translated")
    if learnt is not None:
        (added, updated), where = learnt
        summary += f"; learnt {len(result.approved)} approved segments ({added} new, {updated} known) into {where}"
    elif not no_learn:
        summary += "; no segment marked translated, reviewed or final: nothing learnt"
    note(summary)


__all__ = ["xliff", "check_version"]
