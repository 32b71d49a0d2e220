"""``telnyx-sip sandbox``: the local sandbox as a standalone server."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence

from .context import Context, start_sandbox
from .failures import ExitCode, UsageError
from .values import int_between

__all__ = ["register"]

_DESCRIPTION = """\
Serve a stateful fake of the SIP provisioning API on 127.0.0.1 until Ctrl-C
(which ends it with exit code 0). Point the SDK or this command line at the
printed URL with the printed key; state lives in memory only. The fault
options make it misbehave on purpose, to try retries and error handling."""


def _number(low: float, high: float | None) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            msg = f"expected a number, got {text!r}"
            raise argparse.ArgumentTypeError(msg) from None
        if value < low or (high is not None and value > high):
            bound = (
                f"between {low:g} and {high:g}" if high is not None else f">= {low:g}"
            )
            msg = f"must be {bound}, got {text}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``sandbox`` subcommand."""
    del parents
    parser = subparsers.add_parser(
        "sandbox",
        allow_abbrev=False,
        help="Serve the local sandbox API until Ctrl-C.",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port",
        type=int_between(0, 65535),
        default=4010,
        help="TCP port on 127.0.0.1 (default: 4010; 0 picks a free one)",
    )
    parser.add_argument(
        "--api-key",
        dest="sandbox_api_key",
        default="sandbox-key",
        metavar="KEY",
        help="the key clients must send (default: sandbox-key); a made-up "
        "value, never a real Telnyx key",
    )
    parser.add_argument(
        "--rate-limit",
        type=int_between(1),
        default=None,
        metavar="N",
        help="answer 429 beyond N requests per second (default: no limit)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for ids and faults (default: 0)"
    )
    faults = parser.add_argument_group(
        "faults",
        "make the sandbox misbehave on purpose; each P is the chance, between "
        "0 and 1, that a request meets that fault",
    )
    faults.add_argument(
        "--latency",
        type=_number(0, None),
        default=0.0,
        metavar="SECONDS",
        help="delay every answer by this many seconds",
    )
    for flag, what in (
        ("--error-500", "answer 500 instead of handling the request"),
        ("--error-429", "answer 429 instead of handling the request"),
        ("--drop-before", "drop the connection without handling the request"),
        ("--drop-after", "handle the request, then drop the connection unanswered"),
    ):
        faults.add_argument(
            flag, type=_number(0, 1), default=0.0, metavar="P", help=what
        )
    parser.set_defaults(
        run=run_sandbox, interrupt_code=ExitCode.OK, interrupt_text="sandbox stopped"
    )


async def run_sandbox(ctx: Context) -> int:
    """Serve until interrupted."""
    from telnyx_sip.testing import FaultConfig  # noqa: PLC0415 - see start_sandbox

    args = ctx.args
    chances = (args.error_500, args.error_429, args.drop_before, args.drop_after)
    faults = None
    if args.latency or any(chances):
        faults = FaultConfig(
            latency=args.latency,
            error_500=args.error_500,
            error_429=args.error_429,
            drop_before=args.drop_before,
            drop_after=args.drop_after,
            seed=args.seed,
        )
    server = start_sandbox(
        api_key=args.sandbox_api_key,
        port=args.port,
        rate_limit=args.rate_limit,
        faults=faults,
        seed=args.seed,
    )
    async with contextlib.AsyncExitStack() as stack:
        try:
            sandbox = await stack.enter_async_context(server)
        except OSError as exc:
            msg = (
                f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror or exc}); "
                "pick another port with --port"
            )
            raise UsageError(msg) from None
        ctx.say(f"Telnyx SIP sandbox listening on {sandbox.base_url}")
        ctx.say(f"API key: {sandbox.api_key}")
        ctx.say(
            f"Try: TELNYX_API_KEY={sandbox.api_key} telnyx-sip "
            f"--base-url {sandbox.base_url} connections list"
        )
        ctx.say("Press Ctrl-C to stop.")
        await _until_terminated()
    ctx.stderr.write("telnyx-sip: sandbox stopped\n")
    return ExitCode.OK


async def _until_terminated() -> None:
    """Wait for SIGTERM (``kill``, ``docker stop``); Ctrl-C cancels the wait."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError, ValueError):
        await asyncio.Event().wait()  # no signal support here: Ctrl-C only
    try:
        await stop.wait()
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
