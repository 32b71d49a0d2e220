"""Plans of IP creates and the scripted answers a fake server gives them."""

from __future__ import annotations

from typing import Any

from telnyx_sip.bulk import Call

from .fake_api import Recorded, Reply

__all__ = ["create_ips", "echo_ip", "ip_row", "page"]


def ip_row(i: int, connection: str = "c1") -> dict[str, Any]:
    """The API's JSON for IP number ``i`` (198.51.100.<i>)."""
    return {
        "id": str(1000 + i),
        "ip_address": f"198.51.100.{i}",
        "connection_id": connection,
        "port": 5060,
        "record_type": "ip",
    }


def create_ips(n: int) -> list[Call]:
    """``n`` IP creates on connection ``c1``, numbered from 0."""
    return [
        Call("ips", "create", {"ip_address": f"198.51.100.{i}", "connection_id": "c1"})
        for i in range(n)
    ]


def echo_ip(rec: Recorded) -> Reply:
    """A 201 for an IP create, echoing the address and connection it was sent."""
    body = rec.json
    i = int(body["ip_address"].rsplit(".", 1)[1])
    return Reply(201, {"data": ip_row(i, body.get("connection_id", "c1"))})


def page(items: list[dict[str, Any]]) -> Reply:
    """A one-page list answer holding ``items``."""
    meta = {
        "page_number": 1,
        "page_size": 250,
        "total_pages": 1,
        "total_results": len(items),
    }
    return Reply(200, {"data": items, "meta": meta})
