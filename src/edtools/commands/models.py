"""``edtools models``: list, inspect, fetch, verify and convert translation models."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from edtools.errors import ModelError


@click.group("models")
def models() -> None:
    """List, inspect, fetch, verify and convert translation models.

    A model is a folder with config.json, model.safetensors, source.spm, target.spm,
    vocab.json and tokenizer_config.json (generation_config.json optional).
    """


def _installed_label(path: Path | None) -> str:
    return str(path) if path is not None else "not installed"


@models.command("list")
def list_models() -> None:
    """Known models, where each is installed, and which one `translate` would use."""
    from edtools.translate import models as reg

    registry = reg.load_registry()
    try:
        active = reg.resolve_model(None, None, announce=False) if not os.environ.get("EDTOOLS_MODEL") else None
    except ModelError:
        active = None
    width = max((len(n) for n in registry), default=4)
    for name, entry in registry.items():
        path = reg.find_installed(name)
        mark = "*" if active is not None and active.name == name else " "
        click.echo(f"{mark} {name:<{width}}  {entry.licence:<10}  {_installed_label(path)}")
        click.echo(f"  {'':<{width}}  {entry.description}")
    click.echo(f"(* = used by `edtools translate` without --model; searched: {', '.join(map(str, reg.search_dirs()))})")


@models.command("info")
@click.argument("name")
def info(name: str) -> None:
    """Registry entry, installed location, files and CTranslate2 status of NAME."""
    from edtools.translate import models as reg
    from edtools.translate.backends import ct2_status

    registry = reg.load_registry()
    reg.check_name(name)
    entry = registry.get(name)
    path = reg.find_installed(name)
    if entry is None and path is None:
        raise ModelError(f"unknown model {name!r} (known: {', '.join(sorted(registry)) or 'none'})")
    click.echo(f"name:        {name}")
    if entry is not None:
        click.echo(f"description: {entry.description}")
        click.echo(f"hub id:      {entry.hub_id or '(bundled, not on a hub)'}")
        rev = entry.revision or "-"
        click.echo(f"revision:    {rev}{'' if entry.revision_confirmed else ' (not yet confirmed against the hub)'}")
        click.echo(f"licence:     {entry.licence}")
    click.echo(f"installed:   {_installed_label(path)}")
    files = entry.files if entry is not None else reg.REQUIRED_FILES + reg.OPTIONAL_FILES
    for f in files:
        p = path / f if path is not None else None
        size = f"{p.stat().st_size:>12,} bytes" if p is not None and p.is_file() else "     missing"
        known = "sha256 recorded" if entry is not None and entry.digest(f) else ""
        click.echo(f"  {f:<24} {size}  {known}".rstrip())
    if path is not None:
        ok, why = ct2_status(path)
        click.echo(f"ctranslate2: {'current conversion at ' + why if ok else why}")


def _manual_help(entry, target: Path) -> str:  # type: ignore[no-untyped-def]
    files = ", ".join(entry.files)
    url = f"https://huggingface.co/{entry.hub_id}/tree/{entry.revision or 'main'}"
    return (
        f"place the folder by hand: copy {files} from {url} into {target} (a revision with only "
        f"pytorch_model.bin: copy it and run `edtools models convert-weights {target}`), "
        f"then run `edtools models verify {entry.name}`"
    )


@models.command("pull")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace an existing folder.")
def pull(name: str, force: bool) -> None:
    """Download NAME at its pinned revision into the user models folder and verify it."""
    from edtools.translate import models as reg

    reg.check_name(name)
    registry = reg.load_registry()
    entry = registry.get(name)
    if entry is None:
        raise ModelError(f"unknown model {name!r} (known: {', '.join(sorted(registry)) or 'none'})")
    if not entry.hub_id:
        raise ModelError(f"{name} is bundled with edtools, nothing to download")
    target = reg.user_models_dir() / name
    if target.exists() and not force:
        raise ModelError(f"{target} already exists; run `edtools models verify {name}`, or pass --force to replace it")
    if not entry.revision_confirmed:
        click.echo(f"edtools: warning: the registry's revision {entry.revision!r} for {name} is not pinned to a "
                   "confirmed commit yet", err=True)
    # cli.main makes every command offline; this one is the exception
    os.environ["HF_HUB_OFFLINE"] = "0"
    os.environ["TRANSFORMERS_OFFLINE"] = "0"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import huggingface_hub
        from huggingface_hub import constants as hub_constants
    except ImportError:
        raise ModelError(f"huggingface_hub is not installed; {_manual_help(entry, target)}") from None
    hub_constants.HF_HUB_OFFLINE = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=target.parent))
    try:
        try:
            huggingface_hub.snapshot_download(
                repo_id=entry.hub_id,
                revision=entry.revision or None,
                local_dir=str(staging),
                allow_patterns=list(entry.files) + list(entry.fallback_files),
                etag_timeout=10,
            )
        except Exception as exc:  # noqa: BLE001 - no network, DNS, HTTP errors, missing revision…
            reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot download {entry.hub_id}@{entry.revision} ({reason}); {_manual_help(entry, target)}") from None
        shutil.rmtree(staging / ".cache", ignore_errors=True)
        pickle_only = not (staging / "model.safetensors").is_file() and (staging / "pytorch_model.bin").is_file()
        # checked before anything is installed: a mismatch leaves the models folder as it was
        # (a .bin-only revision: every file but the weights, which convert-weights makes)
        report = reg.verify_files(staging, entry, weights=not pickle_only)
        for line in report.lines:
            click.echo(line)
        if not report.ok:
            raise ModelError(
                f"the files downloaded for {name} do not match the registry (see above); nothing was installed"
            )
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if pickle_only:
        raise ModelError(
            f"downloaded {target}, but this revision has only pytorch_model.bin: convert it with "
            f"`edtools models convert-weights {target}`"
        )
    click.echo(f"installed {name} in {target}")


def _folder_for(name_or_dir: str) -> tuple[Path, object]:
    from edtools.translate import models as reg

    registry = reg.load_registry()
    if reg._looks_like_path(name_or_dir) or (Path(name_or_dir).is_dir() and name_or_dir not in registry):  # noqa: SLF001
        path = Path(name_or_dir).expanduser()
        if not path.is_dir():
            raise ModelError(f"model folder {name_or_dir} does not exist")
        return path, registry.get(path.resolve().name)
    reg.check_name(name_or_dir)
    path = reg.find_installed(name_or_dir)
    if path is None:
        if name_or_dir in registry:
            raise ModelError(f"model {name_or_dir} is not installed (looked in {', '.join(map(str, reg.search_dirs()))})")
        raise ModelError(f"unknown model {name_or_dir!r} (known: {', '.join(sorted(registry)) or 'none'})")
    return path, registry.get(name_or_dir)


@models.command("verify")
@click.argument("name_or_dir", metavar="NAME_OR_DIR")
@click.option("--no-load", is_flag=True, help="Check files and hashes only; do not load the model.")
def verify(name_or_dir: str, no_load: bool) -> None:
    """Check a model's files, their sha256 (where the registry knows it) and that it loads and translates."""
    from edtools.translate import models as reg

    path, entry = _folder_for(name_or_dir)
    report = reg.verify_files(path, entry)  # type: ignore[arg-type]
    for line in report.lines:
        click.echo(line)
    if not report.ok:
        raise ModelError(f"{path}: verification failed (see above)")
    if not no_load:
        from edtools.translate.marian import MarianTranslator

        translator = MarianTranslator(path, beam=1)
        out = translator.translate_batch(["El ministro habló con la prensa."])
        click.echo(f"ok    loads and translates: 'El ministro habló con la prensa.' -> {out[0]!r}")
    click.echo(f"{path}: ok")


@models.command("convert-weights")
@click.argument("model_dir", metavar="DIR")
@click.option("--force", is_flag=True, help="Overwrite an existing model.safetensors.")
def convert_weights(model_dir: str, force: bool) -> None:
    """Convert DIR/pytorch_model.bin (a pickle) to model.safetensors — the explicit opt-in.

    The pickle is read with torch.load(weights_only=True): tensors only, no code runs.
    """
    path = Path(model_dir)
    src = path / "pytorch_model.bin"
    dst = path / "model.safetensors"
    if not path.is_dir():
        raise ModelError(f"{model_dir}: no such model folder")
    if not src.is_file():
        raise ModelError(f"{model_dir}: no pytorch_model.bin to convert")
    if dst.exists() and not force:
        raise ModelError(f"{dst} already exists (pass --force to overwrite it)")
    try:
        import torch
        from safetensors.torch import save_file
    except ImportError as exc:
        raise ModelError(f"convert-weights needs torch and safetensors ({exc.name} is missing)") from None
    try:
        state = torch.load(str(src), map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - unpickling errors come in many types
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"{src}: cannot be read as plain tensors ({first}); refusing to convert") from None
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    if not isinstance(state, dict) or not state or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()
    ):
        raise ModelError(f"{src}: not a dictionary of tensors; refusing to convert")
    tensors = {k: v.detach().contiguous().clone() for k, v in state.items()}
    from edtools.textio import atomic_path

    with atomic_path(dst) as tmp:
        save_file(tensors, tmp, metadata={"format": "pt"})
    click.echo(f"wrote {dst} ({len(tensors)} tensors); check it with `edtools models verify {path}`")


# `edtools models convert` (CTranslate2) lives in its own module, owned by the CT2 backend.
try:
    from edtools.commands.models_ct2 import convert

    models.add_command(convert)
except ImportError:  # pragma: no cover - a build without the CT2 command
    pass
