"""The sync twin's escape hatches: ``request`` and per-call extras."""

from __future__ import annotations

from telnyx_sip import RequestOptions, TelnyxSIP
from telnyx_sip.models import Ip
from tests._support.fake_api import FakeAPI

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


def test_the_sync_client_has_request(sync_client: TelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.reply(200, {"data": IP})
    fake_api.reply(201, IP)
    assert sync_client.request("GET", "/ips/7", cast=dict) == {"data": IP}
    ip = sync_client.request("POST", "/ips", body={"ip_address": "x"}, cast=Ip)
    assert ip.id == "7"
    assert [r.method for r in fake_api.requests] == ["GET", "POST"]


def test_extras_reach_the_server_from_the_sync_client(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, status=201)
    options = RequestOptions(
        extra_headers={"X-T": "1"}, extra_query={"q": "v"}, extra_body={"new": 2}
    )
    sync_client.ips.create(ip_address="203.0.113.7", options=options)
    (req,) = fake_api.requests
    assert req.headers["X-T"] == "1"
    assert req.query["q"] == "v"
    assert req.json == {"ip_address": "203.0.113.7", "new": 2}
