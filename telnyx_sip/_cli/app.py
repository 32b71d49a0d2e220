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
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from telnyx_sip._client import DEFAULT_BASE_URL, ENV_API_KEY
from telnyx_sip._types import REDACTED
from telnyx_sip._version import __version__
from telnyx_sip.errors import TelnyxSIPError

from . import apply, demo, resources, sandbox
from .context import Context
from .failures import EXIT_CODES_HELP, PROG, ExitCode, UsageError, report
from .render import SECRET_NAMES, SECRETS_NOTE
from .values import int_between

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
    apply.register,
    demo.register,
    sandbox.register,
)
"""Every top-level command, in the order ``--help`` lists them after resources."""

_DESCRIPTION = f"""\
Provision Telnyx SIP connections, IPs, FQDNs and outbound voice profiles from
the shell. Each resource is a command and each API operation a subcommand:

  {PROG} ips list --filter connection_id=123 --limit 50
  printf '%s\\n' "$SIP_PASSWORD" | {PROG} credential-connections create \\
      --connection-name office --user-name office1 --password-stdin
  {PROG} credential-connections update ID --active false
  {PROG} --table connections list
  {PROG} demo          # a guided tour against an embedded sandbox

Global options go before the command. Results are JSON, one object per line;
--table prints aligned columns instead.
{textwrap.fill(SECRETS_NOTE, width=78)}"""

_EPILOG = f"""\
API key: read from --api-key-file, else from ${ENV_API_KEY}. There is no
option taking the key itself, so it stays out of shell history.

{EXIT_CODES_HELP}"""


def _output_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    group = parser.add_argument_group("output")
    group.add_argument(
        "--table",
        action="store_true",
        default=default,
        help="print aligned columns of the main fields instead of JSON",
    )
    group.add_argument(
        "--show-secrets",
        action="store_true",
        default=default,
        help=f"print secret fields ({SECRET_NAMES}) instead of {REDACTED}; "
        "they may end up in terminal scroll-back and logs",
    )


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        msg = f"expected a positive number of seconds, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def build_parser() -> argparse.ArgumentParser:
    """The full ``telnyx-sip`` parser, every subcommand included."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    api = parser.add_argument_group("API")
    where = api.add_mutually_exclusive_group()
    where.add_argument(
        "--base-url",
        metavar="URL",
        default=None,
        help=f"API root (default: $TELNYX_BASE_URL, else {DEFAULT_BASE_URL}); "
        "plain http only on loopback",
    )
    where.add_argument(
        "--sandbox",
        action="store_true",
        help="run the command against a fresh in-process sandbox instead of "
        "Telnyx (empty, and gone when the command ends; no API key needed)",
    )
    api.add_argument(
        "--api-key-file",
        metavar="PATH",
        default=None,
        help=f"read the API key from this file (default: ${ENV_API_KEY})",
    )
    api.add_argument(
        "--timeout",
        type=_positive,
        default=30.0,
        metavar="SECONDS",
        help="time limit for each attempt (default: 30)",
    )
    api.add_argument(
        "--max-retries",
        type=int_between(0),
        default=2,
        metavar="N",
        help="retries after a failed attempt, where retrying is safe (default: 2)",
    )
    api.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log each HTTP attempt (method, path, status, request id) to stderr",
    )
    _output_options(parser, default=False)
    leaf_options = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    _output_options(leaf_options, default=argparse.SUPPRESS)

    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, title="commands"
    )
    for register in COMMANDS:
        register(commands, [leaf_options])
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``telnyx-sip`` with ``argv`` (default: the process arguments).

    Returns the exit code instead of exiting, so it can be called in-process.
    """
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return _exit_code(exc)
    ctx = Context(args, stdin=sys.stdin, stdout=stdout, stderr=stderr)
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
        return int(asyncio.run(_run(run, ctx)))
    except (TelnyxSIPError, UsageError) as exc:
        words = (PROG, args.command, getattr(args, "operation", None))
        return report(exc, stderr, command=" ".join(w for w in words if w))
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
