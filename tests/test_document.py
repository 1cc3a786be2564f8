"""Markdown/plain-text blocks: exact offsets, byte-exact round trip, structure kept on render."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edtools.document import load_document, parse_document
from edtools.errors import InputError, UserError

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "rich_sample.es.md"


@pytest.fixture(scope="module")
def sample():
    text = SAMPLE.read_text(encoding="utf-8")
    return text, parse_document(text, path=str(SAMPLE))


def test_sample_is_markdown_by_suffix(sample):
    _text, doc = sample
    assert doc.fmt == "markdown"
    assert parse_document("a", path="x.txt").fmt == "text"
    assert parse_document("a", path="x.MARKDOWN").fmt == "markdown"


def test_pieces_match_text_and_do_not_overlap(sample):
    text, doc = sample
    last = -1
    for b in doc.blocks:
        assert b.text == "\n".join(text[s:e] for s, e in b.pieces)
        for s, e in b.pieces:
            assert last <= s <= e
            last = e
        assert doc.line_col(b.pieces[0][0])[0] == b.line


def test_block_kinds_and_texts(sample):
    _text, doc = sample
    kinds = [(b.kind, b.text.split("\n")[0]) for b in doc.blocks]
    assert kinds[0][0] == "front_matter"
    assert ("heading", "La Asamblea aprueba el presupuesto de 2023") in kinds  # closing #s kept outside
    assert ("heading", "Resumen de la jornada") in kinds  # setext
    assert ("list_item", "Revisar el art. 155 de la Constitución.") in kinds  # task box kept as prefix
    assert ("list_item", "Segundo punto: la deuda baja.") in kinds  # "2)" starts a new list
    assert ("quote", "Una cita dentro de otra cita.") in kinds
    assert ("list_item", "Un punto dentro de la cita.") in kinds
    assert ("table_cell", "Monto (mill. USD)") in kinds
    assert ("table_cell", "Salud \\| hospitales") in kinds
    assert ("heading", "Cierre") in kinds
    by_kind = {}
    for b in doc.blocks:
        by_kind.setdefault(b.kind, []).append(b)
    assert [b.text.split("\n")[0] for b in by_kind["code"]] == ["```python", "~~~", "    código sangrado"]
    assert by_kind["html"][0].text == "<!-- edtools-disable EDT001 -->"
    assert len(by_kind["table_rule"]) == 1 and len(by_kind["rule"]) == 1
    assert all(not b.translatable for k in ("code", "html", "front_matter", "rule", "table_rule") for b in by_kind[k])
    lazy = next(b for b in doc.blocks if b.text.startswith("«No voy"))
    assert lazy.text.split("\n") == [
        "«No voy a dimitir», dijo el alcalde. «Es una campaña contra mí.»",
        "La frase se repitió",
        "continuamente en redes.",
    ]
    nested = next(b for b in doc.blocks if b.text.startswith("El partido"))
    assert nested.level == 2 and nested.text == "El partido pidió una auditoría.\nLo hará la Contraloría."
    assert next(b for b in doc.blocks if b.text == "Cierre").level == 3


def test_round_trip_unchanged_is_byte_identical(sample):
    text, doc = sample
    assert doc.render({}) == text
    assert doc.render({b.index: b.text for b in doc.blocks}) == text


def _structure(doc):
    return [(b.kind, b.level, b.translatable, len(b.pieces) if not b.translatable else None) for b in doc.blocks]


def test_render_changed_texts_keeps_structure(sample):
    text, doc = sample
    new = {b.index: f"Texto {b.index}." for b in doc.blocks if b.translatable}
    out = doc.render(new)
    redoc = parse_document(out, fmt="markdown")
    assert [(b.kind, b.level) for b in redoc.blocks] == [(b.kind, b.level) for b in doc.blocks]
    assert [b.text for b in redoc.blocks if b.translatable] == list(new.values())
    # everything that is not translatable is byte-identical
    assert [b.text for b in redoc.blocks if not b.translatable] == [b.text for b in doc.blocks if not b.translatable]
    # the line prefixes of every single-line block survive
    for old, fresh in zip(doc.blocks, redoc.blocks):
        if old.kind == "table_cell":
            continue  # several cells share a line
        old_line = text.split("\n")[old.line - 1]
        new_line = out.split("\n")[fresh.line - 1]
        assert old_line[: old.pieces[0][0] - doc.line_start(old.line)] == new_line[: fresh.pieces[0][0] - redoc.line_start(fresh.line)]
    # blank lines: same number of blank lines in total; multi-line blocks collapse to one line
    assert out.count("\n\n") == text.count("\n\n")
    assert out.startswith(text[: doc.blocks[0].pieces[0][1]])  # front matter untouched
    assert "# Texto 1. #" in out and "### Texto" in out and "- [ ] Texto" in out and "2) Texto" in out
    assert "\n=====================\n" in out  # setext underline untouched


def test_render_same_line_count_replaces_line_by_line(sample):
    text, doc = sample
    quote = next(b for b in doc.blocks if b.text.startswith("«No voy"))
    out = doc.render({quote.index: "Uno.\nDos\ntres."})
    assert "> Uno.\n> Dos\ntres.\n" in out  # '> ' prefix kept, the lazy line stays lazy


def test_render_more_lines_uses_continuation_prefix():
    doc = parse_document("> Una cita.\n\n- Un punto.\n\n# Título\n", fmt="markdown")
    out = doc.render({0: "A.\nB.", 1: "C.\nD.", 2: "E\nF"})
    assert out == "> A.\n> B.\n\n- C.\n  D.\n\n# E F\n"


def test_render_rejects_unknown_block():
    doc = parse_document("Hola.", fmt="text")
    with pytest.raises(KeyError):
        doc.render({5: "x"})


def test_front_matter_toml_and_unclosed():
    doc = parse_document("+++\ntitle = 'x'\n+++\nHola.\n", fmt="markdown")
    assert [b.kind for b in doc.blocks] == ["front_matter", "paragraph"]
    doc = parse_document("---\nno cierra\n", fmt="markdown")
    assert doc.blocks[0].kind == "rule"  # not front matter without a closer


def test_unclosed_fence_runs_to_end():
    doc = parse_document("Antes.\n\n```js\nuno.\n\ndos.\n", fmt="markdown")
    assert [b.kind for b in doc.blocks] == ["paragraph", "code"]
    assert doc.blocks[1].text == "```js\nuno.\n\ndos."


def test_list_items_with_code_and_paragraphs():
    text = "1. Uno.\n\n   ```\n   code\n   ```\n\n   Dos.\n10. Diez.\n"
    doc = parse_document(text, fmt="markdown")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list_item", "Uno."),
        ("code", "```\ncode\n```"),
        ("list_item", "Dos."),
        ("list_item", "Diez."),
    ]


def test_ordered_marker_not_at_one_does_not_interrupt_paragraph():
    doc = parse_document("Ocurrió en el año\n2022. Luego se supo.\n", fmt="markdown")
    assert len(doc.blocks) == 1 and doc.blocks[0].kind == "paragraph"


def test_table_without_outer_pipes_and_empty_cells():
    doc = parse_document("a | b\n--- | ---\nuno |\n", fmt="markdown")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("table_cell", "a"),
        ("table_cell", "b"),
        ("table_rule", "--- | ---"),
        ("table_cell", "uno"),
    ]


def test_html_blocks_and_comments_untouched():
    text = "<!-- edtools-disable\nEDT001 -->\nTexto.\n\n<div>\nHTML.\n</div>\n\n<span>en línea</span> sí.\n"
    doc = parse_document(text, fmt="markdown")
    assert [(b.kind, b.translatable) for b in doc.blocks] == [
        ("html", False),
        ("paragraph", True),
        ("html", False),
        ("paragraph", True),
    ]
    assert doc.blocks[0].text == "<!-- edtools-disable\nEDT001 -->"
    out = doc.render({1: "Text.", 3: "<span>inline</span> yes."})
    assert out.startswith("<!-- edtools-disable\nEDT001 -->\nText.\n\n<div>\nHTML.\n</div>\n")


def test_plain_text_paragraphs():
    text = "  Primer párrafo,\nsegunda línea.  \n\n\n\tOtro párrafo.\n"
    doc = parse_document(text, fmt="text")
    assert [b.text for b in doc.blocks] == ["Primer párrafo,\nsegunda línea.", "Otro párrafo."]
    assert [b.line for b in doc.blocks] == [1, 5]
    assert doc.render({0: "First paragraph.", 1: "Another."}) == "  First paragraph.  \n\n\n\tAnother.\n"
    # Markdown markup means nothing in plain text
    assert parse_document("# no es título\n", fmt="text").blocks[0].text == "# no es título"


def test_line_col_and_file_offset(sample):
    text, doc = sample
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(len(text)) == (text.count("\n") + 1, 1)
    with pytest.raises(IndexError):
        doc.line_col(len(text) + 1)
    b = next(b for b in doc.blocks if b.text.startswith("La oposición"))
    i = b.text.index("Constitucional")
    off = b.file_offset(i)
    assert text[off : off + len("Constitucional")] == "Constitucional"
    line, col = doc.line_col(off)
    assert text.split("\n")[line - 1][col - 1 :].startswith("Constitucional")
    assert b.file_offset(len(b.text)) == b.pieces[-1][1]


def test_segments_have_ids_lines_and_skip_links(sample):
    _text, doc = sample
    segs = doc.segments("es")
    assert [s.id for s in segs] == list(range(1, len(segs) + 1))
    by_text = {s.text: s for s in segs}
    assert "QUITO, 16 nov. (EFE).- La Asamblea Nacional aprobó hoy el presupuesto." in by_text
    assert by_text["El Sr. Holguín\nvotó en contra y dijo que el texto \"no cumple la ley\"."].line == 9
    link = next(s for s in segs if "[del ministerio]" in s.text)
    assert link.text.endswith("`datos.csv`.")
    assert all(doc.blocks[s.block].translatable for s in segs)
    assert "Monto (mill. USD)" in by_text


def test_load_document_keeps_newline_style(tmp_path):
    p = tmp_path / "nota.md"
    p.write_bytes("# Título\r\n\r\nEl Sr. Pérez llegó.\r\n".encode("utf-8"))
    doc = load_document(str(p))
    assert doc.newline == "\r\n" and doc.fmt == "markdown"
    assert doc.text == "# Título\n\nEl Sr. Pérez llegó.\n"
    assert doc.render({1: "Mr. Pérez arrived."}) == "# Título\n\nMr. Pérez arrived.\n"


def test_load_document_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_document(str(tmp_path / "missing.md"))
    (tmp_path / "empty.md").write_text("")
    with pytest.raises(InputError, match="empty"):
        load_document(str(tmp_path / "empty.md"))
    with pytest.raises(UserError, match="unknown document format"):
        parse_document("x", fmt="docx")


def test_one_megabyte_document_parses(sample):
    text, _doc = sample
    big = (text.split("---\n", 2)[2] + "\n") * (1_000_000 // len(text) + 1)
    doc = parse_document(big, fmt="markdown")
    assert doc.render({}) == big
    assert len(doc.segments()) > 10_000
    assert re.search(r"\S", big)


def test_link_reference_definitions_are_not_translatable():
    doc = parse_document('Ver [el informe][1].\n\n[1]: https://x.ec/informe.pdf "Informe"\n', fmt="markdown")
    assert [(b.kind, b.translatable) for b in doc.blocks] == [("paragraph", True), ("link_def", False)]


def test_render_escapes_pipes_in_table_cells():
    doc = parse_document("| a | b |\n|---|---|\n| x | y |\n", fmt="markdown")
    out = doc.render({0: "A | B", 3: "X \\| Y"})
    assert out == "| A \\| B | b |\n|---|---|\n| X \\| Y | y |\n"
    assert len(parse_document(out, fmt="markdown").blocks) == len(doc.blocks)


def test_block_at(sample):
    text, doc = sample
    for b in doc.blocks:
        s, e = b.pieces[-1]
        assert doc.block_at(s) is b and doc.block_at(e) is b
    assert doc.block_at(text.index("\n\n# La Asamblea") + 1) is None  # a blank line


COMMONMARK_CASES = [
    "- uno\n\n  dos\n- tres\n  > cita\n  > más\n\n   - cuatro\n",
    "> # Título en cita\n> texto\n> - a\n>   b\ncontinúa\n",
    "Párrafo\n    sigue\n# H\n1) x\n1) y\n\n2. z\n",
    "  * a\n *  b\n\n10) diez\n    once\n",
    "Texto\n===\n\nOtro\n---\n\n- - -\n\n***\n",
    "<div>\nhtml\n</div>\nTexto.\n\n<span>en línea</span>\n",
    "1. a\n\n       código\n\n2. b\n   ```\n   x\n   ```\n",
]


@pytest.mark.parametrize("text", COMMONMARK_CASES + [SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]])
def test_blocks_agree_with_markdown_it(text):
    """Differential check: our translatable blocks start where markdown-it-py's inline content starts."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable("table")

    def norm(t):
        t = "\n".join(line.strip() for line in t.split("\n"))  # we keep indentation/hard breaks outside
        return re.sub(r"^\[[ xX]\] ", "", t.replace("\\|", "|"))  # task boxes are our prefix

    theirs = [(t.map[0] + 1, norm(t.content)) for t in md.parse(text) if t.type == "inline" and t.map and t.content]
    ours = [(b.line, norm(b.text)) for b in parse_document(text, fmt="markdown").blocks if b.translatable]
    assert ours == theirs


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("[inf]:\n  https://example.org/a.pdf\n  \"Informe\"\n\nTexto.\n",
         [("link_def", '[inf]:\n  https://example.org/a.pdf\n  "Informe"'), ("paragraph", "Texto.")]),
        ("[a]: /a 'uno'\n[b]: /b\n  \"dos\"\nTexto.\n",
         [("link_def", "[a]: /a 'uno'"), ("link_def", '[b]: /b\n  "dos"'), ("paragraph", "Texto.")]),
        ("[\nfoo\n]: /url\nbar\n", [("link_def", "[\nfoo\n]: /url"), ("paragraph", "bar")]),
        # a title followed by more text is no title: the definition ends with its destination's line
        ("[a]: /url\n\"título\" y más\n", [("link_def", "[a]: /url"), ("paragraph", '"título" y más')]),
        ("[a]: /url \"título\" y más\n", [("paragraph", '[a]: /url "título" y más')]),
        ("[^1]: Una nota\n    que sigue.\n\nTexto[^1].\n",
         [("footnote", "Una nota\nque sigue."), ("paragraph", "Texto[^1].")]),
        ("> [^n]: Citada.\n", [("footnote", "Citada.")]),
    ],
)
def test_link_definitions_and_footnotes(text: str, kinds: list[tuple[str, str]]) -> None:
    doc = parse_document(text, fmt="markdown")
    assert [(b.kind, b.text) for b in doc.blocks] == kinds
    assert doc.render({b.index: b.text for b in doc.blocks}) == text
