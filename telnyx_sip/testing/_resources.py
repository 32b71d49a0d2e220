"""The table of resources that drives the sandbox's generic handlers.

Everything the spec says (paths, statuses, list rules, response defaults) comes
from ``_spec_data``; this table adds what the spec cannot say: which request
model validates a body, how ids look, which fields point at other objects and
what a filter reads.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from telnyx_sip import models

from ._problems import INVALID, Problem
from ._rules import ObjectRules
from ._spec_data import OBJECTS

__all__ = ["RESOURCES", "Link", "Related", "Resource"]

Check = Callable[[Mapping[str, Any]], list[Problem]]


@attrs.frozen
class Link:
    """A field of a resource that holds the id of an object of ``target``.

    A value must name an existing object. When the target is deleted, rows
    that point at it are deleted too (``cascade``) or the deletion is refused
    while any exist.
    """

    path: tuple[str, ...]
    target: str
    cascade: bool

    @property
    def pointer(self) -> str:
        """The field as a JSON pointer (``/outbound/outbound_voice_profile_id``)."""
        return "/" + "/".join(self.path)


@attrs.frozen
class Related:
    """A filter that matches on a field of related objects.

    ``filter[fqdn]`` on connections keeps those with an FQDN of that name:
    rows of ``resource`` whose ``key`` is the connection's id, compared on
    ``field``.
    """

    resource: str
    key: str
    field: str


Reader = tuple[str, ...] | Related


@attrs.frozen
class Resource:
    """One resource of the API as the sandbox serves it.

    Attributes:
        name: The path segment and the key for :meth:`Sandbox.rows`.
        record_type: The ``record_type`` of its objects, if they carry one.
        create: The request model of its create body.
        update: The request model of its update body.
        ids: ``int64`` (digit strings) or ``uuid``.
        id_space: Resources sharing an id space share one sequence of ids,
            so an id names one object across them (all connection kinds).
        initial: Values set on creation before the body is applied, beyond
            the spec's defaults.
        settled: Values the stored object takes right after the create
            answer (an asynchronous step that completes at once).
        links: Fields naming other objects.
        unique: Fields whose values may not repeat within the resource.
        checks: Extra value checks beyond the request model's.
        readers: Where a filter or sort field is read from, when not from
            the top-level key of the same name.
        counters: Computed fields counting the objects of other resources
            that link here.
        view_of: For a read-only view: the resources it lists together.
        projection: For a view: where each of its fields comes from.

    """

    name: str
    record_type: str | None
    create: type[Any] | None = None
    update: type[Any] | None = None
    ids: Literal["int64", "uuid"] = "int64"
    id_space: str = ""
    initial: Mapping[str, Any] = attrs.field(factory=dict)
    settled: Mapping[str, Any] = attrs.field(factory=dict)
    links: tuple[Link, ...] = ()
    unique: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    readers: Mapping[str, Reader] = attrs.field(factory=dict)
    counters: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    view_of: tuple[str, ...] = ()
    projection: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    @property
    def rules(self) -> ObjectRules:
        """The spec's view of this resource's objects."""
        return OBJECTS[self.name]


def _valid(field: str, kind: Callable[[str], object], what: str) -> Check:
    def check(row: Mapping[str, Any]) -> list[Problem]:
        value = row.get(field)
        if not isinstance(value, str):
            return []
        try:
            kind(value)
        except ValueError:
            return [Problem(INVALID, f"must be {what}", f"/{field}")]
        return []

    return check


def _port(row: Mapping[str, Any]) -> list[Problem]:
    port = row.get("port")
    if isinstance(port, int) and not 1 <= port <= 65535:
        return [Problem(INVALID, "must be between 1 and 65535", "/port")]
    return []


def _network(value: str) -> object:
    return ipaddress.ip_network(value, strict=False)


_CONNECTION_KINDS = ("credential_connections", "fqdn_connections", "ip_connections")
_PROFILE = Link(
    ("outbound", "outbound_voice_profile_id"), "outbound_voice_profiles", False
)
_CONNECTION_READERS: Mapping[str, Reader] = {
    "outbound_voice_profile_id": ("outbound", "outbound_voice_profile_id"),
    "fqdn": Related("fqdns", "connection_id", "fqdn"),
}
# Telnyx creates connections enabled and without tags unless told otherwise.
_CONNECTION_INITIAL: Mapping[str, Any] = {"active": True, "tags": []}

RESOURCES: Mapping[str, Resource] = {
    r.name: r
    for r in (
        Resource(
            "access_ip_ranges",
            None,
            create=models.CreateAccessIpRangeRequest,
            ids="uuid",
            initial={"status": "pending"},
            settled={"status": "added"},
            checks=(_valid("cidr_block", _network, "a CIDR block"),),
        ),
        Resource(
            "connections",
            None,
            view_of=_CONNECTION_KINDS,
            projection={
                name: ("outbound", name)
                if name == "outbound_voice_profile_id"
                else (name,)
                for name in OBJECTS["connections"].fields
            },
            readers={"fqdn": _CONNECTION_READERS["fqdn"]},
        ),
        Resource(
            "credential_connections",
            "credential_connection",
            create=models.CreateCredentialConnectionRequest,
            update=models.UpdateCredentialConnectionRequest,
            id_space="connections",
            initial=_CONNECTION_INITIAL,
            links=(_PROFILE,),
            unique=("user_name",),
            readers=_CONNECTION_READERS,
        ),
        Resource(
            "fqdn_connections",
            "fqdn_connection",
            create=models.CreateFqdnConnectionRequest,
            update=models.UpdateFqdnConnectionRequest,
            id_space="connections",
            initial=_CONNECTION_INITIAL,
            links=(_PROFILE,),
            readers=_CONNECTION_READERS,
        ),
        Resource(
            "fqdns",
            "fqdn",
            create=models.CreateFqdnRequest,
            update=models.UpdateFqdnRequest,
            links=(Link(("connection_id",), "fqdn_connections", True),),
            checks=(_port,),
        ),
        Resource(
            "ip_connections",
            "ip_connection",
            create=models.CreateIpConnectionRequest,
            update=models.UpdateIpConnectionRequest,
            id_space="connections",
            initial=_CONNECTION_INITIAL,
            links=(_PROFILE,),
            readers=_CONNECTION_READERS,
        ),
        Resource(
            "ips",
            "ip",
            create=models.CreateIpRequest,
            update=models.UpdateIpRequest,
            links=(Link(("connection_id",), "ip_connections", True),),
            checks=(_valid("ip_address", ipaddress.ip_address, "an IP address"), _port),
        ),
        Resource(
            "outbound_voice_profiles",
            "outbound_voice_profile",
            create=models.CreateOutboundVoiceProfileRequest,
            update=models.UpdateOutboundVoiceProfileRequest,
            initial={"tags": []},
            counters={"connections_count": _CONNECTION_KINDS},
        ),
    )
}
