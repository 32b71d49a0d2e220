"""Building requests: path quoting, base URLs, the Telnyx query encoding, bytes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from telnyx_sip import UNSET, _core, errors
from telnyx_sip._operations import ListOperation, QueryParam

# -- path quoting -----------------------------------------------------------


@given(st.text(min_size=1).filter(lambda s: s.strip() not in {"", ".", ".."}))
def test_path_value_can_never_change_the_path(value: str) -> None:
    path = _core.build_path("/ips/{id}", (value,))
    url = URL("https://api.telnyx.com/v2" + path, encoded=True)
    assert url.path.startswith("/v2/ips/")
    assert url.raw_path.count("/") == 3, url.raw_path
    assert url.query_string == ""
    assert url.fragment == ""
    assert unquote(path.removeprefix("/ips/")) == value


@pytest.mark.parametrize("value", ["../ips", "a/b?c=d", "%2e%2e", "#frag", "x y"])
def test_path_value_examples_are_encoded(value: str) -> None:
    path = _core.build_path("/ips/{id}", (value,))
    assert "/" not in path.removeprefix("/ips/")
    assert "?" not in path
    assert "#" not in path
    assert unquote(path.removeprefix("/ips/")) == value


@pytest.mark.parametrize("value", ["", "   ", ".", "..", " .. "])
def test_empty_and_dot_segments_are_rejected(value: str) -> None:
    with pytest.raises(errors.InvalidArgumentError) as info:
        _core.build_path("/access_ip_ranges/{access_ip_range_id}", (value,))
    assert info.value.field == "access_ip_range_id"


def test_non_string_path_value_is_rejected() -> None:
    with pytest.raises(errors.InvalidArgumentError, match="id: expected str"):
        _core.build_path("/ips/{id}", (123,))  # type: ignore[arg-type]


# -- base URL ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://api.telnyx.com/v2",
        "http://127.0.0.1:4010/v2",
        "http://127.8.9.10/v2",
        "http://localhost:4010/v2/",
        "http://[::1]:4010/v2",
    ],
)
def test_base_url_accepted(url: str) -> None:
    assert not _core.check_base_url(url).endswith("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.telnyx.com/v2",
        "http://10.0.0.1/v2",
        "ftp://127.0.0.1/v2",
        "https:///v2",
        "https://user:pw@api.telnyx.com/v2",
        "https://api.telnyx.com/v2?x=1",
    ],
)
def test_base_url_rejected(url: str) -> None:
    with pytest.raises(errors.InvalidArgumentError, match="base_url"):
        _core.check_base_url(url)


# -- query encoding -----------------------------------------------------------

OP = ListOperation(
    "things.list",
    "GET",
    "/things",
    idempotent=True,
    params={
        "filter_name_contains": QueryParam("filter[name][contains]", "str"),
        "filter_port": QueryParam("filter[port]", "int"),
        "filter_active": QueryParam("filter[active]", "bool"),
        "filter_created_at_gt": QueryParam("filter[created_at][gt]", "datetime"),
        "sort": QueryParam("sort", "str", ("name", "-name")),
    },
    page_size_max=250,
)


def test_query_encoding_the_telnyx_way() -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    query = _core.prepare_list(
        OP,
        {
            "filter_name_contains": "office",
            "filter_port": 5060,
            "filter_active": False,
            "filter_created_at_gt": when,
            "sort": "-name",
        },
        page_number=2,
        page_size=250,
    )
    assert query.page(query.first_page) == (
        ("filter[name][contains]", "office"),
        ("filter[port]", "5060"),
        ("filter[active]", "false"),
        ("filter[created_at][gt]", "2026-01-02T03:04:05+00:00"),
        ("sort", "-name"),
        ("page[size]", "250"),
        ("page[number]", "2"),
    )
    assert (query.first_page, query.page_size, query.limit) == (2, 250, None)


def test_unset_arguments_are_left_out() -> None:
    assert _core.encode_query(OP, {"filter_port": UNSET}) == []
    assert _core.prepare_list(OP, {"filter_port": UNSET}).pairs == ()


@pytest.mark.parametrize(
    ("args", "pages", "field"),
    [
        ({"filter_port": "5060"}, {}, "filter_port"),
        ({"filter_port": True}, {}, "filter_port"),
        ({"filter_active": 1}, {}, "filter_active"),
        ({"filter_name_contains": 3}, {}, "filter_name_contains"),
        ({"filter_created_at_gt": "yesterday"}, {}, "filter_created_at_gt"),
        ({"sort": "size"}, {}, "sort"),
        ({}, {"page_size": 0}, "page_size"),
        ({}, {"page_size": 251}, "page_size"),
        ({}, {"page_size": 2.5}, "page_size"),
        ({}, {"page_number": 0}, "page_number"),
    ],
)
def test_bad_list_arguments_name_the_field(
    args: dict[str, Any], pages: dict[str, Any], field: str
) -> None:
    with pytest.raises(errors.InvalidArgumentError) as info:
        _core.prepare_list(OP, args, **pages)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
