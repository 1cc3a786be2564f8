"""Shared fixtures.

``tiny_marian_model``: a real MarianMT folder (random weights, tiny dimensions, real
sentencepiece models trained on a few dozen sentences), built once per test session in
a temporary folder. It loads with MarianMTModel/MarianTokenizer exactly like a hub model
(safetensors weights, vocab.json, source.spm, target.spm, tokenizer_config.json,
generation_config.json) but its output is gibberish: use it to test loading, file checks,
caching and plumbing, never translation quality.

``edtools_cmd``: the installed ``edtools`` entry point as an argv prefix.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TINY_SENTENCES_ES = [
    "El ministro de Gobierno habló con la prensa en Quito.",
    "La Asamblea Nacional aprobó el presupuesto general del Estado.",
    "La Policía detuvo a tres personas en Guayaquil.",
    "El presidente viajó a Cuenca el 16 de noviembre.",
    "La canciller se reunió con sus colegas de la región.",
    "El Gobierno destinará 1.500 millones de dólares a la salud.",
    "¿Cuándo llegará la ayuda?",
    "¡Qué sorpresa!",
    "Los vecinos protestaron frente a la alcaldía.",
    "El informe se publicó el martes por la mañana.",
    "Las lluvias afectaron a cinco provincias de la Sierra.",
    "La capacitación de los agentes durará seis meses.",
]
TINY_SENTENCES_EN = [
    "The Minister of Government spoke with the press in Quito.",
    "The National Assembly approved the general state budget.",
    "The Police arrested three people in Guayaquil.",
    "The president travelled to Cuenca on November 16.",
    "The foreign minister met her colleagues from the region.",
    "The Government will allocate 1,500 million dollars to health.",
    "When will the aid arrive?",
    "What a surprise!",
    "The neighbours protested in front of the town hall.",
    "The report was published on Tuesday morning.",
    "The rains affected five provinces of the Sierra.",
    "The training of the officers will last six months.",
]


def build_tiny_marian(out: Path, *, seed: int = 0) -> Path:
    """Write a tiny random-weight MarianMT folder to ``out`` and return it."""
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    from edtools.translate.marian import quiet_transformers

    quiet_transformers()
    torch.set_num_threads(1)

    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    for name, sents in (("source", TINY_SENTENCES_ES), ("target", TINY_SENTENCES_EN)):
        buf = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sents * 3),
            model_writer=buf,
            vocab_size=80,
            model_type="unigram",
            eos_id=0,
            unk_id=1,
            bos_id=-1,
            pad_id=-1,
            hard_vocab_limit=False,
            character_coverage=1.0,
            minloglevel=2,
            num_threads=1,
        )
        (work / f"{name}.spm").write_bytes(buf.getvalue())
    # One shared vocabulary (as opus-mt): </s>=0, <unk>=1, then every piece of both sides, <pad> last.
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(work / f"{name}.spm"))
        for i in range(sp.get_piece_size()):
            piece = sp.id_to_piece(i)
            if piece not in vocab:
                vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(
        source_spm=str(work / "source.spm"),
        target_spm=str(work / "target.spm"),
        vocab=str(work / "vocab.json"),
        source_lang="es",
        target_lang="en",
    )
    tok.save_pretrained(out)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=128,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        activation_function="swish",
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(out)
    GenerationConfig(
        num_beams=2,
        max_length=64,
        bad_words_ids=[[pad]],
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad,
    ).save_pretrained(out)
    shutil.rmtree(work)
    return out


@pytest.fixture(scope="session")
def tiny_marian_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight MarianMT model folder (built once per session; do not modify it)."""
    return build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-es-en")


@pytest.fixture()
def tiny_model_copy(tiny_marian_model: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny model that a test may damage."""
    dst = tmp_path / "tiny-copy"
    shutil.copytree(tiny_marian_model, dst)
    return dst


def fetch_or_skip(url: str, local: Path | None, what: str, env_var: str) -> bytes:
    """A third-party test file: the local copy when there is one, else downloaded from ``url``;
    where neither is possible the test is skipped, saying which environment variable fixes it."""
    if local is not None and local.is_file():
        return local.read_bytes()
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (fixed https URLs)
            return resp.read()
    except OSError as exc:
        pytest.skip(f"{what} is unreachable ({exc}); set {env_var} to a local copy")


def _edtools_argv() -> list[str]:
    exe = Path(sys.prefix) / "bin" / "edtools"
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("edtools")
    return [found] if found else [sys.executable, "-m", "edtools"]


@pytest.fixture(scope="session")
def edtools_cmd() -> list[str]:
    """argv prefix for the installed edtools command."""
    return _edtools_argv()


def run_edtools(args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
                input: str | bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed command; stdout/stderr as text."""
    full_env = dict(os.environ)
    full_env.pop("EDTOOLS_DEBUG", None)
    if env:
        full_env.update(env)
    data = input.encode("utf-8") if isinstance(input, str) else input
    proc = subprocess.run(
        _edtools_argv() + args, cwd=cwd, env=full_env, input=data, capture_output=True, timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


@pytest.fixture(scope="session")
def edtools_run():
    """The :func:`run_edtools` helper as a fixture."""
    return run_edtools


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user cache/data folders; no model choice leaks in from the environment."""
    base = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    for var in ("EDTOOLS_MODEL", "EDTOOLS_MODELS_DIR", "EDTOOLS_DEBUG", "EDTOOLS_TM", "EDTOOLS_TRANSLATOR"):
        monkeypatch.delenv(var, raising=False)
    from edtools.console import set_quiet

    set_quiet(False)  # a -q run in an earlier test must not silence this one


def run_inprocess(args: list[str], *, input: str | bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``edtools.cli.main(args)`` in this process (stdin/stdout/stderr captured).

    Same behaviour as the installed command (errors become one line and exit 2) without
    paying for a fresh interpreter and a fresh torch import: use it where the installed
    command is already covered by a subprocess test.
    """
    from click.testing import CliRunner

    from edtools.cli import main

    runner = CliRunner()
    with runner.isolation(input=input) as streams:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        out = streams[0].getvalue().decode("utf-8", "replace")
        err = streams[1].getvalue().decode("utf-8", "replace")
    return subprocess.CompletedProcess(["edtools", *args], code, out, err)


@pytest.fixture(scope="session")
def edtools_inprocess():
    """The :func:`run_inprocess` helper as a fixture."""
    return run_inprocess
