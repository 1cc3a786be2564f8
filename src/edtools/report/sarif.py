"""SARIF 2.1.0, with ``tool.driver.rules`` built from the rule registry (the rules' docs)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from edtools import __version__
from edtools.lint.finding import Finding
from edtools.lint.registry import Rule, all_rules

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/edtools/edtools/blob/main/docs/lint.md"


def rule_descriptor(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.section("What it does") or r.summary},
        "help": {"text": r.doc, "markdown": r.doc},
        "helpUri": f"{INFO_URI}#{r.code.lower()}-{r.name}",
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"tags": [r.family]},
    }


def render_sarif(findings: Sequence[Finding]) -> str:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index.get(f.code, -1),
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path.replace("\\", "/")},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                            "snippet": {"text": f.text},
                        },
                    }
                }
            ],
        }
        if f.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": f"replace with {f.fix!r}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": f.path.replace("\\", "/")},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": f.line,
                                        "startColumn": f.column,
                                        "endLine": f.end_line,
                                        "endColumn": f.end_column,
                                    },
                                    "insertedContent": {"text": f.fix},
                                }
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "edtools",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
