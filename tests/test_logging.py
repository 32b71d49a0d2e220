"""The SDK's log lines (INFO per call, WARNING when retries ran out) and
``TELNYX_SIP_LOG``, which turns them on without code."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import pytest

from telnyx_sip import (
    APIConnectionError,
    AsyncTelnyxSIP,
    InternalServerError,
    NotFoundError,
    RequestOptions,
    _logging,
)

from ._support.fake_api import API_KEY, FakeAPI

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


def _lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "telnyx_sip" and r.levelno == level
    ]


async def test_one_info_line_per_call(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.reply(503, {"errors": []})
    fake_api.data(IP, headers={"x-request-id": "rq-7"})
    with caplog.at_level(logging.INFO, logger="telnyx_sip"):
        await client.ips.retrieve("7")
    (line,) = _lines(caplog, logging.INFO)  # one call, two attempts
    assert line.startswith("GET /ips/7 -> 200 in ")
    assert line.endswith(" ms (request id rq-7)")
    assert _lines(caplog, logging.DEBUG) == []  # attempts are DEBUG only


async def test_a_call_that_fails_after_its_retries_is_a_warning(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(3):
        fake_api.reply(500, {"errors": []}, headers={"x-request-id": "rq-5"})
    with (
        caplog.at_level(logging.DEBUG, logger="telnyx_sip"),
        pytest.raises(InternalServerError),
    ):
        await client.ips.retrieve("7")
    (warning,) = _lines(caplog, logging.WARNING)
    assert warning.startswith("GET /ips/7 -> 500 in ")
    assert "rq-5" in warning
    assert len(_lines(caplog, logging.DEBUG)) == 3
    assert _lines(caplog, logging.INFO) == []


async def test_an_answer_the_caller_handles_is_no_warning(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.reply(404, {"errors": []})
    with (
        caplog.at_level(logging.INFO, logger="telnyx_sip"),
        pytest.raises(NotFoundError),
    ):
        await client.ips.retrieve("7")
    assert _lines(caplog, logging.WARNING) == []
    (line,) = _lines(caplog, logging.INFO)
    assert line.startswith("GET /ips/7 -> 404 in ")


async def test_a_connection_failure_is_a_warning_without_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with AsyncTelnyxSIP(API_KEY, base_url="http://127.0.0.1:9/v2") as client:
        options = RequestOptions(max_retries=0)
        with (
            caplog.at_level(logging.WARNING, logger="telnyx_sip"),
            pytest.raises(APIConnectionError, match="connect"),
        ):
            await client.ips.retrieve("7", options=options)
    (warning,) = _lines(caplog, logging.WARNING)
    assert warning.startswith("GET /ips/7 -> APIConnectionError in ")


async def test_lines_never_hold_the_query_or_secrets(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.reply(200, {"data": [], "meta": {}})
    options = RequestOptions(
        extra_headers={"X-Secret": "h-secret"}, extra_query={"token": "q-secret"}
    )
    with caplog.at_level(logging.DEBUG, logger="telnyx_sip"):
        await client.ips.list(filter_ip_address="198.51.100.1", options=options)
    assert caplog.records
    for secret in ("h-secret", "q-secret", "198.51.100.1", API_KEY):
        assert secret not in caplog.text


def test_configure_from_env_adds_one_handler_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logger = logging.getLogger("telnyx_sip")
    monkeypatch.setattr(_logging, "_configured", False)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logger.level)
    assert not _logging.configure_from_env({})
    assert not _logging.configure_from_env({"TELNYX_SIP_LOG": "loud"})
    assert logger.handlers == []
    assert _logging.configure_from_env({"TELNYX_SIP_LOG": " Info "})
    assert logger.level == logging.INFO
    assert not _logging.configure_from_env({"TELNYX_SIP_LOG": "debug"})
    assert len(logger.handlers) == 1


_SCRIPT = textwrap.dedent(
    """
    import asyncio
    from telnyx_sip import AsyncTelnyxSIP
    from telnyx_sip.testing import ThreadedSandbox

    async def main(sandbox):
        async with AsyncTelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as c:
            await c.ips.list()

    with ThreadedSandbox() as sandbox:
        asyncio.run(main(sandbox))
    """
)


@pytest.mark.parametrize(
    ("value", "info", "debug"),
    [("info", True, False), ("debug", True, True), (None, False, False)],
)
def test_telnyx_sip_log_turns_logging_on_without_code(
    value: str | None, info: bool, debug: bool
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELNYX_SIP_LOG"}
    if value is not None:
        env["TELNYX_SIP_LOG"] = value
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert ("telnyx_sip INFO GET /ips -> 200 in " in done.stderr) is info
    assert ("telnyx_sip DEBUG GET /ips -> 200 in " in done.stderr) is debug
