"""Data describing the API: operations (HTTP line, safety, list arguments), resources.

The generated :mod:`telnyx_sip._meta` holds one descriptor per operation and
per resource; services hand them to the client, :mod:`telnyx_sip._core` reads
them to build requests, and bulk jobs, the command line and the converter read
the resource facts (actions, natural keys, secret fields). Nothing here
imports anything above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = ["ListOperation", "NaturalKey", "Operation", "QueryParam", "ResourceMeta"]


@attrs.frozen
class Operation:
    """One HTTP operation of the API.

    ``path`` is a template such as ``/ips/{id}``; ``idempotent`` says whether
    re-sending it after an unknown outcome is harmless; ``envelope`` whether
    the answer's object sits under a ``data`` key.
    """

    name: str
    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str
    idempotent: bool
    envelope: bool = True


@attrs.frozen
class QueryParam:
    """A list argument and how it goes on the wire.

    ``kind`` is the Python type the argument takes; ``choices`` restricts it
    to the spec's enum values when not empty.
    """

    wire: str
    kind: Literal["str", "int", "bool", "datetime"]
    choices: tuple[str, ...] = ()


@attrs.frozen
class ListOperation(Operation):
    """A list operation: its query arguments and the spec's page bounds."""

    params: Mapping[str, QueryParam] = attrs.field(factory=dict)
    page_number_min: int = 1
    page_size_min: int = 1
    page_size_max: int = 250
    page_size_default: int = 20


@attrs.frozen
class NaturalKey:
    """What identifies an object a create makes, without its id.

    ``fields`` are create arguments; ``filters`` pairs each with the list
    argument that narrows a search for it. Results are compared field by
    field afterwards, since a filter may be fuzzy (``contains``).
    """

    fields: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]


@attrs.frozen
class ResourceMeta:
    """One resource: its client attribute, service class, actions and keys.

    ``actions`` are the service's method names in reading order;
    ``operations`` maps each to its descriptor; ``secret_fields`` are the
    field names of its models whose values never show in reprs or output.
    """

    name: str
    service: str
    actions: tuple[str, ...]
    operations: Mapping[str, Operation]
    secret_fields: frozenset[str] = frozenset()
    natural_key: NaturalKey | None = None
