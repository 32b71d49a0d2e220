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
        GET,
        base_url=BASE,
        headers=HEADERS,
        path=("1",),
        extras=_core.Extras(headers=(("X-T", "1"),)),
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


# -- escape hatches: extra query, default query, extra body -------------------


def _query(request: _core.Request) -> str:
    return request.url.partition("?")[2]


def test_extra_query_follows_the_typed_query() -> None:
    query = _core.prepare_list(LIST, {"filter_ip_address": "192.0.2.1"})
    extras = _core.Extras(query=(("filter[new_field]", "x y"), ("tag", "a")))
    request = _core.build_request(
        LIST, base_url=BASE, headers=HEADERS, query=query.page(2), extras=extras
    )
    assert _query(request) == (
        "filter[ip_address]=192.0.2.1&page[number]=2&filter[new_field]=x%20y&tag=a"
    )


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("filter[ip_address]", "filter_ip_address="),
        ("page[size]", "page_size="),
        ("page[number]", "page_number="),
    ],
)
def test_extra_query_never_replaces_a_typed_argument(key: str, named: str) -> None:
    query = _core.prepare_list(LIST, {"filter_ip_address": "192.0.2.1"})
    extras = _core.Extras(query=((key, "1"),))
    with pytest.raises(errors.InvalidArgumentError, match=named) as info:
        _core.build_request(
            LIST, base_url=BASE, headers=HEADERS, query=query.page(1), extras=extras
        )
    assert info.value.field == "extra_query"
    assert key in str(info.value)


def test_page_size_is_refused_even_when_page_size_was_not_given() -> None:
    # The client counts pages with the page size it asked for.
    extras = _core.Extras(query=(("page[size]", "50"),))
    with pytest.raises(errors.InvalidArgumentError, match="page_size="):
        _core.build_request(LIST, base_url=BASE, headers=HEADERS, extras=extras)


def test_the_default_query_yields_to_the_typed_and_the_extra_query() -> None:
    query = _core.prepare_list(LIST, {"filter_ip_address": "192.0.2.1"})
    extras = _core.Extras(
        query=(("tag", "call"),),
        default_query=(("filter[ip_address]", "default"), ("tag", "d"), ("env", "p")),
    )
    request = _core.build_request(
        LIST, base_url=BASE, headers=HEADERS, query=query.page(1), extras=extras
    )
    assert _query(request) == (
        "filter[ip_address]=192.0.2.1&page[number]=1&tag=call&env=p"
    )


def test_extra_body_is_merged_into_the_json_body() -> None:
    extras = _core.Extras(body={"new_field": True, "inbound": {"new_limit": 3}})
    request = _core.build_request(
        CREATE,
        base_url=BASE,
        headers=HEADERS,
        body={"ip_address": "192.0.2.1", "inbound": {"channel_limit": 10}},
        extras=extras,
    )
    assert request.body is not None
    assert json.loads(request.body) == {
        "ip_address": "192.0.2.1",
        "inbound": {"channel_limit": 10, "new_limit": 3},
        "new_field": True,
    }


@pytest.mark.parametrize(
    ("extra", "dotted"),
    [
        ({"ip_address": "192.0.2.9"}, "'ip_address'"),
        ({"inbound": {"channel_limit": 1}}, "'inbound.channel_limit'"),
        ({"inbound": 5}, "'inbound'"),
    ],
)
def test_extra_body_never_replaces_a_typed_argument(
    extra: dict[str, object], dotted: str
) -> None:
    body = {"ip_address": "192.0.2.1", "inbound": {"channel_limit": 10}}
    with pytest.raises(errors.InvalidArgumentError, match=dotted) as info:
        _core.build_request(
            CREATE,
            base_url=BASE,
            headers=HEADERS,
            body=body,
            extras=_core.Extras(body=extra),
        )
    assert info.value.field == "extra_body"
    assert body == {"ip_address": "192.0.2.1", "inbound": {"channel_limit": 10}}


def test_extra_body_needs_an_operation_with_a_body() -> None:
    with pytest.raises(errors.InvalidArgumentError, match="sends no body") as info:
        _core.build_request(
            GET,
            base_url=BASE,
            headers=HEADERS,
            path=("1",),
            extras=_core.Extras(body={"x": 1}),
        )
    assert info.value.field == "extra_body"
    with pytest.raises(errors.InvalidArgumentError, match="no JSON object"):
        _core.build_request(
            CREATE,
            base_url=BASE,
            headers=HEADERS,
            body=[1],
            extras=_core.Extras(body={}),
        )


def test_a_body_that_is_not_json_is_refused_before_sending() -> None:
    with pytest.raises(errors.InvalidArgumentError, match="JSON") as info:
        _core.build_request(
            CREATE, base_url=BASE, headers=HEADERS, body={"x": object()}
        )
    assert info.value.field == "body"


def test_extras_repr_shows_names_and_keys_never_values() -> None:
    extras = _core.Extras(
        headers=(("Authorization", "Bearer other-key"),),
        query=(("token", "q-secret"),),
        body={"password": "b-secret"},
    )
    shown = repr(extras)
    for name in ("Authorization", "token", "password"):
        assert name in shown
    for value in ("other-key", "q-secret", "b-secret"):
        assert value not in shown
    assert _core.Extras().empty
    assert not extras.empty
