"""The global options, accepted before or after the command.

The top-level parser holds them with their defaults. Every command parser
gets them too, defaulting to :data:`argparse.SUPPRESS`, so a value given
after the command lands in the same attribute and one not given there
leaves the top-level value alone: ``telnyx-sip -v ips list`` and
``telnyx-sip ips list -v`` mean the same. The output options
(:func:`add_output_options`) appear in the help of the commands that print
results; the API options are accepted everywhere but listed once, in
``telnyx-sip --help``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any, TextIO

from telnyx_sip._client import DEFAULT_BASE_URL, ENV_API_KEY
from telnyx_sip._types import REDACTED

from .failures import UsageError
from .formats import FORMATS, Format
from .parser import PARSER_KEY
from .render import SECRET_NAMES
from .values import int_between, parse_list, positive

__all__ = [
    "add_api_options",
    "add_output_options",
    "check_options",
    "output_format",
    "share_options",
    "subparsers_of",
]


def _api_options() -> tuple[tuple[tuple[str, ...], dict[str, Any]], ...]:
    # (flags, add_argument keywords); defaults are the top level's.
    return (
        (
            ("--base-url",),
            {
                "metavar": "URL",
                "default": None,
                "help": "API root (default: $TELNYX_BASE_URL, else "
                f"{DEFAULT_BASE_URL}); plain http only on loopback",
            },
        ),
        (
            ("--sandbox",),
            {
                "action": "store_true",
                "default": False,
                "help": "run the command against a fresh in-process sandbox "
                "instead of Telnyx (empty, and gone when the command ends; no "
                "API key needed)",
            },
        ),
        (
            ("--api-key-file",),
            {
                "metavar": "PATH",
                "default": None,
                "help": f"read the API key from this file (default: ${ENV_API_KEY})",
            },
        ),
        (
            ("--timeout",),
            {
                "type": positive,
                "default": 30.0,
                "metavar": "SECONDS",
                "help": "time limit for each attempt (default: 30)",
            },
        ),
        (
            ("--max-retries",),
            {
                "type": int_between(0),
                "default": 2,
                "metavar": "N",
                "help": "retries after a failed attempt, where retrying is safe "
                "(default: 2)",
            },
        ),
        (
            ("-v", "--verbose"),
            {
                "action": "store_true",
                "default": False,
                "help": "log each HTTP attempt (method, path, status, request id) "
                "to stderr",
            },
        ),
    )


def add_api_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Where the API is and how to reach it; hidden from help below the top.

    Below the top, an option whose name the command already uses is left
    out: the command keeps its own.
    """
    group = parser.add_argument_group("API") if top else parser
    taken = set(parser._option_string_actions)
    for flags, keywords in _api_options():
        if top:
            group.add_argument(*flags, **keywords)
        elif not taken.intersection(flags):
            hidden = dict(keywords, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            group.add_argument(*flags, **hidden)


def add_output_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """How results print: format, fields, secrets."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("output")
    group.add_argument(
        "-o",
        "--output",
        choices=FORMATS,
        default=default(None),
        metavar="FORMAT",
        help="jsonl (one JSON object per line), json, table, yaml or csv "
        "(default: table when stdout is a terminal, else jsonl)",
    )
    group.add_argument(
        "--table",
        dest="output",
        action="store_const",
        const="table",
        default=default(None),
        help="the same as -o table",
    )
    group.add_argument(
        "--fields",
        type=parse_list,
        action="extend",
        default=default(None),
        metavar="FIELD[,FIELD...]",
        help="show only these fields, in this order, in any format "
        "(outbound.channel_limit reaches into an object)",
    )
    group.add_argument(
        "--pretty",
        action="store_true",
        default=default(False),
        help="indent JSON (implies -o json when no format is given)",
    )
    group.add_argument(
        "--show-secrets",
        action="store_true",
        default=default(False),
        help=f"print secret fields ({SECRET_NAMES}) instead of {REDACTED}; "
        "they may end up in terminal scroll-back and logs",
    )


def subparsers_of(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The command parsers directly below ``parser``, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def share_options(parser: argparse.ArgumentParser) -> None:
    """Give every parser below ``parser`` the API options, hidden.

    Each parser also records itself under :data:`PARSER_KEY`, so the deepest
    one a command line reached is known when reporting an error.
    """
    parser.set_defaults(**{PARSER_KEY: parser})
    for _, sub in subparsers_of(parser):
        add_api_options(sub, top=False)
        share_options(sub)


def check_options(args: argparse.Namespace) -> None:
    """Checks across levels that argparse cannot make.

    Raises:
        UsageError: For ``--sandbox`` with ``--base-url``, or ``--pretty``
            with a format other than JSON.

    """
    if getattr(args, "sandbox", False) and getattr(args, "base_url", None):
        msg = "--sandbox and --base-url cannot be used together"
        raise UsageError(msg)
    chosen = getattr(args, "output", None)
    if getattr(args, "pretty", False) and chosen not in (None, "json"):
        msg = f"--pretty indents JSON; it does not apply to -o {chosen}"
        raise UsageError(msg)


def output_format(args: argparse.Namespace, stdout: TextIO) -> Format:
    """The format asked for, else ``table`` on a terminal and ``jsonl`` in a pipe."""
    chosen: Format | None = getattr(args, "output", None)
    if chosen is not None:
        return chosen
    if getattr(args, "pretty", False):
        return "json"
    try:
        terminal = stdout.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        terminal = False
    return "table" if terminal else "jsonl"
