"""Pairing source sentences with draft sentences, for the lint's bilingual checks.

Two ways in:

* ``align_documents(source, target)``: no bilingual file, just the Spanish source and the English
  draft. Translatable blocks are paired in order (their counts must agree: translation keeps the
  block structure); inside a block pair, sentences are paired one to one when both sides have the
  same number of sentences, otherwise the whole block is one pair and a note says so.
* ``align_records(records, target)``: the segments JSONL written by ``edtools translate
  --bilingual``. Each record's target text is located in the (possibly edited) draft, in the
  block the record names, so findings can point at the right line of the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from edtools.errors import UserError

if TYPE_CHECKING:
    from edtools.bilingual import SegmentRecord
    from edtools.document import Block, Document

__all__ = ["AlignedPair", "Alignment", "align_documents", "align_records"]


@dataclass(frozen=True, slots=True)
class AlignedPair:
    id: int
    source: str
    target: str
    target_block: int  # Block.index in the target document
    target_start: int  # [start, end) offsets into that block's text
    target_end: int
    source_line: int
    target_line: int
    source_block: int = -1  # Block.index in the source document (-1 when unknown)


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[AlignedPair, ...]
    level: str  # "sentence" | "block" | "mixed"
    notes: tuple[str, ...] = ()

    def for_block(self, target_block: int) -> list[AlignedPair]:
        return [p for p in self.pairs if p.target_block == target_block]


def _line(doc: Document, block: Block, offset: int) -> int:
    return doc.line_col(block.file_offset(offset))[0]


def align_documents(source: Document, target: Document, *, source_lang: str = "es", target_lang: str = "en") -> Alignment:
    """Pair the source's and the draft's translatable blocks in order, and their sentences inside each."""
    from edtools.inline import atomic_spans, find_urls_emails
    from edtools.segment import split_sentences

    src_blocks = source.translatable_blocks()
    tgt_blocks = target.translatable_blocks()
    if len(src_blocks) != len(tgt_blocks):
        hint = _first_difference(source, src_blocks, target, tgt_blocks)
        raise UserError(
            f"source {source.path} has {len(src_blocks)} translatable blocks, draft {target.path} has "
            f"{len(tgt_blocks)}: "
            f"cannot align sentence by sentence{hint}; pass --bilingual SEGMENTS.jsonl from "
            f"`edtools translate --bilingual`"
        )

    def spans(doc: Document, b: Block, lang: str) -> list[tuple[int, int]]:
        prot = atomic_spans(b.text) if doc.fmt == "markdown" else [(s, e) for _k, s, e in find_urls_emails(b.text)]
        return split_sentences(b.text, lang, prot)

    pairs: list[AlignedPair] = []
    notes: list[str] = []
    sentence_blocks = block_blocks = 0
    for sb, tb in zip(src_blocks, tgt_blocks):
        ss = spans(source, sb, source_lang)
        ts = spans(target, tb, target_lang)
        if not ss or not ts:
            continue
        if sb.kind != tb.kind:
            notes.append(
                f"{source.path}:{sb.line} is a {sb.kind.replace('_', ' ')} but its draft counterpart "
                f"{target.path}:{tb.line} is a {tb.kind.replace('_', ' ')}"
            )
        if len(ss) == len(ts):
            sentence_blocks += 1
            matched = list(zip(ss, ts))
        else:
            block_blocks += 1
            matched = [((ss[0][0], ss[-1][1]), (ts[0][0], ts[-1][1]))]
            notes.append(
                f"{target.path}:{tb.line}: the source block ({source.path}:{sb.line}) has {len(ss)} "
                f"sentence{'s' if len(ss) != 1 else ''}, the draft has {len(ts)}: paired as one block"
            )
        for (s0, s1), (t0, t1) in matched:
            pairs.append(
                AlignedPair(
                    id=len(pairs) + 1,
                    source=sb.text[s0:s1],
                    target=tb.text[t0:t1],
                    target_block=tb.index,
                    target_start=t0,
                    target_end=t1,
                    source_line=_line(source, sb, s0),
                    target_line=_line(target, tb, t0),
                    source_block=sb.index,
                )
            )
    if block_blocks and sentence_blocks:
        level = "mixed"
    elif block_blocks:
        level = "block"
    else:
        level = "sentence"
    return Alignment(pairs=tuple(pairs), level=level, notes=tuple(notes))


def _first_difference(source: Document, sb: list[Block], target: Document, tb: list[Block]) -> str:
    """Where the block structures first part ways, to help the user find the edit."""
    for a, b in zip(sb, tb):
        if a.kind != b.kind:
            return (
                f" (first difference: {source.path}:{a.line} is a {a.kind.replace('_', ' ')}, "
                f"{target.path}:{b.line} is a {b.kind.replace('_', ' ')})"
            )
    return ""


def _words_pattern(text: str) -> re.Pattern[str] | None:
    words = text.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def _locate(text: str, needle: str, start: int) -> tuple[int, int] | None:
    """Find needle in text from start: exactly, then with any whitespace between its words."""
    if not needle.strip():
        return None
    k = text.find(needle, start)
    if k < 0 and start:
        k = text.find(needle)
    if k >= 0:
        return k, k + len(needle)
    pat = _words_pattern(needle)
    if pat is None:
        return None
    m = pat.search(text, start) or (pat.search(text) if start else None)
    if m is not None:
        return m.start(), m.end()
    return None


def _fuzzy_locate(text: str, needle: str, start: int = 0) -> tuple[int, int, float] | None:
    try:
        from rapidfuzz import fuzz
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        return None
    if not text.strip() or not needle.strip():
        return None
    al = fuzz.partial_ratio_alignment(needle, text[start:])
    if al is None or al.score < 70:
        return None
    s, e = al.dest_start + start, al.dest_end + start
    # widen to whole words (never back before the previous segment)
    while s > start and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e, al.score


def align_records(records: list[SegmentRecord], target: Document) -> Alignment:
    """Locate each bilingual record's target text in the draft (block from ``record.block``)."""
    pairs: list[AlignedPair] = []
    notes: list[str] = []
    cursors: dict[int, int] = {}
    translatable = target.translatable_blocks()
    missing = 0
    fuzzy = 0
    for rec in records:
        candidates: list[Block] = []
        if 0 <= rec.block < len(target.blocks) and target.blocks[rec.block].translatable:
            candidates.append(target.blocks[rec.block])
        found: tuple[Block, int, int] | None = None
        for b in candidates:
            loc = _locate(b.text, rec.target, cursors.get(b.index, 0))
            if loc is not None:
                found = (b, loc[0], loc[1])
                break
        if found is None:
            # the draft's blocks may have shifted: look in every translatable block, nearest first
            order = sorted(translatable, key=lambda b: abs(b.index - rec.block))
            for b in order:
                loc = _locate(b.text, rec.target, cursors.get(b.index, 0))
                if loc is not None:
                    found = (b, loc[0], loc[1])
                    break
        if found is None and candidates:
            b = candidates[0]
            fl = _fuzzy_locate(b.text, rec.target, cursors.get(b.index, 0))
            if fl is not None:
                found = (b, fl[0], fl[1])
                fuzzy += 1
                notes.append(
                    f"segment {rec.id}: its target was edited in the draft; matched "
                    f"{target.path}:{_line(target, b, fl[0])} approximately ({fl[2]:.0f}%)"
                )
        if found is None:
            missing += 1
            notes.append(
                f"segment {rec.id} (source line {rec.line}): its target text is not in {target.path} "
                f"(edited or removed); skipped"
            )
            continue
        b, s, e = found
        cursors[b.index] = e
        pairs.append(
            AlignedPair(
                id=rec.id,
                source=rec.source,
                target=b.text[s:e],
                target_block=b.index,
                target_start=s,
                target_end=e,
                source_line=rec.line,
                target_line=_line(target, b, s),
                source_block=rec.block,
            )
        )
    return Alignment(pairs=tuple(pairs), level="sentence", notes=tuple(notes))
