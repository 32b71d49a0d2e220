"""telnyx-sip: an asyncio-first SDK for the Telnyx SIP provisioning API."""

from ._client import DEFAULT_BASE_URL, AsyncTelnyxSIP
from ._core import RateLimit
from ._raw import APIResponse, with_raw_response
from ._retry import RetryPolicy
from ._types import UNSET, RequestOptions, Unset
from ._version import __version__
from .errors import (
    AmbiguousOutcomeError,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    TelnyxSIPError,
    UnprocessableEntityError,
)
from .pagination import AsyncPager, Page
from .sync import SyncPager, TelnyxSIP

__all__ = [
    "DEFAULT_BASE_URL",
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousOutcomeError",
    "AsyncPager",
    "AsyncTelnyxSIP",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorDetail",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "SyncPager",
    "TelnyxSIP",
    "TelnyxSIPError",
    "UnprocessableEntityError",
    "Unset",
    "__version__",
    "with_raw_response",
]
