"""Turning response models into JSON lines or an aligned table.

JSON output follows the API's own shape: every model field plus the keys the
API sent that this version does not know (kept in ``extra``), at the same
level. Secret fields (SIP passwords, IP authentication tokens: the generated
``_meta.SECRET_FIELDS``) are replaced by the one marker ``_types.REDACTED``
unless the user asks to see them.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

import attrs

from telnyx_sip._cli.text import ljust, printable, width
from telnyx_sip._meta import SECRET_FIELDS
from telnyx_sip._types import REDACTED

__all__ = ["SECRETS_NOTE", "SECRET_NAMES", "Output", "columns_for", "to_json"]

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


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_cell(v) for v in value) or "-"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return printable(str(value))


def _table(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...]) -> list[str]:
    grid = [[printable(c.upper()) for c in columns]]
    grid += [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(width(line[i]) for line in grid) for i in range(len(columns))]
    return [
        "  ".join(
            ljust(cell, size) for cell, size in zip(line, widths, strict=True)
        ).rstrip()
        for line in grid
    ]


@attrs.define
class Output:
    """Writes results: one JSON object per line, or a table at the end.

    JSON lines go out as soon as each result arrives, so long lists stream;
    a table needs every row to size its columns, so it waits for
    :meth:`close`.
    """

    stream: TextIO
    columns: tuple[str, ...]
    table: bool = False
    show_secrets: bool = False
    _rows: list[dict[str, Any]] = attrs.field(factory=list, init=False)

    def write(self, result: object) -> None:
        """Output one result."""
        data = to_json(result, show_secrets=self.show_secrets)
        if self.table:
            self._rows.append(data if isinstance(data, dict) else {"value": data})
            return
        self.stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Print the table, when one was asked for."""
        if not self.table:
            return
        columns = self.columns
        if not columns and self._rows:
            columns = tuple(self._rows[0])
        for line in _table(self._rows, columns):
            self.stream.write(line + "\n")
        self.stream.flush()
