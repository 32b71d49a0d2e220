"""Option help made of facts: type, allowed values, bounds, format, default.

The type, the allowed values and whether a field is required or nullable
come from the request models' annotations (:mod:`.introspect`); formats,
bounds and defaults from the spec, generated into :mod:`._spec_facts`.
Nothing here repeats the spec's prose. Defaults are the API's: what it
uses when the option is not given.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Iterator

from telnyx_sip._meta import LIST_OPERATIONS, SECRET_FIELDS
from telnyx_sip._signatures import model_fields

from ._spec_facts import BODIES, FIELDS, PATHS, QUERIES
from .facts import Facts
from .introspect import Command, Param, classify

__all__ = [
    "HelpFormatter",
    "describe",
    "facts_for",
    "fields_epilog",
    "filter_facts",
    "id_help",
    "metavar",
    "page_facts",
    "usage",
]

_KINDS = {
    "str": "text",
    "int": "integer",
    "float": "number",
    "bool": "true or false",
    "datetime": "date-time, ISO 8601 (2024-05-01T12:00:00Z)",
    "list": "list of text",
    "object": "JSON object, inline or @FILE",
}
_NESTED_KINDS = {"list": "JSON array of text", "object": "JSON object"}
_METAVARS = {
    "bool": "{true,false}",
    "int": "N",
    "float": "NUMBER",
    "datetime": "TIME",
    "object": "JSON",
    "list": "VALUE[,VALUE...]",
    "str": "TEXT",
}
_NONE = Facts()
_WIDTH = 78


class HelpFormatter(argparse.HelpFormatter):
    """Wraps prose paragraphs but keeps indented lines (tables) as written.

    Lines never break inside a hyphenated word, so option names stay whole.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            if block.startswith(" ") or "\n " in block:
                blocks.append("\n".join(indent + line for line in block.splitlines()))
            else:
                text = " ".join(block.split())
                blocks.append(
                    textwrap.fill(
                        text,
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                        break_on_hyphens=False,
                    )
                )
        return "\n\n".join(blocks)


def facts_for(command: Command, name: str) -> Facts:
    """The facts of body field ``name`` of ``command``."""
    body = BODIES.get(f"{command.resource}.{command.method}")
    return FIELDS.get(body or "", {}).get(name, _NONE)


def filter_facts(command: Command, name: str) -> Facts:
    """The facts of list argument ``name`` (``filter_port``, ``sort``)."""
    return QUERIES.get(f"{command.resource}.{command.method}", {}).get(name, _NONE)


def page_facts(command: Command, name: str) -> Facts:
    """The facts of ``page_size`` or ``page_number``, from the list operation."""
    op = LIST_OPERATIONS[f"{command.resource}.{command.method}"]
    if name == "page_size":
        return Facts(
            minimum=op.page_size_min,
            maximum=op.page_size_max,
            default=str(op.page_size_default),
        )
    return Facts(minimum=op.page_number_min)


def _word(value: str) -> str:
    # Quoted where a space, comma or emptiness would make a list ambiguous.
    return value if value and not set(value) & {" ", ","} else repr(value)


def _shown(default: str) -> str:
    value = json.loads(default)
    return _word(value) if isinstance(value, str) else default


def _bounds(facts: Facts) -> Iterator[str]:
    low, high = facts.minimum, facts.maximum
    if low is not None and high is not None:
        yield f"{low} to {high}"
    elif low is not None:
        yield f">= {low}"
    elif high is not None:
        yield f"<= {high}"
    if facts.multiple_of is not None:
        yield f"a multiple of {facts.multiple_of}"
    if facts.min_length is not None:
        yield f"at least {facts.min_length} characters"


def describe(
    param: Param, facts: Facts, *, null: str = "", nested: bool = False
) -> str:
    """One field's facts in a line: ``integer, 1 to 120; default: 3``.

    ``null`` is how a nullable field is cleared, said after ``may be null``;
    ``nested`` describes a key inside a JSON object rather than an option.
    """
    if param.kind == "choice":
        kind = "one of: " + ", ".join(_word(c) for c in param.choices)
    elif nested and param.kind in _NESTED_KINDS:
        kind = _NESTED_KINDS[param.kind]
    else:
        kind = _KINDS[param.kind]
    if facts.format and param.kind != "datetime":
        kind += f" ({facts.format})"
    parts = [", ".join([kind, *_bounds(facts)])]
    if param.required:
        parts.append("required")
    if facts.default is not None:
        parts.append(f"default: {_shown(facts.default)}")
    if param.nullable:
        parts.append(f"may be null{null}")
    if param.name in SECRET_FIELDS:
        parts.append("secret")
    return "; ".join(parts)


def id_help(command: Command) -> str:
    """The help of the positional id, with its format when the spec gives one."""
    found = PATHS.get(f"{command.resource}.{command.method}")
    fmt = f" ({found.format})" if found and found.format else ""
    return f"the {command.path_param} of the object: text{fmt}"


def metavar(param: Param) -> str:
    """The placeholder of an option's value in help and usage."""
    if param.kind == "choice":
        short = sum(len(c) + 1 for c in param.choices) <= 40
        if short and not any(" " in c or "," in c for c in param.choices):
            return "{" + ",".join(param.choices) + "}"
        return "VALUE"
    return _METAVARS[param.kind]


def _nested_lines(param: Param, prefix: str = "") -> Iterator[tuple[str, str]]:
    assert param.model is not None
    table = FIELDS.get(param.model.__name__, {})
    for field in model_fields(param.model).values():
        name = prefix + field.name
        try:
            inner = classify(field.name, field.hint, required=field.required)
        except TypeError:  # a free-form mapping or the like
            yield name, "JSON value"
            continue
        yield name, describe(inner, table.get(field.name, _NONE), nested=True)
        if inner.kind == "object":
            yield from _nested_lines(inner, prefix=name + ".")


def fields_epilog(command: Command) -> str | None:
    """The keys of each nested-object option, one line each, or ``None``."""
    blocks = []
    for param in command.params:
        if param.kind != "object":
            continue
        rows = list(_nested_lines(param))
        size = max(len(name) for name, _ in rows)
        lines = [f"{param.flag} keys:"]
        for name, text in rows:
            lines += textwrap.wrap(
                text,
                _WIDTH,
                initial_indent=f"  {name.ljust(size)}  ",
                subsequent_indent=" " * (size + 4),
                break_long_words=False,
                break_on_hyphens=False,
            )
        blocks.append("\n".join(lines))
    if not blocks:
        return None
    note = (
        "Defaults are the API's: what it uses when a field is not given. "
        "Keep secret keys out of shell history with @FILE."
    )
    return "\n\n".join([*blocks, note])


def usage(command: Command) -> str:
    """A short usage line: the id, the required options, then ``[options]``."""
    words = ["%(prog)s"]
    if command.path_param is not None:
        words.append("ID")
    for param in command.params:
        if param.required and param.name != "password":
            words.append(f"{param.flag} {metavar(param)}")
    words.append("[options]")
    return " ".join(words)
