"""Naming tables that record which of their entries a run used.

A table entry nothing looks up is a decision about a name that no longer
applies (the spec renamed or dropped the schema it was for); left in place it
would silently stop mattering. Every table made here is registered, and the
driver fails a run that left any entry unused, naming it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Set
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_ALL: list[Table[Any, Any] | Names] = []


class Table(dict[K, V], Generic[K, V]):
    """A dict whose ``[key]`` and ``get()`` hits count as uses of the key."""

    def __init__(self, name: str, entries: dict[K, V]) -> None:
        super().__init__(entries)
        self.name = name
        self.used: set[K] = set()
        _ALL.append(self)

    def __getitem__(self, key: K) -> V:
        value = super().__getitem__(key)
        self.used.add(key)
        return value

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        if key in self:
            return self[key]
        return default

    def unused(self) -> list[str]:
        return [f"{self.name}[{key!r}]" for key in self if key not in self.used]


class Names(Set[str]):
    """A set of names whose membership hits count as uses."""

    def __init__(self, name: str, names: Iterable[str]) -> None:
        self.name = name
        self._names = frozenset(names)
        self.used: set[str] = set()
        _ALL.append(self)

    def __contains__(self, value: object) -> bool:
        if value in self._names:
            assert isinstance(value, str)
            self.used.add(value)
            return True
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def unused(self) -> list[str]:
        return [f"{self.name}[{n!r}]" for n in self if n not in self.used]


def start_run() -> None:
    """Forget the uses of an earlier run (tests run the generator repeatedly)."""
    for table in _ALL:
        table.used.clear()


def unused_entries() -> list[str]:
    """Every entry of every table that the run so far never looked up."""
    return [entry for table in _ALL for entry in table.unused()]
