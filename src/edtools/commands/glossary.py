"""``edtools glossary``: validate, apply, import, export, list and show term bases.

Thin: parsing options and printing; the work is in :mod:`edtools.glossary`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from edtools.errors import UserError

FORMAT_CHOICES = ("text", "json", "github")


def default_glossary_paths(config_start: str | None = None) -> list[str]:
    """``glossary/`` in the current folder, else the configured glossary, else the bundled one."""
    here = Path("glossary")
    if here.is_dir():
        return [str(here)]
    try:
        from edtools.config import config_for

        config = config_for(config_start)
        if getattr(config, "glossary", ()):
            return [str(p) for p in config.glossary]
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - no config is fine
        pass
    from edtools.paths import bundled_glossary_dir

    bundled = bundled_glossary_dir()
    if bundled.is_dir():
        return [str(bundled)]
    raise UserError("no glossary given and no glossary/ folder here; pass PATHS or --glossary")


def _out(text: str, output: str | None) -> None:
    from edtools.textio import write_atomic

    write_atomic(output or "-", text)


STRICT_HELP = ("TBX: refuse a file that has concepts without a Spanish or an English term "
               "(default: skip them, with one warning giving their number and ids).")
strict_option = click.option("--strict", is_flag=True, help=STRICT_HELP)


@click.group("glossary", context_settings={"help_option_names": ["-h", "--help"]})
def glossary() -> None:
    """Validate, apply, import and export term bases (YAML, CSV/TSV, TBX).

    PATHS default to ./glossary/ (else the configured glossary, else the bundled one).
    """


@glossary.command("validate", short_help="Check term bases (file:line); exit 1 on errors.")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
              help="text (file:line: CODE severity: message), json, or github (workflow annotations).")
@strict_option
def validate(paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check term bases for schema errors, duplicates and conflicts. Exit 1 on errors, 0 when clean."""
    from edtools.glossary.validate import format_problems, validate_paths

    chosen = list(paths) or default_glossary_paths()
    problems, n_entries, files = validate_paths(chosen, strict=strict)
    sys.stdout.write(format_problems(problems, fmt, entries=n_entries, files=files))
    sys.stdout.flush()
    if fmt == "github":
        errors = sum(1 for p in problems if p.severity == "error")
        print(f"edtools: {n_entries} glossary entries, {errors} error(s), {len(problems) - errors} warning(s)",
              file=sys.stderr)
    if any(p.severity == "error" for p in problems):
        sys.exit(1)


@glossary.command("apply", short_help="Make a draft use the approved renderings; report every change.")
@click.argument("draft", metavar="DRAFT")
@click.option("--glossary", "glossary_paths", multiple=True, metavar="PATH",
              help="Glossary file or folder (yaml, csv, tsv, tbx; repeatable). Default: ./glossary/ or configured.")
@click.option("--source", "source", metavar="SRC", help="The Spanish source document.")
@click.option("--bilingual", "bilingual", metavar="SEGMENTS.jsonl",
              help="Sentence pairs written by `edtools translate --bilingual` (more precise than --source).")
@click.option("-o", "--output", "output", metavar="OUT", help="Write the corrected draft here (default: stdout).")
@click.option("--report", "report", metavar="REPORT.json", help="Also write every change as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Do not list changes on stderr.")
@strict_option
def apply(draft: str, glossary_paths: tuple[str, ...], source: str | None, bilingual: str | None,
          output: str | None, report: str | None, quiet: bool, strict: bool) -> None:
    """Make DRAFT use the glossary's approved renderings wherever the source has a term.

    Changes are listed on stderr (segment, old, new, entry); terms whose approved rendering
    is missing from the draft are reported, never inserted.
    """
    from edtools.align import align_documents, align_records
    from edtools.console import warn
    from edtools.document import load_document, parse_document
    from edtools.glossary import apply_pairs, load_glossary
    from edtools.textio import check_writable, write_atomic

    if not source and not bilingual:
        raise UserError("glossary apply needs --source SRC or --bilingual SEGMENTS.jsonl to know the Spanish")
    if output:
        check_writable(output)
    if report:
        check_writable(report)
    gloss = load_glossary(list(glossary_paths) or default_glossary_paths(draft), strict=strict)
    target = load_document(draft)
    if bilingual:
        from edtools.bilingual import read_jsonl

        alignment = align_records(read_jsonl(bilingual), target)
    else:
        alignment = align_documents(load_document(source), target)
    for n in alignment.notes:
        warn(n)
    pairs = list(alignment.pairs)
    result = apply_pairs(gloss, [(p.id, p.source, p.target) for p in pairs])

    by_block: dict[int, list[tuple[int, int, str]]] = {}
    for p, new in zip(pairs, result.targets):
        if new != p.target:
            by_block.setdefault(p.target_block, []).append((p.target_start, p.target_end, new))
    new_texts: dict[int, str] = {}
    for block_index, edits in by_block.items():
        text = target.blocks[block_index].text
        for s, e, new in sorted(edits, reverse=True):
            text = text[:s] + new + text[e:]
        new_texts[block_index] = text
    rendered = target.render(new_texts) if new_texts else target.text
    if new_texts:
        # make sure the edit kept the document's structure (same blocks)
        check = parse_document(rendered, fmt=target.fmt, path=target.path)
        if len(check.blocks) != len(target.blocks):
            warn("the corrected draft's block structure changed; check the output")
    write_atomic(output or "-", rendered, newline=target.newline)

    line_of = {p.id: p.target_line for p in pairs}
    by_id = {p.id: p for p in pairs}
    if not quiet:
        for c in result.changes:
            print(f"edtools: {target.path}:{line_of.get(c.segment, 0)}: segment {c.segment}: "
                  f"{c.old!r} -> {c.new!r} [{c.entry}]", file=sys.stderr)
        for m in result.missing:
            where = _missing_place(target, by_id.get(m.segment), m)
            near = f"; near {m.near_text!r}" if m.near_text else ""
            detail = f" ({m.detail})" if m.detail else ""
            print(f"edtools: {target.path}:{where}: segment {m.segment}: approved rendering "
                  f"{m.expected!r} missing for {m.source_text!r} [{m.entry}]{near}{detail}", file=sys.stderr)
        print(f"edtools: {len(result.changes)} change(s), {len(result.missing)} missing rendering(s) in "
              f"{len(pairs)} segment(s)", file=sys.stderr)
    if report:
        doc = {
            "version": 1,
            "draft": target.path,
            "source": source or bilingual,
            "glossary": list(gloss.sources),
            "alignment": {"level": alignment.level, "notes": list(alignment.notes)},
            "changes": [
                {"segment": c.segment, "line": line_of.get(c.segment, 0), "old": c.old, "new": c.new,
                 "entry": c.entry, "reason": c.reason}
                for c in result.changes
            ],
            "missing": [
                {"segment": m.segment, "line": line_of.get(m.segment, 0), "entry": m.entry,
                 "source_text": m.source_text, "expected": m.expected,
                 "near": ({"text": m.near_text, "at": _missing_place(target, by_id.get(m.segment), m)}
                          if m.near_text else None),
                 "detail": m.detail}
                for m in result.missing
            ],
        }
        write_atomic(report, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _missing_place(target, pair, m) -> str:
    """"line" of a missing rendering's segment, or "line:column" of the draft words that seem to
    render the term (the narrowest place apply could point at)."""
    if pair is None:
        return "0"
    if m.near_start < 0:
        return str(pair.target_line)
    block = target.blocks[pair.target_block]
    line, col = target.line_col(block.file_offset(pair.target_start + m.near_start))
    return f"{line}:{col}"


@glossary.command("import", short_help="Convert CSV/TSV or TBX (v3 or 2008) to edtools YAML.")
@click.argument("file", metavar="FILE")
@click.option("-o", "--output", "output", metavar="OUT.yaml", help="YAML file to write (default: stdout).")
@strict_option
def import_(file: str, output: str | None, strict: bool) -> None:
    """Convert a CSV/TSV or TBX (TBX-Basic v3 or TBX 2008/MARTIF) term base to edtools YAML."""
    from edtools.console import warn
    from edtools.errors import ConfigError
    from edtools.glossary.export import to_yaml
    from edtools.glossary.load import build_entries, read_raw
    from edtools.textio import check_writable

    if output:
        check_writable(output)
    if Path(file).is_dir():
        raise UserError(f"{file}: is a directory; import reads one file")
    raws, problems = read_raw(file, strict=strict)
    entries, more = build_entries(raws)
    problems += more
    errors = [p for p in problems if p.severity == "error" and p.code in ("GL001", "GL002")]
    if errors:
        extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{errors[0].location()}: {errors[0].message}{extra}")
    if not entries:
        raise ConfigError(f"{file}: no entries found")
    for p in problems:
        warn(str(p))
    _out(to_yaml(entries, header=f"Imported from {Path(file).name} by `edtools glossary import`.\n"
                 "Check every entry's note, ref and case before relying on it."), output)
    print(f"edtools: imported {len(entries)} entries from {file}", file=sys.stderr)


@glossary.command("export")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--to", "fmt", type=click.Choice(["csv", "tsv", "tbx", "yaml"]), required=True,
              help="csv/tsv (spreadsheet-safe), tbx (TBX-Basic v3) or yaml.")
@click.option("-o", "--output", "output", metavar="OUT", help="File to write (default: stdout).")
@strict_option
def export(paths: tuple[str, ...], fmt: str, output: str | None, strict: bool) -> None:
    """Write the term base as CSV, TSV, TBX-Basic or YAML."""
    from edtools.glossary import load_glossary
    from edtools.glossary.export import export as do_export
    from edtools.textio import check_writable

    if output:
        check_writable(output)
    g = load_glossary(list(paths) or default_glossary_paths(), strict=strict)
    _out(do_export(g.entries, fmt), output)


@glossary.command("list", short_help="One line per entry: id, Spanish, English, case policy.")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--tag", "tags", multiple=True, help="Only entries with this tag (repeatable).")
@strict_option
def list_(paths: tuple[str, ...], tags: tuple[str, ...], strict: bool) -> None:
    """One line per entry: id, Spanish term, approved English, case policy."""
    from edtools.glossary import load_glossary

    g = load_glossary(list(paths) or default_glossary_paths(), strict=strict)
    rows = [e for e in g.entries if not tags or set(tags) & set(e.tags)]
    width = max((len(e.id) for e in rows), default=2)
    out = [f"{e.id:<{width}}  {e.es}  ->  {e.en}  ({e.case})" for e in rows]
    sys.stdout.write("".join(line + "\n" for line in out))
    print(f"edtools: {len(rows)} of {len(g.entries)} entries", file=sys.stderr)


@glossary.command("show", short_help="Show one entry, found by id, Spanish form or English.")
@click.argument("term", metavar="TERM")
@click.option("--glossary", "glossary_paths", multiple=True, metavar="PATH", help="Glossary file or folder.")
@strict_option
def show(term: str, glossary_paths: tuple[str, ...], strict: bool) -> None:
    """Show the entry for TERM (an id, a Spanish form such as 'cancilleres', or an English rendering)."""
    from edtools.glossary import SourceMatcher, entry_forms, english_forms, load_glossary, norm

    g = load_glossary(list(glossary_paths) or default_glossary_paths(), strict=strict)
    found = [e for e in g.entries if e.id == term]
    if not found:
        key = norm(term)
        found = [m.entry for m in SourceMatcher(g).find(term) if norm(m.text) == key]
    if not found:
        found = [e for e in g.entries if key in {norm(e.en), norm(e.en_lower)} | {norm(a) for a in e.avoid}]
    if not found:
        raise UserError(f"no glossary entry for {term!r}")
    out: list[str] = []
    for e in dict.fromkeys(found):
        forms = english_forms(e)
        out += [
            f"id:          {e.id}  ({e.origin})",
            f"es:          {e.es}",
            f"es_variants: {', '.join(e.es_variants) or '-'}",
            f"forms:       {', '.join(f for f, _ in entry_forms(e))}",
            f"en:          {e.en}  (before a name: {forms[('title', False)]}; otherwise: {forms[('lower', False)]};"
            f" plural: {forms[('lower', True)]})",
            f"avoid:       {', '.join(e.avoid) or '-'}",
            f"exceptions:  {', '.join(e.exceptions) or '-'}",
            f"case:        {e.case}",
            f"note:        {e.note or '-'}",
            f"ref:         {e.ref or '-'}",
            f"tags:        {', '.join(e.tags) or '-'}",
            "",
        ]
    sys.stdout.write("\n".join(out))
