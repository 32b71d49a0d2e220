"""Building requests: base URL, path quoting, the Telnyx query encoding, bytes."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import ipaddress
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode, urlsplit

import attrs

from telnyx_sip import _json, errors
from telnyx_sip._checks import int64, show, text
from telnyx_sip._operations import ListOperation, Operation, QueryParam
from telnyx_sip._types import UNSET

from ._extra import Extras, merge_body, merge_query

__all__ = [
    "ListQuery",
    "Request",
    "bounded_int",
    "build_path",
    "build_request",
    "check_base_url",
    "check_limit",
    "encode_query",
    "is_loopback",
    "prepare_list",
]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_JSON_HEADERS = (("Content-Type", "application/json"),)

Pairs = Sequence[tuple[str, str]]


# Not frozen: a frozen attrs class sets each field through object.__setattr__,
# three times slower on a path every call takes; nothing assigns to it.
@attrs.define
class Request:
    """Everything needed to send one attempt; ``path`` is for messages."""

    method: str
    url: str
    path: str
    headers: Mapping[str, str]
    body: bytes | None


@attrs.frozen
class ListQuery:
    """A list call's checked arguments: the query without the page number."""

    pairs: tuple[tuple[str, str], ...]
    first_page: int
    page_size: int
    limit: int | None

    def page(self, number: int) -> tuple[tuple[str, str], ...]:
        """The whole query for page ``number``."""
        return (*self.pairs, ("page[number]", str(number)))


def check_base_url(base_url: str) -> str:
    """Validate a base URL and return it without a trailing slash.

    Plain ``http://`` is only allowed for loopback hosts, so an API key is
    never sent in the clear over a network.
    """
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme not in {"http", "https"} or not host:
        raise errors.InvalidArgumentError(
            "base_url", f"expected an http(s) URL with a host, got {base_url!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise errors.InvalidArgumentError(
            "base_url", "must not carry a query, fragment or credentials"
        )
    if parts.scheme == "http" and not is_loopback(host):
        raise errors.InvalidArgumentError(
            "base_url", f"plain http is only allowed for loopback hosts, not {host!r}"
        )
    return base_url.rstrip("/")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (127.0.0.0/8, ::1 or localhost)."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# Characters quote(safe="") leaves alone: an id made only of them (digits,
# UUIDs) goes into the path as it is, without the quoting pass.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")


@functools.lru_cache(maxsize=64)
def _split(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A path template's placeholder names and the literal text around them."""
    parts = _PLACEHOLDER.split(template)
    return tuple(parts[1::2]), tuple(parts[0::2])


def build_path(template: str, values: tuple[str, ...]) -> str:
    """Fill a path template such as ``/ips/{id}`` with percent-encoded values.

    Every value is encoded with no safe characters, so ``/``, ``?``, ``#`` and
    ``%`` can never change the path; empty and dot-segment values are refused.
    """
    if not values:
        return template
    names, literals = _split(template)
    if len(names) != len(values):  # pragma: no cover - generated code is consistent
        msg = f"{template} takes {len(names)} path values, got {len(values)}"
        raise TypeError(msg)
    out = [literals[0]]
    for name, value, literal in zip(names, values, literals[1:], strict=True):
        out.append(_segment(name, value))
        out.append(literal)
    return "".join(out)


def _segment(name: str, value: object) -> str:
    """One path value, checked and percent-encoded."""
    if type(value) is str and _UNRESERVED.fullmatch(value) and value not in _DOTS:
        return value
    if not isinstance(value, str):
        raise errors.InvalidArgumentError(
            name, f"expected str, got {type(value).__name__}"
        )
    if value.strip() in _DOTS:
        raise errors.InvalidArgumentError(
            name, f"must be a non-empty id, got {show(value)}"
        )
    return quote(text(name, value), safe="")


_DOTS = frozenset({"", ".", ".."})


def _expected(name: str, kind: str, value: object) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(
        name, f"expected {kind}, got {type(value).__name__}"
    )


def _query_value(name: str, param: QueryParam, value: object) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    kind = param.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise _expected(name, "bool", value)
        return "true" if value else "false"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _expected(name, "int", value)
        return str(int64(name, value))
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            return value.isoformat()
        raise _expected(name, "datetime", value)
    if not isinstance(value, str):
        raise _expected(name, "str", value)
    if param.choices and value not in param.choices:
        allowed = ", ".join(repr(c) for c in param.choices)
        raise errors.InvalidArgumentError(
            name, f"must be one of {allowed}; got {show(value)}"
        )
    return text(name, value)


def bounded_int(name: str, value: object, low: int, high: int | None = None) -> int:
    """An int in ``[low, high]``: the one check every count argument goes through."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _expected(name, "int", value)
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f">= {low}"
        raise errors.InvalidArgumentError(name, f"must be {bound}, got {show(value)}")
    return int64(name, value)


def check_limit(limit: object) -> int | None:
    """Validate a ``limit=`` argument (``None`` means no limit)."""
    return None if limit is None else bounded_int("limit", limit, 1, None)


def encode_query(
    op: ListOperation, args: Mapping[str, object]
) -> list[tuple[str, str]]:
    """Validate filter and sort arguments and encode them the Telnyx way.

    Filters become ``filter[field][op]=value`` pairs. Arguments that were not
    given are left out.
    """
    query: list[tuple[str, str]] = []
    for name, value in args.items():
        if value is UNSET:
            continue
        param = op.params.get(name)
        if param is None:  # pragma: no cover - generated code is consistent
            msg = f"{op.name} has no argument {name!r}"
            raise TypeError(msg)
        query.append((param.wire, _query_value(name, param, value)))
    return query


def prepare_list(
    op: ListOperation,
    args: Mapping[str, object],
    *,
    page_number: object = UNSET,
    page_size: object = UNSET,
    limit: object = None,
) -> ListQuery:
    """Check every argument of a list call once, before any request."""
    pairs = encode_query(op, args)
    first = 1
    if page_number is not UNSET:
        first = bounded_int("page_number", page_number, op.page_number_min, None)
    size = op.page_size_default
    if page_size is not UNSET:
        size = bounded_int("page_size", page_size, op.page_size_min, op.page_size_max)
        pairs.append(("page[size]", str(size)))
    return ListQuery(tuple(pairs), first, size, check_limit(limit))


def build_request(
    op: Operation,
    *,
    base_url: str,
    headers: Mapping[str, str],
    path: tuple[str, ...] = (),
    query: Pairs = (),
    body: object = UNSET,
    extras: Extras | None = None,
) -> Request:
    """The method, URL, headers and bytes of one request.

    ``body`` is JSON-shaped data (``UNSET``: no body). ``headers`` are the
    client's own and are never modified: a request that adds to them gets a
    copy. ``extras`` are the escape hatches (see :class:`Extras`): more
    headers, query pairs that may not repeat a typed argument's key, the
    client's default query, and keys merged into the body that may not set
    what a typed argument set.
    """
    url_path = build_path(op.path, path)
    url = base_url + url_path
    extra_headers: Pairs = ()
    if extras is not None:
        extra_headers = extras.headers
        if extras.query or extras.default_query:
            query = merge_query(op, query, extras.query, extras.default_query)
        if extras.body is not None:
            if body is UNSET:
                raise errors.InvalidArgumentError(
                    "extra_body", f"{op.method} {op.path} sends no body"
                )
            body = merge_body(op, body, extras.body)
    if query:
        url = f"{url}?{urlencode(query, safe='[]', quote_via=quote)}"
    payload = None
    if body is not UNSET:
        try:
            payload = _json.dumps(body)
        except (TypeError, ValueError, RecursionError) as exc:
            raise errors.InvalidArgumentError(
                "body", f"does not encode as JSON: {exc}"
            ) from None
    if payload is not None or extra_headers:
        headers = dict(headers)
        headers.update(extra_headers)
        if payload is not None:
            headers.update(_JSON_HEADERS)
    return Request(op.method, url, url_path, headers, payload)
