"""A document rebuilt from new segment texts: blocks re-assembled, everything else byte for byte.

The translation pipeline's own block assembly (``translate.pipeline.block_texts``, public for this) puts each
translatable block's segments back in order (the whitespace between two segments becomes one
space; table cells escape a ``|``); a segment without a new text keeps its source;
``Document.render`` puts block prefixes, blank lines, code blocks, HTML and front matter back
unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def render_segments(doc: Any, targets: Mapping[int, str]) -> str:
    from edtools.translate.pipeline import block_texts

    segments = doc.segments("es")
    return doc.render(block_texts(doc, segments, [targets.get(s.id, s.text) for s in segments]))
