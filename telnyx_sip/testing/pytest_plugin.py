"""pytest fixtures that run the Telnyx SIP sandbox for your tests.

Enable the plugin once, in the ``conftest.py`` at the root of your tests::

    pytest_plugins = ["telnyx_sip.testing.pytest_plugin"]

or for one run with ``pytest -p telnyx_sip.testing.pytest_plugin``.

Fixtures:

``telnyx_sandbox``
    A fresh sandbox for each test, listening on a free loopback port. It runs
    on its own event loop in a background thread, so the same fixture serves
    plain (sync) tests and async tests on any event loop, and your code under
    test can use any HTTP client, the sync or the async SDK client. It is a
    :class:`~telnyx_sip.testing.ThreadedSandbox`: ``base_url``, ``api_key``,
    ``rows(resource)`` for assertions on what was stored, ``stats`` (a
    snapshot of the counters) and ``reset()``.

``telnyx_sandbox_client``
    An :class:`~telnyx_sip.AsyncTelnyxSIP` bound to ``telnyx_sandbox``,
    opened on the test's event loop and closed after it. For async tests;
    it needs pytest-asyncio (installed with pytest-aiohttp). In
    pytest-asyncio's strict mode, mark the tests ``@pytest.mark.asyncio``.

Settings for one test (or a module, with ``pytestmark``) come from the
``telnyx_sandbox`` marker, whose keyword arguments are those of
:class:`~telnyx_sip.testing.Sandbox`::

    @pytest.mark.telnyx_sandbox(rate_limit=5, faults=FaultConfig(error_500=0.2))
    def test_survives_errors(telnyx_sandbox): ...

Example::

    from telnyx_sip import AsyncTelnyxSIP


    def test_sync_code(telnyx_sandbox):
        provision(base_url=telnyx_sandbox.base_url, api_key=telnyx_sandbox.api_key)
        assert len(telnyx_sandbox.rows("ip_connections")) == 1


    async def test_async_code(telnyx_sandbox_client, telnyx_sandbox):
        await telnyx_sandbox_client.ips.list()
        assert telnyx_sandbox.stats.by_operation["ips.list"] == 1
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP

from ._threaded import ThreadedSandbox

__all__ = ["telnyx_sandbox", "telnyx_sandbox_client"]

MARKER = "telnyx_sandbox"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``telnyx_sandbox`` marker."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): settings of the telnyx_sandbox fixture, as for "
        "telnyx_sip.testing.Sandbox (rate_limit, faults, seed, api_key ...)",
    )


@pytest.fixture
def telnyx_sandbox(request: pytest.FixtureRequest) -> Iterator[ThreadedSandbox]:
    """A fresh sandbox per test, served from a background thread."""
    marker = request.node.get_closest_marker(MARKER)
    options: dict[str, Any] = {}
    if marker is not None:
        if marker.args:
            msg = f"the {MARKER} marker takes keyword arguments only"
            raise TypeError(msg)
        options = dict(marker.kwargs)
    with ThreadedSandbox(**options) as sandbox:
        yield sandbox


async def _client(telnyx_sandbox: ThreadedSandbox) -> AsyncIterator[AsyncTelnyxSIP]:
    """An async client bound to ``telnyx_sandbox``, closed after the test."""
    async with AsyncTelnyxSIP(
        telnyx_sandbox.api_key, base_url=telnyx_sandbox.base_url
    ) as client:
        yield client


def _needs_asyncio() -> None:
    pytest.skip(
        "telnyx_sandbox_client needs pytest-asyncio: pip install pytest-asyncio"
    )


telnyx_sandbox_client: Any
try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - pytest-asyncio is a test dependency
    telnyx_sandbox_client = pytest.fixture(name="telnyx_sandbox_client")(_needs_asyncio)
else:
    telnyx_sandbox_client = pytest_asyncio.fixture(name="telnyx_sandbox_client")(
        _client
    )
