"""Request models check their fields when built."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from telnyx_sip import UNSET, InvalidArgumentError
from telnyx_sip._converter import CONVERTER
from telnyx_sip.models import (
    CallingWindowParams,
    CreateCredentialConnectionRequest,
    CreateIpRequest,
    CreateOutboundVoiceProfileRequest,
    CredentialInboundParams,
    CredentialOutboundParams,
    JitterBufferParams,
    NoiseSuppressionDetailsParams,
    UpdateCredentialConnectionRequest,
    UpdateFqdnRequest,
)
from tests._support.models import MARKER
from tests.services import _data


def _invalid(build: Callable[[], object]) -> InvalidArgumentError:
    with pytest.raises(InvalidArgumentError) as info:
        build()
    error = info.value
    assert isinstance(error, ValueError)
    assert str(error).startswith(f"{error.field}: ")
    return error


def test_bool_is_not_an_int() -> None:
    error = _invalid(lambda: CreateIpRequest(ip_address="198.51.100.7", port=True))
    assert error.field == "port"
    assert "expected an int, got bool" in str(error)
    error = _invalid(lambda: UpdateFqdnRequest(port=False))
    assert error.field == "port"


def test_int_is_not_a_bool() -> None:
    error = _invalid(lambda: UpdateCredentialConnectionRequest(active=1))
    assert error.field == "active"
    assert "expected a bool, got int" in str(error)


def test_enum_message_lists_the_allowed_values() -> None:
    error = _invalid(lambda: UpdateCredentialConnectionRequest(dtmf_type="rfc2833"))
    assert error.field == "dtmf_type"
    assert "'RFC 2833', 'Inband', 'SIP INFO'" in str(error)
    assert "'rfc2833'" in str(error)
    # Members and their plain values are both accepted.
    UpdateCredentialConnectionRequest(dtmf_type="Inband")


def test_enum_of_the_wrong_type_names_the_field() -> None:
    error = _invalid(lambda: NoiseSuppressionDetailsParams(engine=3))
    assert error.field == "engine"
    assert "'denoiser'" in str(error)


@pytest.mark.parametrize(
    ("value", "text"), [(39, "must be >= 40, got 39"), (401, "must be <= 400, got 401")]
)
def test_minimum_and_maximum(value: int, text: str) -> None:
    JitterBufferParams(jitterbuffer_msec_min=40)
    JitterBufferParams(jitterbuffer_msec_min=400)
    error = _invalid(lambda: JitterBufferParams(jitterbuffer_msec_min=value))
    assert error.field == "jitterbuffer_msec_min"
    assert text in str(error)


def test_multiple_of() -> None:
    NoiseSuppressionDetailsParams(attenuation_limit=90)
    error = _invalid(lambda: NoiseSuppressionDetailsParams(attenuation_limit=95))
    assert error.field == "attenuation_limit"
    assert "multiple of 10" in str(error)


def test_min_length() -> None:
    CreateOutboundVoiceProfileRequest(name="abc")
    error = _invalid(lambda: CreateOutboundVoiceProfileRequest(name="ab"))
    assert error.field == "name"
    assert "at least 3 characters" in str(error)


@pytest.mark.parametrize(
    "bad",
    ["1234", "6a09cdc3-8948-47f0-aa62-74ac943d6c5", "6a09cdc3894847f0aa6274ac943d6c58"],
)
def test_uuid(bad: str) -> None:
    CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=_data.UUID)
    CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=None)
    error = _invalid(
        lambda: CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=bad)
    )
    assert error.field == "billing_group_id"
    assert "UUID" in str(error)


@pytest.mark.parametrize("bad", ["8", "8:00", "25:00", "08:60", "08:00 PM"])
def test_time_of_day(bad: str) -> None:
    CallingWindowParams(start_time="08:00", end_time="20:00:00.00Z")
    error = _invalid(lambda: CallingWindowParams(start_time=bad))
    assert error.field == "start_time"


def test_nested_params_must_be_their_class() -> None:
    required = {"connection_name": "c", "user_name": "u", "password": "p"}
    error = _invalid(
        lambda: CreateCredentialConnectionRequest(
            **required, inbound=CredentialOutboundParams()
        )
    )
    assert error.field == "inbound"
    assert "expected a CredentialInboundParams, got CredentialOutboundParams" in str(
        error
    )
    error = _invalid(
        lambda: CreateCredentialConnectionRequest(
            **required, outbound={"channel_limit": 1}
        )
    )
    assert error.field == "outbound"
    assert "got dict" in str(error)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("office", "tags"),
        (b"office", "tags"),
        ({"office"}, "tags"),
        (["office", 7], "tags[1]"),
        (("a", "b", None), "tags[2]"),
    ],
)
def test_sequence_items(value: object, field: str) -> None:
    UpdateCredentialConnectionRequest(tags=("a", "b"))
    UpdateCredentialConnectionRequest(tags=[])
    error = _invalid(lambda: UpdateCredentialConnectionRequest(tags=value))
    assert error.field == field


def test_nested_sequence_items() -> None:
    error = _invalid(lambda: CredentialInboundParams(codecs=["G722", 711]))
    assert error.field == "codecs[1]"


def test_none_only_where_nullable() -> None:
    assert CONVERTER.unstructure(UpdateFqdnRequest(port=None)) == {"port": None}
    error = _invalid(lambda: UpdateFqdnRequest(fqdn=None))
    assert error.field == "fqdn"
    assert "must not be None" in str(error)


def test_required_fields_need_a_value() -> None:
    with pytest.raises(TypeError):
        CreateIpRequest()  # type: ignore[call-arg]
    error = _invalid(lambda: CreateIpRequest(ip_address=UNSET))
    assert error.field == "ip_address"
    assert "is required" in str(error)


def test_unset_fields_are_left_out() -> None:
    assert CONVERTER.unstructure(UpdateFqdnRequest()) == {}
    assert CONVERTER.unstructure(
        UpdateCredentialConnectionRequest(inbound=CredentialInboundParams(codecs=()))
    ) == {"inbound": {"codecs": []}}


def test_messages_never_echo_string_values() -> None:
    error = _invalid(lambda: CreateIpRequest(ip_address="198.51.100.7", port=MARKER))
    assert MARKER not in str(error)
    error = _invalid(
        lambda: CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=MARKER)
    )
    assert MARKER not in str(error)
