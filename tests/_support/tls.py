"""A TLS loopback server with a test CA (``trustme``), and a resolver for test names.

The certificate names ``api.telnyx.test`` (a name no DNS knows: only a proxy
routing it, or :class:`StaticResolver`, reaches it), ``localhost`` and
``127.0.0.1``. The CA is trusted by nothing unless a test says so.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import attrs
import trustme
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from .fake_api import FakeAPI

__all__ = ["TEST_HOST", "StaticResolver", "TLSServer", "tls_server"]

TEST_HOST = "api.telnyx.test"


@attrs.frozen
class TLSServer:
    """A running server: its port, its CA and that CA's PEM file."""

    port: int
    ca: trustme.CA
    ca_file: Path

    def url(self, host: str = TEST_HOST) -> str:
        """The API root on ``host``."""
        return f"https://{host}:{self.port}/v2"

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts the test CA."""
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context


@asynccontextmanager
async def tls_server(fake_api: FakeAPI, directory: Path) -> AsyncIterator[TLSServer]:
    """Serve ``fake_api`` over TLS on 127.0.0.1 with a fresh test CA."""
    ca = trustme.CA()
    cert = ca.issue_cert(TEST_HOST, "localhost", "127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    ca_file = directory / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake_api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield TLSServer(port, ca, ca_file)
    finally:
        await runner.cleanup()


class StaticResolver(AbstractResolver):
    """Resolves every name to 127.0.0.1, for a direct (proxy-less) connection."""

    async def resolve(
        self, host: str, port: int = 0, family: Any = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None
