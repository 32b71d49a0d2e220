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

from telnyx_sip._meta import SECRET_FIELDS
from telnyx_sip._params import build_params
from telnyx_sip.errors import InvalidArgumentError

from .failures import UsageError
from .introspect import Command, Param
from .values import (
    choice,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
    parse_list,
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
_KIND_HELP = {
    "str": "text",
    "int": "integer",
    "float": "number",
    "bool": "true or false",
    "datetime": "ISO 8601 date-time such as 2024-05-01T12:00:00Z",
}


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
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


_PARSERS: dict[str, Callable[[str], object]] = {
    "bool": parse_bool,
    "int": parse_int,
    "float": parse_float,
    "datetime": parse_datetime,
    "list": parse_list,
    "str": str,
}


def value_parser(param: Param) -> Callable[[str], object]:
    """The function turning option text into the argument ``param`` takes."""
    if param.kind == "choice":
        return choice(param.choices)
    if param.kind == "object":
        return _object_parser(param)
    return _PARSERS[param.kind]


def _describe(param: Param) -> str:
    if param.kind == "choice":
        return "one of: " + ", ".join(repr(c) for c in param.choices)
    if param.kind == "list":
        return "repeat the option or separate values with commas ('' for none)"
    if param.kind == "object":
        assert param.model is not None
        names = [f.name for f in attrs.fields(param.model)]
        text = f"JSON object, inline or @FILE; fields: {', '.join(names)}"
        secrets = sorted(SECRET_FIELDS.intersection(names))
        if secrets:
            text += f" (keep {', '.join(secrets)} out of shell history: use @FILE)"
        return text
    return _KIND_HELP[param.kind]


_METAVARS = {
    "bool": "{true,false}",
    "int": "N",
    "float": "NUMBER",
    "datetime": "TIME",
    "object": "JSON",
    "list": "VALUE[,VALUE...]",
    "str": "TEXT",
}


def _metavar(param: Param) -> str:
    if param.kind == "choice":
        short = sum(len(c) + 1 for c in param.choices) <= 40
        if short and not any(" " in c or "," in c for c in param.choices):
            return "{" + ",".join(param.choices) + "}"
        return "VALUE"
    return _METAVARS[param.kind]


def _normal_key(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.strip().lower()).strip("_")


def _filter_parser(command: Command) -> Callable[[str], tuple[str, object]]:
    def parse(text: str) -> tuple[str, object]:
        key, sep, raw = text.partition("=")
        if not sep:
            msg = f"expected KEY=VALUE, got {text!r}"
            raise argparse.ArgumentTypeError(msg)
        name = _normal_key(key).removeprefix("filter_")
        param = command.filters.get(name)
        if param is None:
            known = ", ".join(command.filters) or "none"
            msg = f"unknown filter {key.strip()!r}; known filters: {known}"
            raise argparse.ArgumentTypeError(msg)
        try:
            return name, value_parser(param)(raw)
        except argparse.ArgumentTypeError as exc:
            msg = f"filter {name}: {exc}"
            raise argparse.ArgumentTypeError(msg) from None

    return parse


def add_arguments(parser: argparse.ArgumentParser, command: Command) -> None:
    """Add the options of ``command`` to its subcommand parser."""
    if command.path_param is not None:
        parser.add_argument(
            PATH_DEST, metavar="ID", help=f"the {command.path_param} of the object"
        )
    required = parser.add_argument_group("required options")
    optional = parser.add_argument_group("fields")
    nullable: list[str] = []
    for param in command.params:
        if param.name == PASSWORD:
            _add_password(required if param.required else optional, param)
            continue
        group = required if param.required else optional
        group.add_argument(
            param.flag,
            dest=param.dest,
            type=value_parser(param),
            action="extend" if param.kind == "list" else "store",
            required=param.required,
            default=argparse.SUPPRESS,
            metavar=_metavar(param),
            help=_describe(param) + ("; --null clears it" if param.nullable else ""),
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


def _add_list_options(parser: argparse.ArgumentParser, command: Command) -> None:
    group = parser.add_argument_group("list options")
    if command.filters:
        known = "; ".join(
            f"{name} ({_describe(param)})" for name, param in command.filters.items()
        )
        group.add_argument(
            "--filter",
            dest="kw_filter",
            action="append",
            type=_filter_parser(command),
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
            + _describe(command.sort),
        )
    group.add_argument(
        "--page-size",
        dest="kw_page_size",
        type=parse_int,
        default=argparse.SUPPRESS,
        metavar="N",
        help="objects per request",
    )
    group.add_argument(
        "--page-number",
        dest="kw_page_number",
        type=parse_int,
        default=argparse.SUPPRESS,
        metavar="N",
        help="print only page N instead of walking every page",
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
