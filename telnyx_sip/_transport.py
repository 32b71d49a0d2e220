"""The only module that sends with aiohttp: session, connector, timeouts, limits.

How the session reaches the API (proxy, TLS trust, a caller's own session)
is decided in :mod:`telnyx_sip._network`.
"""

from __future__ import annotations

import asyncio
import functools
import platform
import weakref
from collections.abc import AsyncGenerator, Mapping
from typing import NamedTuple

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from ._bodies import read_decoded, read_limited
from ._fork import abandon, in_child
from ._network import Network
from ._slots import Slots
from ._version import __version__

__all__ = ["USER_AGENT", "RawResponse", "SendError", "Transport"]

USER_AGENT = (
    f"telnyx-sip/{__version__} python/{platform.python_version()} "
    f"aiohttp/{aiohttp.__version__}"
)

_NO_BODY_HEADERS = ("Content-Type",)
_BODY_METHODS = frozenset({"PATCH", "POST", "PUT"})


class RawResponse(NamedTuple):
    """Status, headers and the whole body of one HTTP response."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes


class SendError(Exception):
    """An attempt that produced no HTTP response.

    ``sent`` is False only when the failure happened before any byte of the
    request could have reached the server (the connection was never made);
    ``timed_out`` tells a timeout from a dropped or refused connection.
    """

    def __init__(self, message: str, *, sent: bool, timed_out: bool) -> None:
        self.sent = sent
        self.timed_out = timed_out
        super().__init__(message)


class Transport:
    """Owns one aiohttp session, opened lazily inside the running loop.

    **Loops.** The session belongs to the loop it was opened in. It is closed
    when that loop shuts down its async generators, which ``asyncio.run()``
    and the sync client's loop thread do before closing a loop, so its
    sockets never outlive their loop. A transport used again under a later
    loop (a second ``asyncio.run()``) opens a new session there. Used from a
    second loop while the first is still open, it raises ``RuntimeError``:
    one session cannot serve two loops.

    **Forks.** A forked child forgets its parent's session without closing
    it (the parent still uses those sockets) and opens its own on first use.

    **One retry layer.** On its own, aiohttp re-sends an idempotent request
    (GET, PUT, DELETE ...) once when the connection drops before an answer:
    a keep-alive connection the server closed as the request went out. That
    re-send is turned off here, so every request on the wire is an attempt
    the SDK counts (``before_attempt``, the debug log, the retry budget),
    and a dropped connection is retried, or not, by the SDK's retry rules
    alone. aiohttp never re-sends POST or PATCH in any case.

    **A caller's session** (``session=``) is used as it is, re-send and all,
    and is never closed here: closing the transport only lets go of it.
    """

    def __init__(self, *, max_connections: int, network: Network | None = None) -> None:
        self._max_connections = max_connections
        self._network = network or Network()
        self._options = self._network.request_options()
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: Slots | None = None
        self._guard: AsyncGenerator[None, None] | None = None
        _LIVE.add(self)

    @property
    def is_open(self) -> bool:
        """Whether a session exists and is not closed."""
        return self._session is not None and not self._session.closed

    async def _open(self) -> aiohttp.ClientSession:
        """The session for the running loop, opened if need be."""
        loop = asyncio.get_running_loop()
        if self._network.session is not None:
            return self._adopt(loop, self._network.session)
        old, old_loop = self._session, self._loop
        if old is not None and not old.closed:
            if old_loop is loop:
                return old
            if old_loop is not None and not old_loop.is_closed():
                raise RuntimeError(_OTHER_LOOP)
        connector = aiohttp.TCPConnector(
            limit=self._max_connections, limit_per_host=0, ssl=self._network.tls()
        )
        session = aiohttp.ClientSession(
            connector=connector,
            # Proxies come from _network, decided once; aiohttp's trust_env
            # would look them (and ~/.netrc) up on every request.
            trust_env=False,
            # Cookies mean nothing to this API; don't keep them between calls.
            cookie_jar=aiohttp.DummyCookieJar(),
            # Bodies are inflated here, under the size cap (see _bodies.read_decoded):
            # aiohttp's own decoder would inflate without a bound.
            auto_decompress=False,
        )
        # The retry policy is the only retry layer (see the class docstring);
        # aiohttp has no public switch for its own re-send.
        session._retry_connection = False
        guard = _closed_with_loop(session)
        self._session, self._loop, self._guard = session, loop, guard
        self._slots = Slots(self._max_connections)
        await guard.__anext__()  # runs up to its yield, now: nothing to wait for
        if old is not None and not old.closed:
            # Its loop was closed without shutting down its async generators:
            # nothing can reach those sockets now; forget them.
            await old.close()
        return session

    def _adopt(
        self, loop: asyncio.AbstractEventLoop, session: aiohttp.ClientSession
    ) -> aiohttp.ClientSession:
        """The caller's session: used as it is, never closed here."""
        if session.closed:
            raise RuntimeError("the aiohttp session given as session= is closed")
        if getattr(session, "_loop", loop) is not loop:
            raise RuntimeError(_FOREIGN_LOOP)
        if self._loop is not loop:
            self._loop = loop
            self._slots = Slots(self._max_connections)
        self._session = session
        return session

    async def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        *,
        connect_timeout: float,
        timeout: float,
        max_bytes: int,
    ) -> RawResponse:
        """Send one request and read the whole response.

        ``timeout`` bounds the whole exchange once a connection slot is free
        (connecting included), ``connect_timeout`` opening the socket alone.
        Waiting for a slot is not timed: it is this client's own queue, held
        here so that aiohttp's pool never makes a request wait inside its
        timeout.
        """
        session = self._session
        if (
            session is None
            or session.closed
            or self._loop is not asyncio.get_running_loop()
        ):
            session = await self._open()
        slots = self._slots
        assert slots is not None
        if not slots.try_take():
            await slots.take()
        # One coroutine for the whole exchange: this is every call's path.
        try:
            async with session.request(
                method,
                URL(url, encoded=True),
                headers=headers,
                data=body,
                timeout=_timeouts(timeout, connect_timeout),
                allow_redirects=False,
                # A POST without a body (an action) must not claim a type;
                # other methods never get one, and skipping costs a copy.
                skip_auto_headers=_NO_BODY_HEADERS
                if body is None and method in _BODY_METHODS
                else None,
                **self._options,
            ) as resp:
                length = resp.content_length
                encoding = resp.headers.get("Content-Encoding")
                if encoding is not None and encoding.strip().lower() != "identity":
                    data = await read_decoded(resp, encoding, max_bytes)
                elif length is not None and length <= max_bytes:
                    data = await resp.read()  # the usual case: a known, small size
                else:
                    data = await read_limited(resp, max_bytes)
                return RawResponse(resp.status, resp.headers, data)
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
            raise _send_error(exc) from exc
        finally:
            slots.give()

    async def close(self) -> None:
        """Close the session opened here (a caller's own is left open)."""
        guard, self._guard = self._guard, None
        self._session = None
        if guard is not None:
            await guard.aclose()  # closes the session: see _closed_with_loop

    def _forget(self) -> None:
        """In a forked child: drop the parent's session, leaving it untouched."""
        if self._session is not None:
            abandon(self._session, self._guard)
        self._session = self._loop = self._slots = self._guard = None


_OTHER_LOOP = (
    "this client is bound to another event loop that is still open; create one "
    "client per loop (or use the sync TelnyxSIP client)"
)
_FOREIGN_LOOP = (
    "the aiohttp session given as session= belongs to another event loop; make "
    "it inside the loop that uses the client (the sync TelnyxSIP client runs "
    "its own loop, where a session of yours cannot live)"
)
_LIVE: weakref.WeakSet[Transport] = weakref.WeakSet()


def _forget_sessions() -> None:
    for transport in list(_LIVE):
        transport._forget()


in_child(_forget_sessions)


async def _closed_with_loop(
    session: aiohttp.ClientSession,
) -> AsyncGenerator[None, None]:
    """Waits at its ``yield`` for the session's life, then closes it.

    Its loop closes it among its async generators when shutting down, or the
    transport does in :meth:`Transport.close`.
    """
    try:
        yield
    finally:
        await session.close()


def _send_error(exc: BaseException) -> SendError:
    """What an aiohttp or socket failure means for the attempt that got it."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return SendError("timed out connecting", sent=False, timed_out=True)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return SendError(
            f"TLS certificate verification failed: {exc.certificate_error}",
            sent=False,
            timed_out=False,
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        return SendError(
            f"could not connect: {exc.os_error or exc}", sent=False, timed_out=False
        )
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return SendError(
            "timed out waiting for the response", sent=True, timed_out=True
        )
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return SendError("the server closed the connection", sent=True, timed_out=False)
    return SendError(
        f"connection failed: {type(exc).__name__}: {exc}", sent=True, timed_out=False
    )


@functools.lru_cache(maxsize=32)
def _timeouts(total: float, connect: float) -> aiohttp.ClientTimeout:
    """One immutable timeout object per setting, not one per request."""
    return aiohttp.ClientTimeout(total=total, connect=None, sock_connect=connect)
