"""From a source and its approved English to translation-memory pairs.

The final English is aligned with the Spanish source by :mod:`edtools.align` (sentence by
sentence where the counts agree, else whole blocks), or located in the final text from the
bilingual JSONL of ``translate --bilingual`` (then each record's id and block guide it).
A pair with no letters, an empty side, or an English side identical to the Spanish (left
untranslated) is not learnt.
"""

from __future__ import annotations

from dataclasses import dataclass

from edtools.tm.store import TMUnit, now_iso


@dataclass(frozen=True)
class Learnt:
    units: list[TMUnit]
    level: str  # alignment level: sentence | block | mixed
    notes: tuple[str, ...]
    dropped: int  # aligned pairs not learnt (empty, untranslated, no letters)


def learnable(source: str, target: str) -> bool:
    s, t = source.strip(), target.strip()
    return bool(s and t) and any(ch.isalpha() for ch in s) and s != t


def units_from_pairs(pairs: list[tuple[str, str]], *, document: str, translator: str,
                     origin: str) -> tuple[list[TMUnit], int]:
    created = now_iso()
    units, dropped = [], 0
    for source, target in pairs:
        if learnable(source, target):
            units.append(TMUnit(source.strip(), target.strip(), document, translator, created, origin))
        else:
            dropped += 1
    return units, dropped


def learn_from_files(source_path: str, final_path: str, *, bilingual: str | None, translator: str) -> Learnt:
    from pathlib import Path

    from edtools.align import align_documents, align_records
    from edtools.document import load_document

    final = load_document(final_path)
    if bilingual:
        from edtools.bilingual import read_jsonl

        records = read_jsonl(bilingual)
        alignment = align_records(records, final)
    else:
        source = load_document(source_path)
        alignment = align_documents(source, final)
    pairs = [(p.source, p.target) for p in alignment.pairs]
    units, dropped = units_from_pairs(pairs, document=Path(source_path).name, translator=translator, origin="learn")
    return Learnt(units, alignment.level, tuple(alignment.notes), dropped)
