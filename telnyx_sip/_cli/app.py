"""The argument parser, the command registry and :func:`main`.

A command is a module with ``register(subparsers, parents)``: it adds its
subparser (``parents`` carry the output options to accept after the
subcommand) and sets ``run`` to an ``async def run(ctx: Context) -> int``.
Adding a command means adding its ``register`` to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import textwrap
import typing
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from telnyx_sip._client import ENV_API_KEY
from telnyx_sip._version import __version__
from telnyx_sip.errors import InvalidArgumentError, TelnyxSIPError

from . import (
    apply,
    completion,
    demo,
    doctor,
    resources,
    sandbox,
    state_export,
    state_plan,
)
from .context import Context
from .failures import EXIT_CODES_HELP, PROG, ExitCode, UsageError, report
from .options import (
    add_api_options,
    add_output_options,
    check_options,
    share_options,
)
from .parser import Parser
from .render import SECRETS_NOTE
from .usage import report_usage

__all__ = ["COMMANDS", "build_parser", "main"]

if TYPE_CHECKING:
    Register = Callable[
        [
            argparse._SubParsersAction[argparse.ArgumentParser],
            Sequence[argparse.ArgumentParser],
        ],
        None,
    ]

COMMANDS: tuple[Register, ...] = (
    resources.register,
    state_export.register,
    state_plan.register,
    apply.register,
    doctor.register,
    demo.register,
    sandbox.register,
    completion.register,
)
"""Every top-level command, in the order ``--help`` lists them after resources."""

_DESCRIPTION = f"""\
Provision Telnyx SIP connections, IPs, FQDNs and outbound voice profiles from
the shell. Each resource is a command and each API operation a subcommand:

  {PROG} ips list --filter connection_id=123 --limit 50
  printf '%s\\n' "$SIP_PASSWORD" | {PROG} credential-connections create \\
      --connection-name office --user-name office1 --password-stdin
  {PROG} credential-connections update ID --active false
  {PROG} connections list -o table --fields id,connection_name
  {PROG} demo          # a guided tour against an embedded sandbox

The account as a desired-state document (YAML or JSON) to edit and apply:

  {PROG} export -o sip.yaml   # then edit sip.yaml
  {PROG} plan sip.yaml        # what would change (exit 2: something)
  {PROG} apply sip.yaml       # make those changes, after asking

Global options work before or after the command. Results print as a table
when stdout is a terminal and as JSON lines (one object per line) otherwise;
-o json|jsonl|table|yaml|csv picks a format, --fields the fields.
"{PROG} completion bash|zsh|fish" prints a shell completion script.
{textwrap.fill(SECRETS_NOTE, width=78)}"""

_EPILOG = f"""\
API key: read from --api-key-file, else from ${ENV_API_KEY}. There is no
option taking the key itself, so it stays out of shell history.

{EXIT_CODES_HELP}
plan exits as "terraform plan -detailed-exitcode" does instead: 0 no changes,
2 changes to make, 1 any error."""


def build_parser() -> Parser:
    """The full ``telnyx-sip`` parser, every subcommand included."""
    parser = Parser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    add_api_options(parser, top=True)
    add_output_options(parser, top=True)
    leaf_options = Parser(add_help=False, allow_abbrev=False)
    add_output_options(leaf_options, top=False)

    # The commands' parsers are Parser too (argparse makes them of the
    # parent's class); the commands only need to know they are parsers.
    commands = typing.cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(
            dest="command", metavar="COMMAND", required=True, title="commands"
        ),
    )
    for register in COMMANDS:
        register(commands, [leaf_options])
    share_options(parser)
    return parser


def _command_line(args: argparse.Namespace) -> str:
    words = (PROG, args.command, getattr(args, "operation", None))
    return " ".join(w for w in words if w)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return ExitCode.OK
    if isinstance(exc.code, int):
        return exc.code
    return ExitCode.USAGE


def _silence_stdout() -> None:
    # The reader went away (``| head``); point stdout at /dev/null so the
    # interpreter's final flush does not raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _parse(
    parser: Parser, argv: Sequence[str] | None, stderr: TextIO
) -> argparse.Namespace | int:
    # The namespace, or the exit code of --help, --version or a usage error.
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        return _exit_code(exc)
    except UsageError as exc:
        code = report_usage(exc, stderr)
        # plan's 2 means "changes to make": its command line errors are 1.
        command = getattr(exc, "command", "")
        return ExitCode.FAILURE if command == state_plan.COMMAND else code


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``telnyx-sip`` with ``argv`` (default: the process arguments).

    Returns the exit code instead of exiting, so it can be called in-process.
    """
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    args = _parse(parser, argv, stderr)
    if isinstance(args, int):
        return args
    ctx = Context(args, stdin=sys.stdin, stdout=stdout, stderr=stderr, parser=parser)
    run: Callable[[Context], Awaitable[int]] = args.run
    handler: logging.Handler | None = None
    logger = logging.getLogger("telnyx_sip")
    previous_level = logger.level
    if args.verbose:
        handler = logging.StreamHandler(stderr)
        handler.setFormatter(logging.Formatter(f"{PROG}: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        check_options(args)
        return int(asyncio.run(_run(run, ctx)))
    except (UsageError, InvalidArgumentError) as exc:
        return report_usage(exc, stderr, command=_command_line(args), args=args)
    except TelnyxSIPError as exc:
        return report(exc, stderr, command=_command_line(args))
    except KeyboardInterrupt:
        code: int = getattr(args, "interrupt_code", ExitCode.INTERRUPTED)
        text: str = getattr(args, "interrupt_text", "interrupted")
        stderr.write(f"\n{PROG}: {text}\n")
        return code
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.OK
    finally:
        if handler is not None:
            logger.removeHandler(handler)
            logger.setLevel(previous_level)


async def _run(run: Callable[[Context], Awaitable[int]], ctx: Context) -> int:
    # Ctrl-C cancels only this task, so a command can finish what is in
    # flight (``apply`` completes its report and journal). Python 3.11's
    # asyncio.run does the same; 3.10's would cancel every task at once.
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    interrupted = False

    def interrupt() -> None:
        nonlocal interrupted
        interrupted = True
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, interrupt)
    except (NotImplementedError, RuntimeError, ValueError):
        return await run(ctx)  # not the main thread, or no signals here
    try:
        return await run(ctx)
    except asyncio.CancelledError:
        if interrupted:
            raise KeyboardInterrupt from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGINT)
