"""``edtools tm``: the approved translation memory — learn, search, import and export TMX."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from edtools.console import note, set_quiet, warn
from edtools.errors import UserError

TM_HELP = "Approved translation memory file (default: EDTOOLS_TM, the config's `tm`, else the user data folder)."


def _config_near(path: str | None):  # type: ignore[no-untyped-def]
    from edtools.config import config_for

    return config_for(None if not path or path == "-" else path)


def open_memory(tm: str | None, near: str | None, *, create: bool):  # type: ignore[no-untyped-def]
    """The memory named by --tm / EDTOOLS_TM / the config (found from ``near``) / the user data folder."""
    from edtools.tm.store import ApprovedMemory, resolve_tm_path

    path = resolve_tm_path(tm, _config_near(near))
    return ApprovedMemory(path, create=create)


@click.group("tm", context_settings={"help_option_names": ["-h", "--help"]})
def tm() -> None:
    """The approved translation memory: pairs an editor signed off, reused by translate and draft.

    Kept apart from the machine-output cache (see docs/tm.md).
    """


@tm.command("learn", short_help="Store the approved pairs of a source and its final English.")
@click.argument("source", metavar="SRC.es.md")
@click.argument("final", metavar="FINAL.en.md")
@click.option("--bilingual", metavar="J.jsonl", help="Segments from `translate --bilingual`: locate each one in FINAL.")
@click.option("--tm", "tm_path", metavar="PATH", help=TM_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def learn(source: str, final: str, bilingual: str | None, tm_path: str | None, quiet: bool) -> None:
    """Align SRC with the editor's FINAL English and store every approved pair.

    Each pair keeps its provenance: the document, the date and the translator
    (EDTOOLS_TRANSLATOR, else `translator` in the config, else your login name).

    Example: edtools tm learn nota.es.md nota.final.en.md
    """
    set_quiet(quiet)
    from edtools.tm.learn import learn_from_files
    from edtools.tm.store import translator_name

    config = _config_near(source)
    learnt = learn_from_files(source, final, bilingual=bilingual, translator=translator_name(config))
    for line in learnt.notes:
        warn(line)
    with open_memory(tm_path, source, create=True) as memory:
        added, updated = memory.add_many(learnt.units)
        total = memory.count()
        where = memory.path
    note(f"learnt {len(learnt.units)} pairs from {final} ({added} new, {updated} already known; "
         f"alignment: {learnt.level}"
         + (f"; {learnt.dropped} skipped: empty or untranslated" if learnt.dropped else "")
         + f"); {total} in {where}")


@tm.command("search", short_help="The best approved matches for a sentence, with their match %.")
@click.argument("text", metavar="TEXT")
@click.option("--tm", "tm_path", metavar="PATH", help=TM_HELP)
@click.option("--min", "minimum", type=click.IntRange(1, 100), default=75, show_default=True,
              help="Lowest match % to list.")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True, help="At most this many.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def search(text: str, tm_path: str | None, minimum: int, limit: int, fmt: str) -> None:
    """List the approved pairs whose Spanish is most like TEXT (- reads it from stdin).

    Match % is 100 × (1 − Levenshtein distance / longer length) on normalised text
    (case, whitespace, typographic quotes and Markdown link targets ignored); 100 % means
    the same segment after whitespace and quote normalisation. Exit 1 when nothing matches.
    """
    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise UserError("tm search: give a non-empty TEXT")
    with open_memory(tm_path, None, create=False) as memory:
        matches = memory.search(text, minimum=minimum, limit=limit)
    if fmt == "json":
        out = [{"match": m.score, "source": m.unit.source, "target": m.unit.target, "document": m.unit.document,
                "translator": m.unit.translator, "created": m.unit.created, "origin": m.unit.origin}
               for m in matches]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for m in matches:
            click.echo(f"{m.score:3d}%  {m.unit.source}")
            click.echo(f"      {m.unit.target}")
            click.echo(f"      ({m.unit.document or '?'}, {m.unit.translator or '?'}, {m.unit.created or '?'})")
    if not matches:
        note(f"no approved segment matches at {minimum} % or more")
        sys.exit(1)


@tm.command("import", short_help="Add the Spanish-English pairs of a TMX file.")
@click.argument("file", metavar="FILE.tmx")
@click.option("--tm", "tm_path", metavar="PATH", help=TM_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def import_(file: str, tm_path: str | None, quiet: bool) -> None:
    """Import FILE.tmx (TMX 1.4b from Trados, memoQ, OmegaT, Phrase or edtools).

    A malformed file is refused as a whole with file:line and the reason; nothing is stored.
    """
    set_quiet(quiet)
    from edtools.tm.tmx import read_tmx

    read = read_tmx(file)
    with open_memory(tm_path, file, create=True) as memory:
        added, updated = memory.add_many(read.units)
        total, where = memory.count(), memory.path
    note(f"imported {len(read.units)} pairs from {file} ({added} new, {updated} already known)"
         + (f"; {read.skipped} units without a Spanish and an English variant skipped" if read.skipped else "")
         + f"; {total} in {where}")


@tm.command("export", short_help="Write the memory as TMX 1.4b.")
@click.option("--to", "to", type=click.Choice(["tmx"]), default="tmx", show_default=True, help="Output format.")
@click.option("-o", "--output", metavar="OUT.tmx", help="Write here (default: stdout).")
@click.option("--tm", "tm_path", metavar="PATH", help=TM_HELP)
def export(to: str, output: str | None, tm_path: str | None) -> None:
    """Export every approved pair, with its provenance and inline codes, as TMX 1.4b."""
    from edtools.textio import check_writable, write_atomic
    from edtools.tm.tmx import write_tmx

    if output and output != "-":
        check_writable(output)
        if tm_path and Path(output).resolve() == Path(tm_path).resolve():
            raise UserError("-o names the translation memory itself")
    with open_memory(tm_path, None, create=False) as memory:
        units = memory.units()
    write_atomic(output or "-", write_tmx(units))
    if output and output != "-":
        note(f"wrote {len(units)} pairs to {output}")


__all__ = ["tm", "open_memory"]
