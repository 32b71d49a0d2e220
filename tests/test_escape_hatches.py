"""Escape hatches against a loopback server: extra headers, query and body keys,
client defaults, the User-Agent, and ``client.request`` for uncovered endpoints."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from aiohttp.test_utils import TestServer

from telnyx_sip import (
    AmbiguousOutcomeError,
    AsyncTelnyxSIP,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    RequestOptions,
)
from telnyx_sip.models import Ip

from ._support.fake_api import API_KEY, FakeAPI
from ._support.fake_sleep import FakeSleep

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


async def test_extra_headers_take_a_mapping(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(IP)
    fake_api.data(IP)
    await client.ips.retrieve("7", options=RequestOptions(extra_headers={"X-T": "1"}))
    await client.ips.retrieve("7", options=RequestOptions(extra_headers=[("X-T", "2")]))
    assert [r.headers["X-T"] for r in fake_api.requests] == ["1", "2"]


async def test_extra_query_reaches_the_server(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, {"data": [IP], "meta": {"total_pages": 1}})
    options = RequestOptions(extra_query={"filter[new_field]": "x", "tag": [1, 2]})
    page = await client.ips.list(filter_port=5060, options=options)
    assert [ip.id for ip in page.items] == ["7"]
    (req,) = fake_api.requests
    assert req.query.getall("filter[new_field]") == ["x"]
    assert req.query.getall("tag") == ["1", "2"]
    assert req.query["filter[port]"] == "5060"


async def test_extra_query_keeps_to_every_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    for number in (1, 2):
        item = {**IP, "id": str(number)}
        fake_api.reply(200, {"data": [item], "meta": {"total_pages": 2}})
    options = RequestOptions(extra_query={"tag": "t"})
    items = await client.ips.list(options=options).to_list()
    assert len(items) == 2
    assert [r.query["tag"] for r in fake_api.requests] == ["t", "t"]
    assert [r.query["page[number]"] for r in fake_api.requests] == ["1", "2"]


@pytest.mark.parametrize("key", ["filter[port]", "page[size]", "page[number]"])
async def test_extra_query_never_overrides_a_typed_argument(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, key: str
) -> None:
    options = RequestOptions(extra_query={key: "9"})
    with pytest.raises(InvalidArgumentError, match="extra_query"):
        await client.ips.list(filter_port=5060, options=options)
    assert fake_api.requests == []


async def test_extra_body_reaches_the_server(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, status=201)
    options = RequestOptions(extra_body={"new_field": {"on": True}})
    await client.ips.create(ip_address="203.0.113.7", options=options)
    (req,) = fake_api.requests
    assert req.json == {"ip_address": "203.0.113.7", "new_field": {"on": True}}


async def test_extra_body_nests_into_a_typed_object(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    conn = {"id": "1", "record_type": "credential_connection"}
    fake_api.data(conn, status=201)
    options = RequestOptions(extra_body={"inbound": {"new_limit": 3}})
    await client.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password="a-long-secret",
        inbound={"channel_limit": 10},
        options=options,
    )
    (req,) = fake_api.requests
    assert req.json["inbound"] == {"channel_limit": 10, "new_limit": 3}


async def test_extra_body_colliding_with_a_typed_argument_is_refused(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    options = RequestOptions(extra_body={"port": 5061})
    with pytest.raises(InvalidArgumentError, match="'port'") as info:
        await client.ips.create(ip_address="203.0.113.7", port=5060, options=options)
    assert info.value.field == "extra_body"
    # Not given as a typed argument: the extra key is sent.
    fake_api.data(IP, status=201)
    await client.ips.create(ip_address="203.0.113.7", options=options)
    assert [r.json for r in fake_api.requests] == [
        {"ip_address": "203.0.113.7", "port": 5061}
    ]


async def test_extra_body_on_an_operation_without_a_body_is_refused(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    options = RequestOptions(extra_body={"x": 1})
    with pytest.raises(InvalidArgumentError, match="sends no body"):
        await client.ips.retrieve("7", options=options)
    with pytest.raises(InvalidArgumentError, match="sends no body"):
        await client.ips.list(options=options)
    with pytest.raises(InvalidArgumentError, match="JSON"):
        await client.ips.create(
            ip_address="203.0.113.7", options=RequestOptions(extra_body={"x": {1, 2}})
        )
    assert fake_api.requests == []


def test_request_options_repr_hides_query_and_body_values() -> None:
    options = RequestOptions(
        extra_query={"token": "q-secret"}, extra_body={"password": "b-secret"}
    )
    shown = repr(options)
    assert "token" in shown
    assert "password" in shown
    assert "q-secret" not in shown
    assert "b-secret" not in shown
    odd = RequestOptions(extra_body="b-secret")  # type: ignore[arg-type]
    assert "b-secret" not in repr(odd)


# -- client defaults ---------------------------------------------------------


def _client(server: TestServer, **kwargs: Any) -> AsyncTelnyxSIP:
    return AsyncTelnyxSIP(API_KEY, base_url=str(server.make_url("/v2")), **kwargs)


async def test_default_headers_and_query_go_with_every_call(
    api_server: TestServer, fake_api: FakeAPI
) -> None:
    async with _client(
        api_server,
        default_headers={"X-Team": "voice"},
        default_query={"tag": "d", "filter[port]": 1},
        app_name="billing/2.1",
    ) as client:
        fake_api.data(IP)
        fake_api.reply(200, {"data": [], "meta": {}})
        await client.ips.retrieve(
            "7", options=RequestOptions(extra_headers={"X-Call": "c"})
        )
        await client.ips.list(filter_port=5060)
    first, second = fake_api.requests
    assert first.headers["X-Team"] == "voice"
    assert first.headers["X-Call"] == "c"
    assert first.query["tag"] == "d"
    assert first.headers["User-Agent"].endswith(" billing/2.1")
    assert first.headers["User-Agent"].startswith("telnyx-sip/")
    # The typed filter wins over the default of the same key.
    assert second.query.getall("filter[port]") == ["5060"]
    assert second.headers["X-Team"] == "voice"
    assert "X-Call" not in second.headers


async def test_with_options_replaces_the_defaults(
    api_server: TestServer, fake_api: FakeAPI
) -> None:
    async with _client(
        api_server, default_headers={"X-A": "1"}, default_query={"a": 1}
    ) as client:
        derived = client.with_options(default_headers={"X-B": "2"}, default_query={})
        kept = client.with_options(timeout=5)
        for c in (derived, kept):
            fake_api.data(IP)
            await c.ips.retrieve("7")
    new, old = fake_api.requests
    assert "X-A" not in new.headers
    assert new.headers["X-B"] == "2"
    assert "a" not in new.query
    assert old.headers["X-A"] == "1"
    assert old.query["a"] == "1"
    with pytest.raises(InvalidArgumentError, match="not both"):
        client.with_options(default_headers={}, extra_headers={})


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"default_headers": {"X": "a\nb"}}, "default_headers"),
        ({"default_headers": [("X", "1")]}, "default_headers"),
        ({"default_query": {"a": None}}, "default_query"),
        ({"app_name": ""}, "app_name"),
        ({"app_name": "x\r\ny"}, "app_name"),
        ({"app_name": 3}, "app_name"),
    ],
)
def test_bad_defaults_name_the_argument(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AsyncTelnyxSIP(API_KEY, **kwargs)
    assert info.value.field == field


# -- client.request: endpoints the SDK does not cover ------------------------


async def test_request_returns_the_decoded_body(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, {"data": {"id": "n1"}, "meta": {"x": 1}})
    data = await client.request("GET", "/new_things/n1", query={"include": "all"})
    assert data == {"data": {"id": "n1"}, "meta": {"x": 1}}
    (req,) = fake_api.requests
    assert (req.method, req.path) == ("GET", "/v2/new_things/n1")
    assert req.query["include"] == "all"
    assert req.headers["Authorization"] == f"Bearer {API_KEY}"


async def test_request_sends_a_body_and_structures_into_cast(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(201, IP)
    ip = await client.request(
        "POST",
        "ips",
        body={"ip_address": "203.0.113.7"},
        cast=Ip,
        options=RequestOptions(extra_body={"new": 1}),
    )
    assert isinstance(ip, Ip)
    assert ip.id == "7"
    (req,) = fake_api.requests
    assert req.json == {"ip_address": "203.0.113.7", "new": 1}
    assert req.headers["Content-Type"] == "application/json"


async def test_request_takes_a_model_as_body(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    @attrs.frozen
    class NewThing:
        name: str

    fake_api.reply(200, {"ok": True})
    assert await client.request("PUT", "/things/1", body=NewThing("x")) == {"ok": True}
    assert fake_api.requests[0].json == {"name": "x"}


async def test_request_with_an_empty_answer_returns_none(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(204, raw=b"")
    assert await client.request("DELETE", "/things/1") is None
    assert fake_api.requests[0].method == "DELETE"


async def test_request_raises_the_sdk_errors(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(404, {"errors": [{"code": "10005", "title": "Not found"}]})
    with pytest.raises(NotFoundError) as info:
        await client.request("GET", "/things/1")
    assert info.value.errors[0].code == "10005"


async def test_request_retries_by_method(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    # GET is idempotent: a 503 is retried.
    fake_api.reply(503, {"errors": []})
    fake_api.reply(200, {"ok": 1})
    assert await client.request("GET", "/things") == {"ok": 1}
    assert len(fake_api.requests) == 2
    # POST is not: a 503 may have acted, so it is never re-sent.
    fake_api.reply(503, {"errors": []})
    with pytest.raises(AmbiguousOutcomeError):
        await client.request("POST", "/things", body={"a": 1})
    assert len(fake_api.requests) == 3
    # DELETE is retried like the generated operations.
    for _ in range(3):
        fake_api.reply(500, {"errors": []})
    with pytest.raises(InternalServerError):
        await client.request("DELETE", "/things/1")
    assert len(fake_api.requests) == 6


async def test_request_checks_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    for method, path in [("GET", "https://evil.example/x"), ("HEAD", "/x")]:
        with pytest.raises(InvalidArgumentError):
            await client.request(method, path)
    with pytest.raises(InvalidArgumentError, match="query"):
        await client.request("GET", "/x", query={"a": object()})  # type: ignore[dict-item]
    assert fake_api.requests == []
