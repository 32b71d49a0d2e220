"""``_core.build_request`` and ``prepare_list``: what goes on the wire."""

from __future__ import annotations

import json

import pytest

from telnyx_sip import UNSET, _core, errors
from telnyx_sip._operations import ListOperation, Operation, QueryParam

BASE = "https://api.telnyx.com/v2"
HEADERS = {"Authorization": "Bearer k", "Accept": "application/json"}
GET = Operation("ips.retrieve", "GET", "/ips/{id}", idempotent=True)
CREATE = Operation("ips.create", "POST", "/ips", idempotent=False)
LIST = ListOperation(
    "ips.list",
    "GET",
    "/ips",
    idempotent=True,
    params={"filter_ip_address": QueryParam("filter[ip_address]", "str")},
    page_size_max=250,
    page_size_default=250,
)


def test_a_request_without_body_shares_the_client_headers() -> None:
    request = _core.build_request(GET, base_url=BASE, headers=HEADERS, path=("a/b",))
    assert request.method == "GET"
    assert request.url == f"{BASE}/ips/a%2Fb"
    assert request.path == "/ips/a%2Fb"
    assert request.body is None
    assert request.headers is HEADERS  # no copy on the usual path


def test_a_body_is_compact_json_with_its_type_and_the_headers_copied() -> None:
    request = _core.build_request(
        CREATE, base_url=BASE, headers=HEADERS, body={"ip_address": "192.0.2.1"}
    )
    assert request.body == b'{"ip_address":"192.0.2.1"}'
    assert json.loads(request.body) == {"ip_address": "192.0.2.1"}
    assert request.headers["Content-Type"] == "application/json"
    assert "Content-Type" not in HEADERS


def test_a_json_null_body_is_sent_but_unset_is_not() -> None:
    sent = _core.build_request(CREATE, base_url=BASE, headers=HEADERS, body=None)
    assert sent.body == b"null"
    unsent = _core.build_request(CREATE, base_url=BASE, headers=HEADERS, body=UNSET)
    assert unsent.body is None
    assert "Content-Type" not in unsent.headers


def test_extra_headers_are_added_to_a_copy() -> None:
    request = _core.build_request(
        GET, base_url=BASE, headers=HEADERS, path=("1",), extra_headers=[("X-T", "1")]
    )
    assert request.headers["X-T"] == "1"
    assert request.headers["Authorization"] == "Bearer k"
    assert "X-T" not in HEADERS


def test_the_query_keeps_brackets_and_encodes_values() -> None:
    query = _core.prepare_list(LIST, {"filter_ip_address": "a b&c=d"}, page_size=10)
    request = _core.build_request(
        LIST, base_url=BASE, headers=HEADERS, query=query.page(3)
    )
    assert request.url == (
        f"{BASE}/ips?filter[ip_address]=a%20b%26c%3Dd&page[size]=10&page[number]=3"
    )


def test_a_list_without_page_arguments_uses_the_spec_defaults() -> None:
    query = _core.prepare_list(LIST, {"filter_ip_address": UNSET})
    assert query.pairs == ()
    assert (query.first_page, query.page_size, query.limit) == (1, 250, None)
    assert query.page(1) == (("page[number]", "1"),)


@pytest.mark.parametrize("limit", [0, -1, True, 1.5, "3"])
def test_a_bad_limit_names_the_field(limit: object) -> None:
    with pytest.raises(errors.InvalidArgumentError) as info:
        _core.prepare_list(LIST, {}, limit=limit)
    assert info.value.field == "limit"


@pytest.mark.parametrize(
    ("value", "low", "high", "ok"),
    [(1, 1, None, True), (0, 1, None, False), (5, 1, 4, False), (True, 0, None, False)],
)
def test_bounded_int_is_the_one_count_check(
    value: object, low: int, high: int | None, ok: bool
) -> None:
    if ok:
        assert _core.bounded_int("n", value, low, high) == value
    else:
        with pytest.raises(errors.InvalidArgumentError, match=r"^n: "):
            _core.bounded_int("n", value, low, high)
