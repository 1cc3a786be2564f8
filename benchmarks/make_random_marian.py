"""Build a random-weight MarianMT model folder with real sentencepiece tokenizers.

The full-size default has exactly the shape of Helsinki-NLP/opus-mt-es-en (d_model 512,
6+6 layers, 8 heads, FFN 2048, swish, scaled embeddings, static sinusoidal positions,
shared and tied embeddings, vocab 65,001 with ``<pad>`` last = decoder start), so
speed measurements on it are honest when the output length is forced. The weights are
random, so the translations are nonsense: this is for benchmarks and backend-agreement
tests, never for quality.

    python benchmarks/make_random_marian.py OUT_DIR            # full size (~300 MB, a few seconds)
    python benchmarks/make_random_marian.py OUT_DIR --small    # tiny, for tests

The folder holds what MarianTokenizer / MarianMTModel load offline: config.json,
generation_config.json, model.safetensors, source.spm, target.spm, vocab.json,
tokenizer_config.json, special_tokens_map.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

# --- a small generator of plausible Spanish and English newsroom sentences -------------

_ES = {
    "subj": [
        "el presidente", "la canciller", "el ministro de Hacienda", "la alcaldesa de Quito",
        "el Gobierno", "la delegación colombiana", "los diputados", "las autoridades sanitarias",
        "el portavoz del ministerio", "la fiscal general", "el embajador de España", "los sindicatos",
        "la comisión electoral", "el banco central", "los vecinos del barrio", "la directora del hospital",
        "el secretario de Estado", "las organizaciones indígenas", "el tribunal supremo", "la policía nacional",
    ],
    "verb": [
        "anunció", "confirmó", "rechazó", "firmó", "presentó", "aprobó", "denunció", "propuso",
        "defendió", "criticó", "inauguró", "suspendió", "negoció", "celebró", "investigó", "publicó",
    ],
    "obj": [
        "un acuerdo de cooperación", "el nuevo presupuesto", "una reforma tributaria", "el plan de vacunación",
        "un programa de becas", "la ley de transparencia", "un préstamo de 500 millones de dólares",
        "las medidas de seguridad", "el informe anual", "una investigación independiente",
        "el tratado comercial", "la construcción de una carretera", "un fondo de emergencia",
        "los resultados de las elecciones", "una campaña contra la corrupción", "el proyecto hidroeléctrico",
    ],
    "when": [
        "este lunes", "el martes pasado", "durante la madrugada", "a primera hora de la mañana",
        "tras una larga reunión", "al cierre de la sesión", "el 16 de noviembre", "en la tarde del jueves",
        "después de tres semanas de debate", "antes de la votación",
    ],
    "where": [
        "en Quito", "en Bogotá", "en la sede de la OEA", "ante el Congreso", "en Madrid",
        "en la capital", "en una rueda de prensa", "en el palacio presidencial", "en Lima", "en Caracas",
    ],
    "tail": [
        "según fuentes oficiales", "de acuerdo con la agencia EFE", "informó el diario local",
        "aunque la oposición pidió más tiempo", "mientras miles de personas protestaban en las calles",
        "lo que generó una fuerte polémica", "con el apoyo de la mayoría parlamentaria",
        "para reducir la pobreza en las zonas rurales", "a pesar de las críticas de los expertos",
        "en medio de una grave crisis económica", "para fortalecer la relación entre ambos países",
    ],
}

_EN = {
    "subj": [
        "the president", "the foreign minister", "the finance minister", "the mayor of Quito",
        "the government", "the Colombian delegation", "lawmakers", "health authorities",
        "the ministry spokesman", "the attorney general", "the Spanish ambassador", "the unions",
        "the electoral commission", "the central bank", "local residents", "the hospital director",
        "the secretary of state", "indigenous organizations", "the supreme court", "the national police",
    ],
    "verb": [
        "announced", "confirmed", "rejected", "signed", "presented", "approved", "denounced", "proposed",
        "defended", "criticized", "opened", "suspended", "negotiated", "celebrated", "investigated", "published",
    ],
    "obj": [
        "a cooperation agreement", "the new budget", "a tax reform", "the vaccination plan",
        "a scholarship program", "the transparency law", "a loan of 500 million dollars",
        "the security measures", "the annual report", "an independent investigation",
        "the trade treaty", "the construction of a road", "an emergency fund",
        "the election results", "a campaign against corruption", "the hydroelectric project",
    ],
    "when": [
        "on Monday", "last Tuesday", "overnight", "early in the morning", "after a long meeting",
        "at the close of the session", "on November 16", "on Thursday afternoon",
        "after three weeks of debate", "before the vote",
    ],
    "where": [
        "in Quito", "in Bogota", "at the OAS headquarters", "before Congress", "in Madrid",
        "in the capital", "at a press conference", "at the presidential palace", "in Lima", "in Caracas",
    ],
    "tail": [
        "according to official sources", "according to the EFE agency", "the local newspaper reported",
        "although the opposition asked for more time", "while thousands of people protested in the streets",
        "which sparked a heated controversy", "with the support of the parliamentary majority",
        "to reduce poverty in rural areas", "despite criticism from experts",
        "amid a serious economic crisis", "to strengthen relations between the two countries",
    ],
}


def _sentence(lex: dict[str, list[str]], rng: random.Random, clauses: int) -> str:
    parts = []
    for i in range(clauses):
        clause = f"{rng.choice(lex['subj'])} {rng.choice(lex['verb'])} {rng.choice(lex['obj'])}"
        if rng.random() < 0.7:
            clause += f" {rng.choice(lex['where'])}"
        if rng.random() < 0.6:
            clause += f" {rng.choice(lex['when'])}"
        parts.append(clause)
    text = ", y ".join(parts) if lex is _ES else ", and ".join(parts)
    text += f", {rng.choice(lex['tail'])}."
    return text[0].upper() + text[1:]


def spanish_sentences(n: int, *, words: int = 26, seed: int = 0) -> list[str]:
    """``n`` Spanish newsroom-like sentences of about ``words`` words each (deterministic)."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        clauses = 1
        s = _sentence(_ES, rng, clauses)
        while len(s.split()) < words - 6:
            clauses += 1
            s = _sentence(_ES, rng, clauses)
        if abs(len(s.split()) - words) <= 5:
            out.append(s)
    return out


def _corpus(lex: dict[str, list[str]], n: int, seed: int, extra: list[str]) -> str:
    rng = random.Random(seed)
    lines = [_sentence(lex, rng, rng.randint(1, 3)) for _ in range(n)]
    # every lexicon entry at least once, and some free text to vary the pieces
    for key in lex:
        lines.extend(lex[key])
    lines.extend(extra)
    return "\n".join(lines) + "\n"


def _extra_text() -> tuple[list[str], list[str]]:
    """Real text to widen the tokenizers: the repository's examples/ and the shared article."""
    es: list[str] = []
    en: list[str] = []
    root = Path(__file__).resolve().parent.parent
    for p in sorted((root / "examples").glob("*")):
        if p.is_file() and p.suffix in {".md", ".txt"}:
            text = p.read_text(encoding="utf-8", errors="replace")
            (en if ".en." in p.name else es).extend(x for x in text.splitlines() if x.strip())
    shared = Path("/work/shared/data")
    if shared.is_dir():
        for p in sorted(shared.glob("*.en.txt")):
            en.extend(x for x in p.read_text(encoding="utf-8", errors="replace").splitlines() if x.strip())
    return es, en


def _train_spm(text: str, prefix: Path, pieces: int) -> None:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text(text, encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=pieces,
        model_type="unigram",
        character_coverage=1.0,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
    )


def build_marian(
    out_dir: str | Path,
    *,
    d_model: int = 512,
    layers: int = 6,
    heads: int = 8,
    ffn: int = 2048,
    vocab_size: int = 65001,
    spm_pieces: int = 8000,
    corpus_lines: int = 6000,
    seed: int = 0,
    init_std: float = 0.02,
) -> Path:
    """Write a random-weight MarianMT folder to ``out_dir`` (replaced if it exists) and return it.

    ``init_std`` above the default 0.02 makes the output depend visibly on the input
    (useful when comparing backends token for token).
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    out = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="marian-build-") as tmpname:
        tmp = Path(tmpname)
        es_extra, en_extra = _extra_text()
        _train_spm(_corpus(_ES, corpus_lines, seed, es_extra), tmp / "source", spm_pieces)
        _train_spm(_corpus(_EN, corpus_lines, seed + 1, en_extra), tmp / "target", spm_pieces)

        import sentencepiece as spm

        vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
        for side in ("source", "target"):
            sp = spm.SentencePieceProcessor(model_file=str(tmp / f"{side}.model"))
            for i in range(sp.get_piece_size()):
                piece = sp.id_to_piece(i)
                if piece not in vocab:
                    vocab[piece] = len(vocab)
        if len(vocab) >= vocab_size:
            raise ValueError(f"the tokenizers have {len(vocab)} pieces; vocab_size {vocab_size} is too small")
        n = 0
        while len(vocab) < vocab_size - 1:
            vocab[f"▁<dummy{n}>"] = len(vocab)
            n += 1
        pad = vocab_size - 1
        vocab["<pad>"] = pad

        config = MarianConfig(
            vocab_size=vocab_size,
            decoder_vocab_size=vocab_size,
            d_model=d_model,
            encoder_layers=layers,
            decoder_layers=layers,
            encoder_attention_heads=heads,
            decoder_attention_heads=heads,
            encoder_ffn_dim=ffn,
            decoder_ffn_dim=ffn,
            activation_function="swish",
            scale_embedding=True,
            static_position_embeddings=True,
            share_encoder_decoder_embeddings=True,
            tie_word_embeddings=True,
            max_position_embeddings=512,
            pad_token_id=pad,
            decoder_start_token_id=pad,
            eos_token_id=0,
            forced_eos_token_id=0,
            bos_token_id=0,
            dropout=0.1,
            init_std=init_std,
            architectures=["MarianMTModel"],
        )
        torch.manual_seed(seed)
        model = MarianMTModel(config)
        model.eval()
        model.generation_config = GenerationConfig(
            num_beams=4,
            max_length=512,
            bad_words_ids=[[pad]],
            pad_token_id=pad,
            decoder_start_token_id=pad,
            eos_token_id=0,
            forced_eos_token_id=0,
            bos_token_id=0,
        )
        stage = tmp / "model"
        model.save_pretrained(stage)
        shutil.copy(tmp / "source.model", stage / "source.spm")
        shutil.copy(tmp / "target.model", stage / "target.spm")
        (stage / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")
        (stage / "tokenizer_config.json").write_text(
            json.dumps(
                {
                    "tokenizer_class": "MarianTokenizer",
                    "source_lang": "es",
                    "target_lang": "en",
                    "model_max_length": 512,
                    "separate_vocabs": False,
                    "eos_token": "</s>",
                    "unk_token": "<unk>",
                    "pad_token": "<pad>",
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        (stage / "special_tokens_map.json").write_text(
            json.dumps({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}, indent=2),
            encoding="utf-8",
        )
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(stage), str(out))
    return out


SMALL = dict(d_model=32, layers=2, heads=2, ffn=64, vocab_size=2000, spm_pieces=600, corpus_lines=800, init_std=0.3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output folder (replaced if it exists)")
    ap.add_argument("--small", action="store_true", help="a tiny model for tests instead of the full opus-mt shape")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    kwargs = dict(SMALL) if args.small else {}
    out = build_marian(args.out, seed=args.seed, **kwargs)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
