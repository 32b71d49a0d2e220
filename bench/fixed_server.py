"""A fixed-response Telnyx-like server for benchmarks, run in its own process.

Every answer is prepared before the server starts, so the server's own cost is
as small and as constant as possible; the client side is what is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from aiohttp import web

# A credential connection with every nested object filled, as the API returns it.
CONNECTION: dict[str, Any] = {
    "id": "1293384261075731499",
    "record_type": "credential_connection",
    "active": True,
    "anchorsite_override": "Latency",
    "android_push_credential_id": None,
    "call_cost_in_webhooks": False,
    "connection_name": "office",
    "created_at": "2018-02-02T22:25:27.521Z",
    "default_on_hold_comfort_noise_enabled": True,
    "dtmf_type": "RFC 2833",
    "encode_contact_header_enabled": False,
    "encrypted_media": None,
    "inbound": {
        "ani_number_format": "E.164-national",
        "channel_limit": 10,
        "codecs": ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"],
        "default_routing_method": "sequential",
        "dnis_number_format": "e164",
        "generate_ringback_tone": False,
        "isup_headers_enabled": False,
        "prack_enabled": False,
        "shaken_stir_enabled": False,
        "simultaneous_ringing": "disabled",
        "sip_compact_headers_enabled": True,
        "timeout_1xx_secs": 3,
        "timeout_2xx_secs": 90,
    },
    "ios_push_credential_id": None,
    "jitter_buffer": {
        "enable_jitter_buffer": False,
        "jitterbuffer_msec_max": 200,
        "jitterbuffer_msec_min": 60,
    },
    "noise_suppression": "disabled",
    "noise_suppression_details": {"attenuation_limit": 80, "engine": "denoiser"},
    "onnet_t38_passthrough_enabled": False,
    "outbound": {
        "ani_override": "",
        "ani_override_type": "always",
        "call_parking_enabled": False,
        "channel_limit": 10,
        "generate_ringback_tone": False,
        "instant_ringback_enabled": True,
        "localization": "US",
        "outbound_voice_profile_id": "1293384261075731499",
        "t38_reinvite_source": "telnyx",
    },
    "password": "my123secure456password789",
    "rtcp_settings": {
        "capture_enabled": False,
        "port": "rtp+1",
        "report_frequency_secs": 5,
    },
    "sip_uri_calling_preference": "disabled",
    "tags": ["tag1", "tag2"],
    "updated_at": "2018-02-02T22:25:27.521Z",
    "user_name": "myusername123",
    "webhook_api_version": "1",
    "webhook_event_failover_url": "https://failover.example.com",
    "webhook_event_url": "https://example.com",
    "webhook_timeout_secs": 25,
}


IP: dict[str, Any] = {
    "id": "1293384261075731499",
    "record_type": "ip",
    "connection_id": "1293384261075731400",
    "ip_address": "192.168.0.0",
    "port": 5060,
    "created_at": "2018-02-02T22:25:27.521Z",
    "updated_at": "2018-02-02T22:25:27.521Z",
}


def page_body(size: int) -> bytes:
    """A list page of ``size`` credential connections with distinct ids."""
    items = [{**CONNECTION, "id": str(10_000 + i)} for i in range(size)]
    meta = {
        "page_number": 1,
        "page_size": size,
        "total_pages": 1,
        "total_results": size,
    }
    return json.dumps({"data": items, "meta": meta}).encode()


def make_app(page_size: int = 250) -> web.Application:
    """An app answering retrieve, create and list with prepared bodies."""
    one = json.dumps({"data": CONNECTION}).encode()
    ip = json.dumps({"data": IP}).encode()
    page = page_body(page_size)
    headers = {"Content-Type": "application/json", "x-request-id": "bench"}

    async def retrieve(_: web.Request) -> web.Response:
        return web.Response(body=one, headers=headers)

    async def create(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=201, body=one, headers=headers)

    async def listing(_: web.Request) -> web.Response:
        return web.Response(body=page, headers=headers)

    async def ip_retrieve(_: web.Request) -> web.Response:
        return web.Response(body=ip, headers=headers)

    async def ip_create(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=201, body=ip, headers=headers)

    app = web.Application()
    app.router.add_get("/v2/credential_connections/{id}", retrieve)
    app.router.add_post("/v2/credential_connections", create)
    app.router.add_get("/v2/credential_connections", listing)
    app.router.add_get("/v2/ips/{id}", ip_retrieve)
    app.router.add_post("/v2/ips", ip_create)
    return app


@contextlib.contextmanager
def serve_in_subprocess(*, cpu: int | None = None) -> Iterator[str]:
    """Run this server in its own process on a free port; yield its API root.

    ``cpu`` pins the server process to one CPU.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, __file__, "--port", str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        if cpu is not None:
            os.sched_setaffinity(server.pid, {cpu})
        deadline = time.monotonic() + 10.0
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("benchmark server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    web.run_app(
        make_app(), host="127.0.0.1", port=args.port, print=None, access_log=None
    )


if __name__ == "__main__":
    main()
