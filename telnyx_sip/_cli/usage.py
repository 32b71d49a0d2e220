"""Usage errors for a person: one line naming the option as typed, then a hint.

A usage error is a command line that cannot be carried out (nothing was
sent): argparse's complaints (:class:`~telnyx_sip._cli.parser.CommandLineError`),
the commands' own :class:`~telnyx_sip._cli.failures.UsageError` and the
SDK's :class:`~telnyx_sip.errors.InvalidArgumentError`, whose field is named
as the option it came from (``page_size`` -> ``--page-size``).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from telnyx_sip.errors import InvalidArgumentError

from .failures import PROG, ExitCode, UsageError
from .formats import MissingExtraError
from .introspect import Command
from .parser import CommandLineError
from .text import printable

__all__ = ["COMMAND_KEY", "option_for", "report_usage"]

COMMAND_KEY = "cli_command"
"""The attribute holding the :class:`Command` a resource subcommand runs."""

_CLIENT_OPTIONS = {
    "base_url": "--base-url",
    "timeout": "--timeout",
    "max_retries": "--max-retries",
}
_LIST_OPTIONS = ("sort", "page_size", "page_number", "limit")


def option_for(field: str, command: Command | None) -> str:
    """How the user typed what the SDK calls ``field`` (``inbound.codecs`` ...)."""
    head, _, rest = field.partition(".")
    name = _CLIENT_OPTIONS.get(head)
    if command is not None and name is None:
        flags = {p.name: p.flag for p in command.params}
        if head in flags:
            name = flags[head]
        elif head.startswith("filter_") and head[7:] in command.filters:
            name = f"--filter {head[7:]}"
        elif command.is_list and head in _LIST_OPTIONS:
            name = "--" + head.replace("_", "-")
        elif head == command.path_param:
            name = "ID"
    if name is None:
        return field
    return f"{name}: {rest}" if rest else name


def _text(exc: BaseException, args: argparse.Namespace | None) -> str:
    if isinstance(exc, InvalidArgumentError):
        command = getattr(args, COMMAND_KEY, None)
        reason = str(exc).removeprefix(f"{exc.field}: ")
        return f"{option_for(exc.field, command)}: {reason}"
    return str(exc)


def report_usage(
    exc: UsageError | InvalidArgumentError,
    stderr: TextIO,
    *,
    command: str = PROG,
    args: argparse.Namespace | None = None,
) -> ExitCode:
    """Print a usage error and the ``--help`` to try; return exit code 2.

    ``command`` is the command line whose help the hint names, unless the
    error knows better (the parser it came from).
    """
    stderr.write(f"{PROG}: error: {printable(_text(exc, args))}\n")
    if isinstance(exc, CommandLineError):
        command = exc.command
    if not isinstance(exc, MissingExtraError):
        stderr.write(f"try: {command} --help\n")
    return ExitCode.USAGE
