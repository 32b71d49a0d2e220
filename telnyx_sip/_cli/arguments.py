"""Command-line options for a service method, and the values they take.

Each :class:`~telnyx_sip._cli.introspect.Param` becomes one option whose
parser turns the text into the type the method expects: ``true``/``false``
for booleans, a checked choice for enums, repeated or comma-separated values
for lists, and JSON (inline or ``@FILE``) for nested objects, built into the
request model so its checks run before anything is sent. List filters share
one ``--filter KEY=VALUE`` option.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from telnyx_sip._params import build_params
from telnyx_sip.errors import InvalidArgumentError

from .facts import Facts
from .failures import UsageError
from .helptext import (
    describe,
    facts_for,
    filter_facts,
    id_help,
    metavar,
    page_facts,
)
from .introspect import FILTER_PREFIX, Command, Param
from .values import (
    choice,
    int_between,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
    parse_list,
    suggest,
)

__all__ = [
    "PASSWORD",
    "PATH_DEST",
    "add_arguments",
    "keyword_arguments",
    "value_parser",
]

PASSWORD = "password"  # noqa: S105 - the argument's name, not a secret
PATH_DEST = "path_id"


def _object_parser(param: Param) -> Callable[[str], object]:
    model = param.model
    assert model is not None

    def parse(text: str) -> object:
        source = text
        if text.startswith("@"):
            try:
                source = Path(text[1:]).read_text(encoding="utf-8")
            except OSError as exc:
                msg = f"cannot read {text[1:]!r}: {exc.strerror or exc}"
                raise argparse.ArgumentTypeError(msg) from None
        try:
            data = json.loads(source)
        except json.JSONDecodeError as exc:
            msg = f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
            raise argparse.ArgumentTypeError(msg) from None
        try:
            return build_params(model, data, where=param.name)
        except InvalidArgumentError as exc:
            key = exc.field.removeprefix(f"{param.name}.")
            msg = str(exc).replace(exc.field, key, 1)
            raise argparse.ArgumentTypeError(msg) from None

    return parse


_PARSERS: dict[str, Callable[[str], object]] = {
    "bool": parse_bool,
    "int": parse_int,
    "float": parse_float,
    "datetime": parse_datetime,
    "list": parse_list,
    "str": str,
}


def value_parser(param: Param, facts: Facts | None = None) -> Callable[[str], object]:
    """The function turning option text into the argument ``param`` takes.

    An integer with bounds in ``facts`` is checked against them here, so
    the error names the option before anything else runs.
    """
    if param.kind == "choice":
        return choice(param.choices)
    if param.kind == "object":
        return _object_parser(param)
    if param.kind == "int" and facts is not None:
        low, high = facts.minimum, facts.maximum
        if isinstance(low, int) and (high is None or isinstance(high, int)):
            return int_between(low, high)
    return _PARSERS[param.kind]


def _normal_key(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.strip().lower()).strip("_")


@attrs.frozen(eq=False)  # hashed by identity: argparse looks types up
class _FilterParser:
    """Reads ``--filter KEY=VALUE``; ``choices`` are the keys, for completion."""

    command: Command

    @property
    def choices(self) -> tuple[str, ...]:
        """Each filter key followed by ``=``."""
        return tuple(f"{name}=" for name in self.command.filters)

    def __call__(self, text: str) -> tuple[str, object]:
        """The filter's name and its parsed value."""
        command = self.command
        key, sep, raw = text.partition("=")
        if not sep:
            msg = f"expected KEY=VALUE, got {text!r}"
            raise argparse.ArgumentTypeError(msg)
        name = _normal_key(key).removeprefix(FILTER_PREFIX)
        param = command.filters.get(name)
        if param is None:
            known = ", ".join(command.filters) or "none"
            hint = suggest(name, command.filters) or f"; known filters: {known}"
            msg = f"unknown filter {key.strip()!r}{hint}"
            raise argparse.ArgumentTypeError(msg)
        try:
            facts = filter_facts(command, FILTER_PREFIX + name)
            return name, value_parser(param, facts)(raw)
        except argparse.ArgumentTypeError as exc:
            msg = f"filter {name}: {exc}"
            raise argparse.ArgumentTypeError(msg) from None


def add_arguments(parser: argparse.ArgumentParser, command: Command) -> None:
    """Add the options of ``command`` to its subcommand parser."""
    if command.path_param is not None:
        parser.add_argument(PATH_DEST, metavar="ID", help=id_help(command))
    required = parser.add_argument_group("required options")
    optional = parser.add_argument_group("fields")
    nullable: list[str] = []
    for param in command.params:
        if param.name == PASSWORD:
            _add_password(required if param.required else optional, param)
            continue
        group = required if param.required else optional
        facts = facts_for(command, param.name)
        text = describe(param, facts, null=f" (--null {param.flag[2:]})")
        if param.kind == "list":
            text += "; repeat the option or separate values with commas ('' for none)"
        elif param.kind == "object":
            text += "; its keys are listed below"
        group.add_argument(
            param.flag,
            dest=param.dest,
            type=value_parser(param, facts),
            action="extend" if param.kind == "list" else "store",
            required=param.required,
            default=argparse.SUPPRESS,
            metavar=metavar(param),
            help=text,
        )
        if param.nullable:
            nullable.append(param.flag[2:])
    if nullable:
        optional.add_argument(
            "--null",
            dest="kw_null",
            action="append",
            type=lambda text: text.replace("_", "-"),
            choices=nullable,
            default=[],
            metavar="FIELD",
            help="send FIELD as JSON null to clear it (repeatable); one of: "
            + ", ".join(nullable),
        )
    if command.is_list:
        _add_list_options(parser, command)


def _add_password(group: argparse._ArgumentGroup, param: Param) -> None:
    when = (
        "required; without it you are prompted when stdin is a terminal"
        if param.required
        else "give it to change the password"
    )
    group.add_argument(
        "--password-stdin",
        dest="password_stdin",
        action="store_true",
        help=f"read the SIP password from the first line of stdin ({when}); "
        "it is never taken as an option value, so it stays out of shell history",
    )


_PAGE = Param("page", "int")


def _add_list_options(parser: argparse.ArgumentParser, command: Command) -> None:
    group = parser.add_argument_group("list options")
    if command.filters:
        known = "; ".join(
            f"{name} ({describe(param, filter_facts(command, FILTER_PREFIX + name))})"
            for name, param in command.filters.items()
        )
        group.add_argument(
            "--filter",
            dest="kw_filter",
            action="append",
            type=_FilterParser(command),
            default=[],
            metavar="KEY=VALUE",
            help=f"only list matching objects (repeatable). Keys: {known}",
        )
    if command.sort is not None:
        group.add_argument(
            "--sort",
            dest="kw_sort",
            type=choice(command.sort.choices),
            default=argparse.SUPPRESS,
            metavar="FIELD",
            help="order of the results (write a leading '-' as --sort=-FIELD); "
            + describe(command.sort, filter_facts(command, "sort")),
        )
    size, number = page_facts(command, "page_size"), page_facts(command, "page_number")
    group.add_argument(
        "--page-size",
        dest="kw_page_size",
        type=value_parser(_PAGE, size),
        default=argparse.SUPPRESS,
        metavar="N",
        help="objects per request: " + describe(_PAGE, size),
    )
    group.add_argument(
        "--page-number",
        dest="kw_page_number",
        type=value_parser(_PAGE, number),
        default=argparse.SUPPRESS,
        metavar="N",
        help="print only page N instead of walking every page: "
        + describe(_PAGE, number),
    )
    group.add_argument(
        "--limit",
        dest="kw_limit",
        type=parse_int,
        default=None,
        metavar="N",
        help="stop after N objects",
    )


def keyword_arguments(ns: argparse.Namespace, command: Command) -> dict[str, object]:
    """The keyword arguments for the service method, from parsed options.

    Raises:
        UsageError: When a field is both given and cleared with ``--null``,
            or a filter is given twice.

    """
    values: Mapping[str, Any] = vars(ns)
    kwargs: dict[str, object] = {
        p.name: values[p.dest] for p in command.params if p.dest in values
    }
    for flag in values.get("kw_null", []):
        name = flag.replace("-", "_")
        if name in kwargs and kwargs[name] is not None:
            msg = f"--{flag} is both given and cleared with --null"
            raise UsageError(msg)
        kwargs[name] = None
    for name, value in values.get("kw_filter", []):
        key = f"filter_{name}"
        if key in kwargs:
            msg = f"filter {name} is given more than once"
            raise UsageError(msg)
        kwargs[key] = value
    for option in ("sort", "page_size", "page_number"):
        if f"kw_{option}" in values:
            kwargs[option] = values[f"kw_{option}"]
    return kwargs
