"""Planning: what apply must do to make the account match a document.

Each document object is found in the account by its natural key (never by
id): a connection by ``connection_name``, an IP by its connection and
address. Found, it is compared field by field (an update, or a no-op);
not found, it is created. References by name are resolved to ids, to the
id of an object the same plan creates (filled in when its wave has run), or
to an object outside the document; an unknown name is an error. The account
is read once per plan: one listing (every page) per resource involved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from telnyx_sip._meta import RESOURCES
from telnyx_sip._types import REDACTED
from telnyx_sip.serialization import to_dict

from ._account import Account, read_account
from ._changes import Change, Pending, Prune
from ._diff import create_fields, diff
from ._document import Document
from ._errors import AmbiguousObjectError, DocumentError, UnresolvedReferenceError
from ._fields import (
    CONNECTIONS,
    REFERENCES,
    WAVES,
    Reference,
    doc_key_fields,
    update_required,
    writable,
)
from ._values import EnvRef

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP

__all__ = ["Plan", "build_plan", "document_digest", "plan"]


@attrs.frozen(repr=False)
class Plan:
    """The changes apply makes, in the order it makes them.

    Creates and updates come first, wave by wave (profiles and access IP
    ranges, then connections, then IPs and FQDNs), then deletes in the
    reverse order, then the no-ops. ``digest`` identifies the document and
    prune selector planned (secret values left out), so a saved plan is only
    resumed for the same document.
    """

    changes: tuple[Change, ...]
    document: Document = attrs.field(eq=False)
    prune: Prune | None = None
    digest: str = ""

    @property
    def has_changes(self) -> bool:
        """Whether apply would write anything."""
        return any(c.action != "no-op" for c in self.changes)

    @property
    def counts(self) -> dict[str, int]:
        """Changes by action."""
        counts = dict.fromkeys(("create", "update", "delete", "no-op"), 0)
        for change in self.changes:
            counts[change.action] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """JSON data of the plan; secret values appear as ``[redacted]``."""
        return {
            "digest": self.digest,
            "prune": self.prune.to_dict() if self.prune is not None else None,
            "counts": self.counts,
            "changes": [c.to_dict() for c in self.changes],
        }

    def __str__(self) -> str:
        lines = [str(c) for c in self.changes if c.action != "no-op"]
        counts = ", ".join(f"{n} {a}" for a, n in self.counts.items())
        return "\n".join([*lines, f"plan: {counts}"])

    def __repr__(self) -> str:
        counts = ", ".join(f"{a}={n}" for a, n in self.counts.items())
        return f"Plan({counts})"


def _digest_value(value: Any, secret: bool = False) -> Any:
    if isinstance(value, EnvRef):
        return {"$env": value.name}
    if secret:
        return REDACTED
    if isinstance(value, Mapping):
        return {k: _digest_value(v, k in _SECRETS) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_digest_value(v) for v in value]
    return value


_SECRETS = frozenset(s for m in RESOURCES.values() for s in m.secret_fields)


def document_digest(document: Document, prune: Prune | None) -> str:
    """A SHA-256 of the document and selector, blind to literal secret values."""
    data = {
        "objects": {r: _digest_value(list(o)) for r, o in document.objects.items()},
        "prune": prune.to_dict() if prune is not None else None,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


async def plan(
    client: AsyncTelnyxSIP, document: Document, *, prune: Prune | None = None
) -> Plan:
    """Read the account and plan the changes that make it match ``document``.

    Args:
        client: The client to read the account with (nothing is written).
        document: The desired state.
        prune: Which account objects the document does not list may be
            deleted; without it, nothing is.

    Raises:
        AmbiguousObjectError: Two account objects share a document object's key.
        UnresolvedReferenceError: A name refers to nothing.
        DocumentError: A change the API cannot make (a field only a create,
            or only an update, takes).

    """
    wanted = set(document.objects) | (prune.resources if prune is not None else set())
    account = await read_account(client, wanted)
    return build_plan(document, account, prune)


def _space(resource: str) -> str:
    return "connections" if resource in CONNECTIONS else resource


def _name_of(resource: str, obj: Mapping[str, Any]) -> str | None:
    if resource in CONNECTIONS:
        return obj.get("connection_name")
    if resource == "outbound_voice_profiles":
        return obj.get("name")
    return None


@attrs.define
class _Planner:
    document: Document
    account: Account
    prune: Prune | None
    known: dict[tuple[str, str], str | Pending] = attrs.Factory(dict)
    in_document: dict[tuple[str, str], str] = attrs.Factory(dict)
    matched: set[tuple[str, str]] = attrs.Factory(set)
    writes: list[Change] = attrs.Factory(list)
    noops: list[Change] = attrs.Factory(list)
    problems: list[str] = attrs.Factory(list)
    indexes: dict[str, dict[tuple[object, ...], list[Any]]] = attrs.Factory(dict)
    by_name: dict[tuple[str, str], list[str]] = attrs.Factory(dict)

    def run(self) -> tuple[Change, ...]:
        for resource, objs in self.document.objects.items():
            for obj in objs:
                name = _name_of(resource, obj)
                if name is not None:
                    self.in_document[(_space(resource), name)] = resource
        for wave in WAVES:
            for resource in wave:
                for index, obj in enumerate(self.document.objects.get(resource, ())):
                    self._plan_one(resource, f"{resource}[{index}]", obj)
        if self.problems:
            raise DocumentError(self.problems)
        return (*self.writes, *self._deletes(), *self.noops)

    def _resolve_name(self, ref: Reference, name: str, place: str) -> str | Pending:
        space = _space(ref.targets[0])
        known = self.known.get((space, name))
        if known is not None:
            return known
        ids = self._named().get((space, name), [])
        if len(ids) > 1:
            raise AmbiguousObjectError(f"{space}[{name}]", sorted(ids))
        if not ids:
            raise UnresolvedReferenceError(
                place, name, space.rstrip("s").replace("_", " ")
            )
        return ids[0]

    def _resolve(
        self,
        resource: str,
        obj: Mapping[str, Any],
        where: str,
        parent: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        refs = {r.parent: r for r in REFERENCES.get(resource, ())}
        ref = refs.get(parent)
        out: dict[str, Any] = {}
        for key, value in obj.items():
            if ref is not None and key == ref.name:
                out[ref.id_field] = self._resolve_name(ref, value, f"{where}.{key}")
            elif isinstance(value, Mapping) and not isinstance(value, EnvRef):
                out[key] = self._resolve(
                    resource, value, f"{where}.{key}", (*parent, key)
                )
            else:
                out[key] = value
        return out

    def _named(self) -> dict[tuple[str, str], list[str]]:
        """Account ids by (namespace, name), built once per plan."""
        if not self.by_name:
            for space, names in (
                ("connections", self.account.connection_names),
                ("outbound_voice_profiles", self.account.profile_names),
            ):
                for id_, name in names.items():
                    self.by_name.setdefault((space, name), []).append(id_)
        return self.by_name

    def _doc_key(self, resource: str, obj: Mapping[str, Any]) -> dict[str, object]:
        key: dict[str, object] = {}
        for name in doc_key_fields(resource):
            if name in obj:
                key[name] = obj[name]
            else:  # a raw connection_id
                cid = obj.get("connection_id")
                shown = self.account.connection_names.get(str(cid))
                key.update({name: shown} if shown else {"connection_id": cid})
        return key

    def _plan_one(self, resource: str, where: str, obj: Mapping[str, Any]) -> None:
        resolved = self._resolve(resource, obj, where)
        spec = RESOURCES[resource].natural_key
        assert spec is not None
        key = tuple(resolved.get(f) for f in spec.fields)
        index = self._index(resource)
        found = [] if any(isinstance(k, Pending) for k in key) else index.get(key, [])
        shown_key = self._doc_key(resource, obj)
        label = Change("no-op", resource, shown_key).label
        if len(found) > 1:
            raise AmbiguousObjectError(label, sorted(o.id for o in found))
        name = _name_of(resource, obj)
        specs = writable(resource)
        if not found:
            fields, problems = create_fields(specs, resolved, obj, where)
            self.problems += problems
            if name is not None:
                self.known[(_space(resource), name)] = Pending(resource, name)
            self.writes.append(
                Change(
                    "create", resource, shown_key, None, tuple(fields), resolved, where
                )
            )
            return
        current = found[0]
        self.matched.add((resource, current.id))
        if name is not None:
            self.known[(_space(resource), name)] = current.id
        names = {**self.account.connection_names, **self.account.profile_names}
        refs = {r.parent: r for r in REFERENCES.get(resource, ())}
        fields, args, problems = diff(
            specs, resolved, to_dict(current), where, names=names, refs=refs
        )
        self.problems += problems
        if not fields:
            self.noops.append(
                Change("no-op", resource, shown_key, current.id, source=where)
            )
            return
        required = {f: resolved[f] for f in update_required(resource) if f in resolved}
        call = {"id": current.id, **required, **args}
        self.writes.append(
            Change(
                "update", resource, shown_key, current.id, tuple(fields), call, where
            )
        )

    def _index(self, resource: str) -> dict[tuple[object, ...], list[Any]]:
        found = self.indexes.get(resource)
        if found is None:
            spec = RESOURCES[resource].natural_key
            assert spec is not None
            found = {}
            for obj in self.account.objects.get(resource, ()):
                key = tuple(getattr(obj, f, None) for f in spec.fields)
                found.setdefault(key, []).append(obj)
            self.indexes[resource] = found
        return found

    def _deletes(self) -> list[Change]:
        if self.prune is None:
            return []
        out: list[Change] = []
        for wave in reversed(WAVES):
            for resource in wave:
                if resource not in self.prune.resources:
                    continue
                for obj in self.account.objects.get(resource, ()):
                    if (resource, obj.id) in self.matched:
                        continue
                    if not self.prune.covers(resource, obj):
                        continue
                    key = self._account_key(resource, obj)
                    out.append(
                        Change("delete", resource, key, obj.id, (), {"id": obj.id})
                    )
        return out

    def _account_key(self, resource: str, obj: Any) -> dict[str, object]:
        spec = RESOURCES[resource].natural_key
        assert spec is not None
        key: dict[str, object] = {}
        for field, name in zip(spec.fields, doc_key_fields(resource), strict=True):
            value = getattr(obj, field, None)
            if field != name:
                shown = self.account.connection_names.get(str(value))
                key.update({name: shown} if shown else {field: value})
            else:
                key[name] = value
        return key


def build_plan(document: Document, account: Account, prune: Prune | None) -> Plan:
    """Plan ``document`` against an account already read (no I/O)."""
    changes = _Planner(document, account, prune).run()
    return Plan(changes, document, prune, document_digest(document, prune))
