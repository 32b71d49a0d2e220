"""What a plan holds: changes, their fields, and the prune selector.

Secrets never show: a :class:`FieldChange` of a secret field keeps no value
at all (its ``old`` and ``new`` are ``None``, and it prints ``[redacted]``),
and a change's call arguments, which do hold the value or its
:class:`~telnyx_sip.state.EnvRef`, are left out of its ``repr()``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from telnyx_sip._types import REDACTED
from telnyx_sip.errors import InvalidArgumentError

from ._fields import RESOURCE_NAMES, response_model, wave_of
from ._values import EnvRef

__all__ = ["Action", "Change", "FieldChange", "Pending", "Prune", "json_value"]

Action = Literal["create", "update", "delete", "no-op"]


@attrs.frozen
class Pending:
    """The id of an object this plan creates, known once its wave has run.

    ``resource`` and ``name`` (its ``connection_name`` or ``name``) say
    which; apply fills it in from the outcome of the create.
    """

    resource: str
    name: str


def json_value(value: Any) -> Any:
    """``value`` as display JSON: references as text, tuples as lists."""
    if isinstance(value, EnvRef):
        return str(value)
    if isinstance(value, Pending):
        return f"(id of new {value.resource}[{value.name}])"
    if isinstance(value, Mapping):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


@attrs.frozen(repr=False)
class FieldChange:
    """One field a change sets: ``path`` (dotted), ``old`` and ``new``.

    ``old`` is ``None`` for a create. For a secret field (``secret``), both
    are ``None``: its value is write-only, so it is never compared or shown,
    and every mention of it in a document is a change.
    """

    path: str
    old: object
    new: object
    secret: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON data: ``path``, ``old``, ``new`` (``[redacted]`` for a secret)."""
        if self.secret:
            return {"path": self.path, "old": REDACTED, "new": REDACTED, "secret": True}
        return {
            "path": self.path,
            "old": json_value(self.old),
            "new": json_value(self.new),
            "secret": False,
        }

    def __str__(self) -> str:
        if self.secret:
            return f"{self.path}: {REDACTED}"
        new = json_value(self.new)
        if self.old is None:
            return f"{self.path}: {new!r}"
        return f"{self.path}: {json_value(self.old)!r} -> {new!r}"

    def __repr__(self) -> str:
        return f"FieldChange({self})"


@attrs.frozen(repr=False)
class Change:
    """One thing apply does (or, for ``"no-op"``, finds already so).

    Attributes:
        action: ``"create"``, ``"update"``, ``"delete"`` or ``"no-op"``.
        resource: The resource (client attribute, such as ``"ips"``).
        key: The object's natural key in document spelling
            (``{"connection": "pbx", "ip_address": "203.0.113.7"}``).
        id: The account object's id; ``None`` for a create.
        fields: The fields set, in document order (none for a delete or a
            no-op).
        args: The call's arguments (``id`` included), JSON-shaped; secrets
            as given (an ``EnvRef`` until apply reads it) and ids of objects
            created by an earlier wave as :class:`Pending`. Never printed.
        source: The document place of the object (``"ips[3]"``); ``""`` for
            a delete.

    """

    action: Action
    resource: str
    key: Mapping[str, object]
    id: str | None = None
    fields: tuple[FieldChange, ...] = ()
    args: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    source: str = ""

    @property
    def label(self) -> str:
        """One line naming the object: ``ips[connection=pbx, ip_address=...]``."""
        shown = ", ".join(f"{k}={json_value(v)}" for k, v in self.key.items())
        return f"{self.resource}[{shown}]"

    @property
    def wave(self) -> int:
        """The dependency wave of the change's resource (0 refers to nothing)."""
        return wave_of(self.resource)

    def to_dict(self) -> dict[str, Any]:
        """JSON data of the change, secrets as ``[redacted]``."""
        return {
            "action": self.action,
            "resource": self.resource,
            "key": json_value(self.key),
            "id": self.id,
            "label": self.label,
            "fields": [f.to_dict() for f in self.fields],
        }

    def __str__(self) -> str:
        head = f"{self.action} {self.label}"
        if self.id is not None and self.action != "create":
            head += f" (id {self.id})"
        return "\n".join([head, *(f"    {f}" for f in self.fields)])

    def __repr__(self) -> str:
        return f"Change({self.action} {self.label}, {len(self.fields)} field(s))"


def _resources(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def _has_tags(resource: str) -> bool:
    return "tags" in attrs.fields_dict(response_model(resource))


@attrs.frozen
class Prune:
    """Which account objects missing from a document apply may delete.

    ``resources`` names the resource types covered; ``tag``, if given,
    narrows them to objects carrying that tag, and can only be used when
    every type covered has tags (profiles and the connection types). An
    account object is deleted only when its type is covered, it has the tag
    (if any), and the document does not list it.

    Raises:
        InvalidArgumentError: An unknown resource, or a tag for a type
            without tags.

    """

    resources: frozenset[str] = attrs.field(converter=_resources)
    tag: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in sorted(self.resources):
            if name not in RESOURCE_NAMES:
                close = difflib.get_close_matches(name, RESOURCE_NAMES, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise InvalidArgumentError("prune", f"unknown resource {name!r}{hint}")
        if self.tag is not None:
            tagless = sorted(r for r in self.resources if not _has_tags(r))
            if tagless:
                raise InvalidArgumentError(
                    "prune",
                    f"{', '.join(tagless)} have no tags; prune them without a tag",
                )

    def covers(self, resource: str, obj: object) -> bool:
        """Whether the account object ``obj`` of ``resource`` may be deleted."""
        if resource not in self.resources:
            return False
        if self.tag is None:
            return True
        return self.tag in (getattr(obj, "tags", None) or ())

    def to_dict(self) -> dict[str, Any]:
        """JSON data: the sorted resource types and the tag."""
        return {"resources": sorted(self.resources), "tag": self.tag}
