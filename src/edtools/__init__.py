"""edtools: Spanish-to-English drafts, glossary enforcement and editorial lint.

Heavy libraries (torch, transformers, ctranslate2) are imported only inside
``edtools.translate`` backends, so ``import edtools`` and ``edtools lint`` stay fast.
"""

__version__ = "0.1.0"
