"""Nested request objects given as plain dicts: the same body on the wire and
the same checks as the ``*Params`` classes, errors naming the nested field."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, TelnyxSIP
from telnyx_sip.models import (
    CallingWindowParams,
    CredentialInboundParams,
    JitterBufferParams,
    OutboundIpParams,
)
from telnyx_sip.testing import ThreadedSandbox
from tests._support.fake_api import FakeAPI

from . import _data

REQUIRED = {"connection_name": "office", "user_name": "office1", "password": "pw-1"}


def _sent(fake_api: FakeAPI) -> Any:
    request = _data.single(fake_api)
    fake_api.requests.clear()
    return request.json


async def test_a_dict_sends_the_body_its_params_class_sends(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    inbound = {"channel_limit": 10, "codecs": ["G722"], "ani_number_format": "E.164"}
    fake_api.reply(200, {"data": _data.credential_connection()})
    await client.credential_connections.create(
        **REQUIRED,
        inbound=CredentialInboundParams(
            channel_limit=10, codecs=["G722"], ani_number_format="E.164"
        ),
        jitter_buffer=JitterBufferParams(enable_jitter_buffer=True),
    )
    from_classes = _sent(fake_api)
    fake_api.reply(200, {"data": _data.credential_connection()})
    await client.credential_connections.create(
        **REQUIRED, inbound=inbound, jitter_buffer={"enable_jitter_buffer": True}
    )
    from_dicts = _sent(fake_api)
    assert from_dicts == from_classes
    assert from_dicts["inbound"] == inbound


async def test_update_and_other_resources_take_dicts_too(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, {"data": _data.ip_connection()})
    await client.ip_connections.update(
        "7", outbound=MappingProxyType({"tech_prefix": "0044"})
    )
    assert _sent(fake_api)["outbound"] == {"tech_prefix": "0044"}
    fake_api.reply(200, {"data": _data.outbound_voice_profile()})
    await client.outbound_voice_profiles.create(
        name="Office", calling_window={"start_time": "08:00", "end_time": "20:00"}
    )
    body = _sent(fake_api)
    assert body["calling_window"] == {"start_time": "08:00", "end_time": "20:00"}


@pytest.mark.parametrize(
    ("inbound", "field", "words"),
    [
        ({"channel_limit": "10"}, "inbound.channel_limit", "expected an int"),
        ({"timeout_1xx_secs": 0}, "inbound.timeout_1xx_secs", "must be >= 1"),
        ({"channel_limt": 10}, "inbound", "unknown field(s) channel_limt"),
        ({"codecs": "G722"}, "inbound.codecs", "expected a sequence"),
        ({"dnis_number_format": "x"}, "inbound.dnis_number_format", "must be one"),
    ],
)
async def test_a_bad_dict_is_refused_naming_the_nested_field(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    inbound: dict[str, Any],
    field: str,
    words: str,
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.credential_connections.create(**REQUIRED, inbound=inbound)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert words in str(info.value)
    assert fake_api.requests == []


async def test_a_secret_in_a_dict_stays_out_of_the_message(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    secret = "tok-Nested-Secret-77"
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.create(
            outbound={"ip_authentication_token": secret, "tech_prefix": 5}
        )
    assert info.value.field == "outbound.tech_prefix"
    assert secret not in str(info.value)
    assert fake_api.requests == []


async def test_params_objects_still_pass_as_they_are(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    window = CallingWindowParams(start_time="08:00")
    fake_api.reply(200, {"data": _data.outbound_voice_profile()})
    await client.outbound_voice_profiles.update(
        "1", name="Office", calling_window=window
    )
    assert _sent(fake_api)["calling_window"] == {"start_time": "08:00"}
    with pytest.raises(InvalidArgumentError, match="expected a OutboundIpParams"):
        await client.ip_connections.create(outbound=["tech_prefix"])  # type: ignore[arg-type]
    assert OutboundIpParams(tech_prefix="1") != {"tech_prefix": "1"}


def test_the_sync_client_takes_dicts_against_the_sandbox() -> None:
    with (
        ThreadedSandbox() as sandbox,
        TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as client,
    ):
        conn = client.credential_connections.create(
            **REQUIRED, inbound={"channel_limit": 10}
        )
        assert conn.inbound is not None
        assert conn.inbound.channel_limit == 10
        updated = client.credential_connections.update(
            conn.id, outbound={"channel_limit": 3}
        )
        assert updated.outbound is not None
        assert updated.outbound.channel_limit == 3
        with pytest.raises(InvalidArgumentError) as info:
            client.credential_connections.update(
                conn.id, inbound={"channel_limit": "x"}
            )
        assert info.value.field == "inbound.channel_limit"
