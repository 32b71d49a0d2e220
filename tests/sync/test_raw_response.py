"""Raw responses through the sync twin: the box crosses into the loop thread."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from telnyx_sip import APIResponse, TelnyxSIP, with_raw_response
from telnyx_sip._raw import CAPTURE
from telnyx_sip.models import Ip
from tests._support.fake_api import FakeAPI, Recorded, Reply

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


def test_with_raw_response_on_a_sync_method(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, headers={"x-request-id": "rq-s", "x-ratelimit-remaining": "4"})
    raw = with_raw_response(sync_client.ips.retrieve)("7")
    assert isinstance(raw, APIResponse)
    assert raw.request_id == "rq-s"
    assert raw.rate_limit.remaining == 4
    assert isinstance(raw.parse(), Ip)
    assert CAPTURE.get() is None


def test_sync_calls_from_many_threads_keep_their_own_responses(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    def echo(rec: Recorded) -> Reply:
        ident = rec.path.rsplit("/", 1)[1]
        return Reply(
            200, {"data": {**IP, "id": ident}}, headers={"x-request-id": ident}
        )

    fake_api.default = echo
    retrieve = with_raw_response(sync_client.ips.retrieve)

    def one(n: int) -> tuple[str | None, str, str]:
        raw = retrieve(str(n))
        return raw.request_id, raw.parse().id, threading.current_thread().name

    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(one, range(12)))
    assert [(rid, ident) for rid, ident, _ in found] == [
        (str(n), str(n)) for n in range(12)
    ]


def test_sync_pages_carry_their_responses(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    for number in (1, 2):
        fake_api.reply(
            200,
            {"data": [{**IP, "id": str(number)}], "meta": {"total_pages": 2}},
            headers={"x-request-id": f"p{number}"},
        )
    ids = [page.response.request_id for page in sync_client.ips.list().pages()]
    assert ids == ["p1", "p2"]


def test_a_sync_list_sends_nothing_until_iterated(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(RuntimeError, match=r"page\.response"):
        with_raw_response(sync_client.ips.list)()
    assert fake_api.requests == []
