"""The ``edtools`` command: a click group whose subcommands are imported on demand.

Each subcommand lives in ``edtools/commands/<name>.py`` and imports only what it
needs, so ``edtools --help`` and ``edtools lint`` never load torch or transformers.
Every :class:`edtools.errors.UserError` becomes one line on stderr and exit 2.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from edtools import __version__
from edtools.console import set_quiet
from edtools.errors import UserError

# name -> (module, attribute, one-line help shown by `edtools --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "translate": ("edtools.commands.translate", "translate", "Translate a Spanish document into an English draft."),
    "draft": ("edtools.commands.draft", "draft", "Translate, apply the glossary and lint: a reviewed draft in one step."),
    "lint": ("edtools.commands.lint", "lint", "Check English drafts for the mistakes machine translation makes."),
    "rules": ("edtools.commands.lint", "rules", "List the lint rules, or print one rule's documentation."),
    "glossary": ("edtools.commands.glossary", "glossary", "Validate, apply, import and export term bases."),
    "segment": ("edtools.commands.segment", "segment", "Print a document's sentences, one per line."),
    "models": ("edtools.commands.models", "models", "List, inspect, fetch, verify and convert translation models."),
    "tm": ("edtools.commands.tm", "tm", "The approved translation memory: learn, search, import and export TMX."),
    "xliff": ("edtools.commands.xliff", "xliff", "Exchange documents with CAT tools as XLIFF 2.1 or 1.2, and bring them back."),
}


INTERRUPTED = "edtools: interrupted; no output file was written (translations already made stay in the cache)"


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        spec = COMMANDS.get(name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, spec[2]) for name, spec in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edtools")
def cli() -> None:
    """edtools: Spanish sources to English drafts, with a glossary and an editorial lint.

    Everything runs locally: no text leaves the machine.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into one line and exit 2."""
    # Nothing but `models pull` may reach a model hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    set_quiet(False)  # each invocation starts talkative; -q is per command (matters in-process)
    try:
        cli.main(args=argv, prog_name="edtools", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
    except click.UsageError as exc:
        # One line, like every other error: what is wrong and where to look.
        command = exc.ctx.command_path if exc.ctx is not None else "edtools"
        message = exc.format_message().rstrip(".")
        print(f"edtools: error: {message} (see '{command} --help')", file=sys.stderr)
        sys.exit(2)
    except click.ClickException as exc:
        print(f"edtools: error: {exc.format_message()}", file=sys.stderr)
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except UserError as exc:
        print(f"edtools: error: {exc.message}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # `edtools ... | head`: not an error worth a message.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("EDTOOLS_DEBUG"):
            raise
        print(
            f"edtools: internal error: {type(exc).__name__}: {exc} (set EDTOOLS_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        sys.exit(3)
