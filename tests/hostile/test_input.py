"""Caller input Python itself would choke on is refused, naming the argument.

Every public service method is tried with lone surrogates in its text
arguments and integers beyond 64 bits (or too long to print) in its integer
arguments, and every duration with ``nan`` and ``inf``. Each must raise
:class:`InvalidArgumentError` before anything reaches the server: the client
points at a port where nothing listens, so a request that slipped through
would raise a connection error instead.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import socket
import typing
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telnyx_sip import (
    AsyncTelnyxSIP,
    InvalidArgumentError,
    RequestOptions,
    RetryPolicy,
)
from telnyx_sip._meta import RESOURCES
from telnyx_sip._signatures import method_shape, union_args

surrogate_text = st.builds(
    lambda a, s, b: a + s + b,
    st.text(max_size=5),
    st.sampled_from(["\ud800", "\udfff", "\udc80"]),
    st.text(max_size=5),
)
huge_ints = st.one_of(
    st.integers(min_value=2**63, max_value=2**200),
    st.integers(max_value=-(2**63) - 1, min_value=-(2**200)),
    st.just(10**5000),  # too long for str(): ValueError unless handled
)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


BASE = f"http://127.0.0.1:{_closed_port()}/v2"


def _kinds(hint: object) -> set[type]:
    return {a for a in union_args(hint) if isinstance(a, type)}


def _filler(hint: object) -> object:
    """A valid-looking value for a required argument we are not testing."""
    kinds = _kinds(hint)
    for kind in kinds:
        if issubclass(kind, enum.Enum):
            return next(iter(kind))
    if str in kinds:
        return "198.51.100.7"
    if int in kinds:
        return 1
    if bool in kinds:
        return True
    if dt.datetime in kinds:
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    origin = [typing.get_origin(a) for a in union_args(hint)]
    if list in origin:
        return ["198.51.100.7"]
    return "x"


def _targets() -> Iterator[tuple[str, str, str, str]]:
    """(resource, action, argument, kind) for every str or int argument."""
    client = AsyncTelnyxSIP("k", base_url=BASE)
    for resource, meta in RESOURCES.items():
        for action in meta.actions:
            shape = method_shape(getattr(getattr(client, resource), action))
            for name in shape.path:
                yield resource, action, name, "str"
            for name, arg in shape.arguments.items():
                kinds = _kinds(arg.hint)
                if str in kinds and not any(issubclass(k, enum.Enum) for k in kinds):
                    yield resource, action, name, "str"
                elif int in kinds and bool not in kinds:
                    yield resource, action, name, "int"


TARGETS = sorted(set(_targets()))


def test_every_resource_has_targets() -> None:
    assert {t[0] for t in TARGETS} == set(RESOURCES)
    assert len({(t[0], t[1]) for t in TARGETS}) >= 30


async def _call(resource: str, action: str, name: str, value: object) -> None:
    async with AsyncTelnyxSIP("k", base_url=BASE, max_retries=0) as client:
        method = getattr(getattr(client, resource), action)
        shape = method_shape(method)
        path = [value if p == name else "abc-123" for p in shape.path]
        kwargs = {n: _filler(shape.arguments[n].hint) for n in shape.required}
        if name in shape.arguments:
            kwargs[name] = value
        # A pager checks its arguments when it is made; awaiting it fetches.
        await method(*path, **kwargs)


@pytest.mark.parametrize(("resource", "action", "name", "kind"), TARGETS)
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_bad_text_and_huge_ints_name_the_argument(
    resource: str, action: str, name: str, kind: str, data: st.DataObject
) -> None:
    value = data.draw(surrogate_text if kind == "str" else huge_ints)
    with pytest.raises(InvalidArgumentError) as info:
        await _call(resource, action, name, value)
    assert info.value.field.split(".")[0].split("[")[0] == name
    str(info.value)  # the message itself prints


BAD_DURATIONS = [math.nan, math.inf, -math.inf, 0, -1, 10**400, True, "5"]
DURATIONS = ["timeout", "connect_timeout", "max_retry_time"]


@pytest.mark.parametrize("value", BAD_DURATIONS, ids=repr)
@pytest.mark.parametrize("name", DURATIONS)
async def test_durations_must_be_finite_everywhere(name: str, value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=name):
        AsyncTelnyxSIP("k", base_url=BASE, **{name: value})  # type: ignore[arg-type]
    client = AsyncTelnyxSIP("k", base_url=BASE)
    with pytest.raises(InvalidArgumentError, match=name):
        client.with_options(**{name: value})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=name):
        await client.ips.retrieve("1", options=RequestOptions(**{name: value}))  # type: ignore[arg-type]
    await client.aclose()


@pytest.mark.parametrize("value", BAD_DURATIONS, ids=repr)
@pytest.mark.parametrize(
    "name", ["max_retry_time", "initial_delay", "max_delay", "min_delay"]
)
def test_retry_policy_durations_must_be_finite(name: str, value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=name):
        RetryPolicy(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Note": "a\r\nX-Evil: 1"},
        {"X-Note": "a\nb"},
        {"X-Note": "nul\x00"},
        {"X-Note": "snow \u2603"},
        {"X Bad": "v"},
        {"": "v"},
        {"X-Note": "\ud800"},
    ],
)
async def test_header_values_cannot_split_a_request(headers: dict[str, str]) -> None:
    client = AsyncTelnyxSIP("k", base_url=BASE)
    with pytest.raises(InvalidArgumentError, match="extra_headers"):
        client.with_options(extra_headers=headers)
    options = RequestOptions(extra_headers=tuple(headers.items()))
    with pytest.raises(InvalidArgumentError, match="extra_headers"):
        await client.ips.retrieve("1", options=options)
    await client.aclose()


def test_settings_show_header_names_but_never_their_values() -> None:
    client = AsyncTelnyxSIP("the-key", base_url=BASE)
    derived = client.with_options(extra_headers={"Authorization": "Bearer other"})
    shown = repr(derived._settings) + repr(derived._shared) + repr(derived)
    assert "Authorization" in repr(derived._settings)
    assert "other" not in shown
    assert "the-key" not in shown
