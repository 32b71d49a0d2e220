"""Escape hatches: extra query and body keys, and paths the SDK does not know.

A caller can send what a typed argument cannot express yet (a field or a
query parameter Telnyx added after this release) without losing the checks:
extra keys never silently replace what a typed argument sends, and a raw
path stays under the base URL.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from typing import Literal, cast
from urllib.parse import quote, unquote

import attrs

from telnyx_sip import errors
from telnyx_sip._checks import show, text
from telnyx_sip._operations import ListOperation, Operation

from ._response import Answer, decipher

__all__ = [
    "METHODS",
    "Extras",
    "check_json",
    "decipher_raw",
    "merge_body",
    "merge_query",
    "query_pairs",
    "raw_operation",
]

Pairs = Sequence[tuple[str, str]]
Method = Literal["GET", "POST", "PATCH", "DELETE"]

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
"""What ``client.request()`` may send; POST alone is not idempotent."""

_PAGING = ("page[number]", "page[size]")


def _names(pairs: Pairs) -> str:
    return repr([name for name, _ in pairs])


def _keys(value: Mapping[str, object] | None) -> str:
    return "None" if value is None else repr(list(value))


@attrs.frozen
class Extras:
    """What a client and a call add to the requests they build, checked.

    ``headers`` are added last (a call's after the client's); ``query`` is
    the call's and may not repeat a key the typed arguments send;
    ``default_query`` is the client's, sent where nothing else sends its
    key; ``body`` keys are merged into the JSON body. Reprs show names and
    keys, never values (a header or a body field may hold a secret).
    """

    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=_names)
    query: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=_names)
    default_query: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=_names)
    body: Mapping[str, object] | None = attrs.field(default=None, repr=_keys)

    @property
    def empty(self) -> bool:
        """Whether these add nothing to a request."""
        return not (self.headers or self.query or self.default_query) and (
            self.body is None
        )


# RFC 3986 pchar plus "/" and "%": what a caller's path may hold as written.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def _query_value(name: str, key: str, value: object) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return text(name, value)
    raise errors.InvalidArgumentError(
        name, f"the value of {key!r} must be str, int, float or bool, not {show(value)}"
    )


def query_pairs(name: str, query: object) -> tuple[tuple[str, str], ...]:
    """A mapping of query parameters as checked pairs; a list value repeats its key."""
    if not isinstance(query, Mapping):
        raise errors.InvalidArgumentError(
            name, "expected a mapping of query parameter names to values"
        )
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        if not isinstance(key, str) or not key:
            raise errors.InvalidArgumentError(name, f"{show(key)} is not a name")
        text(name, key)
        values = value if isinstance(value, (list, tuple)) else (value,)
        pairs.extend((key, _query_value(name, key, v)) for v in values)
    return tuple(pairs)


def _typed_name(op: Operation, wire: str) -> str:
    if isinstance(op, ListOperation):
        for name, param in op.params.items():
            if param.wire == wire:
                return f"{name}="
        if wire in _PAGING:
            return wire.replace("[", "_").rstrip("]") + "="
    return "a typed argument"


def merge_query(
    op: Operation, query: Pairs, extra: Pairs, defaults: Pairs
) -> tuple[tuple[str, str], ...]:
    """The typed query, then ``extra`` pairs, then ``defaults`` not already sent.

    Raises:
        InvalidArgumentError: An ``extra`` key a typed argument sends, or a
            page key of a list operation (its pages are counted by the client).

    """
    taken = {key for key, _ in query}
    if isinstance(op, ListOperation):
        taken.update(_PAGING)
    for key, _ in extra:
        if key in taken:
            raise errors.InvalidArgumentError(
                "extra_query",
                f"{key!r} is sent by {_typed_name(op, key)}; pass it there",
            )
    merged = [*query, *extra]
    if defaults:
        taken.update(key for key, _ in extra)
        merged.extend(pair for pair in defaults if pair[0] not in taken)
    return tuple(merged)


def check_json(name: str, value: object) -> Mapping[str, object]:
    """A mapping that encodes as a JSON object."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise errors.InvalidArgumentError(name, "expected a mapping with str keys")
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise errors.InvalidArgumentError(
            name, f"does not encode as JSON: {exc}"
        ) from None
    return value


def _merge(into: dict[str, object], extra: Mapping[str, object], where: str) -> None:
    for key, value in extra.items():
        here = f"{where}.{key}" if where else key
        if key not in into:
            into[key] = value
            continue
        current = into[key]
        if isinstance(current, dict) and isinstance(value, Mapping):
            nested = dict(current)
            _merge(nested, value, here)
            into[key] = nested
        else:
            raise errors.InvalidArgumentError(
                "extra_body", f"{here!r} is already set by a typed argument"
            )


def merge_body(
    op: Operation, body: object, extra: Mapping[str, object]
) -> dict[str, object]:
    """``body`` with ``extra``'s keys added, nested objects merged key by key.

    Raises:
        InvalidArgumentError: The operation sends no JSON object, or a key of
            ``extra`` is one a typed argument already set (named dotted).

    """
    if not isinstance(body, dict):
        raise errors.InvalidArgumentError(
            "extra_body", f"{op.method} {op.path} sends no JSON object body"
        )
    merged = dict(body)
    _merge(merged, extra, "")
    return merged


def _raw_path(path: object) -> str:
    if not isinstance(path, str) or not path.strip("/ "):
        raise errors.InvalidArgumentError(
            "path", f"expected a non-empty path, got {show(path)}"
        )
    text("path", path)
    if "://" in path or path.startswith("//"):
        raise errors.InvalidArgumentError(
            "path", "must be a path under the base URL, not a URL"
        )
    if any(c in "?#\\" or c.isspace() or ord(c) < 32 or ord(c) == 127 for c in path):
        raise errors.InvalidArgumentError(
            "path",
            f"{show(path)} holds '?', '#', a backslash, a space or a control "
            "character (give the query as query=)",
        )
    if not path.startswith("/"):
        path = "/" + path
    if any(unquote(segment) in {".", ".."} for segment in path.split("/")):
        raise errors.InvalidArgumentError(
            "path", f"{show(path)} holds a dot segment ('.' or '..')"
        )
    return quote(path, safe=_PATH_SAFE)


def raw_operation(method: object, path: object) -> Operation:
    """The operation for a call to an endpoint the SDK does not cover.

    ``path`` is relative to the base URL (a leading ``/`` is added); no
    scheme, host, query, fragment or dot segment. Only POST is treated as not
    idempotent (an outcome-unknown POST is never re-sent). Its answer is the
    whole decoded JSON body, envelope included.
    """
    verb = method.upper() if isinstance(method, str) else method
    if verb not in METHODS:
        allowed = ", ".join(sorted(METHODS))
        raise errors.InvalidArgumentError(
            "method", f"must be one of {allowed}; got {show(method)}"
        )
    checked = _raw_path(path)
    # PUT is outside the generated operations' methods but sent the same way.
    return Operation(
        f"{verb} {checked}",
        cast("Method", verb),
        checked,
        idempotent=verb != "POST",
        envelope=False,
    )


def decipher_raw(
    op: Operation, status: int, headers: Mapping[str, str], body: bytes, *, path: str
) -> Answer:
    """:func:`decipher` for a raw call: an empty or ``null`` 2xx body is ``None``."""
    if status < 300 and body.strip() in {b"", b"null"}:
        return Answer(status, headers, body, None)
    return decipher(op, status, headers, body, path=path)
