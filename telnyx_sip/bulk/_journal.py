"""The bulk job journal: JSON lines, each written and fsynced before moving on.

The first line names the plan (a hash of its calls) so a journal is never
replayed against a different plan. Then, per call, a ``started`` line before a
create is sent and an outcome line when it is settled. Replaying keeps the
last word per index.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from telnyx_sip.errors import InvalidArgumentError

__all__ = ["Journal", "JournalState", "plan_digest"]

_FORMAT = "telnyx-sip bulk journal"
_VERSION = 1


def plan_digest(calls: Iterable[Mapping[str, Any]]) -> str:
    """A stable hash of a plan's calls (resource, action and arguments)."""
    digest = hashlib.sha256()
    for call in calls:
        line = json.dumps(call, sort_keys=True, separators=(",", ":"), default=str)
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


@attrs.define
class JournalState:
    """What an existing journal says about each index."""

    outcomes: dict[int, dict[str, Any]] = attrs.Factory(dict)
    started: set[int] = attrs.Factory(set)


class Journal:
    """An append-only, fsynced JSON-lines file for one plan."""

    def __init__(
        self, path: str | os.PathLike[str], *, digest: str, count: int
    ) -> None:
        self.path = Path(path)
        self._digest = digest
        self._count = count
        self._fd: int | None = None

    def open(self) -> JournalState:
        """Read what is there (checking it is this plan's); open to append."""
        text = self.path.read_bytes() if self.path.exists() else b""
        state = self._read(text.decode("utf-8", "replace")) if text else None
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if state is None:
            self._write(
                {
                    "journal": _FORMAT,
                    "version": _VERSION,
                    "plan": self._digest,
                    "count": self._count,
                }
            )
            return JournalState()
        if not text.endswith(b"\n"):
            # End a torn last line, or the next entry would be glued to it
            # and lost on the next replay.
            self._append(b"\n")
        return state

    def _read(self, text: str) -> JournalState:
        state = JournalState()
        lines = text.splitlines()
        header = _parse(lines[0]) if lines else None
        if not header or header.get("journal") != _FORMAT:
            raise InvalidArgumentError("journal", f"{self.path} is not a bulk journal")
        if header.get("plan") != self._digest:
            raise InvalidArgumentError(
                "journal", f"{self.path} belongs to a different plan"
            )
        for raw in lines[1:]:
            entry = _parse(raw)
            # A torn last line (the process died mid-write) carries nothing.
            if entry is None or not isinstance(entry.get("index"), int):
                continue
            index = entry["index"]
            if entry.get("event") == "started":
                state.started.add(index)
            elif "status" in entry:
                state.outcomes[index] = entry
        return state

    def started(self, index: int) -> None:
        """Record, durably, that a create is about to be sent."""
        self._write({"index": index, "event": "started"})

    def outcome(self, entry: Mapping[str, Any]) -> None:
        """Record, durably, how a call ended."""
        self._write(entry)

    def _write(self, entry: Mapping[str, Any]) -> None:
        line = json.dumps(entry, separators=(",", ":"), default=str) + "\n"
        self._append(line.encode())

    def _append(self, data: bytes) -> None:
        if self._fd is None:
            msg = "journal is not open"
            raise RuntimeError(msg)
        os.write(self._fd, data)
        os.fsync(self._fd)

    def close(self) -> None:
        """Close the file."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _parse(raw: str) -> dict[str, Any] | None:
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
