"""Which fields a document may set, read from the request models.

A resource's *writable* fields are those its create or update request model
takes (the union of both), nested objects included, sub-field by sub-field.
Everything else the account reports (ids, timestamps, counters) is
read-only. Natural keys and secret fields come from :mod:`telnyx_sip._meta`;
the by-name references (``connection``, ``outbound.outbound_voice_profile``)
and the dependency waves they imply are the one table written here.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping
from typing import Any

import attrs

from telnyx_sip import models
from telnyx_sip._meta import RESOURCES
from telnyx_sip._signatures import model_fields

__all__ = [
    "CONNECTIONS",
    "REFERENCES",
    "RESOURCE_NAMES",
    "WAVES",
    "FieldSpec",
    "Reference",
    "doc_key_fields",
    "read_only",
    "response_model",
    "update_required",
    "wave_of",
    "writable",
]

CONNECTIONS = ("credential_connections", "fqdn_connections", "ip_connections")
"""The connection types: their names (``connection_name``) share one namespace."""


@attrs.frozen
class Reference:
    """A by-name reference: ``name`` in a document stands for ``id_field``.

    ``parent`` is the nested object holding both (``()`` at the top);
    ``targets`` the resources whose natural key the name is.
    """

    parent: tuple[str, ...]
    name: str
    id_field: str
    targets: tuple[str, ...]


_TO_CONNECTION = Reference((), "connection", "connection_id", CONNECTIONS)
_TO_PROFILE = Reference(
    ("outbound",),
    "outbound_voice_profile",
    "outbound_voice_profile_id",
    ("outbound_voice_profiles",),
)
REFERENCES: Mapping[str, tuple[Reference, ...]] = types.MappingProxyType(
    {
        "ips": (_TO_CONNECTION,),
        "fqdns": (_TO_CONNECTION,),
        **dict.fromkeys(CONNECTIONS, (_TO_PROFILE,)),
    }
)
"""Resource -> the references its objects may hold."""

RESOURCE_NAMES: tuple[str, ...] = tuple(
    name for name, meta in sorted(RESOURCES.items()) if "create" in meta.actions
)
"""The resources a document may list (every one that can be created)."""


def _depth(resource: str) -> int:
    refs = REFERENCES.get(resource, ())
    return 1 + max((_depth(t) for r in refs for t in r.targets), default=-1)


WAVES: tuple[tuple[str, ...], ...] = tuple(
    tuple(r for r in RESOURCE_NAMES if _depth(r) == depth)
    for depth in range(max(_depth(r) for r in RESOURCE_NAMES) + 1)
)
"""Resources by dependency wave: each wave refers only to earlier ones."""


def wave_of(resource: str) -> int:
    """The dependency wave of ``resource`` (0 for what refers to nothing)."""
    return _depth(resource)


@attrs.frozen
class FieldSpec:
    """One writable field: its validator source, nested fields, and flags.

    ``attribute`` is the request model attribute whose validator checks the
    value (``None`` for a nested object, whose sub-fields are checked);
    ``hint`` its annotation; ``create``/``update`` whether each request
    takes it.
    """

    name: str
    attribute: attrs.Attribute[Any] | None
    hint: Any
    nested: Mapping[str, FieldSpec] | None
    secret: bool
    create: bool
    update: bool


def response_model(resource: str) -> type[Any]:
    """The model the account reports ``resource`` objects as."""
    cls: type[Any] = getattr(models, _RESPONSE_NAMES[resource])
    return cls


_RESPONSE_NAMES = {
    "access_ip_ranges": "AccessIpRange",
    "credential_connections": "CredentialConnection",
    "fqdn_connections": "FqdnConnection",
    "fqdns": "Fqdn",
    "ip_connections": "IpConnection",
    "ips": "Ip",
    "outbound_voice_profiles": "OutboundVoiceProfile",
}


def _request_model(resource: str, action: str) -> type[Any] | None:
    name = f"{action.title()}{_RESPONSE_NAMES[resource]}Request"
    cls: type[Any] | None = getattr(models, name, None)
    return cls


def _merge(
    sides: list[tuple[type[Any] | None, str]], secrets: frozenset[str]
) -> dict[str, FieldSpec]:
    """The union of the fields of request models, nested ones merged too."""
    names: dict[str, list[tuple[Any, str]]] = {}
    for model, side in sides:
        if model is None:
            continue
        for name, field in model_fields(model).items():
            names.setdefault(name, []).append((field, side))
    specs: dict[str, FieldSpec] = {}
    for name, found in names.items():
        field = found[0][0]
        nested_sides = [(f.nested, s) for f, s in found if f.nested is not None]
        nested = _merge(nested_sides, secrets) if nested_sides else None
        specs[name] = FieldSpec(
            name=name,
            attribute=None if nested is not None else field.attribute,
            hint=field.hint,
            nested=types.MappingProxyType(nested) if nested is not None else None,
            secret=name in secrets,
            create=any(s == "create" for _, s in found),
            update=any(s == "update" for _, s in found),
        )
    return specs


@functools.cache
def writable(resource: str) -> Mapping[str, FieldSpec]:
    """The writable fields of ``resource``, create's order first."""
    sides = [
        (_request_model(resource, "create"), "create"),
        (_request_model(resource, "update"), "update"),
    ]
    secrets = RESOURCES[resource].secret_fields
    return types.MappingProxyType(_merge(sides, secrets))


@functools.cache
def read_only(resource: str) -> frozenset[str]:
    """Fields the account reports for ``resource`` that no request takes."""
    reported = set(model_fields(response_model(resource))) - {"extra"}
    return frozenset(reported - set(writable(resource)))


def doc_key_fields(resource: str) -> tuple[str, ...]:
    """The natural key of ``resource`` in document spelling (``connection``)."""
    key = RESOURCES[resource].natural_key
    assert key is not None  # every creatable resource has one
    renamed = {r.id_field: r.name for r in REFERENCES.get(resource, ()) if not r.parent}
    return tuple(renamed.get(f, f) for f in key.fields)


@functools.cache
def update_required(resource: str) -> tuple[str, ...]:
    """Fields every update of ``resource`` must send (an IP's ``ip_address``)."""
    model = _request_model(resource, "update")
    if model is None:
        return ()
    return tuple(name for name, f in model_fields(model).items() if f.required)
