"""Natural keys of creatable objects, and looking an object up by its key.

A create whose outcome is unknown is settled by searching for the object it
would have made: found means it was made, confirmed absent means it was not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from telnyx_sip._meta import RESOURCES
from telnyx_sip._operations import NaturalKey

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP

__all__ = ["NATURAL_KEYS", "Key", "find", "natural_key", "search_filters"]

Key = tuple[object, ...]

NATURAL_KEYS: Mapping[str, NaturalKey] = {
    name: resource.natural_key
    for name, resource in RESOURCES.items()
    if resource.natural_key is not None
}
"""Resource (client attribute) -> the natural key of its creates, from the metadata."""


def natural_key(resource: str, args: Mapping[str, Any]) -> Key | None:
    """The natural key of a create's arguments, or ``None`` if it has none."""
    spec = NATURAL_KEYS.get(resource)
    if spec is None:
        return None
    return tuple(args.get(name) for name in spec.fields)


def search_filters(spec: NaturalKey, key: Key) -> dict[str, object]:
    """The ``list()`` arguments that narrow a search for ``key``.

    A key value of ``None`` (the create left it out) filters nothing: the
    exact comparison afterwards still requires it to be ``None``.
    """
    values = dict(zip(spec.fields, key, strict=True))
    return {
        argument: values[field]
        for field, argument in spec.filters
        if values[field] is not None
    }


async def find(client: AsyncTelnyxSIP, resource: str, key: Key) -> list[Any]:
    """Every object of ``resource`` whose natural key equals ``key``.

    The list call's filters only narrow the search (they may be fuzzy, such
    as ``contains``, or ignored by the server); each result's key fields are
    then compared exactly. Raises whatever the list call raises: an error
    here means "not known", never "absent".
    """
    spec = NATURAL_KEYS[resource]
    service = getattr(client, resource)
    return [
        obj
        async for obj in service.list(**search_filters(spec, key))
        if tuple(getattr(obj, name, None) for name in spec.fields) == key
    ]
