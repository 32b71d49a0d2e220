"""Reading answers: status to exception, ``errors[]``, the envelope, page meta.

The rules, in the order :func:`decipher` applies them:

- a status of 300 or more raises the :data:`STATUS_ERRORS` class for it
  (``InternalServerError`` for 500-599, ``APIStatusError`` otherwise), with
  Telnyx's ``errors[]``, the raw body and the request id; a 5xx answer to an
  operation that is not idempotent raises :class:`AmbiguousOutcomeError`
  instead, since the server may have acted before failing;
- a 2xx body that is not JSON raises :class:`ResponseValidationError`;
- with an envelope, the data must sit under ``data``: an object for single
  objects, a list for list operations, whose ``meta`` gives the page numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from telnyx_sip import _json, errors
from telnyx_sip._operations import ListOperation, Operation

from ._waits import RateLimit, rate_limit, retry_delay

__all__ = [
    "STATUS_ERRORS",
    "Answer",
    "PageMeta",
    "connection_error",
    "decipher",
    "decode_json",
    "parse_error",
    "parse_errors",
    "request_id",
]

STATUS_ERRORS: Mapping[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}


@attrs.frozen
class PageMeta:
    """A list answer's ``meta``; ``None`` where the server did not say."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


# Not frozen: a frozen attrs class sets each field through object.__setattr__,
# three times slower on a path every call takes. The pager drops ``data`` once
# a page is structured; nothing else assigns to it.
@attrs.define
class Answer:
    """A successful answer: its data (unwrapped from ``data``) and page meta."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    data: Any
    page: PageMeta | None = None

    @property
    def request_id(self) -> str | None:
        """The request id the server gave."""
        return request_id(self.headers)

    @property
    def rate_limit(self) -> RateLimit:
        """The rate-limit headers of the answer."""
        return rate_limit(self.headers)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_errors(payload: object) -> tuple[errors.ErrorDetail, ...]:
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
            errors.ErrorDetail(
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
        return _json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: nesting deeper than the interpreter's stack.
        return None


def request_id(headers: Mapping[str, str]) -> str | None:
    """The request id Telnyx puts on every response, if present."""
    return headers.get("x-request-id") or headers.get("X-Request-Id")


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
        "headers": headers,
        "request_id": request_id(headers),
        "method": method,
        "path": path,
    }
    if status == 429:
        return errors.RateLimitError(retry_after=retry_delay(headers), **kwargs)
    cls = STATUS_ERRORS.get(status)
    if cls is None:
        server = 500 <= status < 600
        cls = errors.InternalServerError if server else errors.APIStatusError
    return cls(**kwargs)


def _invalid(
    message: str, status: int, headers: Mapping[str, str], body: bytes
) -> errors.ResponseValidationError:
    return errors.ResponseValidationError(
        message, status=status, body=body, request_id=request_id(headers)
    )


def _page_meta(payload: dict[str, Any]) -> PageMeta:
    meta = payload.get("meta")
    if not isinstance(meta, dict):
        return PageMeta()
    return PageMeta(
        page_number=_int_or_none(meta.get("page_number")),
        page_size=_int_or_none(meta.get("page_size")),
        total_pages=_int_or_none(meta.get("total_pages")),
        total_results=_int_or_none(meta.get("total_results")),
    )


def decipher(
    op: Operation, status: int, headers: Mapping[str, str], body: bytes, *, path: str
) -> Answer:
    """Read one HTTP answer to ``op`` (sent to ``path``); raise if it is an error.

    Raises:
        APIStatusError: A subclass per status for an error answer.
        AmbiguousOutcomeError: A 5xx answer to an operation that is not
            idempotent.
        ResponseValidationError: A 2xx body that is not JSON or lacks its
            ``data`` envelope.

    """
    if status >= 300:
        error = parse_error(status, body, headers, method=op.method, path=path)
        if 500 <= status < 600 and not op.idempotent:
            raise errors.AmbiguousOutcomeError(
                f"server answered {status}",
                method=op.method,
                path=path,
                status=status,
                body=body,
                request_id=error.request_id,
            ) from error
        raise error
    data = decode_json(body)
    if data is None:
        raise _invalid(f"{path}: response body is not JSON", status, headers, body)
    if isinstance(op, ListOperation):
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise _invalid(
                f"{op.method} {path}: response has no 'data' list",
                status,
                headers,
                body,
            )
        assert isinstance(data, dict)
        return Answer(status, headers, body, items, _page_meta(data))
    if op.envelope:
        if not isinstance(data, dict) or "data" not in data:
            raise _invalid(
                f"{op.method} {path}: response has no 'data' object",
                status,
                headers,
                body,
            )
        data = data["data"]
    return Answer(status, headers, body, data)


def connection_error(
    op: Operation, path: str, message: str, *, sent: bool, timed_out: bool
) -> errors.APIConnectionError:
    """The error for an attempt that got no answer.

    Once a request that is not idempotent may have reached the server, its
    outcome is unknown: :class:`AmbiguousOutcomeError`, never a plain retry.
    """
    if sent and not op.idempotent:
        return errors.AmbiguousOutcomeError(message, method=op.method, path=path)
    cls = errors.APITimeoutError if timed_out else errors.APIConnectionError
    return cls(message, method=op.method, path=path, sent=sent)
