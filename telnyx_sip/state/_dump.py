"""Writing a document as YAML or JSON text that :func:`loads` reads back.

The YAML is written here rather than by PyYAML, so that it can carry a
comment in each object for every secret an export left out, and so that
dumping needs no extra at all: every string that could read as another
type (``yes``, ``5060``, an IP address) is double-quoted, in JSON's
escaping, which YAML reads the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from telnyx_sip.errors import InvalidArgumentError

from ._document import Document
from ._formats import Format

__all__ = ["dump"]

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.@/-]*")
_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})
_PLACE = re.compile(r"([a-z_]+)\[(\d+)\]\.(.+)")


def dump(document: Document, *, format: Format = "yaml") -> str:  # noqa: A002
    """``document`` as text in ``format`` (``"yaml"`` or ``"json"``).

    A YAML dump notes each secret left out by an export in a comment in its
    object; JSON has no comments (``Document.omitted`` lists them).
    """
    data = document.to_data()
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format != "yaml":
        raise InvalidArgumentError("format", "must be 'yaml' or 'json'")
    notes: dict[tuple[str, int], list[str]] = {}
    for place in document.omitted:
        match = _PLACE.fullmatch(place)
        if match is not None:
            key = (match.group(1), int(match.group(2)))
            notes.setdefault(key, []).append(match.group(3))
    lines = ["version: 1"]
    for resource, items in data.items():
        if resource == "version":
            continue
        if not items:
            lines.append(f"{resource}: []")
            continue
        lines.append(f"{resource}:")
        for index, item in enumerate(items):
            body = _mapping(item, 4)
            if not body:
                body = ["    {}"]
            body[0] = "  - " + body[0][4:]
            lines += body
            lines += [
                f"    # {path}: write-only, not exported; "
                "set it as ${VARIABLE} or !env VARIABLE"
                for path in notes.get((resource, index), ())
            ]
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list, tuple))


def _mapping(data: Mapping[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        name = _scalar(key)
        if _is_scalar(value):
            lines.append(f"{pad}{name}: {_scalar(value)}")
        elif isinstance(value, Mapping):
            inner = _mapping(value, indent + 2)
            lines += [f"{pad}{name}:", *inner] if inner else [f"{pad}{name}: {{}}"]
        elif all(_is_scalar(v) for v in value):
            shown = ", ".join(_scalar(v) for v in value)
            lines.append(f"{pad}{name}: [{shown}]")
        else:
            lines.append(f"{pad}{name}: {json.dumps(value, ensure_ascii=False)}")
    return lines
