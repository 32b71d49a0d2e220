"""The async pager against a scripted server: every stop condition."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError

from ._support.fake_api import FakeAPI, Recorded, Reply


def _ips(start: int, count: int) -> list[dict[str, Any]]:
    return [
        {"id": str(i), "ip_address": f"203.0.113.{i}", "record_type": "ip"}
        for i in range(start, start + count)
    ]


def _page(
    items: list[dict[str, Any]], number: int, size: int, total: int
) -> dict[str, Any]:
    pages = -(-total // size) if total else 0
    return {
        "data": items,
        "meta": {
            "page_number": number,
            "page_size": size,
            "total_pages": pages,
            "total_results": total,
        },
    }


def _paged(total: int, size: int) -> Any:
    def reply(rec: Recorded) -> Reply:
        number = int(rec.query.get("page[number]", "1"))
        start = (number - 1) * size
        count = max(0, min(size, total - start))
        return Reply(200, _page(_ips(start, count), number, size, total))

    return reply


async def test_await_gives_first_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=5, size=2)
    page = await client.ips.list(page_size=2)
    assert [ip.id for ip in page.items] == ["0", "1"]
    assert (page.page_number, page.page_size, page.total_pages, page.total_results) == (
        1,
        2,
        3,
        5,
    )
    assert page.has_next
    (req,) = fake_api.requests
    assert req.query["page[size]"] == "2"
    assert req.query["page[number]"] == "1"


async def test_iteration_walks_all_pages_and_stops_on_last(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=5, size=2)
    ids = [ip.id async for ip in client.ips.list(page_size=2)]
    assert ids == ["0", "1", "2", "3", "4"]
    assert [r.query["page[number]"] for r in fake_api.requests] == ["1", "2", "3"]


async def test_pages_iteration_and_start_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=6, size=2)
    pages = [p async for p in client.ips.list(page_size=2, page_number=2).pages()]
    assert [p.page_number for p in pages] == [2, 3]
    assert [len(p) for p in pages] == [2, 2]


async def test_limit_caps_items_and_requests(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=100, size=10)
    ids = [ip.id async for ip in client.ips.list(page_size=10, limit=15)]
    assert ids == [str(i) for i in range(15)]
    assert len(fake_api.requests) == 2
    assert await client.ips.list(page_size=10, limit=3).to_list() == (
        await client.ips.list(page_size=10, limit=3).to_list()
    )


async def test_stops_on_empty_page_even_if_meta_says_more(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _page(_ips(0, 2), 1, 2, 10))
    fake_api.reply(200, _page([], 2, 2, 10))
    fake_api.default = Reply(500)
    ids = [ip.id async for ip in client.ips.list(page_size=2)]
    assert ids == ["0", "1"]
    assert len(fake_api.requests) == 2


async def test_stops_when_server_repeats_a_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    # A server that ignores page[number] and always answers page 1.
    fake_api.default = Reply(200, _page(_ips(0, 2), 1, 2, 10))
    ids = [ip.id async for ip in client.ips.list(page_size=2)]
    assert ids == ["0", "1"]
    assert len(fake_api.requests) == 2


async def test_stops_when_server_repeats_items_under_a_new_number(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    def reply(rec: Recorded) -> Reply:
        return Reply(200, _page(_ips(0, 2), int(rec.query["page[number]"]), 2, 10))

    fake_api.default = reply
    ids = [ip.id async for ip in client.ips.list(page_size=2)]
    assert ids == ["0", "1"]


async def test_without_meta_stops_on_short_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, {"data": _ips(0, 3)})
    fake_api.reply(200, {"data": _ips(3, 1)})
    ids = [ip.id async for ip in client.ips.list(page_size=3)]
    assert ids == ["0", "1", "2", "3"]
    assert len(fake_api.requests) == 2


async def test_filters_and_sort_are_encoded(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _page([], 1, 250, 0))
    await client.credential_connections.list(
        filter_connection_name_contains="office",
        filter_outbound_voice_profile_id="42",
        sort="connection_name",
        page_size=250,
    )
    (req,) = fake_api.requests
    assert "filter[connection_name][contains]=office" in req.raw_path
    assert req.query["filter[outbound_voice_profile_id]"] == "42"
    assert req.query["sort"] == "connection_name"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 251}, "page_size"),
        ({"page_number": 0}, "page_number"),
        ({"limit": 0}, "limit"),
        ({"filter_port": "5060"}, "filter_port"),
    ],
)
async def test_bad_arguments_fail_before_any_request(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.ips.list(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


async def test_outbound_voice_profile_sort_is_checked(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError, match="sort"):
        client.outbound_voice_profiles.list(sort="connection_name")  # type: ignore[arg-type]
    assert fake_api.requests == []
