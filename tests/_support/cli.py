"""Running the command line in-process, and a FakeAPI answer for every resource."""

from __future__ import annotations

import asyncio
import json
import shlex
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from telnyx_sip._cli.introspect import resources
from telnyx_sip.cli import main
from tests._support.fake_api import Recorded, Reply

T = TypeVar("T")
SECRET = "pw-Very-Secret-42"
TOKEN = "tok-Very-Secret-43"
COMMANDS = [c for r in resources() for c in r.commands]
HELP_LEVELS = [
    [],
    ["demo"],
    ["sandbox"],
    ["completion"],
    ["export"],
    ["plan"],
    ["apply"],
    *([r.name] for r in resources()),
    *([c.resource.replace("_", "-"), c.name] for c in COMMANDS),
]
"""Every command line that has a --help of its own."""


def api_object(resource: str) -> dict[str, Any]:
    """A plausible answer object for any resource (unknown keys land in extra)."""
    return {
        "id": "obj-1",
        "record_type": resource.rstrip("s"),
        "name": "office-profile",
        "connection_name": "office",
        "user_name": "office1",
        "password": SECRET,
        "ip_address": "192.0.2.10",
        "port": 5060,
        "cidr_block": "192.0.2.0/24",
        "status": "pending",
        "user_id": "user-1",
        "active": True,
        "tags": ["a", "b"],
        "outbound": {"ip_authentication_token": TOKEN, "channel_limit": 5},
        "brand_new_field": {"nested": 1},
    }


def api_answer(rec: Recorded) -> Reply:
    parts = rec.path.removeprefix("/v2/").split("/")
    resource = parts[0]
    if rec.method == "GET" and len(parts) == 1:
        number = int(rec.query.get("page[number]", "1"))
        items = [dict(api_object(resource), id=f"obj-{number}-{i}") for i in range(2)]
        meta = {"page_number": number, "page_size": 2, "total_pages": 3}
        return Reply(200, {"data": items, "meta": meta})
    if resource == "access_ip_ranges":  # answered without the data envelope
        return Reply(200, api_object(resource))
    return Reply(200, {"data": api_object(resource)})


class BackgroundLoop:
    """An event loop in a daemon thread, to serve while main() blocks."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sh(command: str) -> list[str]:
    """Split a command line the way a shell would."""
    return shlex.split(command)


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]
