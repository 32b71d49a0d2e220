"""Natural keys of creatable objects, and looking an object up by its key.

A create whose outcome is unknown is settled by searching for the object it
would have made: found means it was made, confirmed absent means it was not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._client import AsyncTelnyxSIP
    from .pagination import AsyncPager

__all__ = ["NATURAL_KEYS", "NaturalKey", "natural_key"]

Key = tuple[object, ...]


@attrs.frozen
class NaturalKey:
    """The fields that identify an object, and the list call that finds it.

    ``search`` maps the key's values to the list method's filter arguments;
    results are then compared field by field, since filters may be fuzzy
    (``contains``) or ignored by the server.
    """

    fields: tuple[str, ...]
    search: Callable[[AsyncTelnyxSIP, Key], AsyncPager[Any]]


def _by_connection_name(resource: str) -> NaturalKey:
    def search(client: AsyncTelnyxSIP, key: Key) -> AsyncPager[Any]:
        (name,) = key
        service = getattr(client, resource)
        pager: AsyncPager[Any] = service.list(filter_connection_name_contains=name)
        return pager

    return NaturalKey(("connection_name",), search)


def _ips(client: AsyncTelnyxSIP, key: Key) -> AsyncPager[Any]:
    connection_id, ip_address = key
    if connection_id is None:
        return client.ips.list(filter_ip_address=str(ip_address))
    return client.ips.list(
        filter_connection_id=str(connection_id), filter_ip_address=str(ip_address)
    )


def _fqdns(client: AsyncTelnyxSIP, key: Key) -> AsyncPager[Any]:
    connection_id, fqdn = key
    return client.fqdns.list(
        filter_connection_id=str(connection_id), filter_fqdn=str(fqdn)
    )


def _profiles(client: AsyncTelnyxSIP, key: Key) -> AsyncPager[Any]:
    (name,) = key
    return client.outbound_voice_profiles.list(filter_name_contains=str(name))


def _ranges(client: AsyncTelnyxSIP, key: Key) -> AsyncPager[Any]:
    (cidr_block,) = key
    return client.access_ip_ranges.list(filter_cidr_block=str(cidr_block))


NATURAL_KEYS: Mapping[str, NaturalKey] = {
    "credential_connections": _by_connection_name("credential_connections"),
    "fqdn_connections": _by_connection_name("fqdn_connections"),
    "ip_connections": _by_connection_name("ip_connections"),
    "ips": NaturalKey(("connection_id", "ip_address"), _ips),
    "fqdns": NaturalKey(("connection_id", "fqdn"), _fqdns),
    "outbound_voice_profiles": NaturalKey(("name",), _profiles),
    "access_ip_ranges": NaturalKey(("cidr_block",), _ranges),
}
"""Resource (client attribute) -> the natural key of its creates."""


def natural_key(resource: str, args: Mapping[str, Any]) -> Key | None:
    """The natural key of a create's arguments, or ``None`` if it has none."""
    spec = NATURAL_KEYS.get(resource)
    if spec is None:
        return None
    return tuple(args.get(name) for name in spec.fields)


async def find(client: AsyncTelnyxSIP, resource: str, key: Key) -> list[Any]:
    """Every object of ``resource`` whose natural key equals ``key``.

    Raises whatever the list call raises: an error here means "not known",
    never "absent".
    """
    spec = NATURAL_KEYS[resource]
    matches = []
    async for obj in spec.search(client, key):
        if tuple(getattr(obj, name, None) for name in spec.fields) == key:
            matches.append(obj)
    return matches
