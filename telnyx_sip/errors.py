"""Exceptions raised by telnyx-sip.

::

    TelnyxSIPError
    ├── InvalidArgumentError          (also a ValueError) bad input, nothing was sent
    └── APIError                      the API side: a bad answer, or none
        ├── APIConnectionError        no usable HTTP response
        │   ├── APITimeoutError       an attempt ran out of time
        │   └── AmbiguousOutcomeError a create was sent but its outcome is unknown
        ├── APIStatusError            the API answered with an error status
        │   ├── BadRequestError       400
        │   ├── AuthenticationError   401
        │   ├── PermissionDeniedError 403
        │   ├── NotFoundError         404
        │   ├── ConflictError         409
        │   ├── UnprocessableEntityError 422
        │   ├── RateLimitError        429 (``retry_after`` in seconds)
        │   ├── InternalServerError   5xx
        │   └── (APIStatusError itself for any other status)
        ├── ResponseTooLargeError     a response body above the size cap
        └── ResponseValidationError   a 2xx body that does not fit the model

Named as in the Stainless SDKs (the official ``telnyx`` package, openai-python):
``except APIError`` catches whatever went wrong once a request was on its way.
Each entry of Telnyx's ``errors[]`` array is an :class:`ErrorDetail`.

No exception text or repr carries the API key, the ``Authorization`` header or
a request body, so SIP passwords cannot leak through them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousOutcomeError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorDetail",
    "ErrorResponse",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "TelnyxSIPError",
    "UnprocessableEntityError",
]


@attrs.frozen(kw_only=True)
class ErrorDetail:
    """One entry of a Telnyx ``errors[]`` array.

    ``pointer`` is the body field (a JSON pointer: ``/inbound/codecs/0``),
    ``parameter`` the query parameter; ``url`` is Telnyx's page on the code.
    """

    code: str | None = None
    title: str | None = None
    detail: str | None = None
    pointer: str | None = None
    parameter: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    def __str__(self) -> str:
        parts = [p for p in (self.code, self.title) if p]
        text = " ".join(parts)
        if self.detail and self.detail != self.title:
            text = f"{text}: {self.detail}" if text else self.detail
        where = self.pointer or self.parameter
        if where:
            text = f"{text} (at {where})" if text else f"at {where}"
        return text


class _Headers(Mapping[str, str]):
    """Copied response headers; case-insensitive names, repeats joined by ", "."""

    __slots__ = ("_items",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        items: dict[str, str] = {}
        for name, value in pairs:
            key = name.lower()
            items[key] = f"{items[key]}, {value}" if key in items else value
        self._items = items

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@attrs.frozen
class ErrorResponse:
    """The answer behind an :class:`APIStatusError`; ``headers`` ignore case.

    Named as in :class:`~telnyx_sip.APIResponse` and httpx: ``content`` is the body.
    """

    status_code: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    content: bytes = attrs.field(repr=False)

    @property
    def text(self) -> str:
        """The body as text (undecodable bytes replaced)."""
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body decoded as JSON (``ValueError`` when it is not JSON)."""
        return json.loads(self.content)


class TelnyxSIPError(Exception):
    """Root of every exception raised by telnyx-sip."""


class InvalidArgumentError(TelnyxSIPError, ValueError):
    """An argument was rejected before any request was sent.

    ``field`` names the argument (dotted for nested objects).
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class APIError(TelnyxSIPError):
    """Root of the errors raised once a request was on its way.

    An error status (:class:`APIStatusError`), no usable answer
    (:class:`APIConnectionError`), or a body the client cannot take
    (:class:`ResponseValidationError`, :class:`ResponseTooLargeError`).

    Attributes:
        message: The exception's text.
        status_code: The HTTP status, when an answer came (else ``None``).
        request_id: The ``x-request-id`` of the answer, if any.
        method: The HTTP method of the request ("" where unknown).
        path: The request path, without the query ("" where unknown).

    """

    status_code: int | None = None
    request_id: str | None = None
    method: str = ""
    path: str = ""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    @property
    def status(self) -> int | None:
        """Another name for :attr:`status_code`."""
        return self.status_code


class ResponseTooLargeError(APIError):
    """A response body was larger than the client's ``max_response_bytes``."""

    def __init__(self, limit: int, *, request_id: str | None = None) -> None:
        self.limit = limit
        self.request_id = request_id
        super().__init__(f"response body exceeds the {limit}-byte limit")


class ResponseValidationError(APIError):
    """A successful response whose body could not be turned into a model."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: bytes,
        request_id: str | None = None,
    ) -> None:
        self.status_code = status
        self.body = body
        self.request_id = request_id
        suffix = f" [request id {request_id}]" if request_id else ""
        super().__init__(f"{message}{suffix}")


class APIConnectionError(APIError):
    """The request got no usable HTTP response (connection, TLS, protocol).

    ``sent`` is False when the connection was never made, so the server
    cannot have seen the request.
    """

    def __init__(
        self, message: str, *, method: str = "", path: str = "", sent: bool = True
    ) -> None:
        self.method = method
        self.path = path
        self.sent = sent
        where = f"{method} {path}: " if method else ""
        super().__init__(f"{where}{message}")


class APITimeoutError(APIConnectionError):
    """An attempt did not finish within its timeout."""


class AmbiguousOutcomeError(APIConnectionError):
    """A non-idempotent request was sent, but whether it took effect is unknown.

    The request is never re-sent automatically. Look the object up by a
    natural key (for example ``connection_name``) before trying again.
    ``status_code`` (or ``status``), ``body`` and ``request_id`` are set when
    a 5xx answer caused it.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
        body: bytes | None = None,
        request_id: str | None = None,
    ) -> None:
        self.status_code = status
        self.body = body
        self.request_id = request_id
        super().__init__(
            f"{message}; the request may or may not have taken effect",
            method=method,
            path=path,
        )


class APIStatusError(APIError):
    """The API answered with a non-2xx status.

    Attributes:
        status_code: The HTTP status code (also ``status``).
        errors: The parsed ``errors[]`` entries (possibly empty).
        body: The raw response body.
        response: The answer's status, headers and body.
        request_id: The ``x-request-id`` of the response, if any.
        method: The HTTP method of the request.
        path: The request path (without the query).

    """

    status_code: int

    def __init__(
        self,
        *,
        status: int,
        errors: Sequence[ErrorDetail] = (),
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        request_id: str | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.status_code = status
        self.errors = tuple(errors)
        self.body = body
        self.request_id = request_id
        self.method = method
        self.path = path
        pairs = headers.items() if headers is not None else ()
        self.response = ErrorResponse(status, _Headers(pairs), body)
        super().__init__(self._line())

    @property
    def status(self) -> int:
        """Another name for :attr:`status_code`."""
        return self.status_code

    @property
    def code(self) -> str | None:
        """The first error's Telnyx code, if any."""
        return self.errors[0].code if self.errors else None

    def _line(self) -> str:
        head = f"{self.status_code}"
        if self.method:
            head = f"{head} on {self.method} {self.path}"
        if self.errors:
            head = f"{head}: {self.errors[0]}"
            if len(self.errors) > 1:
                head = f"{head} (+{len(self.errors) - 1} more)"
        if self.request_id:
            head = f"{head} [request id {self.request_id}]"
        return head


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such object."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request failed validation; ``errors`` name the fields."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's wait in seconds."""

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class InternalServerError(APIStatusError):
    """5xx: the API failed to handle the request."""
