"""``SyncPager``: iteration, pages, limits and its hold on the loop thread."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from telnyx_sip import Page, TelnyxSIP
from telnyx_sip.errors import InvalidArgumentError
from telnyx_sip.sync._loop_thread import LoopThread
from tests._support.fake_api import API_KEY, FakeAPI

from ._server import ThreadedServer, loop_threads, paged


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = LoopThread.call

    def counting(self: LoopThread, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", "?"))
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(LoopThread, "call", counting)
    return calls


def test_iteration_yields_every_item_one_loop_trip_per_page(
    sync_client: TelnyxSIP, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_api.default = paged(total=120, size=50)
    calls = _count_calls(monkeypatch)
    ids = [ip.id for ip in sync_client.ips.list(page_size=50)]
    assert ids == [str(i) for i in range(120)]
    assert [r.query["page[number]"] for r in fake_api.requests] == ["1", "2", "3"]
    assert len(calls) == 3  # one per page, none per item


def test_pages_first_page_limit_and_to_list(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = paged(total=5, size=2)
    pager = sync_client.ips.list(page_size=2)
    first = pager.first_page()
    assert isinstance(first, Page)
    assert [ip.id for ip in first.items] == ["0", "1"]
    assert (first.page_number, first.total_pages, first.total_results) == (1, 3, 5)
    assert len(fake_api.requests) == 1

    pages = list(sync_client.ips.list(page_size=2, page_number=2).pages())
    assert [p.page_number for p in pages] == [2, 3]
    assert [len(p) for p in pages] == [2, 1]

    limited = sync_client.ips.list(page_size=2, limit=3)
    assert limited.limit == 3
    assert [ip.id for ip in limited] == ["0", "1", "2"]
    assert [ip.id for ip in sync_client.ips.list(page_size=2).to_list()] == [
        str(i) for i in range(5)
    ]


def test_breaking_out_of_iteration_is_clean(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = paged(total=10, size=2)
    for ip in sync_client.ips.list(page_size=2):
        if ip.id == "2":
            break
    assert len(fake_api.requests) == 2
    # The client goes on working and later iterations start afresh.
    assert len(sync_client.ips.list(page_size=2).to_list()) == 10


def test_closing_mid_iteration_is_an_error_not_a_short_list(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = paged(total=6, size=2)
    seen: list[str | None] = []

    def walk_and_close() -> None:
        for ip in sync_client.ips.list(page_size=2):
            seen.append(ip.id)
            if ip.id == "1":
                sync_client.close()

    with pytest.raises(RuntimeError, match="closed while this list"):
        walk_and_close()
    assert seen == ["0", "1"]
    assert len(sync_client.ips.list(page_size=2).to_list()) == 6


def test_pager_arguments_are_checked_before_any_request(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sync_client.ips.list(page_size=0)
    assert info.value.field == "page_size"
    with pytest.raises(InvalidArgumentError):
        sync_client.ips.list(limit=0)
    assert fake_api.requests == []


def test_pager_keeps_the_loop_alive_without_the_client(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = paged(total=4, size=2)
    pager = TelnyxSIP(API_KEY, base_url=server.base_url).ips.list(page_size=2)
    gc.collect()
    assert [ip.id for ip in pager] == ["0", "1", "2", "3"]
    del pager
    gc.collect()
    assert not loop_threads()
