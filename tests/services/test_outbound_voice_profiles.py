"""Outbound voice profiles: every operation end to end against the FakeAPI."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError
from telnyx_sip.models import (
    CallingWindow,
    CallingWindowParams,
    CallRecording,
    CallRecordingChannels,
    CallRecordingFormat,
    CallRecordingParams,
    CallRecordingType,
    OutboundVoiceProfile,
    ServicePlan,
    TrafficType,
    UsagePaymentMethod,
)
from tests._support.fake_api import FakeAPI

from . import _data


async def test_list_encodes_filter_sort_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    items = [_data.outbound_voice_profile()]
    fake_api.reply(200, _data.page(items, number=4, size=5, total=16))
    page = await client.outbound_voice_profiles.list(
        filter_name_contains="Office calls",
        sort="-usage_payment_method",
        page_number=4,
        page_size=5,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path) == ("GET", "/v2/outbound_voice_profiles")
    assert _data.raw_query(req.raw_path) == sorted(
        [
            "filter[name][contains]=Office%20calls",
            "sort=-usage_payment_method",
            "page[number]=4",
            "page[size]=5",
        ]
    )
    (profile,) = page.items
    assert isinstance(profile, OutboundVoiceProfile)
    _data.assert_matches(profile, items[0])
    assert (page.page_number, page.total_pages) == (4, 4)


async def test_create_sends_only_the_name(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.outbound_voice_profile())
    profile = await client.outbound_voice_profiles.create(name="Office calls")
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/outbound_voice_profiles")
    assert req.json == {"name": "Office calls"}
    assert isinstance(profile.call_recording, CallRecording)
    assert isinstance(profile.calling_window, CallingWindow)
    assert profile.call_recording.call_recording_channels is CallRecordingChannels.DUAL
    assert profile.call_recording.call_recording_format is CallRecordingFormat.MP3
    assert (
        profile.call_recording.call_recording_type
        is CallRecordingType.BY_CALLER_PHONE_NUMBER
    )
    assert profile.service_plan is ServicePlan.GLOBAL
    assert profile.traffic_type is TrafficType.CONVERSATIONAL
    assert profile.usage_payment_method is UsagePaymentMethod.RATE_DECK
    assert profile.max_destination_rate == 0.25
    assert profile.whitelisted_destinations == ("US", "CA")
    _data.assert_matches(profile, _data.outbound_voice_profile())


async def test_create_with_every_field(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.outbound_voice_profile())
    await client.outbound_voice_profiles.create(
        name="Office calls",
        billing_group_id=_data.UUID,
        call_recording=CallRecordingParams(
            call_recording_caller_phone_numbers=["+13125550100"],
            call_recording_channels=CallRecordingChannels.SINGLE,
            call_recording_format="wav",
            call_recording_type="all",
        ),
        calling_window=CallingWindowParams(
            calls_per_cld=0, start_time="08:00", end_time="20:00:00Z"
        ),
        concurrent_call_limit=None,
        daily_spend_limit="100.00",
        daily_spend_limit_enabled=True,
        enabled=False,
        max_destination_rate=0.5,
        service_plan=ServicePlan.GLOBAL,
        tags=["office"],
        traffic_type="conversational",
        usage_payment_method=UsagePaymentMethod.RATE_DECK,
        whitelisted_destinations=("US", "CA", "GB"),
    )
    assert _data.single(fake_api).json == {
        "name": "Office calls",
        "billing_group_id": _data.UUID,
        "call_recording": {
            "call_recording_caller_phone_numbers": ["+13125550100"],
            "call_recording_channels": "single",
            "call_recording_format": "wav",
            "call_recording_type": "all",
        },
        "calling_window": {
            "calls_per_cld": 0,
            "start_time": "08:00",
            "end_time": "20:00:00Z",
        },
        "concurrent_call_limit": None,
        "daily_spend_limit": "100.00",
        "daily_spend_limit_enabled": True,
        "enabled": False,
        "max_destination_rate": 0.5,
        "service_plan": "global",
        "tags": ["office"],
        "traffic_type": "conversational",
        "usage_payment_method": "rate-deck",
        "whitelisted_destinations": ["US", "CA", "GB"],
    }


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.outbound_voice_profile())
    profile = await client.outbound_voice_profiles.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/outbound_voice_profiles/{_data.ODD_ID_QUOTED}"
    _data.assert_matches(profile, _data.outbound_voice_profile())


async def test_update_needs_the_name_and_sends_nulls_where_allowed(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.outbound_voice_profile(billing_group_id=None))
    profile = await client.outbound_voice_profiles.update(
        _data.PROFILE_ID,
        name="Office calls",
        billing_group_id=None,
        concurrent_call_limit=25,
        max_destination_rate=1,
    )
    req = _data.single(fake_api)
    assert req.method == "PATCH"
    assert req.raw_path == f"/v2/outbound_voice_profiles/{_data.PROFILE_ID}"
    assert req.json == {
        "name": "Office calls",
        "billing_group_id": None,
        "concurrent_call_limit": 25,
        "max_destination_rate": 1,
    }
    assert profile.billing_group_id is None


async def test_delete(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.outbound_voice_profile())
    profile = await client.outbound_voice_profiles.delete(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "DELETE"
    assert req.raw_path == f"/v2/outbound_voice_profiles/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(profile, _data.outbound_voice_profile())


async def test_name_is_required(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    with pytest.raises(TypeError, match="name"):
        await client.outbound_voice_profiles.create(enabled=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="name"):
        await client.outbound_voice_profiles.update("1", enabled=True)  # type: ignore[call-arg]
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "ab"}, "name"),
        ({"name": None}, "name"),
        ({"billing_group_id": "not-a-uuid"}, "billing_group_id"),
        ({"concurrent_call_limit": 2.0}, "concurrent_call_limit"),
        ({"max_destination_rate": float("nan")}, "max_destination_rate"),
        ({"max_destination_rate": True}, "max_destination_rate"),
        ({"max_destination_rate": None}, "max_destination_rate"),
        ({"service_plan": "local"}, "service_plan"),
        ({"traffic_type": TrafficType}, "traffic_type"),
        ({"whitelisted_destinations": "US"}, "whitelisted_destinations"),
        ({"tags": [None]}, "tags[0]"),
        ({"calling_window": {"calls_per_cld": True}}, "calling_window.calls_per_cld"),
        ({"calling_window": {"start_time": "8h"}}, "calling_window.start_time"),
        ({"call_recording": CallingWindowParams()}, "call_recording"),
    ],
)
async def test_bad_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.outbound_voice_profiles.create(**{"name": "Office", **kwargs})
    assert info.value.field == field
    with pytest.raises(InvalidArgumentError) as info:
        await client.outbound_voice_profiles.update("1", **{"name": "Office", **kwargs})
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: CallingWindowParams(calls_per_cld=-1), "calls_per_cld"),
        (lambda: CallingWindowParams(start_time="8am"), "start_time"),
        (lambda: CallingWindowParams(end_time="24:00"), "end_time"),
        (
            lambda: CallRecordingParams(call_recording_format="ogg"),
            "call_recording_format",
        ),
        (
            lambda: CallRecordingParams(call_recording_caller_phone_numbers=[1]),
            "call_recording_caller_phone_numbers[0]",
        ),
    ],
)
def test_bad_nested_values_are_refused(build: Any, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        build()
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "updated_at"}, "sort"),
        ({"filter_name_contains": 3}, "filter_name_contains"),
        ({"page_size": 251}, "page_size"),
    ],
)
async def test_bad_list_arguments_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.outbound_voice_profiles.list(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []
