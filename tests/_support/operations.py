"""The SDK side of the contract tests: operations, service methods, type hints."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import types
import typing
from typing import Any

import attrs

import telnyx_sip.services
from telnyx_sip import AsyncTelnyxSIP, Unset
from telnyx_sip._operations import ListOperation, Operation


def sdk_operations() -> list[tuple[str, Operation]]:
    found: dict[str, tuple[str, Operation]] = {}
    for info in pkgutil.iter_modules(telnyx_sip.services.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"telnyx_sip.services.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation) and value.name.startswith(info.name + "."):
                found[value.name] = (info.name, value)
    return [found[name] for name in sorted(found)]


OPERATIONS = sdk_operations()
OP_IDS = [op.name for _, op in OPERATIONS]
LIST_OPERATIONS = [(r, op) for r, op in OPERATIONS if isinstance(op, ListOperation)]
LIST_IDS = [op.name for _, op in LIST_OPERATIONS]
# Only used to look at services and their signatures; it never sends.
OFFLINE = AsyncTelnyxSIP("offline-key", base_url="http://127.0.0.1:9/v2")


def method_name(op: Operation) -> str:
    return op.name.split(".", 1)[1]


def service_method(client: AsyncTelnyxSIP, resource: str, op: Operation) -> Any:
    return getattr(getattr(client, resource), method_name(op))


def takes_body(resource: str, op: Operation) -> bool:
    """Whether the method has body arguments (the signature test ties these
    to the spec's request schema)."""
    if isinstance(op, ListOperation):
        return False
    params = inspect.signature(service_method(OFFLINE, resource, op)).parameters
    return any(
        p.kind is inspect.Parameter.KEYWORD_ONLY and name != "options"
        for name, p in params.items()
    )


BODY_OPERATIONS = [(r, op) for r, op in OPERATIONS if takes_body(r, op)]
BODY_IDS = [op.name for _, op in BODY_OPERATIONS]


def union_args(hint: object) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def attrs_class(hint: object) -> type[Any] | None:
    found = [a for a in union_args(hint) if isinstance(a, type) and attrs.has(a)]
    assert len(found) <= 1, hint
    return found[0] if found else None


def enum_class(hint: object) -> type[enum.Enum] | None:
    for arg in union_args(hint):
        if isinstance(arg, type) and issubclass(arg, enum.Enum) and arg is not Unset:
            return arg
    return None


def return_model(client: AsyncTelnyxSIP, resource: str, op: Operation) -> type[Any]:
    returned = typing.get_type_hints(service_method(client, resource, op))["return"]
    if isinstance(op, ListOperation):
        (returned,) = typing.get_args(returned)
    assert isinstance(returned, type)
    assert attrs.has(returned)
    return returned
