"""The shapes of the rules the sandbox reads from the spec (see ``_spec_data``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = ["ListRules", "ObjectRules", "OperationRules"]

FilterKind = Literal["str", "int", "bool", "datetime"]


@attrs.frozen
class ListRules:
    """What a list operation accepts in its query string.

    ``filters`` pairs each wire name (``filter[port]``) with its value type;
    ``sort`` holds the allowed ``sort`` values (empty when the operation has
    no ``sort`` parameter) and ``sort_default`` the one used when none is sent.
    """

    filters: tuple[tuple[str, FilterKind], ...]
    sort: tuple[str, ...]
    sort_default: str | None
    page_number_min: int
    page_size_min: int
    page_size_max: int
    page_size_default: int


@attrs.frozen
class OperationRules:
    """One operation: where it lives and how it answers.

    ``name`` is ``resource.action`` as in the SDK's services; ``status`` is
    the success status; ``documented`` the error statuses the spec lists for
    it; ``envelope`` whether the object sits under ``data``.
    """

    name: str
    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str
    status: int
    documented: frozenset[int]
    envelope: bool
    listing: ListRules | None = None

    @property
    def resource(self) -> str:
        """The resource part of ``name`` (``ips`` for ``ips.create``)."""
        return self.name.partition(".")[0]

    @property
    def action(self) -> str:
        """The action part of ``name`` (``create`` for ``ips.create``)."""
        return self.name.partition(".")[2]


@attrs.frozen
class ObjectRules:
    """What a resource's objects look like in responses.

    ``fields`` are the top-level property names; ``defaults`` the spec's
    default values (nested objects as nested mappings), kept only where the
    default fits the property's type; ``nullable`` the JSON pointers of the
    properties that may hold ``null``.
    """

    fields: tuple[str, ...]
    defaults: Mapping[str, Any]
    nullable: frozenset[str]
