"""One subcommand per resource, one sub-subcommand per operation.

``telnyx-sip ips list --filter connection_id=123`` calls
``client.ips.list(filter_connection_id="123")``; the commands and their
options are read from the services, so a new operation shows up here without
code of its own.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import Any

from .arguments import PASSWORD, PATH_DEST, add_arguments, keyword_arguments
from .context import Context
from .failures import ExitCode
from .helptext import HelpFormatter, fields_epilog, usage
from .introspect import Command, resources
from .render import SECRETS_NOTE, columns_for, field_names
from .usage import COMMAND_KEY

__all__ = ["register"]

_LIST_TEXT = (
    "Prints the objects in the -o format (a table on a terminal, else one "
    "JSON object per line). Every page is walked unless --page-number picks "
    "one; --limit stops early."
)
_ONE_TEXT = (
    "Prints the resulting object in the -o format (a table on a terminal, "
    "else a line of JSON)."
)


def _description(command: Command) -> str:
    text = f"{command.summary} {_LIST_TEXT if command.is_list else _ONE_TEXT}"
    return f"{text} {SECRETS_NOTE}"


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add a subcommand for every resource of the client."""
    for resource in resources():
        parser = subparsers.add_parser(
            resource.name,
            allow_abbrev=False,
            help=resource.summary,
            description=f"{resource.summary} Pick an operation; each has --help.",
        )
        operations = parser.add_subparsers(
            dest="operation", metavar="OPERATION", required=True, title="operations"
        )
        for command in resource.commands:
            sub = operations.add_parser(
                command.name,
                allow_abbrev=False,
                help=command.summary,
                description=_description(command),
                epilog=fields_epilog(command),
                usage=usage(command),
                formatter_class=HelpFormatter,
                parents=list(parents),
            )
            add_arguments(sub, command)
            sub.set_defaults(
                run=functools.partial(run_command, command), **{COMMAND_KEY: command}
            )


async def run_command(command: Command, ctx: Context) -> int:
    """Call the service method behind ``command`` and print what it returns."""
    kwargs = keyword_arguments(ctx.args, command)
    for param in command.params:
        if param.name == PASSWORD:
            password = ctx.read_password(required=param.required)
            if password is not None:
                kwargs[PASSWORD] = password
    output = ctx.output(
        columns_for(command.result),
        many=command.is_list,
        known=field_names(command.result),
    )
    async with ctx.client() as client:
        method: Any = getattr(getattr(client, command.resource), command.method)
        if command.is_list:
            limit: int | None = ctx.args.kw_limit
            pager = method(**kwargs, limit=limit)
            if "page_number" in kwargs:
                page = await pager
                for item in page.items[:limit]:
                    output.write(item)
            else:
                async for item in pager:
                    output.write(item)
        else:
            path = () if command.path_param is None else (getattr(ctx.args, PATH_DEST),)
            output.write(await method(*path, **kwargs))
    output.close()
    return ExitCode.OK
