"""Small shared types: the ``UNSET`` sentinel and per-call request options."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, TypeVar

import attrs

__all__ = ["REDACTED", "UNSET", "QueryValue", "RequestOptions", "Unset"]

T = TypeVar("T")


class Unset(enum.Enum):
    """Type of :data:`UNSET`: an argument the caller did not give.

    ``UNSET`` is omitted from request bodies and queries, while ``None`` is
    sent as JSON ``null``.
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET
"""An argument that was not given; never sent to the API."""

REDACTED: Final = "[redacted]"
"""What reprs, logs and output show in place of a secret's value."""


def _header_names(headers: object) -> str:
    """Headers with their values hidden; never shows a value, never fails."""
    if isinstance(headers, Mapping):
        names = list(headers)
    elif isinstance(headers, Iterable):
        try:
            names = [pair[0] for pair in headers]
        except (TypeError, IndexError, KeyError):
            return REDACTED
    else:
        return REDACTED
    return repr(tuple((name, REDACTED) for name in names))


def _keys_only(value: object) -> str:
    """A mapping's keys with their values hidden (a value may be a secret)."""
    if value is None:
        return "None"
    if isinstance(value, Mapping):
        return repr(dict.fromkeys(value, REDACTED))
    return REDACTED


QueryValue = str | int | float | bool | Sequence[str | int | float | bool]
"""A query parameter's value; a sequence repeats the parameter once per item."""


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Per-call overrides of the client's settings, and the escape hatches.

    Attributes:
        timeout: Seconds one attempt may take to send the request and read
            the response, after a connection is available.
        connect_timeout: Seconds to establish a connection.
        max_retries: Retries after the first attempt (0 disables retries).
        max_retry_time: Seconds the call may spend in total, waits included.
        extra_headers: Headers added to the request, a mapping of names to
            values (a sequence of pairs is accepted too). ``repr()`` shows
            their names only: a value may be a credential (an
            ``Authorization`` override).
        extra_query: Query parameters added to the request, for one the SDK
            has no argument for yet. A key that a typed argument sends (or a
            list's ``page[number]`` / ``page[size]``) is refused.
        extra_body: Keys merged into the JSON body, for a field the SDK has
            no argument for yet; nested objects are merged key by key. A key
            a typed argument set is refused, and so is an ``extra_body`` on
            an operation that sends no body. ``repr()`` shows keys only.

    Checked when the call is made: a bad value raises
    :class:`~telnyx_sip.errors.InvalidArgumentError` before anything is sent.

    """

    timeout: float | Unset = UNSET
    connect_timeout: float | Unset = UNSET
    max_retries: int | Unset = UNSET
    max_retry_time: float | Unset = UNSET
    extra_headers: Mapping[str, str] | Sequence[tuple[str, str]] = attrs.field(
        default=(), repr=_header_names
    )
    extra_query: Mapping[str, QueryValue] | None = attrs.field(
        default=None, repr=_keys_only
    )
    extra_body: Mapping[str, object] | None = attrs.field(default=None, repr=_keys_only)
