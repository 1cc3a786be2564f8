"""``edtools segment``: print a document's sentences, one per line, a blank line between blocks."""

from __future__ import annotations

import sys

import click


@click.command("segment")
@click.argument("file", metavar="FILE")
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default="es",
    show_default=True,
    help="Language of the document (abbreviation lists differ).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "markdown", "text"]),
    default="auto",
    show_default=True,
    help="Document format; auto: .md/.markdown files are Markdown, everything else (and stdin) plain text.",
)
@click.option("--lines", "show_lines", is_flag=True, help="Prefix each sentence with its line number in the file.")
def segment(file: str, lang: str, fmt: str, show_lines: bool) -> None:
    """Print the sentences of FILE (or - for stdin), one per line.

    Only translatable blocks are shown (paragraphs, headings, list items, quotes, table
    cells), with a blank line between blocks; code, front matter and HTML are skipped.
    Inline Markdown is printed as written.
    """
    from edtools.console import note
    from edtools.document import load_document

    doc = load_document(file, fmt=None if fmt == "auto" else fmt)
    out: list[str] = []
    prev_block = None
    for seg in doc.segments(lang):
        if prev_block is not None and seg.block != prev_block:
            out.append("")
        prev_block = seg.block
        text = " ".join(seg.text.split("\n")) if "\n" in seg.text else seg.text
        out.append(f"{seg.line}\t{text}" if show_lines else text)
    if out:
        sys.stdout.write("\n".join(out) + "\n")
        sys.stdout.flush()
    else:
        note(f"{doc.path}: no translatable text (only code, front matter or HTML)")
