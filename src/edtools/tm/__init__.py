"""The approved translation memory (store, matching, TMX). See docs/tm.md."""

from edtools.tm.store import ApprovedMemory, TMMatch, TMUnit, default_tm_path, resolve_tm_path, translator_name

__all__ = ["ApprovedMemory", "TMMatch", "TMUnit", "default_tm_path", "resolve_tm_path", "translator_name"]
