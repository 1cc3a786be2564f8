"""The transformers backend on a real (tiny, random-weight) MarianMT folder, and load_translator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edtools.errors import ModelError
from edtools.translate.backends import LazyMarianTranslator, load_translator
from edtools.translate.base import Translator
from edtools.translate.marian import MarianTranslator


@pytest.fixture(scope="module")
def marian(tiny_marian_model: Path) -> MarianTranslator:
    return MarianTranslator(tiny_marian_model, beam=2)


def test_translates_a_batch_in_order(marian: MarianTranslator) -> None:
    src = ["El ministro habló con la prensa.", "Hola.", "La Policía detuvo a tres personas en Guayaquil."]
    out = marian.translate_batch(src)
    assert len(out) == 3 and all(isinstance(t, str) for t in out)
    assert marian.translate_batch(src) == out  # deterministic
    assert marian.translate_batch([]) == []
    assert isinstance(marian, Translator)
    assert marian.name == "tiny-es-en (transformers, cpu, beam 2)"


def test_output_length_is_bounded(marian: MarianTranslator) -> None:
    out = marian.translate_batch(["Hola."])[0]
    pieces = marian._tokenizer(out)["input_ids"]
    assert len(pieces) <= 2 * 4 + 10 + 16


def test_lazy_translator_matches_and_loads_on_demand(tiny_marian_model: Path, marian: MarianTranslator) -> None:
    lazy = load_translator(str(tiny_marian_model), backend="transformers", beam=2)
    assert isinstance(lazy, LazyMarianTranslator) and lazy._inner is None
    assert lazy.fingerprint == marian.fingerprint
    assert lazy.name == marian.name
    assert lazy.translate_batch(["Hola."]) == marian.translate_batch(["Hola."])
    assert lazy._inner is not None
    assert load_translator(str(tiny_marian_model), beam=4).fingerprint != lazy.fingerprint


def test_backend_choices(tiny_marian_model: Path) -> None:
    with pytest.raises(ModelError, match="unknown backend 'fast'"):
        load_translator(str(tiny_marian_model), backend="fast")
    with pytest.raises(ModelError, match="--backend ctranslate2: no CTranslate2 conversion"):
        load_translator(str(tiny_marian_model), backend="ctranslate2")
    # auto without a conversion: transformers
    assert load_translator(str(tiny_marian_model), backend="auto").backend == "transformers"


def test_auto_ignores_a_stale_conversion(tiny_model_copy: Path) -> None:
    ct2 = tiny_model_copy.with_name(tiny_model_copy.name + "-ct2")
    ct2.mkdir()
    (ct2 / "edtools-ct2.json").write_text(json.dumps({"source_fingerprint": "old"}), encoding="utf-8")
    assert load_translator(str(tiny_model_copy), backend="auto").backend == "transformers"
    with pytest.raises(ModelError, match="stale"):
        load_translator(str(tiny_model_copy), backend="ctranslate2")


def test_cuda_unavailable_is_a_clear_error(tiny_marian_model: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    with pytest.raises(ModelError, match="no CUDA device"):
        load_translator(str(tiny_marian_model), device="cuda")


def test_broken_weights_are_a_model_error(tiny_model_copy: Path) -> None:
    (tiny_model_copy / "model.safetensors").write_bytes(b"\x00" * 64)
    with pytest.raises(ModelError, match="cannot load model"):
        MarianTranslator(tiny_model_copy)
