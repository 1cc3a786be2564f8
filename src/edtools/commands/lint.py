"""``edtools lint`` and ``edtools rules``: thin click commands over edtools.lint and edtools.report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from edtools.errors import InputError, UserError

LINT_SUFFIXES = (".md", ".markdown", ".txt")


def _expand_inputs(inputs: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for item in inputs:
        if item == "-":
            out.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in LINT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(f"{item}: no .md or .txt files in this folder")
            out.extend(found)
        elif not p.exists():
            raise InputError(f"{item}: no such file")
        else:
            out.append(item)
    return out


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [part for v in values for part in v.replace(",", " ").split()]


@click.command("lint")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--glossary", "glossaries", multiple=True, metavar="PATH",
              help="Glossary file or folder (repeatable); default: the config's `glossary`.")
@click.option("--strict-glossary", is_flag=True, help="TBX glossary: refuse concepts without a Spanish or an English term (default: skip them, warning once).")
@click.option("--source", metavar="SRC", help="The Spanish source, aligned with the draft (enables ED402, ED403, ED302, ED303).")
@click.option("--bilingual", metavar="SEGMENTS.jsonl", help="Segments JSONL from `edtools translate --segments` (instead of --source).")
@click.option("--select", multiple=True, metavar="CODES", help="Rule codes or prefixes to run (ED1, ED101,ED5); replaces the config's.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes to skip; added to the config's.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text", show_default=True)
@click.option("--fail-level", type=click.Choice(["info", "warning", "error"]), default=None,
              help="Exit 1 when a finding is at or above this level [default: config, else warning].")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (doubled words, Spanish punctuation marks) in place.")
@click.option("-o", "--output", metavar="PATH", help="Write the report to a file instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No notes on stderr.")
def lint(files, glossaries, strict_glossary, source, bilingual, select, ignore, fmt, fail_level, fix, output, quiet) -> None:
    """Check English drafts for the mistakes machine translation makes.

    FILE may be a Markdown or text file, a folder (its .md and .txt files) or - for
    stdin. Exit status: 0 nothing at or above the fail level, 1 findings, 2 usage or
    input errors. `edtools rules` lists the rules.
    """
    from edtools.console import set_quiet

    set_quiet(quiet)
    if source and bilingual:
        raise click.UsageError("use --source or --bilingual, not both")
    paths = _expand_inputs(files)
    if (source or bilingual) and len(paths) != 1:
        raise click.UsageError("--source and --bilingual need exactly one draft FILE")
    if fix and "-" in paths:
        raise click.UsageError("--fix rewrites files in place; it cannot fix standard input")
    if output:
        from edtools.textio import check_writable

        check_writable(output)
    from edtools.lint.run import lint_paths

    result = lint_paths(
        paths,
        glossaries=glossaries,
        strict_glossary=strict_glossary,
        source=source,
        bilingual=bilingual,
        select=_split_codes(select),
        ignore=_split_codes(ignore),
        fail_level=fail_level,
        fix=fix,
    )
    from edtools.report import render

    report = render(result.findings, fmt, files=len(paths), fixed=result.fixed)
    if output:
        from edtools.textio import write_atomic

        write_atomic(output, report)
    else:
        sys.stdout.write(report)
        sys.stdout.flush()
    sys.exit(1 if result.failed else 0)


@click.command("rules")
@click.argument("rule", required=False, metavar="[CODE|NAME]")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: the rules reference (docs/lint.md).")
def rules(rule: str | None, fmt: str) -> None:
    """List the lint rules, or print one rule's documentation."""
    from edtools.lint.docs import rule_doc, rules_json, rules_markdown, rules_table
    from edtools.lint.registry import find_rule

    if fmt == "markdown":
        if rule:
            raise UserError("--format markdown prints the whole reference; leave out the rule")
        sys.stdout.write(rules_markdown())
    elif fmt == "json":
        sys.stdout.write(rules_json(find_rule(rule) if rule else None))
    elif rule:
        sys.stdout.write(rule_doc(find_rule(rule)))
    else:
        sys.stdout.write(rules_table())
