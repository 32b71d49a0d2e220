"""Pure request and response logic: no I/O, no aiohttp.

Building a request (path quoting, query encoding, headers) and deciphering a
response (status to exception class, ``errors[]``, request id, retry delays)
live here so they can be tested without a network.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import enum
import functools
import ipaddress
import json
import math
import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from . import errors
from ._types import UNSET

if TYPE_CHECKING:
    from .services._base import ListOperation, QueryParam

__all__ = [
    "build_path",
    "check_base_url",
    "encode_query",
    "parse_error",
    "parse_errors",
    "request_id",
    "retry_delay",
]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
# Anything above this is an epoch timestamp rather than a number of seconds.
_EPOCH_THRESHOLD = 1_000_000_000

STATUS_ERRORS: Mapping[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}


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


@functools.lru_cache(maxsize=64)
def _placeholders(template: str) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.findall(template))


def build_path(template: str, values: tuple[str, ...]) -> str:
    """Fill a path template such as ``/ips/{id}`` with percent-encoded values.

    Every value is encoded with no safe characters, so ``/``, ``?``, ``#`` and
    ``%`` can never change the path; empty and dot-segment values are refused.
    """
    names = _placeholders(template)
    if len(names) != len(values):  # pragma: no cover - generated code is consistent
        msg = f"{template} takes {len(names)} path values, got {len(values)}"
        raise TypeError(msg)
    out = template
    for name, value in zip(names, values, strict=True):
        if not isinstance(value, str):
            raise errors.InvalidArgumentError(
                name, f"expected str, got {type(value).__name__}"
            )
        if value.strip() in {"", ".", ".."}:
            raise errors.InvalidArgumentError(
                name, f"must be a non-empty id, got {value!r}"
            )
        out = out.replace("{" + name + "}", quote(value, safe=""), 1)
    return out


def _query_value(name: str, param: QueryParam, value: object) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    kind = param.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise errors.InvalidArgumentError(
                name, f"expected bool, got {type(value).__name__}"
            )
        return "true" if value else "false"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise errors.InvalidArgumentError(
                name, f"expected int, got {type(value).__name__}"
            )
        return str(value)
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            return value.isoformat()
        raise errors.InvalidArgumentError(
            name, f"expected datetime, got {type(value).__name__}"
        )
    if not isinstance(value, str):
        raise errors.InvalidArgumentError(
            name, f"expected str, got {type(value).__name__}"
        )
    if param.choices and value not in param.choices:
        allowed = ", ".join(repr(c) for c in param.choices)
        raise errors.InvalidArgumentError(
            name, f"must be one of {allowed}; got {value!r}"
        )
    return value


def _page_value(name: str, value: object, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.InvalidArgumentError(
            name, f"expected int, got {type(value).__name__}"
        )
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f">= {low}"
        raise errors.InvalidArgumentError(name, f"must be {bound}, got {value}")
    return value


def encode_query(
    op: ListOperation,
    args: Mapping[str, object],
    *,
    page_number: object = UNSET,
    page_size: object = UNSET,
) -> list[tuple[str, str]]:
    """Validate list arguments and encode them the Telnyx way.

    Filters become ``filter[field][op]=value`` pairs, pages ``page[number]``
    and ``page[size]``. Arguments that were not given are left out.
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
    if page_number is not UNSET:
        number = _page_value("page_number", page_number, op.page_number_min, None)
        query.append(("page[number]", str(number)))
    if page_size is not UNSET:
        size = _page_value("page_size", page_size, op.page_size_min, op.page_size_max)
        query.append(("page[size]", str(size)))
    return query


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def parse_errors(payload: object) -> tuple[errors.APIError, ...]:
    """Read Telnyx's ``errors[]`` array; anything malformed is skipped."""
    if not isinstance(payload, dict):
        return ()
    raw = payload.get("errors")
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        source = item.get("source")
        source = source if isinstance(source, dict) else {}
        meta = item.get("meta")
        meta = meta if isinstance(meta, dict) else {}
        code = item.get("code")
        out.append(
            errors.APIError(
                code=str(code) if isinstance(code, (str, int)) else None,
                title=_str_or_none(item.get("title")),
                detail=_str_or_none(item.get("detail")),
                pointer=_str_or_none(source.get("pointer")),
                parameter=_str_or_none(source.get("parameter")),
                url=_str_or_none(meta.get("url")),
                meta=meta,
            )
        )
    return tuple(out)


def decode_json(body: bytes) -> object:
    """Decode a JSON body, or return ``None`` when it is not JSON."""
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def request_id(headers: Mapping[str, str]) -> str | None:
    """The request id Telnyx puts on every response, if present."""
    return headers.get("x-request-id") or headers.get("X-Request-Id")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = headers.get(name.title())
    return value


def _seconds(raw: str | None, scale: float = 1.0) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw.strip()) * scale
    except ValueError:
        return None
    return max(0.0, value) if math.isfinite(value) else None


def _http_date_wait(raw: str | None, wall: float) -> float | None:
    if raw is None:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, when.timestamp() - wall)


def retry_delay(
    headers: Mapping[str, str], *, now: float | None = None
) -> float | None:
    """How long the server asks us to wait, in seconds, or ``None``.

    Reads, in order: ``retry-after-ms``; ``Retry-After`` as seconds or as an
    HTTP date; ``x-ratelimit-reset`` as seconds to wait or, when it is large
    enough to be one, as a Unix timestamp. Negative waits become 0.
    """
    wall = time.time() if now is None else now
    wait = _seconds(_header(headers, "retry-after-ms"), 0.001)
    if wait is not None:
        return wait
    retry_after = _header(headers, "retry-after")
    wait = _seconds(retry_after)
    if wait is None:
        wait = _http_date_wait(retry_after, wall)
    if wait is not None:
        return wait
    reset = _seconds(_header(headers, "x-ratelimit-reset"))
    if reset is not None and reset >= _EPOCH_THRESHOLD:
        return max(0.0, reset - wall)
    return reset


def parse_error(
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    *,
    method: str,
    path: str,
) -> errors.APIStatusError:
    """Turn an error response into the matching :class:`APIStatusError`."""
    kwargs: dict[str, Any] = {
        "status": status,
        "errors": parse_errors(decode_json(body)),
        "body": body,
        "request_id": request_id(headers),
        "method": method,
        "path": path,
    }
    if status == 429:
        return errors.RateLimitError(retry_after=retry_delay(headers), **kwargs)
    cls = STATUS_ERRORS.get(status)
    if cls is None:
        cls = errors.InternalServerError if status >= 500 else errors.APIStatusError
    return cls(**kwargs)
