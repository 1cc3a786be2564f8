"""The CTranslate2 backend: conversion, agreement with transformers, `edtools models convert`."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

from edtools.errors import ModelError  # noqa: E402
from edtools.translate.ct2 import (  # noqa: E402
    META_FILE,
    CT2Translator,
    conversion_status,
    convert_model,
    ct2_dir_for,
    find_current_conversion,
    read_meta,
)

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "models" / "demo-es-en"
SENTENCES = [
    "El presidente anunció un acuerdo de cooperación en Quito.",
    "La canciller se reunió con sus colegas de la región el martes pasado.",
    "Los sindicatos rechazaron el nuevo presupuesto.",
    "Hola.",
    "El Gobierno destinará 1.500 millones de dólares a la salud, según fuentes oficiales.",
]


@pytest.fixture(scope="module")
def lively_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small random-weight Marian model whose output depends on its input (init_std 0.3)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_random_marian import SMALL, build_marian
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return build_marian(tmp_path_factory.mktemp("ct2") / "lively-es-en", **SMALL)


@pytest.fixture(scope="module")
def float32_pair(lively_model: Path):
    convert_model(lively_model, "float32")
    from edtools.translate.marian import MarianTranslator

    return MarianTranslator(lively_model, beam=1), CT2Translator(lively_model, beam=1)


def test_float32_conversion_agrees_with_transformers_greedy(float32_pair) -> None:
    hf, ct2 = float32_pair
    a = hf.translate_batch(SENTENCES)
    b = ct2.translate_batch(SENTENCES)
    assert b == a
    # the random model really reacts to its input: the comparison is not trivially equal
    assert len(set(a)) >= 3
    assert all(t.strip() for t in a)


def test_pieces_end_with_eos_and_roundtrip(float32_pair) -> None:
    _, ct2 = float32_pair
    pieces = ct2.tokenize(["El presidente anunció un acuerdo."])[0]
    assert pieces[-1] == "</s>"
    assert "<pad>" not in pieces
    assert ct2.detokenize(["▁El", "▁presidente", "</s>"]) == "El presidente"


def test_empty_inputs(float32_pair) -> None:
    _, ct2 = float32_pair
    assert ct2.translate_batch([]) == []
    out = ct2.translate_batch(["", "   ", "Hola."])
    assert out[:2] == ["", ""]
    assert out[2]


def test_conversion_metadata_and_staleness(lively_model: Path, tmp_path: Path) -> None:
    model = tmp_path / "m"
    shutil.copytree(lively_model, model)
    assert conversion_status(model) == (None, "not converted")
    out = convert_model(model, "int8")
    assert out == ct2_dir_for(model) == tmp_path / "m-ct2"
    assert (out / "model.bin").is_file()
    meta = read_meta(out)
    assert meta["quantization"] == "int8"
    assert len(meta["source_fingerprint"]) == 64
    assert find_current_conversion(model) == out
    # no temporary folders left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m", "m-ct2"]
    # the backend picker agrees that it is current
    from edtools.translate.backends import ct2_status

    assert ct2_status(model)[0] is True

    # changing the model makes the conversion stale
    gen = json.loads((model / "generation_config.json").read_text())
    gen["num_beams"] = 2
    (model / "generation_config.json").write_text(json.dumps(gen))
    path, why = conversion_status(model)
    assert path is None and why.startswith("stale")
    assert ct2_status(model)[0] is False


def test_int8_translator_name_and_fingerprint(lively_model: Path, tmp_path: Path) -> None:
    model = tmp_path / "m"
    shutil.copytree(lively_model, model)
    convert_model(model, "int8")
    t1 = CT2Translator(model, beam=1)
    t4 = CT2Translator(model, beam=4)
    assert t1.name == "m (ctranslate2 int8, cpu)"
    assert t1.fingerprint != t4.fingerprint
    convert_model(model, "float32", force=True)
    t1f = CT2Translator(model, beam=1)
    assert t1f.fingerprint != t1.fingerprint
    out = t4.translate_batch(SENTENCES[:2])
    assert len(out) == 2 and all(out)


def test_forced_length(float32_pair, lively_model: Path) -> None:
    ct2 = CT2Translator(lively_model, beam=1, min_length=7, max_new_tokens=7)
    pieces = ct2.translate_pieces(ct2.tokenize(SENTENCES[:3]))
    assert [len(p) for p in pieces] == [7, 7, 7]


def test_convert_errors(lively_model: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such model folder"):
        convert_model(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a MarianMT model folder"):
        convert_model(tmp_path / "empty")
    with pytest.raises(ModelError, match="unknown quantization"):
        convert_model(lively_model, "int4")
    model = tmp_path / "m"
    shutil.copytree(lively_model, model)
    convert_model(model, "int8")
    with pytest.raises(ModelError, match="already exists"):
        convert_model(model, "int8")
    # a broken weights file: one clear line, and the existing conversion is left untouched
    (model / "model.safetensors").write_bytes(b"not safetensors")
    before = (tmp_path / "m-ct2" / "model.bin").read_bytes()
    with pytest.raises(ModelError, match="conversion of .* failed"):
        convert_model(model, "float32", force=True)
    assert (tmp_path / "m-ct2" / "model.bin").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "m", "m-ct2"]


def test_translator_without_conversion(lively_model: Path, tmp_path: Path) -> None:
    model = tmp_path / "m"
    shutil.copytree(lively_model, model)
    with pytest.raises(ModelError, match="no CTranslate2 model here"):
        CT2Translator(model)


def test_models_convert_command(lively_model: Path, tmp_path: Path, edtools_run) -> None:
    model = tmp_path / "m"
    shutil.copytree(lively_model, model)
    convert_model(model, "int16")

    again = edtools_run(["models", "convert", str(model)])
    assert again.returncode == 2
    assert again.stderr.strip() == (
        f"edtools: error: {tmp_path / 'm-ct2'} already exists (int16); use --force to convert again"
    )
    forced = edtools_run(["models", "convert", str(model), "--force"])
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.strip() == str(tmp_path / "m-ct2")
    assert "converted in" in forced.stderr
    assert json.loads((tmp_path / "m-ct2" / META_FILE).read_text())["quantization"] == "int8"
    assert CT2Translator(model, beam=1).translate_batch(["Hola."])[0]

    missing = edtools_run(["models", "convert", str(tmp_path / "absent")])
    assert missing.returncode == 2
    assert missing.stderr.startswith("edtools: error: ") and "does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.skipif(not (DEMO / "config.json").is_file(), reason="models/demo-es-en/ is not built yet")
def test_demo_model_backends_agree(tmp_path: Path) -> None:
    """The bundled demo model: transformers and CTranslate2 give the same greedy output."""
    from edtools.translate.marian import MarianTranslator

    model = tmp_path / "demo-es-en"
    shutil.copytree(DEMO, model)
    from edtools.document import load_document

    sentences = [s.text for s in load_document(str(ROOT / "examples" / "visita-oficial.es.md")).segments("es")]
    hf = MarianTranslator(model, beam=1).translate_batch(sentences)
    convert_model(model, "float32")
    assert CT2Translator(model, beam=1).translate_batch(sentences) == hf
    # the demo was fine-tuned with tied embeddings: its <pad> (decoder start) row is not zero, so the
    # conversion keeps it as the start token instead of CTranslate2's zero embedding
    assert read_meta(ct2_dir_for(model))["decoder_start_token"] == "<pad>"
    convert_model(model, "int8", force=True)
    assert CT2Translator(model, beam=1).translate_batch(sentences) == hf
    # beam 4 (the default): CTranslate2 with patience 2 searches like transformers' beam search
    assert CT2Translator(model, beam=4).translate_batch(sentences) == MarianTranslator(model, beam=4).translate_batch(
        sentences
    )
