"""``telnyx-sip plan FILE``: what ``apply`` would change, field by field.

The exit status follows ``terraform plan -detailed-exitcode``, so a script
can tell "in sync" from "drifted" from "could not tell": 0 no changes, 2
changes, 1 any error (the command line included).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence

from telnyx_sip import state
from telnyx_sip.errors import TelnyxSIPError

from .context import Context
from .failures import PROG, ExitCode, UsageError
from .state_input import (
    STDIN,
    add_prune_options,
    parse_document,
    prune_from,
    read_text,
    tell,
)
from .state_render import Renderer

__all__ = ["CHANGES", "COMMAND", "NO_CHANGES", "register", "run_plan"]

COMMAND = f"{PROG} plan"
NO_CHANGES = ExitCode.OK
"""plan's exit status when the account matches the document."""
CHANGES = 2
"""plan's exit status when applying the document would change the account."""

_OUTPUTS = ("text", "json")

_DESCRIPTION = """\
Compare a desired-state document (YAML or JSON, such as the output of
'telnyx-sip export') with the account and print what 'telnyx-sip apply FILE'
would do, without changing anything:

  + create ips[connection=pbx, ip_address=203.0.113.7]
      port: 5060
  ~ update ips[connection=pbx, ip_address=203.0.113.8]  (id 1234)
      port: 5060 → 5070
  - delete fqdns[connection=edge, fqdn=old.example.com]  (id 77)

  Plan: 1 to create, 1 to update, 1 to delete, 40 unchanged

Objects are matched by natural key (a connection by connection_name, an IP by
connection and ip_address ...). Only the fields the document mentions are
compared; secret fields are never printed. Nothing is deleted without
--prune, and --prune deletes only within --prune-resources (and --prune-tag).
Color only on a terminal, never with NO_COLOR set. --output json prints the
plan as one JSON object (secrets as "[redacted]")."""

_EPILOG = """\
exit status (as terraform plan -detailed-exitcode): 0 no changes; 2 changes
to make; 1 any error (a bad document, each problem printed with its place; a
bad command line; an API or network error; two account objects with one
natural key; a file that cannot be read)."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``plan`` command."""
    del parents  # it prints a diff, not API results
    parser = subparsers.add_parser(
        "plan",
        allow_abbrev=False,
        help="Show what applying a desired-state document would change.",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help=f"the document (.yaml, .yml or .json); {STDIN} reads standard input",
    )
    parser.add_argument(
        "-o",
        "--output",
        dest="plan_output",
        choices=_OUTPUTS,
        default=None,
        metavar="FORMAT",
        help="text (default) or json",
    )
    add_prune_options(parser)
    parser.set_defaults(run=run_plan)


def plan_output(args: argparse.Namespace) -> str:
    """``text`` or ``json``; ``-o json`` before the command counts too.

    Raises:
        UsageError: For another global output format.

    """
    chosen: str | None = args.plan_output
    if chosen is not None:
        return chosen
    earlier: str | None = getattr(args, "output", None)
    if earlier is None:
        return "json" if getattr(args, "pretty", False) else "text"
    if earlier == "json":
        return "json"
    msg = f"plan prints text or json, not {earlier}"
    raise UsageError(msg)


async def run_plan(ctx: Context) -> int:
    """Plan the document against the account and print the diff."""
    path: str = ctx.args.file
    try:
        output = plan_output(ctx.args)
        prune = prune_from(ctx.args)
        document = parse_document(read_text(path, ctx.stdin), path)
        async with ctx.client() as client:
            plan = await state.plan(client, document, prune=prune)
    except (UsageError, TelnyxSIPError) as exc:
        tell(ctx.stderr, exc, command=COMMAND, path=path)
        return ExitCode.FAILURE
    if output == "json":
        ctx.stdout.write(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False))
        ctx.stdout.write("\n")
        ctx.stdout.flush()
    else:
        Renderer(ctx.stdout, os.environ).plan(plan)
    return CHANGES if plan.has_changes else NO_CHANGES
