"""``with_raw_response`` and ``page.response``: the HTTP response of a success."""

from __future__ import annotations

import asyncio
import json

import pytest

from telnyx_sip import (
    APIResponse,
    AsyncTelnyxSIP,
    NotFoundError,
    Page,
    RateLimit,
    with_raw_response,
)
from telnyx_sip._raw import CAPTURE
from telnyx_sip.models import Ip

from ._support.fake_api import FakeAPI, Reply

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}
HEADERS = {
    "x-request-id": "rq-1",
    "x-ratelimit-limit": "100",
    "x-ratelimit-remaining": "99",
    "x-ratelimit-reset": "30",
    "x-custom": "yes",
}


async def test_a_raw_response_holds_the_answer_and_the_model(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, headers=HEADERS)
    raw = await with_raw_response(client.ips.retrieve)("7")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.request_id == "rq-1"
    assert raw.headers["X-Custom"] == "yes"  # case-insensitive
    assert raw.rate_limit == RateLimit(limit=100, remaining=99, reset=30.0)
    assert raw.elapsed > 0
    assert raw.method == "GET"
    assert raw.url.endswith("/v2/ips/7")
    assert json.loads(raw.content) == {"data": IP}
    assert raw.json() == {"data": IP}
    assert json.loads(raw.text) == {"data": IP}
    ip = raw.parse()
    assert isinstance(ip, Ip)
    assert ip.id == "7"
    assert "203.0.113.7" not in repr(raw)  # neither the body nor the model
    assert len(repr(raw)) < 200
    assert CAPTURE.get() is None  # nothing left set after the call


async def test_a_create_with_raw_response(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, status=201, headers={"x-request-id": "rq-2"})
    create = with_raw_response(client.ips.create)
    raw = await create(ip_address="203.0.113.7", port=5060)
    assert (raw.status_code, raw.method, raw.request_id) == (201, "POST", "rq-2")
    assert raw.parse().ip_address == "203.0.113.7"
    assert create.__name__ == "create"  # functools.wraps keeps the name and docs


async def test_the_raw_response_of_a_retried_call_is_the_success(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(503, {"errors": []}, headers={"x-request-id": "rq-bad"})
    fake_api.data(IP, headers={"x-request-id": "rq-good"})
    raw = await with_raw_response(client.ips.retrieve)("7")
    assert raw.request_id == "rq-good"
    assert len(fake_api.requests) == 2


async def test_errors_raise_as_without_the_wrapper(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(404, {"errors": [{"code": "10005"}]})
    with pytest.raises(NotFoundError):
        await with_raw_response(client.ips.retrieve)("7")
    assert CAPTURE.get() is None


async def test_a_list_gives_its_first_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, {"data": [IP], "meta": {"total_pages": 3}}, headers=HEADERS)
    raw = await with_raw_response(client.ips.list)(page_size=1)
    page = raw.parse()
    assert isinstance(page, Page)
    assert [ip.id for ip in page.items] == ["7"]
    assert raw.json() == {"data": [IP], "meta": {"total_pages": 3}}
    assert fake_api.requests[0].query["page[size]"] == "1"


async def test_every_page_carries_its_response(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    for number in (1, 2):
        fake_api.reply(
            200,
            {"data": [{**IP, "id": str(number)}], "meta": {"total_pages": 2}},
            headers={"x-request-id": f"rq-page-{number}"},
        )
    pages = [page async for page in client.ips.list(page_size=1).pages()]
    assert [p.response.request_id for p in pages] == ["rq-page-1", "rq-page-2"]
    assert all(p.response.status_code == 200 for p in pages)
    assert pages[1].response.parse() is pages[1]
    assert pages[0].response.url.endswith("page[size]=1&page[number]=1")
    # A page trimmed to a limit keeps the response it came in.
    fake_api.reply(200, {"data": [IP, {**IP, "id": "8"}]}, headers=HEADERS)
    async for page in client.ips.list(limit=1).pages():
        assert len(page.items) == 1
        assert page.response.request_id == "rq-1"


def test_a_page_made_by_hand_has_no_response() -> None:
    page: Page[int] = Page(items=(1,), page_number=1, page_size=1)
    with pytest.raises(RuntimeError, match="not fetched"):
        _ = page.response
    assert page == Page(items=(1,), page_number=1, page_size=1)


async def test_request_with_raw_response(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(204, raw=b"", headers={"x-request-id": "rq-3"})
    raw = await with_raw_response(client.request)("DELETE", "/things/1")
    assert (raw.status_code, raw.request_id, raw.parse()) == (204, "rq-3", None)
    assert raw.json() is None


async def test_concurrent_raw_calls_keep_their_own_responses(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = lambda rec: _echo(rec.path)
    retrieve = with_raw_response(client.ips.retrieve)
    raws = await asyncio.gather(*(retrieve(str(n)) for n in range(10)))
    assert [r.request_id for r in raws] == [f"/v2/ips/{n}" for n in range(10)]
    assert [r.parse().id for r in raws] == [str(n) for n in range(10)]


def _echo(path: str) -> Reply:
    ident = path.rsplit("/", 1)[1]
    return Reply(200, {"data": {**IP, "id": ident}}, headers={"x-request-id": path})


def test_a_call_that_sends_nothing_has_no_response() -> None:
    def nothing() -> int:
        return 1

    with pytest.raises(RuntimeError, match="sent no request"):
        with_raw_response(nothing)()
