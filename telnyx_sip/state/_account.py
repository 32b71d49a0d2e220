"""Reading the account: each resource listed once, every page, side by side."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from telnyx_sip._meta import LIST_OPERATIONS, RESOURCES

from ._fields import CONNECTIONS

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP

__all__ = ["Account", "read_account"]


@attrs.frozen
class Account:
    """What the account holds of the resources read.

    ``objects`` maps each resource read to its objects (models);
    ``connection_names`` and ``profile_names`` map ids to names, for
    references and keys shown by name.
    """

    objects: Mapping[str, tuple[Any, ...]]
    connection_names: Mapping[str, str]
    profile_names: Mapping[str, str]


async def _list_all(client: AsyncTelnyxSIP, resource: str) -> tuple[Any, ...]:
    service = getattr(client, resource)
    size = LIST_OPERATIONS[f"{resource}.list"].page_size_max
    return tuple([obj async for obj in service.list(page_size=size)])


async def read_account(client: AsyncTelnyxSIP, resources: Iterable[str]) -> Account:
    """List ``resources``, plus what names references need, once each.

    Connection names come from the connection types read, or, when none of
    them is, from the combined ``connections`` list (one listing instead of
    three); profile names from the profiles, read when needed.
    """
    wanted = set(resources)
    needs_names = bool(wanted & {"ips", "fqdns", *CONNECTIONS})
    if needs_names and not wanted & set(CONNECTIONS):
        wanted.add("connections")
    elif wanted & set(CONNECTIONS):
        # A reference may name a connection of any type.
        wanted |= set(CONNECTIONS)
    if wanted & set(CONNECTIONS):
        wanted.add("outbound_voice_profiles")
    order = [r for r in RESOURCES if r in wanted]
    listed = await asyncio.gather(*(_list_all(client, r) for r in order))
    objects = dict(zip(order, listed, strict=True))
    connection_names = {
        obj.id: obj.connection_name
        for resource in ("connections", *CONNECTIONS)
        for obj in objects.get(resource, ())
        if obj.connection_name is not None
    }
    profile_names = {
        obj.id: obj.name for obj in objects.get("outbound_voice_profiles", ())
    }
    objects.pop("connections", None)
    return Account(objects, connection_names, profile_names)
