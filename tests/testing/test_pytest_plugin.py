"""The pytest plugin, enabled the way users enable it, in sync and async tests."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip.testing import FaultConfig, ThreadedSandbox

pytest_plugins = ["pytester", "telnyx_sip.testing.pytest_plugin"]


def _post(sandbox: ThreadedSandbox, path: str, body: object) -> int:
    request = urllib.request.Request(
        sandbox.base_url + path,
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {sandbox.api_key}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        status: int = response.status
        return status


def test_fixture_from_a_sync_test(telnyx_sandbox: ThreadedSandbox) -> None:
    assert isinstance(telnyx_sandbox, ThreadedSandbox)
    assert _post(telnyx_sandbox, "/ip_connections", {"connection_name": "s"}) == 201
    assert [r["connection_name"] for r in telnyx_sandbox.rows("ip_connections")] == [
        "s"
    ]
    assert telnyx_sandbox.stats.by_operation["ip_connections.create"] == 1


async def test_fixture_from_an_async_test(
    telnyx_sandbox: ThreadedSandbox, telnyx_sandbox_client: AsyncTelnyxSIP
) -> None:
    # The sandbox runs on its own loop, so the test's loop stays free.
    assert telnyx_sandbox_client.base_url == telnyx_sandbox.base_url
    await asyncio.gather(
        *(
            telnyx_sandbox_client.outbound_voice_profiles.create(name=f"profile-{n}")
            for n in range(5)
        )
    )
    assert len(telnyx_sandbox.rows("outbound_voice_profiles")) == 5


def test_each_test_gets_a_fresh_sandbox(telnyx_sandbox: ThreadedSandbox) -> None:
    assert telnyx_sandbox.rows("ip_connections") == []
    assert telnyx_sandbox.stats.requests == 0


_SUITE = """
import pytest

from telnyx_sip.testing import FaultConfig

pytestmark = pytest.mark.telnyx_sandbox(api_key="marked-key", rate_limit=7)


def test_marker_settings(telnyx_sandbox):
    assert telnyx_sandbox.api_key == "marked-key"
    assert telnyx_sandbox.sandbox.state.limiter.limit == 7


@pytest.mark.telnyx_sandbox(faults=FaultConfig(error_500=1.0))
def test_closest_marker_wins(telnyx_sandbox):
    assert telnyx_sandbox.api_key == "sandbox-key"
    assert telnyx_sandbox.sandbox.state.faults.error_500 == 1.0


@pytest.mark.asyncio
async def test_client_in_strict_mode(telnyx_sandbox_client, telnyx_sandbox):
    await telnyx_sandbox_client.ips.list()
    assert telnyx_sandbox.stats.by_operation["ips.list"] == 1


@pytest.mark.telnyx_sandbox("positional")
def test_positional_marker_is_an_error(telnyx_sandbox):
    pass
"""


def test_marker_and_strict_mode_in_a_fresh_session(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\n"
        "asyncio_mode = strict\n"
        "asyncio_default_fixture_loop_scope = function\n"
    )
    pytester.makepyfile(test_suite=_SUITE)
    result = pytester.runpytest_inprocess(
        "-p", "telnyx_sip.testing.pytest_plugin", "--strict-markers", "-q"
    )
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*keyword arguments only*"])


def test_fault_config_reaches_the_threaded_sandbox() -> None:
    with ThreadedSandbox(faults=FaultConfig(error_500=1.0)) as sandbox:
        request = urllib.request.Request(
            sandbox.base_url + "/ips",
            headers={"Authorization": f"Bearer {sandbox.api_key}"},
        )
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=10)
        info.value.close()  # it holds the response open
        assert info.value.code == 500
        assert sandbox.stats.faults_injected["error_500"] == 1
