"""The sandbox's in-memory objects and the rules that keep them consistent."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ._problems import ASSOCIATION, DUPLICATE, IN_USE, NOT_FOUND, Problem, Rejected
from ._resources import RESOURCES, Link, Resource
from ._rules import ObjectRules

__all__ = ["Row", "Store", "utc_now"]

Row = dict[str, Any]
"""One stored object, exactly as the API would answer it."""

_INT64_LOW = 10**18
_INT64_HIGH = 2**63 - 1


def utc_now() -> str:
    """The current time as Telnyx writes timestamps (ISO 8601, UTC, ms)."""
    now = dt.datetime.now(dt.timezone.utc)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _copy(value: Any) -> Any:
    # Defaults are plain JSON data; this is much cheaper than copy.deepcopy.
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _merge(target: Row, changes: Mapping[str, Any]) -> None:
    """Apply ``changes`` to ``target``; nested objects are merged key by key."""
    for key, value in changes.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge(current, value)
        else:
            target[key] = _copy(value)


def _fix_nulls(
    row: Row, rules: ObjectRules, defaults: Mapping[str, Any], prefix: str = ""
) -> None:
    """Replace ``null`` where the response schema cannot hold it.

    A request may send ``null`` for a field the answer types as non-nullable
    (an FQDN's ``port``); the object then takes the spec's default, or loses
    the key when there is none.
    """
    for key in list(row):
        value = row[key]
        pointer = f"{prefix}/{key}"
        if isinstance(value, dict):
            nested = defaults.get(key)
            _fix_nulls(
                value, rules, nested if isinstance(nested, dict) else {}, pointer
            )
        elif value is None and pointer not in rules.nullable:
            if key in defaults:
                row[key] = _copy(defaults[key])
            else:
                del row[key]


def read(row: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at ``path`` in ``row``, or ``None``."""
    value: Any = row
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


class Store:
    """Every stored object, by resource and id, in creation order."""

    def __init__(self, rng: random.Random, clock: Callable[[], str] = utc_now) -> None:
        self._rng = rng
        self._clock = clock
        self.tables: dict[str, dict[str, Row]] = {
            name: {} for name, r in RESOURCES.items() if not r.view_of
        }
        self._ids: set[str] = set()
        # Creation order across all resources: ties in timestamps and the
        # order of a view's mixed kinds follow it.
        self.order: dict[str, int] = {}
        self._created = 0
        self.user_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        self._incoming: dict[str, list[tuple[str, Link]]] = {}
        for name, resource in RESOURCES.items():
            for link in resource.links:
                self._incoming.setdefault(link.target, []).append((name, link))

    # -- reading -----------------------------------------------------------

    def find(self, resource: Resource, object_id: str) -> Row | None:
        """The object with this id (for a view: its projection), or ``None``."""
        if resource.view_of:
            for source in resource.view_of:
                row = self.tables[source].get(object_id)
                if row is not None:
                    return self.project(resource, row)
            return None
        return self.tables[resource.name].get(object_id)

    def get(self, resource: Resource, object_id: str) -> Row:
        """The object with this id, or a 404 answer."""
        row = self.find(resource, object_id)
        if row is None:
            raise Rejected(
                404, [Problem(NOT_FOUND, f"no {resource.name} object with this id")]
            )
        return row

    def rows(self, resource: Resource) -> Iterator[Row]:
        """Every object of a resource (a view: of all its sources, by age)."""
        if not resource.view_of:
            return iter(self.tables[resource.name].values())
        merged = [
            row for source in resource.view_of for row in self.tables[source].values()
        ]
        merged.sort(key=lambda row: self.order[row["id"]])
        return (self.project(resource, row) for row in merged)

    def project(self, resource: Resource, row: Row) -> Row:
        """A view's picture of one source object."""
        defaults = resource.rules.defaults
        out: Row = {}
        for name, path in resource.projection.items():
            value = read(row, path)
            if value is not None or (len(path) == 1 and path[0] in row):
                out[name] = value
            elif name in defaults:
                out[name] = _copy(defaults[name])
        return out

    def counts(self, resource: Resource) -> dict[str, Counter[str]]:
        """For each counter of ``resource``: how many objects link to each id."""
        out: dict[str, Counter[str]] = {}
        for field, sources in resource.counters.items():
            tally: Counter[str] = Counter()
            for source in sources:
                for link in RESOURCES[source].links:
                    if link.target != resource.name:
                        continue
                    for row in self.tables[source].values():
                        target = read(row, link.path)
                        if isinstance(target, str):
                            tally[target] += 1
            out[field] = tally
        return out

    # -- writing -----------------------------------------------------------

    def _new_id(self, resource: Resource) -> str:
        while True:
            if resource.ids == "uuid":
                new = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            else:
                new = str(self._rng.randint(_INT64_LOW, _INT64_HIGH))
            if new not in self._ids:
                self._ids.add(new)
                return new

    def _validate(self, resource: Resource, row: Row, object_id: str | None) -> None:
        problems: list[Problem] = []
        for link in resource.links:
            target = read(row, link.path)
            if isinstance(target, str) and target not in self.tables[link.target]:
                problems.append(
                    Problem(
                        ASSOCIATION,
                        f"no {link.target} object with this id",
                        link.pointer,
                    )
                )
        for field in resource.unique:
            value = row.get(field)
            if value is None:
                continue
            for other_id, other in self.tables[resource.name].items():
                if other_id != object_id and other.get(field) == value:
                    problems.append(
                        Problem(DUPLICATE, f"{field} is already taken", f"/{field}")
                    )
                    break
        for check in resource.checks:
            problems += check(row)
        if problems:
            raise Rejected(422, problems)

    def create(self, resource: Resource, body: Mapping[str, Any]) -> Row:
        """Store a new object built from the spec's defaults and ``body``."""
        rules = resource.rules
        row: Row = _copy(dict(rules.defaults))
        _merge(row, resource.initial)
        _merge(row, body)
        _fix_nulls(row, rules, rules.defaults)
        self._validate(resource, row, None)
        now = self._clock()
        object_id = self._new_id(resource)
        stamped: Row = {"id": object_id}
        if resource.record_type is not None and "record_type" in rules.fields:
            stamped["record_type"] = resource.record_type
        if "created_at" in rules.fields:
            stamped["created_at"] = now
        if "updated_at" in rules.fields:
            stamped["updated_at"] = now
        if "user_id" in rules.fields:
            stamped["user_id"] = self.user_id
        row.update(stamped)
        self.tables[resource.name][object_id] = row
        self._created += 1
        self.order[object_id] = self._created
        return row

    def settle(self, resource: Resource, row: Row) -> None:
        """Finish what creating started (after the create answer was written)."""
        if resource.settled:
            _merge(row, resource.settled)

    def update(self, resource: Resource, row: Row, body: Mapping[str, Any]) -> Row:
        """Apply a partial update: only the keys in ``body`` change."""
        changed = _copy(row)
        _merge(changed, body)
        _fix_nulls(changed, resource.rules, resource.rules.defaults)
        self._validate(resource, changed, row["id"])
        if "updated_at" in resource.rules.fields:
            changed["updated_at"] = self._clock()
        row.clear()
        row.update(changed)
        return row

    def delete(self, resource: Resource, row: Row) -> int:
        """Delete an object and what cascades from it; return how many went."""
        object_id = row["id"]
        doomed: list[tuple[str, str]] = []
        for source, link in self._incoming.get(resource.name, ()):
            users = [
                other_id
                for other_id, other in self.tables[source].items()
                if read(other, link.path) == object_id
            ]
            if users and not link.cascade:
                raise Rejected(
                    422,
                    [
                        Problem(
                            IN_USE,
                            f"still used by {len(users)} {source} object(s)",
                        )
                    ],
                )
            doomed += [(source, other_id) for other_id in users]
        doomed.append((resource.name, object_id))
        for source, other_id in doomed:
            del self.tables[source][other_id]
            del self.order[other_id]
        return len(doomed)
