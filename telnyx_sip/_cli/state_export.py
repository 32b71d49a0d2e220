"""``telnyx-sip export``: the account as a desired-state document."""

from __future__ import annotations

import argparse
import importlib.util
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from telnyx_sip import state

from .context import Context
from .failures import PROG, ExitCode, UsageError
from .formats import MissingExtraError
from .state_input import WRITABLE, resource_list
from .text import printable
from .values import parse_list

__all__ = ["default_format", "register", "run_export"]

_FORMATS = ("yaml", "json")

_DESCRIPTION = f"""\
Read the account and print it as a desired-state document, ready to edit
and give to '{PROG} plan FILE' and '{PROG} apply FILE'. Objects are
named by their natural keys and refer to each other by name (an IP names its
connection, a connection its outbound voice profile); read-only fields
(ids, timestamps) are left out.

Secret fields (SIP passwords, IP authentication tokens) cannot be read back
and are left out too: in YAML a comment stands where each one was, saying
how to set it from an environment variable (password: ${{OFFICE_PASSWORD}}).

The format is YAML when PyYAML is installed (pip install 'telnyx-sip[yaml]'),
else JSON; --format picks one."""

_EPILOG = """\
exit status: 0 when the document was written; 2 for a bad command line (or
--format yaml without PyYAML); 3, 4 or 5 when the account could not be read
(API error, network error, an answer not understood); 7 when FILE could not
be written."""


def default_format() -> str:
    """``yaml`` when PyYAML can be imported, else ``json``."""
    return "yaml" if importlib.util.find_spec("yaml") is not None else "json"


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``export`` command."""
    del parents  # it prints a document, not API results
    parser = subparsers.add_parser(
        "export",
        allow_abbrev=False,
        help="Print the account as a desired-state document (YAML or JSON).",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--resources",
        type=parse_list,
        action="extend",
        default=None,
        metavar="RESOURCE[,RESOURCE...]",
        help=f"only these resources (default: all of {', '.join(WRITABLE)})",
    )
    parser.add_argument(
        "--format",
        dest="document_format",
        choices=_FORMATS,
        default=None,
        metavar="FORMAT",
        help="yaml or json (default: yaml when PyYAML is installed, else json)",
    )
    parser.add_argument(
        "-o",
        "--output-file",
        dest="output_file",
        default=None,
        metavar="FILE",
        help="write the document to FILE (replaced whole, never half "
        "written) instead of standard output",
    )
    parser.set_defaults(run=run_export)


def _format(args: argparse.Namespace) -> str:
    chosen: str | None = args.document_format
    earlier: str | None = getattr(args, "output", None)
    if earlier is not None:
        msg = (
            f"export writes a document: pick its format with --format, not -o {earlier}"
        )
        raise UsageError(msg)
    if chosen is None:
        return default_format()
    if chosen == "yaml" and importlib.util.find_spec("yaml") is None:
        msg = "--format yaml needs PyYAML: pip install 'telnyx-sip[yaml]'"
        raise MissingExtraError(msg)
    return chosen


def _write_file(path: str, text: str) -> None:
    """Write ``text`` atomically, so a reader never sees half a document."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def run_export(ctx: Context) -> int:
    """Export the account and write the document."""
    fmt = _format(ctx.args)
    names: list[str] | None = ctx.args.resources
    resources = None if names is None else resource_list("--resources", names)
    async with ctx.client() as client:
        document = await state.export(client, resources=resources)
    text = state.dump(document, format="yaml" if fmt == "yaml" else "json")
    if not text.endswith("\n"):
        text += "\n"
    if ctx.args.output_file is None:
        ctx.stdout.write(text)
        ctx.stdout.flush()
        return ExitCode.OK
    try:
        _write_file(ctx.args.output_file, text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        ctx.stderr.write(
            f"{PROG}: error: cannot write {printable(ctx.args.output_file)!r}: "
            f"{reason}\n"
        )
        return ExitCode.STORAGE
    return ExitCode.OK
