"""Help that says what a field is, in facts from the spec: never its prose."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import models
from telnyx_sip._cli._spec_facts import BODIES, FIELDS, PATHS, QUERIES
from telnyx_sip._meta import OPERATIONS
from telnyx_sip._signatures import model_fields
from tests._support.cli import HELP_LEVELS, run
from tests._support.phrases import copied_phrase, spec_phrases

_PHRASES: dict[str, set[str]] = {}


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv, "--help")
    assert (code, err) == (0, "")
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_create_help_shows_type_required_and_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _help(capsys, "ips", "create")
    assert out.startswith("usage: telnyx-sip ips create --ip-address TEXT [options]\n")
    assert "--ip-address TEXT     text; required" in out
    assert "--port N              integer; default: 5060" in out
    assert "--connection-id TEXT  text\n" in out
    assert "\nrequired options:\n  --ip-address" in out


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (
            ("outbound-voice-profiles", "create"),
            "--name TEXT text, at least 3 characters; required",
        ),
        (("ip-connections", "create"), "--webhook-event-url TEXT text (uri) --"),
        (
            ("ip-connections", "update", "ID"),
            "--webhook-timeout-secs N integer, 0 to 30; default: null; may be null "
            "(--null webhook-timeout-secs)",
        ),
        (
            ("ip-connections", "create"),
            "--transport-protocol {UDP,TCP,TLS} one of: UDP, TCP, TLS; default: UDP",
        ),
        (
            ("credential-connections", "create"),
            "--dtmf-type VALUE one of: 'RFC 2833', Inband, 'SIP INFO'; "
            "default: 'RFC 2833'",
        ),
        (("ips", "retrieve"), "ID the id of the object: text (uuid)"),
        (("fqdns", "delete"), "ID the id of the object: text (int64)"),
        (
            ("outbound-voice-profiles", "list"),
            "--page-size N objects per request: integer, 1 to 250; default: 20",
        ),
        (("outbound-voice-profiles", "list"), "default: -created_at"),
        (("access-ip-ranges", "list"), "created_at_gte (date-time, ISO 8601"),
        (("connections", "list"), "outbound_voice_profile_id (text (int64))"),
    ],
)
def test_option_help_states_the_spec_facts(
    argv: tuple[str, ...], shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help(capsys, *(a for a in argv if a != "ID"))
    assert _flat(shown) in _flat(out)


def test_nested_object_keys_are_listed_the_same_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _help(capsys, "ip-connections", "create")
    keys = out[out.index("\n--inbound keys:\n") :]
    for line in (
        "  timeout_1xx_secs                integer, 1 to 120; default: 3",
        "  sip_region                      one of: US, Europe, Australia; default: US",
        "  codecs                          JSON array of text; default: [",
    ):
        assert line in keys
    assert "--noise-suppression-details keys:" in keys
    assert "  attenuation_limit  integer, 0 to 100, a multiple of 10" in keys
    assert "  ip_authentication_token    text; secret" in keys
    out = _help(capsys, "outbound-voice-profiles", "create")
    assert "  start_time     text (time)" in out


def test_every_nested_option_lists_every_key_of_its_model(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _help(capsys, "outbound-voice-profiles", "update")
    for name, cls in (
        ("--call-recording", models.CallRecordingParams),
        ("--calling-window", models.CallingWindowParams),
    ):
        block = out[out.index(f"\n{name} keys:\n") + 1 :].split("\n\n", 1)[0]
        rows = block.splitlines()[1:]
        listed = [row.split()[0] for row in rows if row[2] != " "]
        assert listed == list(model_fields(cls))


@pytest.mark.parametrize("argv", HELP_LEVELS, ids=" ".join)
def test_no_help_repeats_the_spec(
    argv: list[str], spec: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    phrases = _PHRASES.setdefault("spec", spec_phrases(spec))
    assert copied_phrase(_help(capsys, *argv), phrases) is None


def test_the_generated_facts_name_real_operations_models_and_fields() -> None:
    for op, body in BODIES.items():
        assert op in OPERATIONS
        assert isinstance(getattr(models, body), type)
    for cls, facts in FIELDS.items():
        assert set(facts) <= set(model_fields(getattr(models, cls))), cls
    for op, args in QUERIES.items():
        assert op in OPERATIONS
        assert all(a == "sort" or a.startswith("filter_") for a in args)
    assert set(PATHS) <= set(OPERATIONS)


def test_the_copy_check_would_catch_a_description(spec: dict[str, Any]) -> None:
    phrases = _PHRASES.setdefault("spec", spec_phrases(spec))
    sample = next(
        op["description"]
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and len(op.get("description", "").split()) > 12
    )
    assert copied_phrase(f"help text: {sample}", phrases) is not None
