"""Access IP ranges: every operation end to end against the loopback FakeAPI.

This resource answers create and delete with the bare object, not under a
``data`` key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, ResponseValidationError
from telnyx_sip.models import AccessIpRange, AccessIpRangeStatus
from tests._support.fake_api import FakeAPI

from . import _data

UTC = dt.timezone.utc


async def test_list_encodes_every_filter(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    items = [_data.access_ip_range(), _data.access_ip_range(id="r2", status="pending")]
    fake_api.reply(200, _data.page(items, size=20))
    since = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    until = dt.datetime(
        2024, 6, 30, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    page = await client.access_ip_ranges.list(
        filter_cidr_block="203.0.113.0/24",
        filter_cidr_block_contains="113",
        filter_cidr_block_startswith="203.0",
        filter_cidr_block_endswith="/24",
        filter_created_at=since,
        filter_created_at_gt=since,
        filter_created_at_gte=since,
        filter_created_at_lt=until,
        filter_created_at_lte=until,
        page_size=20,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path) == ("GET", "/v2/access_ip_ranges")
    # ':' and '+' are escaped so the offset survives decoding; '/' too.
    since_q = "2024-01-02T03%3A04%3A05%2B00%3A00"
    until_q = "2024-06-30T23%3A59%3A59-05%3A00"
    assert _data.raw_query(req.raw_path) == sorted(
        [
            "filter[cidr_block]=203.0.113.0%2F24",
            "filter[cidr_block][contains]=113",
            "filter[cidr_block][startswith]=203.0",
            "filter[cidr_block][endswith]=%2F24",
            f"filter[created_at]={since_q}",
            f"filter[created_at][gt]={since_q}",
            f"filter[created_at][gte]={since_q}",
            f"filter[created_at][lt]={until_q}",
            f"filter[created_at][lte]={until_q}",
            "page[number]=1",
            "page[size]=20",
        ]
    )
    assert req.query["filter[created_at][gte]"] == since.isoformat()
    assert req.query["filter[created_at][lte]"] == until.isoformat()
    assert [r.status for r in page.items] == [
        AccessIpRangeStatus.ADDED,
        AccessIpRangeStatus.PENDING,
    ]
    _data.assert_matches(page.items[1], items[1])
    assert page.total_results == 2


async def test_create_answers_with_the_bare_object(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.access_ip_range(status="pending"))
    created = await client.access_ip_ranges.create(cidr_block="203.0.113.0/24")
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/access_ip_ranges")
    assert req.json == {"cidr_block": "203.0.113.0/24"}
    assert isinstance(created, AccessIpRange)
    assert created.status is AccessIpRangeStatus.PENDING
    assert created.created_at == dt.datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert created.updated_at == dt.datetime(2024, 3, 1, 12, 5, 30, 250000, tzinfo=UTC)
    _data.assert_matches(created, _data.access_ip_range(status="pending"))


async def test_create_with_a_description(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.access_ip_range())
    await client.access_ip_ranges.create(
        cidr_block="203.0.113.0/24", description="Head office"
    )
    assert _data.single(fake_api).json == {
        "cidr_block": "203.0.113.0/24",
        "description": "Head office",
    }


async def test_create_refuses_an_answer_wrapped_in_data(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    # The object's required fields are at the top level, so a wrapped answer
    # cannot be read as one.
    fake_api.data(_data.access_ip_range())
    with pytest.raises(ResponseValidationError):
        await client.access_ip_ranges.create(cidr_block="203.0.113.0/24")


async def test_delete_quotes_the_id_and_reads_the_bare_object(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.access_ip_range())
    deleted = await client.access_ip_ranges.delete(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "DELETE"
    assert req.raw_path == f"/v2/access_ip_ranges/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(deleted, _data.access_ip_range())


async def test_unknown_status_stays_a_string(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.access_ip_range(status="syncing"))
    deleted = await client.access_ip_ranges.delete("r1")
    assert deleted.status == "syncing"
    assert not isinstance(deleted.status, AccessIpRangeStatus)


async def test_cidr_block_is_required(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(TypeError, match="cidr_block"):
        await client.access_ip_ranges.create()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="cidr_block"):
        await client.access_ip_ranges.create(description="x")  # type: ignore[call-arg]
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"cidr_block": None}, "cidr_block"),
        ({"cidr_block": 24}, "cidr_block"),
        ({"cidr_block": "203.0.113.0/24", "description": None}, "description"),
        ({"cidr_block": "203.0.113.0/24", "description": 1}, "description"),
    ],
)
async def test_bad_body_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.access_ip_ranges.create(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"filter_created_at": "2024-01-01T00:00:00Z"}, "filter_created_at"),
        ({"filter_created_at_gte": dt.date(2024, 1, 1)}, "filter_created_at_gte"),
        ({"filter_cidr_block_contains": 10}, "filter_cidr_block_contains"),
        ({"page_size": 251}, "page_size"),
        ({"page_number": -1}, "page_number"),
    ],
)
async def test_bad_list_arguments_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.access_ip_ranges.list(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


async def test_empty_id_is_refused(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.access_ip_ranges.delete("")
    assert info.value.field == "id"  # the argument's name, not the spec's
    assert fake_api.requests == []
