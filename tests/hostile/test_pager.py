"""Servers whose page meta lies: the pager counts pages itself."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from tests._support.hostile import hostile

ITEMS = [
    {"id": str(i), "record_type": "ip", "ip_address": f"192.0.2.{i}"}
    for i in range(1, 11)
]


def _page(number: int, size: int, meta: dict[str, Any]) -> web.Response:
    chunk = ITEMS[(number - 1) * size : number * size]
    return web.json_response({"data": chunk, "meta": meta})


def _asked(request: web.Request) -> tuple[int, int]:
    return int(request.query["page[number]"]), int(request.query.get("page[size]", 2))


async def test_meta_that_always_says_page_one_still_yields_every_item() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        number, size = _asked(request)
        meta = {"page_number": 1, "page_size": size, "total_pages": 5}
        return _page(number, size, meta)

    async with hostile(handler) as h:
        got = [ip.id async for ip in h.client.ips.list(page_size=2)]
    assert got == [i["id"] for i in ITEMS]
    assert [r.split("page[number]=")[1] for r in h.requests] == list("12345")


async def test_a_negative_meta_page_number_is_never_sent_back() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        number, size = _asked(request)
        return _page(number, size, {"page_number": -4, "total_pages": 5})

    async with hostile(handler) as h:
        got = [ip.id async for ip in h.client.ips.list(page_size=2)]
    assert len(got) == 10
    assert all(int(r.split("page[number]=")[1]) >= 1 for r in h.requests)


async def test_a_server_alternating_two_pages_ends_without_duplicates() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        number, size = _asked(request)
        first = 1 if number % 2 else 2  # pages 1, 2, 1, 2, ... forever
        return _page(first, size, {"total_pages": 1000})

    async with hostile(handler) as h:
        got = [ip.id async for ip in h.client.ips.list(page_size=2)]
    assert got == ["1", "2", "3", "4"]
    assert len(h.requests) == 3  # page 3 repeated page 1: the end


async def test_a_page_that_shifts_by_one_yields_each_item_once() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        number, size = _asked(request)
        start = max(0, (number - 1) * size - 1)  # overlaps the previous page
        chunk = ITEMS[start : start + size]
        return web.json_response({"data": chunk, "meta": {"total_pages": 9}})

    async with hostile(handler) as h:
        got = [ip.id async for ip in h.client.ips.list(page_size=2)]
    assert len(got) == len(set(got))


@pytest.mark.parametrize("total_pages", [10**9, None])
async def test_an_endless_server_is_bounded_by_the_callers_limit(
    total_pages: int | None,
) -> None:
    counter = iter(range(10**9))

    async def handler(request: web.Request) -> web.StreamResponse:
        _, size = _asked(request)
        data = [
            {"id": str(next(counter)), "record_type": "ip", "ip_address": "192.0.2.1"}
            for _ in range(size)
        ]
        return web.json_response({"data": data, "meta": {"total_pages": total_pages}})

    async with hostile(handler) as h:
        got = [ip.id async for ip in h.client.ips.list(page_size=3, limit=10)]
    assert len(got) == 10
    assert len(h.requests) == 4


async def test_an_empty_page_ends_the_iteration_even_if_meta_says_more() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        number, size = _asked(request)
        if number > 1:
            return web.json_response({"data": [], "meta": {"total_pages": 99}})
        return _page(1, size, {"total_pages": 99})

    async with hostile(handler) as h:
        pages = [p async for p in h.client.ips.list(page_size=2).pages()]
    assert [len(p.items) for p in pages] == [2]
    assert [p.page_number for p in pages] == [1]
