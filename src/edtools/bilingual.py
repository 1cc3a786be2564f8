"""The bilingual segment file (JSONL) that ``translate`` writes and ``lint``/``glossary apply`` read.

One JSON object per line::

    {"id": 1, "block": 0, "line": 1, "source": "Quito, 16 de noviembre.", "target": "Quito, November 16."}

``id`` is the 1-based segment number in document order, ``block`` the 0-based index of the
document block (``edtools.document.Block.index``) it belongs to, ``line`` the 1-based line of the
source file where the segment starts. A segment taken from the approved translation memory instead
of the model also has ``"origin": "tm"`` (absent means ``"mt"``, the model's draft).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

from edtools.errors import InputError
from edtools.textio import read_text_file, write_atomic


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    id: int
    block: int
    line: int
    source: str
    target: str
    origin: str = "mt"  # "mt": the model's draft; "tm": an approved translation reused


def _record_dict(r: SegmentRecord) -> dict:
    d = asdict(r)
    if d["origin"] == "mt":
        del d["origin"]
    return d


def dumps(records: list[SegmentRecord]) -> str:
    return "".join(json.dumps(_record_dict(r), ensure_ascii=False) + "\n" for r in records)


def write_jsonl(path: str | os.PathLike[str], records: list[SegmentRecord]) -> None:
    write_atomic(path, dumps(records))


def read_jsonl(path: str | os.PathLike[str]) -> list[SegmentRecord]:
    """Read a bilingual JSONL file; every malformed line is reported as file:line."""
    tf = read_text_file(path)
    records: list[SegmentRecord] = []
    for lineno, line in enumerate(tf.text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{tf.path}:{lineno}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{tf.path}:{lineno}: expected a JSON object")
        try:
            rec = SegmentRecord(
                id=int(obj["id"]),
                block=int(obj["block"]),
                line=int(obj["line"]),
                source=str(obj["source"]),
                target=str(obj["target"]),
                origin=str(obj.get("origin", "mt")),
            )
        except KeyError as exc:
            raise InputError(f"{tf.path}:{lineno}: missing field {exc.args[0]!r}") from None
        except (TypeError, ValueError):
            raise InputError(f"{tf.path}:{lineno}: id, block and line must be integers") from None
        if not isinstance(obj["source"], str) or not isinstance(obj["target"], str):
            raise InputError(f"{tf.path}:{lineno}: source and target must be strings")
        records.append(rec)
    return records
