"""Translation: the Translator protocol, backends (transformers, CTranslate2), cache and pipeline.

Nothing here imports torch/transformers/ctranslate2 at module import time; backends
import them inside their constructors.
"""
