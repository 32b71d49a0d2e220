"""Pure request/response logic: path quoting, query encoding, error parsing, waits."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from telnyx_sip import UNSET, _core, errors
from telnyx_sip._operations import ListOperation, QueryParam

NOW = 1_800_000_000.0

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


# -- errors -------------------------------------------------------------------


def test_errors_array_is_parsed() -> None:
    body = {
        "errors": [
            {
                "code": "10015",
                "title": "Invalid sorting value",
                "detail": "The value provided for sorting is not valid.",
                "source": {"pointer": "/sort"},
                "meta": {
                    "url": "https://developers.telnyx.com/docs/overview/errors/10015"
                },
            }
        ]
    }
    err = _core.parse_error(
        400,
        json.dumps(body).encode(),
        {"x-request-id": "rid-1"},
        method="GET",
        path="/ips",
    )
    assert isinstance(err, errors.BadRequestError)
    (first,) = err.errors
    assert first.code == "10015"
    assert first.pointer == "/sort"
    assert first.url is not None
    assert first.url.endswith("10015")
    assert err.request_id == "rid-1"
    assert str(err) == (
        "400 on GET /ips: 10015 Invalid sorting value: The value provided for "
        "sorting is not valid. (at /sort) [request id rid-1]"
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[errors.APIStatusError]) -> None:
    err = _core.parse_error(status, b"not json", {}, method="GET", path="/x")
    assert type(err) is cls
    assert err.status == status
    assert err.body == b"not json"
    assert err.errors == ()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_error_parsing_never_raises(payload: object) -> None:
    parsed = _core.parse_errors(payload)
    assert all(isinstance(e, errors.APIError) for e in parsed)
    err = _core.parse_error(
        422, json.dumps(payload).encode(), {}, method="POST", path="/ips"
    )
    assert str(err).startswith("422 on POST /ips")


@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "code": st.text() | st.integers(),
                "title": st.text() | st.none(),
                "detail": st.text() | st.integers(),
                "source": st.dictionaries(
                    st.sampled_from(["pointer", "parameter"]), st.text()
                )
                | st.text(),
            },
        )
    )
)
def test_error_entries_survive_any_shape(entries: list[dict[str, Any]]) -> None:
    parsed = _core.parse_errors({"errors": entries})
    assert len(parsed) == len(entries)


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
