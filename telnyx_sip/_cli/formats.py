"""The output formats: each a writer fed plain JSON data, one result at a time.

``jsonl``, ``json``, ``yaml`` and ``csv`` stream (a result is written as it
arrives); ``table`` needs every row to size its columns, so it prints on
:meth:`Writer.close`. Machine formats keep values verbatim (JSON and YAML
escape what their syntax needs); only the table, meant for a terminal,
escapes control characters.
"""

from __future__ import annotations

import csv
import importlib
import json
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, Literal, Protocol, TextIO

import attrs

from .failures import UsageError
from .table import cell, layout

__all__ = [
    "FORMATS",
    "Format",
    "MissingExtraError",
    "Writer",
    "lookup",
    "make_writer",
]

Format = Literal["jsonl", "json", "table", "yaml", "csv"]
FORMATS: tuple[Format, ...] = ("jsonl", "json", "table", "yaml", "csv")
"""Every ``--output`` format, the default for pipes first."""


class MissingExtraError(UsageError):
    """A format needs an optional dependency that is not installed."""


class Writer(Protocol):
    """Where the results of one command go."""

    def write(self, data: Any) -> None:
        """Output one result (plain JSON data)."""

    def close(self) -> None:
        """Finish the output (a table prints here, a JSON array closes)."""


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``outbound.channel_limit``), else ``None``."""
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _json(data: Any, *, pretty: bool) -> str:
    if pretty:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return json.dumps(data, ensure_ascii=False)


@attrs.define
class _JsonLines:
    stream: TextIO

    def write(self, data: Any) -> None:
        self.stream.write(_json(data, pretty=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        return


@attrs.define
class _JsonArray:
    """A list as one JSON array, written item by item."""

    stream: TextIO
    pretty: bool
    _count: int = 0

    def write(self, data: Any) -> None:
        text = _json(data, pretty=self.pretty)
        if self.pretty:
            text = textwrap.indent(text, "  ")
            self.stream.write(("[\n" if self._count == 0 else ",\n") + text)
        else:
            self.stream.write(("[" if self._count == 0 else ", ") + text)
        self._count += 1
        self.stream.flush()

    def close(self) -> None:
        if self._count == 0:
            self.stream.write("[]\n")
        else:
            self.stream.write("\n]\n" if self.pretty else "]\n")
        self.stream.flush()


@attrs.define
class _JsonObject:
    stream: TextIO
    pretty: bool

    def write(self, data: Any) -> None:
        self.stream.write(_json(data, pretty=self.pretty) + "\n")
        self.stream.flush()

    def close(self) -> None:
        return


def _yaml_dump() -> Callable[[Any], str]:
    try:
        # An optional extra, imported only when asked for.
        yaml = importlib.import_module("yaml")
    except ImportError:
        msg = "-o yaml needs PyYAML: pip install 'telnyx-sip[yaml]'"
        raise MissingExtraError(msg) from None

    def dump(data: Any) -> str:
        text: str = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, default_flow_style=False
        )
        return text

    return dump


@attrs.define
class _Yaml:
    """YAML: a list as a sequence written item by item, one result as a mapping."""

    stream: TextIO
    many: bool
    dump: Callable[[Any], str]
    _count: int = 0

    def write(self, data: Any) -> None:
        self.stream.write(self.dump([data] if self.many else data))
        self._count += 1
        self.stream.flush()

    def close(self) -> None:
        if self.many and self._count == 0:
            self.stream.write("[]\n")
            self.stream.flush()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


@attrs.define
class _Csv:
    """Comma-separated values under a header row; objects as compact JSON."""

    stream: TextIO
    columns: Sequence[str]
    _rows: Any = attrs.field(init=False, default=None)

    def write(self, data: Any) -> None:
        if not self.columns and isinstance(data, dict):
            self.columns = tuple(data)
        if self._rows is None:
            self._rows = csv.writer(self.stream, lineterminator="\n")
            self._rows.writerow(self.columns)
        self._rows.writerow([_csv_value(lookup(data, c)) for c in self.columns])
        self.stream.flush()

    def close(self) -> None:
        if self._rows is None:  # no results: the header alone
            csv.writer(self.stream, lineterminator="\n").writerow(self.columns)
        self.stream.flush()


@attrs.define
class _Table:
    stream: TextIO
    columns: Sequence[str]
    terminal: int | None
    _rows: list[list[str]] = attrs.field(factory=list)

    def write(self, data: Any) -> None:
        if not self.columns and isinstance(data, dict):
            self.columns = tuple(data)
        self._rows.append([cell(lookup(data, c)) for c in self.columns])

    def close(self) -> None:
        header = [c.upper() for c in self.columns]
        for line in layout(header, self._rows, terminal=self.terminal):
            self.stream.write(line + "\n")
        self.stream.flush()


def make_writer(
    fmt: Format,
    stream: TextIO,
    columns: Sequence[str],
    *,
    many: bool,
    pretty: bool = False,
    terminal: int | None = None,
) -> Writer:
    """The writer for ``fmt``; ``columns`` are used by ``table`` and ``csv``.

    Raises:
        MissingExtraError: For ``yaml`` without PyYAML installed.

    """
    if fmt == "yaml":
        return _Yaml(stream, many, _yaml_dump())
    if fmt == "csv":
        return _Csv(stream, columns)
    if fmt == "table":
        return _Table(stream, columns, terminal)
    if fmt == "json":
        return _JsonArray(stream, pretty) if many else _JsonObject(stream, pretty)
    return _JsonLines(stream)
