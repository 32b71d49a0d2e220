"""Networks as they are, end to end on loopback: a TLS server with a test CA
behind a local CONNECT proxy, proxies from arguments and the environment,
custom trust, and a caller's own aiohttp session."""

from __future__ import annotations

import base64
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from telnyx_sip import (
    APIConnectionError,
    AsyncTelnyxSIP,
    InvalidArgumentError,
    NotFoundError,
    RequestOptions,
    TelnyxSIP,
)

from ._support.fake_api import API_KEY, FakeAPI, Reply
from ._support.proxy import ConnectProxy
from ._support.tls import TEST_HOST, StaticResolver, TLSServer, tls_server

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}
PROXY_VARS = (
    *("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"),
    *("ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"),
)
ONE_TRY = RequestOptions(max_retries=0)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def tls(fake_api: FakeAPI, tmp_path: Path) -> AsyncIterator[TLSServer]:
    fake_api.default = lambda _: _ip()
    async with tls_server(fake_api, tmp_path) as server:
        yield server


@pytest.fixture
async def proxy(tls: TLSServer) -> AsyncIterator[ConnectProxy]:
    found = ConnectProxy(routes={TEST_HOST: ("127.0.0.1", tls.port)})
    await found.start()
    try:
        yield found
    finally:
        await found.close()


def _ip() -> Reply:
    return Reply(200, {"data": IP})


def _session(tls: TLSServer) -> aiohttp.ClientSession:
    """A caller's session reaching the test host directly, trusting the test CA."""
    connector = aiohttp.TCPConnector(
        ssl=tls.client_context(), resolver=StaticResolver()
    )
    return aiohttp.ClientSession(connector=connector)


def _closed(session: aiohttp.ClientSession) -> bool:
    return session.closed


def _plain_lines(proxy: ConnectProxy) -> list[str]:
    return [
        line.lower()
        for head in proxy.heads
        for line in head.decode("latin-1").split("\r\n")
    ]


async def test_https_proxy_from_the_environment_is_a_connect_tunnel(
    tls: TLSServer,
    proxy: ConnectProxy,
    fake_api: FakeAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    async with AsyncTelnyxSIP(
        API_KEY, base_url=tls.url(), ca_bundle=tls.ca_file
    ) as client:
        ip = await client.ips.retrieve("7")
        await client.ips.retrieve("7")  # the tunnel is kept alive and reused
    assert ip.id == "7"
    assert proxy.connects == [f"CONNECT {TEST_HOST}:{tls.port} HTTP/1.1"]
    # The proxy saw the target, never the key: it crossed inside TLS only.
    assert not any(line.startswith("authorization") for line in _plain_lines(proxy))
    assert proxy.tunnelled  # bytes went through ...
    assert API_KEY.encode() not in proxy.tunnelled  # ... but not in the clear
    assert fake_api.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


async def test_trust_env_false_sends_nothing_to_the_proxy(
    tls: TLSServer,
    proxy: ConnectProxy,
    fake_api: FakeAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    async with _session(tls) as session:
        client = AsyncTelnyxSIP(
            API_KEY, base_url=tls.url(), session=session, trust_env=False
        )
        await client.ips.retrieve("7")
        assert proxy.accepted == 0
        assert len(fake_api.requests) == 1
        # The same session with the environment trusted goes through the proxy.
        trusting = AsyncTelnyxSIP(API_KEY, base_url=tls.url(), session=session)
        await trusting.ips.retrieve("7")
        assert proxy.connects == [f"CONNECT {TEST_HOST}:{tls.port} HTTP/1.1"]


async def test_no_proxy_exempts_a_host(
    tls: TLSServer,
    proxy: ConnectProxy,
    fake_api: FakeAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", f"example.org,{TEST_HOST}")
    async with _session(tls) as session:
        client = AsyncTelnyxSIP(API_KEY, base_url=tls.url(), session=session)
        await client.ips.retrieve("7")
    assert proxy.accepted == 0
    assert len(fake_api.requests) == 1


async def test_loopback_never_goes_to_an_environment_proxy(
    tls: TLSServer, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    for host in ("localhost", "127.0.0.1"):
        async with AsyncTelnyxSIP(
            API_KEY, base_url=tls.url(host), ca_bundle=tls.ca_file
        ) as client:
            await client.ips.retrieve("7")
    assert proxy.accepted == 0


async def test_an_explicit_proxy_gets_its_credentials_and_nothing_else(
    tls: TLSServer, proxy: ConnectProxy, fake_api: FakeAPI
) -> None:
    address = proxy.url.replace("http://", "http://agent:s%40fe@")
    async with AsyncTelnyxSIP(
        API_KEY,
        base_url=tls.url(),
        proxy=address,
        trust_env=False,
        ssl=tls.client_context(),
    ) as client:
        assert "s@fe" not in repr(client._shared)
        await client.ips.retrieve("7")
    token = base64.b64encode(b"agent:s@fe").decode().lower()
    lines = _plain_lines(proxy)
    assert f"proxy-authorization: basic {token}" in lines
    assert not any(line.startswith("authorization") for line in lines)
    assert "Proxy-Authorization" not in fake_api.requests[0].headers


async def test_the_test_ca_is_required(
    tls: TLSServer, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tls.url("localhost")
    async with AsyncTelnyxSIP(API_KEY, base_url=base) as client:
        with pytest.raises(APIConnectionError, match="certificate") as info:
            await client.ips.retrieve("7", options=ONE_TRY)
    assert info.value.sent is False  # nothing reached the server
    assert fake_api.requests == []
    trusted: list[dict[str, Any]] = [
        {"ca_bundle": tls.ca_file},
        {"ca_bundle": str(tls.ca_file)},
        {"ssl": tls.client_context()},
    ]
    for kwargs in trusted:
        async with AsyncTelnyxSIP(API_KEY, base_url=base, **kwargs) as client:
            await client.ips.retrieve("7", options=ONE_TRY)
    assert len(fake_api.requests) == len(trusted)


async def test_ssl_cert_file_is_honoured_only_with_trust_env(
    tls: TLSServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.ca_file))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    base = tls.url("localhost")
    async with AsyncTelnyxSIP(API_KEY, base_url=base) as client:
        await client.ips.retrieve("7", options=ONE_TRY)
    async with AsyncTelnyxSIP(API_KEY, base_url=base, trust_env=False) as client:
        with pytest.raises(APIConnectionError, match="certificate"):
            await client.ips.retrieve("7", options=ONE_TRY)


async def test_an_injected_session_is_left_open(
    tls: TLSServer, fake_api: FakeAPI
) -> None:
    async with _session(tls) as session:
        async with AsyncTelnyxSIP(API_KEY, base_url=tls.url(), session=session) as c:
            await c.ips.retrieve("7")
        assert not session.closed  # the client's aclose() left it alone
        await c.ips.retrieve("7")  # and the client can use it again
        await c.aclose()
        assert not session.closed
    assert _closed(session)
    with pytest.raises(RuntimeError, match="closed"):
        await c.ips.retrieve("7")
    assert len(fake_api.requests) == 2


async def test_an_injected_session_s_defaults_do_not_change_answers(
    tls: TLSServer, fake_api: FakeAPI
) -> None:
    connector = aiohttp.TCPConnector(
        ssl=tls.client_context(), resolver=StaticResolver()
    )
    async with aiohttp.ClientSession(
        connector=connector, raise_for_status=True, auto_decompress=True
    ) as session:
        client = AsyncTelnyxSIP(API_KEY, base_url=tls.url(), session=session)
        fake_api.reply(404, {"errors": [{"code": "10005"}]})
        with pytest.raises(NotFoundError):
            await client.ips.retrieve("7")


async def test_a_session_cannot_serve_the_sync_client(tls: TLSServer) -> None:
    async with _session(tls) as session:
        client = TelnyxSIP(API_KEY, base_url=tls.url(), session=session)
        try:
            with pytest.raises(RuntimeError, match="another event loop"):
                client.ips.retrieve("7")
        finally:
            client.close()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"proxy": "socks5://127.0.0.1:1080"}, "proxy"),
        ({"proxy": "not a url"}, "proxy"),
        ({"proxy": 3128}, "proxy"),
        ({"trust_env": "yes"}, "trust_env"),
        ({"ssl": True}, "ssl"),
        ({"ca_bundle": "/no/such/ca.pem"}, "ca_bundle"),
        ({"ca_bundle": 3}, "ca_bundle"),
        ({"session": object()}, "session"),
    ],
)
def test_bad_network_arguments_name_the_argument(
    kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AsyncTelnyxSIP(API_KEY, **kwargs)
    assert info.value.field == field


async def test_ssl_and_sessions_do_not_mix(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    with pytest.raises(InvalidArgumentError, match="cannot load certificates"):
        AsyncTelnyxSIP(API_KEY, ca_bundle=garbage)
    context = ssl.create_default_context()
    with pytest.raises(InvalidArgumentError, match="not both"):
        AsyncTelnyxSIP(API_KEY, ssl=context, ca_bundle=garbage)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(InvalidArgumentError, match="connector decides TLS"):
            AsyncTelnyxSIP(API_KEY, ssl=context, session=session)


def test_trust_comes_from_the_arguments_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def verifying(client: AsyncTelnyxSIP) -> object:
        return client._shared.transport._network.tls()

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert verifying(AsyncTelnyxSIP(API_KEY)) is True  # aiohttp's default context
    directory = AsyncTelnyxSIP(API_KEY, ca_bundle=tmp_path)  # a hashed directory
    assert isinstance(verifying(directory), ssl.SSLContext)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    from_env = verifying(AsyncTelnyxSIP(API_KEY))
    assert isinstance(from_env, ssl.SSLContext)
    assert verifying(AsyncTelnyxSIP(API_KEY, trust_env=False)) is not from_env
    # Plain http (the sandbox) has nothing to verify: nothing is loaded.
    local = AsyncTelnyxSIP(API_KEY, base_url="http://127.0.0.1:4010/v2")
    assert verifying(local) is True


def test_environment_proxies_follow_the_base_url_scheme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def proxy_of(client: AsyncTelnyxSIP) -> str | None:
        found = client._shared.transport._network.proxy
        return None if found is None else str(found)

    monkeypatch.setenv("ALL_PROXY", "http://all.proxy:8080")
    assert proxy_of(AsyncTelnyxSIP(API_KEY)) == "http://all.proxy:8080"
    monkeypatch.setenv("HTTPS_PROXY", "http://tls.proxy:3128")
    assert proxy_of(AsyncTelnyxSIP(API_KEY)) == "http://tls.proxy:3128"
    assert proxy_of(AsyncTelnyxSIP(API_KEY, trust_env=False)) is None
    monkeypatch.setenv("HTTPS_PROXY", "http://[bad")
    with pytest.raises(InvalidArgumentError, match="proxy"):
        AsyncTelnyxSIP(API_KEY)
