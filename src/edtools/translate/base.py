"""The one interface every translation backend (and wrapper) implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    """Options that change the output: they are part of the cache key."""

    beam: int = 4
    max_length: int = 512


@runtime_checkable
class Translator(Protocol):
    """Translates plain sentences; knows nothing of documents or Markdown."""

    #: short human name shown in summaries, e.g. "demo-es-en (transformers, cpu)"
    name: str
    #: stable hash of everything that determines output: model files, backend kind, options
    fingerprint: str

    # Optional: ``batch_size``, the sentences per call this backend works best with when the user
    # sets none (pipeline.default_batch_size; DEFAULT_BATCH_SIZE if absent).

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """Translate a batch of sentences, returning one output per input, in order."""
        ...
