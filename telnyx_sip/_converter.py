"""The one configured cattrs converter: JSON payloads to models and back.

Responses are forward compatible: keys the models do not know are kept in
each object's ``extra`` mapping, and enum fields keep values they do not know
as plain strings. Requests leave out every field that was not given. The
strict variant, for tests, rejects unknown keys and enum values instead.

Lenient response models go through generated straight-line functions
(:mod:`telnyx_sip.models._structure_hooks`) first; data they do not take
exactly is structured again by cattrs' generic functions, so results and
errors are what those give, several times faster for data that fits.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn
from cattrs.preconf.json import JsonConverter, make_converter

from ._meta import SECRET_FIELDS
from ._timestamps import parse_datetime
from ._types import REDACTED
from .models import REQUEST_MODELS, RESPONSE_MODELS
from .models._structure_hooks import FAST

__all__ = ["CONVERTER", "make", "structure", "to_json"]

T = TypeVar("T")


def _parse_datetime(value: object, _: object) -> dt.datetime:
    return parse_datetime(value)


def _enum_member(tp: object) -> type[enum.Enum] | None:
    """The Enum class in a ``SomeEnum | str [| None]`` union, if that is ``tp``."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = set(typing.get_args(tp)) - {type(None)}
    if str not in args or len(args) != 2:
        return None
    (other,) = args - {str}
    if isinstance(other, type) and issubclass(other, enum.Enum):
        return other
    return None


def _lenient_enum_hook(tp: Any) -> Callable[[object, object], object]:
    enum_cls = _enum_member(tp)
    assert enum_cls is not None
    lookup: Mapping[object, object] = enum_cls._value2member_map_
    nullable = type(None) in typing.get_args(tp)

    def hook(value: object, _: object) -> object:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            msg = f"expected a string for {enum_cls.__name__}, got {value!r}"
            raise TypeError(msg)
        return lookup.get(value, value)

    return hook


def _strict_enum_hook(tp: Any) -> Callable[[object, object], object]:
    enum_cls = _enum_member(tp)
    assert enum_cls is not None
    nullable = type(None) in typing.get_args(tp)

    def hook(value: object, _: object) -> object:
        if value is None and nullable:
            return None
        return enum_cls(value)

    return hook


_PRIMITIVES: Mapping[type, tuple[type, ...]] = {
    str: (str,),
    bool: (bool,),
    int: (int,),
    float: (float, int),
}


def _optional_primitive(tp: object) -> type | None:
    """The primitive in ``X | None`` when ``X`` is str, bool, int or float."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(tp)
    if len(args) != 2 or type(None) not in args:
        return None
    (inner,) = (a for a in args if a is not type(None))
    return inner if inner in _PRIMITIVES else None


def _optional_primitive_hook(tp: Any) -> Callable[[object, object], object]:
    """Check JSON primitives by type instead of coercing them.

    One call per field instead of cattrs' two (optional, then primitive), and
    a string where an int belongs is an error rather than silently converted.
    """
    inner = _optional_primitive(tp)
    assert inner is not None
    exact = _PRIMITIVES[inner]

    def hook(value: object, _: object) -> object:
        if value is None or type(value) in exact:
            return value
        msg = f"expected {inner.__name__}, got {type(value).__name__}"
        raise TypeError(msg)

    return hook


def _primitive_hook(inner: type) -> Callable[[object, object], object]:
    """Check a required JSON primitive by type, as for ``X | None`` above.

    cattrs' default would call ``str(value)``, turning ``null`` into ``"None"``.
    """
    exact = _PRIMITIVES[inner]

    def hook(value: object, _: object) -> object:
        if type(value) in exact:
            return value
        msg = f"expected {inner.__name__}, got {type(value).__name__}"
        raise TypeError(msg)

    return hook


def _is_homogeneous_tuple(tp: object) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook_factory(
    converter: JsonConverter,
) -> Callable[[Any], Callable[[object, object], object]]:
    """``tuple[X, ...]`` from a JSON array only.

    cattrs would iterate any iterable, so a string would become a tuple of
    its characters and an object a tuple of its keys.
    """

    def factory(tp: Any) -> Callable[[object, object], object]:
        item = typing.get_args(tp)[0]
        item_hook = converter.get_structure_hook(item)

        def hook(value: object, _: object) -> object:
            if not isinstance(value, list):
                msg = f"expected an array, got {type(value).__name__}"
                raise TypeError(msg)
            return tuple([item_hook(v, item) for v in value])

        return hook

    return factory


def _is_optional(tp: object) -> bool:
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(tp)
    return len(args) == 2 and type(None) in args


def _optional_hook_factory(
    converter: JsonConverter,
) -> Callable[[Any], Callable[[object, object], object]]:
    """``X | None``: look the hook for ``X`` up once, not on every value."""

    def factory(tp: Any) -> Callable[[object, object], object]:
        (inner,) = (a for a in typing.get_args(tp) if a is not type(None))
        inner_hook = converter.get_structure_hook(inner)

        def hook(value: object, _: object) -> object:
            return None if value is None else inner_hook(value, inner)

        return hook

    return factory


def _response_hook_factory(
    converter: JsonConverter, *, strict: bool, fast: bool
) -> Callable[[type[Any]], Callable[[Any, object], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any, object], Any]:
        if strict:
            return make_dict_structure_fn(
                cls, converter, _cattrs_forbid_extra_keys=True
            )
        base = make_dict_structure_fn(cls, converter)
        known = frozenset(a.name for a in attrs.fields(cls) if a.name != "extra")

        def structure(data: object, _: object) -> Any:
            if not isinstance(data, Mapping):
                # The generated function would read "" or [] as an empty object.
                msg = f"expected an object, got {type(data).__name__}"
                raise TypeError(msg)
            obj = base(data, cls)
            if not known.issuperset(data):
                unknown = {k: v for k, v in data.items() if k not in known}
                # The model is frozen; this runs once, before anyone sees it.
                object.__setattr__(obj, "extra", unknown)
            return obj

        generated = FAST.get(cls) if fast else None
        if generated is None:
            return structure
        return _with_fast_path(generated, structure, cls)

    return factory


def _with_fast_path(
    fast: Callable[[Any], Any],
    generic: Callable[[Any, object], Any],
    cls: type[Any],
) -> Callable[[Any, object], Any]:
    """Try the generated function; on any mismatch, redo it the generic way.

    The generated function takes only data of exactly the expected shape,
    so whatever it refuses, the generic one either builds (the same model)
    or explains field by field, as a response validation error needs.
    """

    def structure(data: object, _: object) -> Any:
        try:
            return fast(data)
        except Exception:  # noqa: BLE001, S110  # any refusal means "ask cattrs"
            # Out of the handler, so cattrs' own error is not chained to it.
            pass
        return generic(data, cls)

    return structure


def make(*, strict: bool = False, fast: bool = True) -> JsonConverter:
    """Build a converter; ``strict=True`` rejects unknown keys and enum values.

    Lenient response models are built by the generated functions of
    :mod:`telnyx_sip.models._structure_hooks` when the data fits them exactly;
    ``fast=False`` leaves cattrs' generic functions alone, for the tests that
    compare the two.
    """
    converter = make_converter()
    converter.register_structure_hook(dt.datetime, _parse_datetime)
    converter.register_structure_hook_factory(
        _is_optional, _optional_hook_factory(converter)
    )
    converter.register_structure_hook_factory(
        lambda tp: _optional_primitive(tp) is not None, _optional_primitive_hook
    )
    for primitive in _PRIMITIVES:
        converter.register_structure_hook(primitive, _primitive_hook(primitive))
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, _tuple_hook_factory(converter)
    )
    # Registered after the converter exists so it wins over the JSON
    # converter's union passthrough, which would otherwise take these unions.
    converter.register_structure_hook_factory(
        lambda tp: _enum_member(tp) is not None,
        _strict_enum_hook if strict else _lenient_enum_hook,
    )
    response_types = frozenset(RESPONSE_MODELS)
    converter.register_structure_hook_factory(
        lambda tp: tp in response_types,
        _response_hook_factory(converter, strict=strict, fast=fast),
    )
    request_types = frozenset(REQUEST_MODELS)
    converter.register_unstructure_hook_factory(
        lambda tp: tp in request_types,
        lambda cls: make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True
        ),
    )
    return converter


CONVERTER = make()
"""The converter every client uses."""


def structure(data: object, cls: type[T], converter: cattrs.Converter = CONVERTER) -> T:
    """Structure ``data`` into ``cls`` with the shared converter."""
    return converter.structure(data, cls)


def to_json(obj: object, *, redact: bool = True) -> Any:
    """A model as plain JSON data, its ``extra`` keys merged back in place.

    ``None`` fields of a response model are left out; a request model keeps
    them, as JSON ``null`` is what they send (its ``UNSET`` fields are left
    out). Values under unknown keys are kept exactly as they came, ``null``
    included. With ``redact`` (the default), the values of the secret fields
    (``_meta.SECRET_FIELDS``: SIP passwords, IP authentication tokens), known
    or not, become the marker ``REDACTED`` so they never reach files or
    terminals. :mod:`telnyx_sip.serialization` is the public face of this.
    """
    keep_none = type(obj) in _REQUEST_TYPES
    return _plain(CONVERTER.unstructure(obj), redact=redact, raw=keep_none)


_REQUEST_TYPES = frozenset(REQUEST_MODELS)


def _plain(value: Any, *, redact: bool, raw: bool) -> Any:
    """Unstructured data as JSON; ``raw`` is data as received, nulls kept."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        extra = None if raw else value.get("extra")
        items = [(k, v, raw) for k, v in value.items()]
        if isinstance(extra, dict):
            items = [(k, v, r) for k, v, r in items if k != "extra"]
            items += [(k, v, True) for k, v in extra.items()]
        for key, item, as_received in items:
            if item is None and not as_received:
                continue
            if redact and key in SECRET_FIELDS and item is not None:
                out[key] = REDACTED
            else:
                out[key] = _plain(item, redact=redact, raw=as_received)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v, redact=redact, raw=raw) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value
