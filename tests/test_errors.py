"""The exception tree as callers use it: ``except APIError``, ``status_code``."""

from __future__ import annotations

import json
import socket

import pytest

from telnyx_sip import (
    AmbiguousOutcomeError,
    APIConnectionError,
    APIError,
    APIStatusError,
    AsyncTelnyxSIP,
    ErrorDetail,
    NotFoundError,
    TelnyxSIPError,
    _core,
    errors,
)
from telnyx_sip.testing import Sandbox

from ._support.fake_api import FakeAPI


def _closed_port() -> int:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_the_tree_follows_the_stainless_family() -> None:
    for cls in (
        APIStatusError,
        APIConnectionError,
        errors.ResponseValidationError,
        errors.ResponseTooLargeError,
    ):
        assert issubclass(cls, APIError)
    assert issubclass(APIError, TelnyxSIPError)
    assert issubclass(errors.APITimeoutError, APIError)
    assert issubclass(AmbiguousOutcomeError, APIError)
    assert not issubclass(errors.InvalidArgumentError, APIError)
    assert issubclass(APIError, Exception)


async def test_except_api_error_catches_a_404() -> None:
    async with Sandbox() as sandbox, sandbox.make_client() as client:
        with pytest.raises(APIError) as info:
            await client.ips.retrieve("1234")
    exc = info.value
    assert isinstance(exc, NotFoundError)
    assert exc.status_code == exc.status == 404
    assert exc.response.status_code == 404
    assert exc.response.headers["X-Request-Id"] == exc.request_id
    assert exc.response.json()["errors"][0]["code"] == "10005"
    assert "10005" in exc.response.text
    assert exc.response.content == exc.body
    assert exc.message == str(exc)
    assert (exc.method, exc.path) == ("GET", "/ips/1234")


async def test_except_api_error_catches_a_connection_error() -> None:
    base_url = f"http://127.0.0.1:{_closed_port()}/v2"
    async with AsyncTelnyxSIP("KEY-x", base_url=base_url, max_retries=0) as client:
        with pytest.raises(APIError) as info:
            await client.ips.list()
    exc = info.value
    assert isinstance(exc, APIConnectionError)
    assert exc.status_code is None
    assert exc.status is None
    assert exc.request_id is None
    assert exc.method == "GET"


def test_error_details_carry_every_field() -> None:
    body = {
        "errors": [
            {
                "code": 10015,
                "title": "Bad value",
                "detail": "port is out of range",
                "source": {"pointer": "/port", "parameter": "page[size]"},
                "meta": {"url": "https://example.com/10015", "hint": "x"},
            }
        ]
    }
    err = errors.UnprocessableEntityError(
        status=422, errors=_core.parse_errors(body), body=json.dumps(body).encode()
    )
    (detail,) = err.errors
    assert isinstance(detail, ErrorDetail)
    assert detail == ErrorDetail(
        code="10015",
        title="Bad value",
        detail="port is out of range",
        pointer="/port",
        parameter="page[size]",
        url="https://example.com/10015",
        meta={"url": "https://example.com/10015", "hint": "x"},
    )
    assert str(detail) == "10015 Bad value: port is out of range (at /port)"
    assert err.code == "10015"
    assert err.response.headers == {}


async def test_response_headers_are_a_copy_that_ignores_case(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(
        409,
        {"errors": [{"code": "10021", "title": "In use"}]},
        headers={"X-Thing": "a", "x-request-id": "rid-9"},
    )
    with pytest.raises(APIStatusError) as info:
        await client.ips.delete("1")
    headers = info.value.response.headers
    assert headers["x-thing"] == headers["X-THING"] == "a"
    assert "X-Request-Id" in headers
    assert dict(headers)["x-request-id"] == "rid-9"
    assert type(headers).__module__ == "telnyx_sip.errors"  # no aiohttp object kept
    assert "headers" not in repr(info.value.response)


def test_an_ambiguous_create_has_a_status_code_when_a_5xx_caused_it() -> None:
    exc = AmbiguousOutcomeError("server answered 503", status=503, body=b"busy")
    assert exc.status_code == exc.status == 503
    assert errors.ResponseValidationError("bad", status=200, body=b"").status == 200
    assert errors.ResponseTooLargeError(10).status_code is None
