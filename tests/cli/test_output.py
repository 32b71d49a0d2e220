"""Output: JSON lines that keep unknown keys and hide secrets, or a table."""

from __future__ import annotations

import pytest

from telnyx_sip._types import REDACTED
from tests._support.cli import SECRET, TOKEN, lines, run
from tests._support.fake_api import FakeAPI

# -- output -------------------------------------------------------------------


def test_json_output_keeps_unknown_keys_and_redacts_secrets(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--base-url", base_url, "ip-connections", "retrieve", "c1"
    )
    assert code == 0
    (item,) = lines(out)
    assert item["id"] == "obj-1"
    assert item["connection_name"] == "office"
    assert item["brand_new_field"] == {"nested": 1}
    assert item["outbound"]["channel_limit"] == 5
    assert item["outbound"]["ip_authentication_token"] == REDACTED
    assert item["password"] == REDACTED  # an unknown key, still a secret name
    assert SECRET not in out
    assert TOKEN not in out


def test_show_secrets_prints_them_before_or_after_the_command(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["--show-secrets", "ip-connections", "retrieve", "c1"],
        ["ip-connections", "retrieve", "c1", "--show-secrets"],
    ):
        code, out, _ = run(capsys, "--base-url", base_url, *argv)
        assert code == 0
        (item,) = lines(out)
        assert item["outbound"]["ip_authentication_token"] == TOKEN
        assert item["password"] == SECRET


def test_table_output_aligns_the_main_fields(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["--table", "credential-connections", "list", "--limit", "3"],
        ["credential-connections", "list", "--limit", "3", "--table"],
    ):
        code, out, _ = run(capsys, "--base-url", base_url, *argv)
        assert code == 0
        assert out.splitlines() == [
            "ID       CONNECTION_NAME  USER_NAME  RECORD_TYPE            ACTIVE"
            "  CREATED_AT",
            "obj-1-0  office           office1    credential_connection  true    -",
            "obj-1-1  office           office1    credential_connection  true    -",
            "obj-2-0  office           office1    credential_connection  true    -",
        ]
        assert SECRET not in out


def test_table_for_one_object(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--base-url", base_url, "--table", "ips", "retrieve", "i1"
    )
    assert code == 0
    assert out.splitlines() == [
        "ID     IP_ADDRESS  PORT  CONNECTION_ID  RECORD_TYPE  CREATED_AT",
        "obj-1  192.0.2.10  5060  -              ip           -",
    ]
