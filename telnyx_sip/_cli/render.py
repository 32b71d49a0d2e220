"""Turning response models into output: plain JSON data, then a format.

JSON output follows the API's own shape: every model field plus the keys the
API sent that this version does not know (kept in ``extra``), at the same
level. Secret fields (SIP passwords, IP authentication tokens: the generated
``_meta.SECRET_FIELDS``) are replaced by the one marker ``_types.REDACTED``
unless the user asks to see them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, TextIO

import attrs

from telnyx_sip._meta import SECRET_FIELDS
from telnyx_sip._types import REDACTED

from .formats import Format, Writer, lookup, make_writer

__all__ = [
    "SECRETS_NOTE",
    "SECRET_NAMES",
    "Output",
    "columns_for",
    "field_names",
    "to_json",
]

SECRET_NAMES = ", ".join(sorted(SECRET_FIELDS))
"""The secret fields, as help texts list them."""
SECRETS_NOTE = (
    f"Secret fields ({SECRET_NAMES}) are shown as {REDACTED} unless "
    "--show-secrets is given."
)
"""What help texts say about secrets in the output."""

# The fields a person wants to see first, in the order they read best.
_PREFERRED_COLUMNS = (
    "id",
    "name",
    "connection_name",
    "user_name",
    "sip_username",
    "cidr_block",
    "ip_address",
    "fqdn",
    "port",
    "dns_record_type",
    "connection_id",
    "record_type",
    "transport",
    "status",
    "active",
    "enabled",
    "last_registration",
    "created_at",
)


def to_json(value: object, *, show_secrets: bool = False) -> Any:
    """Plain JSON data for a model (or anything nested in one)."""
    cls = type(value)
    if attrs.has(cls):
        out: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if field.name != "extra":
                out[field.name] = getattr(value, field.name)
        extra = getattr(value, "extra", None)
        if isinstance(extra, Mapping):
            for key, item in extra.items():
                out.setdefault(key, item)
        return {
            key: _hide(key, item, show_secrets=show_secrets)
            for key, item in out.items()
        }
    if isinstance(value, Mapping):
        return {
            str(key): _hide(str(key), item, show_secrets=show_secrets)
            for key, item in value.items()
        }
    if isinstance(value, enum.Enum):
        return to_json(value.value, show_secrets=show_secrets)
    if isinstance(value, list | tuple):
        return [to_json(item, show_secrets=show_secrets) for item in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _hide(key: str, value: object, *, show_secrets: bool) -> Any:
    if key in SECRET_FIELDS and value is not None and not show_secrets:
        return REDACTED
    return to_json(value, show_secrets=show_secrets)


def columns_for(model: type[Any]) -> tuple[str, ...]:
    """The table columns for ``model``: its most useful fields."""
    if not attrs.has(model):
        return ()
    names = {f.name for f in attrs.fields(model)}
    chosen = tuple(c for c in _PREFERRED_COLUMNS if c in names)
    return chosen or tuple(n for n in sorted(names) if n != "extra")


def field_names(model: type[Any]) -> tuple[str, ...]:
    """The fields ``--fields`` may name for results of ``model``, in order."""
    if not attrs.has(model):
        return ()
    return tuple(f.name for f in attrs.fields(model) if f.name != "extra")


@attrs.define
class Output:
    """Writes results in the chosen format, keeping secrets hidden.

    ``columns`` are the default columns of a table or CSV; ``fields``, when
    given, pick what every format shows, in that order (dotted names reach
    into nested objects). ``many`` tells a list from a single result (``-o
    json`` prints an array for one, an object for the other); ``terminal``
    is the width a table should fit in, when stdout is a terminal.
    """

    stream: TextIO
    columns: tuple[str, ...]
    format: Format = "jsonl"
    show_secrets: bool = False
    fields: tuple[str, ...] = ()
    pretty: bool = False
    many: bool = True
    terminal: int | None = None
    _writer: Writer = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        columns = self.fields or self.columns
        self._writer = make_writer(
            self.format,
            self.stream,
            columns,
            many=self.many,
            pretty=self.pretty,
            terminal=self.terminal,
        )

    def write(self, result: object) -> None:
        """Output one result."""
        data = to_json(result, show_secrets=self.show_secrets)
        if self.format in ("table", "csv"):
            # Columns are looked up by path as each row is written.
            if not isinstance(data, dict):
                data = {"value": data}
        elif self.fields:
            data = {path: lookup(data, path) for path in self.fields}
        self._writer.write(data)

    def close(self) -> None:
        """Finish the output: print the table, close the JSON array."""
        self._writer.close()
