"""``edtools models convert``: a MarianMT folder → a CTranslate2 model beside it (``X-ct2/``)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from edtools.console import note, set_quiet
from edtools.errors import ModelError


def resolve_model_dir(name_or_dir: str) -> Path:
    """A checked model folder from a registry name or a path (resolved as ``--model`` is)."""
    from edtools.translate.models import resolve_spec  # noqa: PLC0415

    return resolve_spec(name_or_dir, "argument").path


@click.command("convert")
@click.argument("name_or_dir", metavar="NAME_OR_DIR")
@click.option(
    "--quantization",
    type=click.Choice(["int8", "int16", "float32"]),
    default="int8",
    show_default=True,
    help="Weight type of the converted model (int8: smallest and fastest on CPU).",
)
@click.option("--force", is_flag=True, help="Convert again even when a conversion already exists.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the output folder.")
def convert(name_or_dir: str, quantization: str, force: bool, quiet: bool) -> None:
    """Convert a MarianMT model to CTranslate2 (the fast CPU path).

    The result is written beside the model as NAME-ct2/ (with edtools-ct2.json recording
    the quantization and the source model's fingerprint); `--backend auto` uses it
    while it matches the model.
    """
    set_quiet(quiet)
    from edtools.translate.ct2 import convert_model, ct2_dir_for, read_meta  # noqa: PLC0415

    model_dir = resolve_model_dir(name_or_dir)
    if not (model_dir / "config.json").is_file():
        raise ModelError(f"{model_dir}: not a MarianMT model folder (no config.json)")
    target = ct2_dir_for(model_dir)
    if target.exists() and not force:
        meta = read_meta(target) or {}
        q = meta.get("quantization", "unknown quantization")
        raise ModelError(f"{target} already exists ({q}); use --force to convert again")
    note(f"converting {model_dir} ({quantization}) ...")
    started = time.perf_counter()
    out = convert_model(model_dir, quantization, force=force)
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    note(f"converted in {time.perf_counter() - started:.1f} s: {size / 1e6:.1f} MB")
    click.echo(str(out))
