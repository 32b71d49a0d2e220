"""Waits the server asks for, and its rate-limit headers."""

from __future__ import annotations

import email.utils

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telnyx_sip import _core

NOW = 1_800_000_000.0

# -- server-given waits ---------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "0.25"}, 0.25),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
        ({"x-ratelimit-reset": "7"}, 7.0),
        ({"x-ratelimit-reset": str(NOW + 12)}, 12.0),
        ({"Retry-After": "-5"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({"x-ratelimit-reset": "later"}, None),
        ({}, None),
    ],
)
def test_retry_delay(headers: dict[str, str], expected: float | None) -> None:
    assert _core.retry_delay(headers, now=NOW) == expected


def test_retry_after_http_date() -> None:
    date = email.utils.formatdate(NOW + 30, usegmt=True)
    assert _core.retry_delay({"Retry-After": date}, now=NOW) == pytest.approx(30.0)
    past = email.utils.formatdate(NOW - 30, usegmt=True)
    assert _core.retry_delay({"Retry-After": past}, now=NOW) == 0.0


@given(
    st.dictionaries(
        st.sampled_from(["Retry-After", "retry-after-ms", "x-ratelimit-reset"]),
        st.text(),
    )
)
def test_retry_delay_never_raises(headers: dict[str, str]) -> None:
    value = _core.retry_delay(headers, now=NOW)
    assert value is None or value >= 0.0


# -- rate-limit headers and job-wide pauses ---------------------------------------


def test_rate_limit_headers_are_read() -> None:
    info = _core.rate_limit(
        {
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "7",
            "x-ratelimit-reset": str(NOW + 4),
        },
        now=NOW,
    )
    assert info == _core.RateLimit(limit=100, remaining=7, reset=4.0)
    assert _core.rate_limit({"x-ratelimit-limit": "many"}, now=NOW) == _core.RateLimit()


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {"Retry-After": "3"}, 3.0),
        (429, {}, _core.DEFAULT_PAUSE),
        (200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "5"}, 5.0),
        (201, {"x-ratelimit-remaining": "0"}, _core.DEFAULT_PAUSE),
        (200, {"x-ratelimit-remaining": "3", "x-ratelimit-reset": "5"}, None),
        (200, {"Retry-After": "9"}, None),
        (500, {}, None),
    ],
)
def test_requested_pause(
    status: int, headers: dict[str, str], expected: float | None
) -> None:
    assert _core.requested_pause(status, headers, now=NOW) == expected
