"""Raw HTTP for what the SDK would catch client-side: 401, 404, 400 and 422 paths."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip.testing import Sandbox
from tests._support.sandbox import Raw


def _pointers(body: Any) -> list[str | None]:
    return [e.get("source", {}).get("pointer") for e in body["errors"]]


@pytest.mark.parametrize(
    "key",
    [None, "wrong-key", "KEY-sandbox-0123456789abcdeX"],
    ids=["missing", "wrong", "almost"],
)
async def test_missing_or_wrong_key_is_401(http: Raw, key: str | None) -> None:
    for method, path in (("GET", "/ips"), ("POST", "/access_ip_ranges")):
        status, body, _ = await http.call(method, path, json={}, key=key)
        assert status == 401
        assert body["errors"][0]["code"] == "10009"
        assert "KEY-sandbox" not in str(body)


async def test_other_schemes_are_refused(http: Raw, sandbox: Sandbox) -> None:
    async with http.session.get(
        f"{sandbox.base_url}/ips", headers={"Authorization": f"Basic {sandbox.api_key}"}
    ) as response:
        assert response.status == 401
    async with http.session.get(
        f"{sandbox.base_url}/ips",
        headers={"Authorization": f"bearer {sandbox.api_key}"},
    ) as response:
        assert response.status == 200  # the scheme is case-insensitive


async def test_unknown_paths_and_methods(http: Raw) -> None:
    status, body, _ = await http.call("GET", "/nothing-here")
    assert status == 404
    assert body["errors"][0]["code"] == "10005"
    status, body, _ = await http.call("PUT", "/ips/1", json={})
    assert status == 405
    assert body["errors"]


async def test_unknown_id_wins_over_a_bad_body(http: Raw) -> None:
    status, body, _ = await http.call("PATCH", "/ips/12345", json={"port": "x"})
    assert status == 404
    assert body["errors"][0]["code"] == "10005"


async def test_no_type_coercion(http: Raw, sandbox: Sandbox) -> None:
    status, body, _ = await http.call(
        "POST", "/ips", json={"ip_address": "203.0.113.1", "port": "5060"}
    )
    assert status == 422
    assert _pointers(body) == ["/port"]
    assert body["errors"][0]["code"] == "10015"
    status, body, _ = await http.call(
        "POST", "/ip_connections", json={"connection_name": "x", "active": 1}
    )
    assert status == 422
    assert _pointers(body) == ["/active"]
    status, body, _ = await http.call(
        "POST", "/ips", json={"ip_address": "203.0.113.1", "port": 5060.0}
    )
    assert status == 422
    assert sandbox.rows("ips") == []
    assert sandbox.stats.rows_created == 0


async def test_nested_and_list_pointers(http: Raw) -> None:
    status, body, _ = await http.call(
        "POST",
        "/credential_connections",
        json={
            "connection_name": "office",
            "user_name": "office1",
            "password": "a-long-secret",
            "inbound": {"timeout_1xx_secs": 500, "codecs": ["G722", 7]},
            "jitter_buffer": {"jitterbuffer_msec_max": "high"},
            "anchorsite_override": "Mars",
        },
    )
    assert status == 422
    assert sorted(_pointers(body)) == [  # type: ignore[type-var]
        "/anchorsite_override",
        "/inbound/codecs/1",
        "/inbound/timeout_1xx_secs",
        "/jitter_buffer/jitterbuffer_msec_max",
    ]
    assert "a-long-secret" not in str(body)


async def test_every_missing_field_is_named(http: Raw) -> None:
    status, body, _ = await http.call("POST", "/credential_connections", json={})
    assert status == 422
    assert sorted(_pointers(body)) == [  # type: ignore[type-var]
        "/connection_name",
        "/password",
        "/user_name",
    ]
    assert {e["code"] for e in body["errors"]} == {"10004"}
    # The spec makes ip_address required on PATCH too.
    status, body, _ = await http.call("POST", "/ips", json={})
    assert (status, _pointers(body)) == (422, ["/ip_address"])


async def test_nested_object_of_the_wrong_type(http: Raw) -> None:
    status, body, _ = await http.call(
        "POST", "/ip_connections", json={"connection_name": "x", "inbound": 5}
    )
    assert status == 422
    assert _pointers(body) == ["/inbound"]
    assert "object" in body["errors"][0]["detail"]


async def test_null_only_where_the_spec_allows_it(http: Raw) -> None:
    status, body, _ = await http.call(
        "POST", "/ip_connections", json={"connection_name": None}
    )
    assert (status, _pointers(body)) == (422, ["/connection_name"])
    status, body, _ = await http.call(
        "POST",
        "/ip_connections",
        json={"connection_name": "x", "webhook_timeout_secs": None},
    )
    assert status == 201
    assert body["data"]["webhook_timeout_secs"] is None


async def test_values_the_models_cannot_judge(http: Raw) -> None:
    status, body, _ = await http.call("POST", "/ips", json={"ip_address": "not-an-ip"})
    assert (status, _pointers(body)) == (422, ["/ip_address"])
    status, body, _ = await http.call(
        "POST", "/ips", json={"ip_address": "203.0.113.1", "port": 70000}
    )
    assert (status, _pointers(body)) == (422, ["/port"])
    status, body, _ = await http.call(
        "POST", "/access_ip_ranges", json={"cidr_block": "10.0.0.0/99"}
    )
    assert (status, _pointers(body)) == (422, ["/cidr_block"])


async def test_unknown_keys_are_ignored(http: Raw, sandbox: Sandbox) -> None:
    status, body, _ = await http.call(
        "POST",
        "/ips",
        json={
            "ip_address": "203.0.113.1",
            "colour": "blue",
            "id": "1",
            "record_type": "banana",
        },
    )
    assert status == 201
    assert "colour" not in body["data"]
    assert body["data"]["id"] != "1"
    assert body["data"]["record_type"] == "ip"
    assert "colour" not in sandbox.rows("ips")[0]


async def test_bodies_that_are_not_json_objects(http: Raw) -> None:
    status, body, _ = await http.call("POST", "/ips", data=b"{not json")
    assert status == 400
    assert body["errors"][0]["code"] == "10023"
    status, body, _ = await http.call("POST", "/ips", json=[1, 2])
    assert status == 400
    assert "array" in body["errors"][0]["detail"]


async def test_access_ip_range_answers_are_not_wrapped(http: Raw) -> None:
    status, body, _ = await http.call(
        "POST", "/access_ip_ranges", json={"cidr_block": "10.1.0.0/16"}
    )
    assert status == 200
    assert body["cidr_block"] == "10.1.0.0/16"
    status, body, _ = await http.call("DELETE", f"/access_ip_ranges/{body['id']}")
    assert status == 200
    assert "data" not in body
    status, body, _ = await http.call("DELETE", "/access_ip_ranges/nope")
    assert status == 404
    assert body["errors"][0]["title"]


async def test_create_statuses_follow_the_spec(http: Raw) -> None:
    status, _, _ = await http.call(
        "POST", "/outbound_voice_profiles", json={"name": "abc"}
    )
    assert status == 200
    status, _, _ = await http.call(
        "POST", "/fqdn_connections", json={"connection_name": "x"}
    )
    assert status == 201


async def test_every_answer_has_a_request_id(http: Raw) -> None:
    ids = set()
    for path in ("/ips", "/nope", "/ips/1"):
        _, _, headers = await http.call("GET", path)
        ids.add(headers["x-request-id"])
    assert len(ids) == 3
