"""The generated structure functions against cattrs' generic ones.

Random data, valid or not (hypothesis), must come out the same both ways:
the same model with the same value types, or the same error with cattrs'
account of every mismatch. Data of exactly the expected shape must take the
fast path, and what the fast path assumes of the models must hold.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telnyx_sip import ResponseValidationError
from telnyx_sip._converter import CONVERTER, make
from telnyx_sip._core import Answer, Request
from telnyx_sip._structure import item_hook, structure_items, structure_one
from telnyx_sip.models import (
    RESPONSE_MODELS,
    CredentialConnection,
    DtmfType,
    Ip,
)
from telnyx_sip.models._structure_hooks import FAST, Mismatch
from tests._support.models import enum_class, nested_class, union_args
from tests.services import _data

GENERIC = make(fast=False)
"""The converter as it was before the generated functions: the reference."""

MODEL_IDS = [m.__name__ for m in RESPONSE_MODELS]
TOP_LEVEL = list(_data.FACTORIES)

_JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=6)
)
JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
# Values json.loads never makes but a caller of structure() might pass: the
# fast path must refuse them and leave the verdict to cattrs.
ODD = st.sampled_from(
    [
        DtmfType.INBAND,
        types.MappingProxyType({"a": 1}),
        ("a", "b"),
        b"bytes",
        dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc),
    ]
)


def _timestamps() -> st.SearchStrategy[str]:
    moments = st.datetimes(timezones=st.none() | st.just(dt.timezone.utc))
    text = moments.map(lambda m: m.isoformat())
    zulu = moments.map(lambda m: m.replace(tzinfo=None).isoformat() + "Z")
    return text | zulu


def _plain(hint: Any, *, loose: bool) -> st.SearchStrategy[Any]:
    if typing.get_origin(hint) is tuple:
        return st.lists(valid(typing.get_args(hint)[0], loose=loose), max_size=3)
    table: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=6),
        bool: st.booleans(),
        int: st.integers(min_value=-(2**40), max_value=2**40),
        float: st.floats(allow_nan=False) | st.integers(-5, 5),
        dt.datetime: _timestamps(),
    }
    return table[hint]


def valid(hint: Any, *, loose: bool = True) -> st.SearchStrategy[Any]:
    """A JSON value that fits ``hint`` (unknown enum values included).

    With ``loose``, nested objects are :func:`objects` (wrong values and all),
    else :func:`fitting` ones.
    """
    args = union_args(hint)
    nested = nested_class(hint)
    enum_cls = enum_class(hint)
    if nested is not None:
        base = objects(nested) if loose else fitting(nested)
    elif enum_cls is not None:
        base = st.sampled_from([m.value for m in enum_cls]) | st.text(max_size=4)
    else:
        (inner,) = [a for a in args if a is not type(None)] if len(args) > 1 else [hint]
        base = _plain(inner, loose=loose)
    return base | st.none() if type(None) in args else base


def maybe_wrong(hint: Any) -> st.SearchStrategy[Any]:
    """Mostly a fitting value; now and then any JSON value or an odd one."""
    return st.integers(0, 24).flatmap(
        lambda n: JSON if n == 0 else ODD if n == 1 else valid(hint)
    )


def _unknown_keys(names: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.text(max_size=5).filter(lambda k: k not in names and k != "extra")
    return st.dictionaries(keys, JSON, max_size=2)


def objects(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Data for ``cls``: keys left out, unknown keys, wrong values, ``extra``."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "extra"]
    names = {f.name for f in fields}
    required = {
        f.name: maybe_wrong(hints[f.name]) for f in fields if f.default is attrs.NOTHING
    }
    optional = {
        f.name: maybe_wrong(hints[f.name])
        for f in fields
        if f.default is not attrs.NOTHING
    }
    unknown = _unknown_keys(names)
    rare_extra = st.integers(0, 30).flatmap(
        lambda n: st.fixed_dictionaries({"extra": JSON}) if n == 0 else st.just({})
    )
    return st.builds(
        lambda known, more, extra: {**known, **more, **extra},
        st.fixed_dictionaries(required, optional=optional),
        unknown,
        rare_extra,
    )


def typed(value: Any) -> Any:
    """``value`` with the type of every part, so ``"x"`` never equals an enum member."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), [(f.name, typed(getattr(value, f.name))) for f in fields])
    if isinstance(value, (list, tuple)):
        return (type(value), [typed(v) for v in value])
    if isinstance(value, Mapping):
        return (type(value), [(k, typed(v)) for k, v in value.items()])
    return (type(value), value)


def outcome(converter: cattrs.Converter, data: Any, cls: type[Any]) -> Any:
    try:
        return ("built", typed(converter.structure(data, cls)))
    except cattrs.BaseValidationError as exc:
        return ("refused", type(exc), cattrs.transform_error(exc))
    except Exception as exc:  # compared, not swallowed
        return ("raised", type(exc), str(exc))


# Nested models are drawn inside the models that hold them.
@pytest.mark.parametrize("cls", TOP_LEVEL, ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_data_structures_the_same_both_ways(
    cls: type[Any], data: st.DataObject
) -> None:
    payload = data.draw(objects(cls) | fitting(cls) | JSON | ODD, label="payload")
    assert outcome(CONVERTER, payload, cls) == outcome(GENERIC, payload, cls)


@pytest.mark.parametrize("cls", TOP_LEVEL, ids=lambda c: c.__name__)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_fitting_data_takes_the_fast_path(cls: type[Any], data: st.DataObject) -> None:
    payload = data.draw(fitting(cls), label="payload")
    built = FAST[cls](payload)
    assert typed(built) == typed(GENERIC.structure(payload, cls))


def fitting(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Data for ``cls`` of exactly the expected shape: keys left out or not,
    unknown keys or not."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "extra"]
    values = {f.name: valid(hints[f.name], loose=False) for f in fields}
    required = {f.name for f in fields if f.default is attrs.NOTHING}
    known = st.fixed_dictionaries(
        {k: v for k, v in values.items() if k in required},
        optional={k: v for k, v in values.items() if k not in required},
    )
    return st.builds(
        lambda a, b: {**a, **b}, known, _unknown_keys({f.name for f in fields})
    )


@pytest.mark.parametrize("cls", TOP_LEVEL, ids=lambda c: c.__name__)
def test_full_fixtures_take_the_fast_path(cls: type[Any]) -> None:
    payload = _data.FACTORIES[cls]()
    payload["not_in_the_model"] = {"kept": [1, None]}
    built = FAST[cls](payload)
    assert built.extra == {"not_in_the_model": {"kept": [1, None]}}
    assert typed(built) == typed(GENERIC.structure(payload, cls))


def test_every_response_model_has_a_fast_path() -> None:
    assert set(FAST) == set(RESPONSE_MODELS)


@pytest.mark.parametrize("cls", RESPONSE_MODELS, ids=MODEL_IDS)
def test_models_are_what_filling_slots_directly_assumes(cls: type[Any]) -> None:
    # The functions skip __init__: nothing it would do may be lost.
    assert "__slots__" in cls.__dict__
    for field in attrs.fields(cls):
        assert isinstance(cls.__dict__[field.name], types.MemberDescriptorType)
        assert field.validator is None, field.name
        assert field.converter is None, field.name
    for hook in ("__attrs_pre_init__", "__attrs_post_init__"):
        assert not hasattr(cls, hook), hook


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        ({"id": "i", "record_type": "ip", "extra": {"a": 1}}, "a key named extra"),
        ({"id": "i", "record_type": "ip", "port": True}, "a bool for an int"),
        ({"id": DtmfType.INBAND, "record_type": "ip"}, "a str subclass"),
        (types.MappingProxyType({"id": "i", "record_type": "ip"}), "not a dict"),
        ({"record_type": "ip"}, "a required key missing"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_fast_path_refuses_what_it_does_not_take_exactly(
    payload: Any, why: str
) -> None:
    # A missing required key is the KeyError of reading it.
    with pytest.raises((Mismatch, KeyError)):
        FAST[Ip](payload)
    assert outcome(CONVERTER, payload, Ip) == outcome(GENERIC, payload, Ip), why


def test_unknown_enum_values_stay_strings_and_known_ones_become_members() -> None:
    payload = _data.FACTORIES[CredentialConnection]()
    payload["dtmf_type"] = "Carrier pigeon"
    payload["inbound"]["ani_number_format"] = "+E.164"
    built = CONVERTER.structure(payload, CredentialConnection)
    assert type(built.dtmf_type) is str
    assert built.dtmf_type == "Carrier pigeon"
    assert built.inbound is not None
    assert type(built.inbound.ani_number_format) is not str
    assert built.inbound.ani_number_format.value == "+E.164"


_REQUEST = Request("GET", "http://127.0.0.1/v2/ips", "/ips", {}, None)


def _answer(data: Any) -> Answer:
    return Answer(200, {"x-request-id": "req-42"}, b'{"data": "as sent"}', data)


def test_a_bad_item_is_explained_field_by_field_and_not_chained_to_the_fast_path() -> (
    None
):
    good = {"id": "a", "record_type": "ip", "port": 5060}
    bad = {"id": 7, "record_type": "ip", "port": "5060", "ip_address": None}
    answer = _answer([good, bad])
    with pytest.raises(ResponseValidationError) as caught:
        structure_items(answer, item_hook(Ip), Ip, _REQUEST)
    exc = caught.value
    assert exc.body == answer.body
    assert exc.request_id == "req-42"
    with pytest.raises(cattrs.BaseValidationError) as reference:
        GENERIC.structure(bad, Ip)
    for line in cattrs.transform_error(reference.value):
        assert line in str(exc)
    cause = exc.__cause__
    assert isinstance(cause, cattrs.BaseValidationError)
    assert not isinstance(cause.__context__, Mismatch)


def test_one_object_takes_the_same_way() -> None:
    payload = _data.FACTORIES[Ip]()
    assert typed(structure_one(_answer(payload), Ip, _REQUEST)) == typed(
        GENERIC.structure(payload, Ip)
    )


WRONG_VALUES: list[Any] = [
    None,
    True,
    0,
    1.5,
    "text",
    DtmfType.INBAND,
    [],
    ["a", 1],
    [None],
    {},
    {"extra": 1},
    types.MappingProxyType({}),
    ("a",),
    "2024-13-01T00:00:00Z",
]


def _paths(payload: Mapping[str, Any], where: tuple[str, ...] = ()) -> list[Any]:
    """The key path of every value in a full payload, nested objects included."""
    found = []
    for key, value in payload.items():
        found.append((*where, key))
        if isinstance(value, dict):
            found += _paths(value, (*where, key))
    return found


def _replaced(payload: Any, path: tuple[str, ...], value: Any) -> Any:
    out = dict(payload)
    out[path[0]] = value if len(path) == 1 else _replaced(out[path[0]], path[1:], value)
    return out


@pytest.mark.parametrize("cls", TOP_LEVEL, ids=lambda c: c.__name__)
def test_each_field_with_each_wrong_value_structures_the_same_both_ways(
    cls: type[Any],
) -> None:
    payload = _data.FACTORIES[cls]()
    for path in _paths(payload):
        for value in WRONG_VALUES:
            changed = _replaced(payload, path, value)
            got, want = outcome(CONVERTER, changed, cls), outcome(GENERIC, changed, cls)
            assert got == want, (path, value)
