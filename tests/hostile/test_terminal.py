"""API strings that would act on a terminal are shown escaped, in tables and errors."""

from __future__ import annotations

import re

import pytest
from aiohttp import web

from telnyx_sip import TelnyxSIP
from telnyx_sip._cli.text import printable, width
from telnyx_sip.testing import ThreadedSandbox
from tests._support.cli import BackgroundLoop, run

NASTY = [
    "clear\x1b[2Jscreen",
    "title\x1b]0;pwned\x07",
    "tab\there",
    "two\nlines",
    "c1\x9b31m",
    "rtl\u202eevil",
    "宽字符名",
]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[2J", "a\\x1b[2J"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("\x9b", "\\x9b"),
        ("\u202e", "\\u202e"),
        ("plain", "plain"),
        ("宽", "宽"),
    ],
)
def test_printable_escapes_controls_only(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_width_counts_wide_and_combining_characters() -> None:
    assert width("ab") == 2
    assert width("宽字") == 4
    assert width("e\u0301") == 1


def test_a_table_of_nasty_names_stays_one_line_per_row_and_aligned(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ThreadedSandbox() as sandbox:
        with TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as client:
            for name in NASTY:
                client.ip_connections.create(connection_name=name)
        monkeypatch.setenv("TELNYX_API_KEY", sandbox.api_key)
        code, out, _ = run(
            capsys, "--base-url", sandbox.base_url, "--table", "ip-connections", "list"
        )
    assert code == 0
    assert not CONTROL.search(out), repr(out)
    rows = out.splitlines()
    assert len(rows) == 1 + len(NASTY)  # no value broke a row in two
    column = rows[0].index("CONNECTION_NAME")
    starts = {
        width(row[: row.index(printable(n))])
        for row, n in zip(rows[1:], NASTY, strict=True)
    }
    assert starts == {column}  # every name starts in the same terminal column


def test_an_api_error_detail_reaches_stderr_escaped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        payload = {
            "errors": [
                {
                    "code": "10005",
                    "title": "Not\x1b[2J found",
                    "detail": "x\x1b]0;t\x07",
                }
            ]
        }
        return web.json_response(payload, status=404)

    background = BackgroundLoop()

    async def start() -> tuple[web.AppRunner, int]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, runner.addresses[0][1]

    runner, port = background.call(start())
    try:
        monkeypatch.setenv("TELNYX_API_KEY", "k")
        code, _, err = run(
            capsys, "--base-url", f"http://127.0.0.1:{port}/v2", "ips", "retrieve", "1"
        )
    finally:
        background.call(runner.cleanup())
        background.close()
    assert code != 0
    assert "\x1b" not in err
    assert "\\x1b[2J" in err
