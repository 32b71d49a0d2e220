"""The JSON backends agree: the standard library and orjson (speedups extra)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, _json

Loads = Callable[[bytes], object]
Dumps = Callable[[object], bytes]


def _std_dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def _backends() -> list[tuple[str, Loads, Dumps]]:
    found: list[tuple[str, Loads, Dumps]] = [("json", json.loads, _std_dumps)]
    try:
        import orjson  # noqa: PLC0415 - the speedups extra may be absent
    except ImportError:
        return found

    def dumps(obj: object) -> bytes:
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)

    found.append(("orjson", orjson.loads, dumps))
    return found


BACKENDS = _backends()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize(("name", "loads", "dumps"), BACKENDS)
@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_every_backend_round_trips_what_the_standard_library_does(
    name: str, loads: Loads, dumps: Dumps, value: object
) -> None:
    encoded = dumps(value)
    assert loads(encoded) == json.loads(encoded) == json.loads(_std_dumps(value))


@pytest.mark.parametrize(
    "body",
    [b"NaN", b'{"a": Infinity}', b"{", b"\xff\xfe", b"[1e400]"],
)
def test_what_the_chosen_backend_refuses_is_an_error_the_callers_catch(
    body: bytes,
) -> None:
    try:
        value = _json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return
    # The standard library is lenient with NaN and infinity; it must then
    # give what json.loads gives.
    assert _json.BACKEND == "json"
    assert repr(value) == repr(json.loads(body))


def test_check_body_refuses_nan_and_infinity_for_every_backend() -> None:
    for bad in ({"x": math.nan}, [math.inf], {"x": [-math.inf]}):
        with pytest.raises(ValueError, match="JSON compliant"):
            _json.check_body(bad)
    _json.check_body({"x": [1, 2.5, "a", None, True]})


def test_the_environment_variable_keeps_the_standard_library() -> None:
    code = "from telnyx_sip import _json; print(_json.BACKEND)"
    env = {**os.environ, _json.ENV_NO_SPEEDUPS: "1"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "json"


def test_an_integer_beyond_64_bits_never_reaches_an_int_field_rounded() -> None:
    # json reads it exactly; orjson reads a float, which an int field of a
    # model refuses (ResponseValidationError), so no value is silently rounded.
    value = _json.loads(b"[" + b"9" * 30 + b"]")
    assert isinstance(value, list)
    if _json.BACKEND == "json":
        assert value == [int("9" * 30)]
    else:
        assert isinstance(value[0], float)


async def test_a_raw_request_body_with_nan_is_refused_before_sending() -> None:
    # Nothing listens on port 9: a request that went out would fail to connect.
    async with AsyncTelnyxSIP("k", base_url="http://127.0.0.1:9", max_retries=0) as c:
        with pytest.raises(InvalidArgumentError, match="body: does not encode"):
            await c.request("POST", "/ips", body={"port": math.nan})
