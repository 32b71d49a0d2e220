"""Exceptions raised by telnyx-sip.

::

    TelnyxSIPError
    ├── InvalidArgumentError        (also a ValueError) bad input, nothing was sent
    ├── ResponseTooLargeError       a response body above the size cap
    ├── ResponseValidationError     a 2xx body that does not fit the model
    ├── APIConnectionError          no usable HTTP response
    │   ├── APITimeoutError         an attempt ran out of time
    │   └── AmbiguousOutcomeError   a create was sent but its outcome is unknown
    └── APIStatusError              the API answered with an error status
        ├── BadRequestError         400
        ├── AuthenticationError     401
        ├── PermissionDeniedError   403
        ├── NotFoundError           404
        ├── ConflictError           409
        ├── UnprocessableEntityError 422
        ├── RateLimitError          429 (``retry_after`` in seconds)
        ├── InternalServerError     5xx
        └── (APIStatusError itself for any other status)

No exception text or repr carries the API key, the ``Authorization`` header or
a request body, so SIP passwords cannot leak through them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
class APIError:
    """One entry of a Telnyx ``errors[]`` array."""

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


class TelnyxSIPError(Exception):
    """Root of every exception raised by telnyx-sip."""


class InvalidArgumentError(TelnyxSIPError, ValueError):
    """An argument was rejected before any request was sent.

    ``field`` names the argument (dotted for nested objects).
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class ResponseTooLargeError(TelnyxSIPError):
    """A response body was larger than the client's ``max_response_bytes``."""

    def __init__(self, limit: int, *, request_id: str | None = None) -> None:
        self.limit = limit
        self.request_id = request_id
        super().__init__(f"response body exceeds the {limit}-byte limit")


class ResponseValidationError(TelnyxSIPError):
    """A successful response whose body could not be turned into a model."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: bytes,
        request_id: str | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.request_id = request_id
        suffix = f" [request id {request_id}]" if request_id else ""
        super().__init__(f"{message}{suffix}")


class APIConnectionError(TelnyxSIPError):
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
    ``status``, ``body`` and ``request_id`` are set when a 5xx answer caused it.
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
        self.status = status
        self.body = body
        self.request_id = request_id
        super().__init__(
            f"{message}; the request may or may not have taken effect",
            method=method,
            path=path,
        )


class APIStatusError(TelnyxSIPError):
    """The API answered with a non-2xx status.

    Attributes:
        status: The HTTP status code.
        errors: The parsed ``errors[]`` entries (possibly empty).
        body: The raw response body.
        request_id: The ``x-request-id`` of the response, if any.
        method: The HTTP method of the request.
        path: The request path (without the query).

    """

    def __init__(
        self,
        *,
        status: int,
        errors: Sequence[APIError] = (),
        body: bytes = b"",
        request_id: str | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.status = status
        self.errors = tuple(errors)
        self.body = body
        self.request_id = request_id
        self.method = method
        self.path = path
        super().__init__(self._line())

    @property
    def code(self) -> str | None:
        """The first error's Telnyx code, if any."""
        return self.errors[0].code if self.errors else None

    def _line(self) -> str:
        head = f"{self.status}"
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
