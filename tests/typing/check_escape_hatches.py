"""What mypy sees of the escape hatches and raw responses; never run."""

from __future__ import annotations

import sys

from telnyx_sip import (
    APIResponse,
    AsyncTelnyxSIP,
    Page,
    RateLimit,
    RequestOptions,
    TelnyxSIP,
    with_raw_response,
)
from telnyx_sip.models import Ip

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


async def async_escape_hatches(client: AsyncTelnyxSIP) -> None:
    options = RequestOptions(
        extra_headers={"X-Trace": "t1"},
        extra_query={"filter[new]": "x", "tags": ["a", "b"], "n": 3},
        extra_body={"new_field": {"on": True}},
    )
    assert_type(await client.ips.retrieve("7", options=options), Ip)
    RequestOptions(extra_headers=[("X-Trace", "t1")])  # pairs, as before
    assert_type(await client.request("GET", "/new_things"), object)
    assert_type(await client.request("GET", "/ips/7", cast=dict), dict)  # type: ignore[type-arg]
    assert_type(await client.request("POST", "/ips", body={}, cast=Ip), Ip)

    raw = await with_raw_response(client.ips.retrieve)("7", options=options)
    assert_type(raw, APIResponse[Ip])
    assert_type(raw.parse(), Ip)
    assert_type(raw.status_code, int)
    assert_type(raw.request_id, str | None)
    assert_type(raw.rate_limit, RateLimit)
    assert_type(raw.elapsed, float)
    assert_type(raw.content, bytes)
    first = await with_raw_response(client.ips.list)(page_size=10)
    assert_type(first, APIResponse[Page[Ip]])
    page = await client.ips.list()
    assert_type(page.response, APIResponse[Page[Ip]])
    assert_type(page.response.parse().items, tuple[Ip, ...])
    with_raw_response(client.ips.retrieve)(7)  # type: ignore[arg-type]


def sync_escape_hatches(client: TelnyxSIP) -> None:
    raw = with_raw_response(client.ips.retrieve)("7")
    assert_type(raw, APIResponse[Ip])
    assert_type(client.request("GET", "/ips/7", cast=Ip), Ip)
    assert_type(client.request("DELETE", "/things/1"), object)
    for page in client.ips.list().pages():
        assert_type(page.response.headers.get("x-request-id"), str | None)


def clients_with_networks() -> None:
    AsyncTelnyxSIP(
        "key",
        proxy="http://proxy.internal:3128",
        trust_env=False,
        ca_bundle="/etc/corp/ca.pem",
        default_headers={"X-Team": "voice"},
        default_query={"tag": "a"},
        app_name="billing/2.1",
    )
