"""Stand-in translators that need no model: check that a document survives translation.

``identity`` returns every sentence unchanged; ``pseudo`` upper-cases every letter it is given
(pseudo-translation, as localisation QA uses it). Run a document through either and compare:
with ``identity`` the draft must render exactly like the source, with ``pseudo`` every piece of
text that reached the "model" is in capitals and everything that did not (code, URLs, link
targets, HTML tags, entities, reference definitions) is as it was. Neither loads or resolves a
model, and neither reads or writes the translation memory (``cacheable`` is False): a fake
translation must never be served later as a real one.
"""

from __future__ import annotations

import hashlib

__all__ = ["PSEUDO_BACKENDS", "PseudoTranslator", "pseudo_translator"]

#: backend name -> what it does (shown in summaries and --help)
PSEUDO_BACKENDS = {
    "identity": "returns each sentence unchanged",
    "pseudo": "upper-cases every letter",
}


class PseudoTranslator:
    """A Translator (see translate/base.py) for the ``identity`` and ``pseudo`` backends."""

    __slots__ = ("backend", "name", "fingerprint")

    #: the pipeline never reads or writes the translation memory for these
    cacheable = False
    load_seconds = 0.0

    def __init__(self, backend: str) -> None:
        if backend not in PSEUDO_BACKENDS:
            raise ValueError(f"not a pseudo backend: {backend!r}")
        self.backend = backend
        self.name = f"{backend} (no model: {PSEUDO_BACKENDS[backend]})"
        # distinct from every model fingerprint, should a cache ever be used anyway
        self.fingerprint = hashlib.sha256(f"edtools-{backend}-backend".encode()).hexdigest()

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if self.backend == "identity":
            return list(sentences)
        return [s.upper() for s in sentences]


def pseudo_translator(backend: str) -> PseudoTranslator:
    return PseudoTranslator(backend)
