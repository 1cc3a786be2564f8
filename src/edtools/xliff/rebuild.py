"""A document rebuilt from new segment texts: blocks re-assembled, everything else byte for byte.

Each translatable block's segments are replaced in order (the whitespace between two segments
becomes one space, as in the translation pipeline); a segment without a new text keeps its
source; table cells escape a ``|`` the new text brings; ``Document.render`` puts block prefixes,
blank lines, code blocks, HTML and front matter back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def render_segments(doc: Any, targets: Mapping[int, str]) -> str:
    segments = doc.segments("es")
    by_block: dict[int, list[tuple[Any, str]]] = {}
    for seg in segments:
        by_block.setdefault(seg.block, []).append((seg, targets.get(seg.id, seg.text)))
    new_texts: dict[int, str] = {}
    for block_index, items in by_block.items():
        block = doc.blocks[block_index]
        text = block.text
        if block.kind == "table_cell":
            items = [(seg, t if seg.text == t else re.sub(r"(?<!\\)\|", r"\\|", t)) for seg, t in items]
        parts = [text[: items[0][0].start]]
        for k, (seg, target) in enumerate(items):
            if k:
                gap = text[items[k - 1][0].end : seg.start]
                parts.append(" " if gap else "")
            parts.append(target)
        parts.append(text[items[-1][0].end :])
        new_texts[block_index] = "".join(parts)
    return doc.render(new_texts)
