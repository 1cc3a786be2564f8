"""Pairing source and draft: by blocks and sentences, and from bilingual records."""

from __future__ import annotations

import pytest

from edtools.align import Alignment, align_documents, align_records
from edtools.bilingual import SegmentRecord
from edtools.document import parse_document
from edtools.errors import UserError

SRC = "# Título\n\nEl Sr. Pérez llegó a EE.UU. el lunes. Habló con la prensa.\n\n- Uno. Dos.\n"
TGT = "# Title\n\nMr. Pérez arrived in the U.S. on Monday. He spoke to the press.\n\n- One and two.\n"


def docs():
    return (
        parse_document(SRC, fmt="markdown", path="nota.es.md"),
        parse_document(TGT, fmt="markdown", path="nota.en.md"),
    )


def test_sentences_paired_where_counts_agree_block_otherwise():
    src, tgt = docs()
    al = align_documents(src, tgt)
    assert isinstance(al, Alignment)
    assert [(p.source, p.target) for p in al.pairs] == [
        ("Título", "Title"),
        ("El Sr. Pérez llegó a EE.UU. el lunes.", "Mr. Pérez arrived in the U.S. on Monday."),
        ("Habló con la prensa.", "He spoke to the press."),
        ("Uno. Dos.", "One and two."),
    ]
    assert al.level == "mixed"
    assert al.notes == ("nota.en.md:5: the source block (nota.es.md:5) has 2 sentences, the draft has 1: paired as one block",)
    p = al.pairs[2]
    block = tgt.blocks[p.target_block]
    assert block.text[p.target_start : p.target_end] == p.target
    assert (p.source_line, p.target_line) == (3, 3)
    assert [p.id for p in al.pairs] == [1, 2, 3, 4]


def test_all_sentence_level():
    src = parse_document("Hola. Adiós.", fmt="text")
    tgt = parse_document("Hello. Bye.", fmt="text")
    al = align_documents(src, tgt)
    assert al.level == "sentence" and al.notes == ()


def test_block_count_mismatch_is_a_clear_user_error():
    src, _tgt = docs()
    short = parse_document("# Title\n\nMr. Pérez arrived.\n", fmt="markdown", path="corta.en.md")
    with pytest.raises(UserError) as exc:
        align_documents(src, short)
    msg = exc.value.message
    assert "nota.es.md has 3 translatable blocks, draft corta.en.md has 2" in msg
    assert "cannot align sentence by sentence" in msg and "--bilingual" in msg


def test_block_kind_difference_is_named():
    src = parse_document("# Título\n\nTexto.\n", fmt="markdown", path="a.md")
    tgt = parse_document("Title\n\n- Text.\n", fmt="markdown", path="b.md")
    al = align_documents(src, tgt)
    assert any("a.md:1 is a heading but its draft counterpart b.md:1 is a paragraph" in n for n in al.notes)


def test_records_located_in_edited_draft():
    _src, tgt = docs()
    records = [
        SegmentRecord(1, 0, 1, "Título", "Title"),
        SegmentRecord(2, 1, 3, "El Sr. Pérez llegó a EE.UU. el lunes.", "Mr. Pérez arrived in the U.S. on Monday."),
        SegmentRecord(3, 1, 3, "Habló con la prensa.", "He spoke to the press!"),  # edited by hand
        SegmentRecord(4, 2, 5, "Uno.", "Something removed from the draft entirely"),
        SegmentRecord(5, 2, 5, "Dos.", "One and two."),
    ]
    al = align_records(records, tgt)
    got = {p.id: p for p in al.pairs}
    assert set(got) == {1, 2, 3, 5}
    assert got[3].target == "He spoke to the press."
    assert got[3].target_start == tgt.blocks[1].text.index("He spoke")
    assert got[5].target_block == 2 and got[5].target_line == 5 and got[5].source_line == 5
    assert any(n.startswith("segment 3: its target was edited") for n in al.notes)
    assert any(n.startswith("segment 4 (source line 5): its target text is not in nota.en.md") for n in al.notes)


def test_records_found_when_blocks_shift_and_lines_rewrap():
    tgt = parse_document("# New heading\n\n# Title\n\nMr. Pérez arrived\nin the U.S. on Monday.\n", fmt="markdown")
    records = [SegmentRecord(1, 1, 3, "El Sr. Pérez llegó.", "Mr. Pérez arrived in the U.S. on Monday.")]
    al = align_records(records, tgt)
    (p,) = al.pairs
    assert p.target_block == 2 and p.target == "Mr. Pérez arrived\nin the U.S. on Monday." and p.target_line == 5
