"""``{"version": 1, "findings": [...]}`` — the wire schema documented in docs/json-schema.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from edtools.lint.finding import Finding

SCHEMA_VERSION = 1


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "text": f.text,
        "suggestion": f.suggestion,
        "fixable": f.fix is not None,
        "source": f.source,
    }


def render_json(findings: Sequence[Finding]) -> str:
    doc = {"version": SCHEMA_VERSION, "findings": [finding_to_dict(f) for f in findings]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
