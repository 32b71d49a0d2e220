"""The bulk job journal: JSON lines, each written and fsynced before moving on.

The first line (the header) names the plan by a digest of its calls, so a
journal is never replayed against a different plan. Then, per call, a
``started`` line before a create is sent and an outcome line when it is
settled. Replaying keeps the last word per index.

One job at a time: from :meth:`Journal.open` to :meth:`Journal.close` the
file is held under an exclusive :func:`fcntl.flock`, so a second job on the
same journal (another process, or another job in this one) is refused at
once instead of sending every create a second time. The lock goes with the
process, so a job that was killed leaves nothing to clean up. (Windows has no
``flock``: there the journal is not locked.)

Damage: a torn last line (the process died mid-write) carries nothing, and is
ended on reopen so the next entry is not glued to it; a header torn the same
way is written anew. Bytes that are not UTF-8 are never written by a job
(every line is ASCII JSON), so a journal holding them is refused, naming the
line, rather than replayed from guesses. A failed write (disk full, I/O
error) raises :class:`JournalWriteError`, and so does every later write: the
job then sends nothing new, since a create it cannot record as started could
not be settled safely after a crash.

Secrets and the digest: the digest is a SHA-256 over the calls with the value
of every secret field (``_meta.SECRET_FIELDS``, at any depth) replaced by the
``REDACTED`` marker. Whatever is derived from a secret value and stored with
the inputs of that derivation (a salt or key in the header) lets anyone who
reads the journal test password guesses offline: a salt only defeats
precomputed tables, a weak password still falls to a word list. So nothing
derived from a secret value is stored. The price: a plan whose only change is
the value of a secret is taken for the same plan, and its calls that already
succeeded are not sent again with the new value (send an update for that).
Adding or removing a secret field still makes a different plan. Journals of
version 1, whose digest covered the values, are still read.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from telnyx_sip.errors import InvalidArgumentError, TelnyxSIPError

from ._secrets import redact

if sys.platform != "win32":
    import fcntl

__all__ = [
    "Journal",
    "JournalError",
    "JournalState",
    "JournalWriteError",
    "plan_digest",
]

_FORMAT = "telnyx-sip bulk journal"
_VERSION = 2
_LEGACY = 1  # digests of version 1 covered the secret values


class JournalError(InvalidArgumentError):
    """The journal cannot be used; nothing was sent.

    It is held by another job, cannot be opened, is damaged, or belongs to
    another plan. ``path`` names it; ``field`` is ``"journal"``.
    """

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__("journal", f"{path} {problem}")
        self.path = path


class JournalWriteError(TelnyxSIPError):
    """Writing the journal failed (disk full, I/O error) while a job ran.

    The job sent nothing after it, let the calls in flight finish, and its
    report holds every outcome decided. ``errno`` is the failed write's.
    """

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"cannot write the journal {path}: {_reason(error)}")
        self.path = path
        self.errno = error.errno


def plan_digest(calls: Iterable[Mapping[str, Any]]) -> str:
    """A stable hash of a plan's calls, blind to the values of secret fields."""
    return _digest(redact(call) for call in calls)


def _digest(calls: Iterable[Mapping[str, Any]]) -> str:
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
    """An append-only, fsynced, locked JSON-lines file for one plan.

    Args:
        path: Where the journal is (created when absent).
        calls: The plan, as the JSON form of each call.

    """

    def __init__(
        self, path: str | os.PathLike[str], *, calls: Sequence[Mapping[str, Any]]
    ) -> None:
        self.path = Path(path)
        self._calls = calls
        self._digest = plan_digest(calls)
        self._fd: int | None = None
        self._regular = True
        self.failure: JournalWriteError | None = None
        """The first failed write; every write after it fails the same way."""

    def open(self) -> JournalState:
        """Lock the journal, read what is there (checking it is this plan's).

        Raises:
            JournalError: It is locked by another job, unreadable, damaged or
                another plan's (the file is left as it was).
            JournalWriteError: The header could not be written.

        """
        self._fd = self._open_locked()
        try:
            return self._load()
        except BaseException:
            self.close()
            raise

    def _open_locked(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            raise JournalError(self.path, f"cannot be opened: {_reason(exc)}") from None
        try:
            # A device or a pipe is written to, never read back or locked.
            self._regular = stat.S_ISREG(os.fstat(fd).st_mode)
            if self._regular and sys.platform != "win32":
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalError(
                self.path, "is in use by another job (it holds the journal's lock)"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise JournalError(self.path, f"cannot be locked: {_reason(exc)}") from None
        return fd

    def _header(self) -> bytes:
        entry = {
            "journal": _FORMAT,
            "version": _VERSION,
            "plan": self._digest,
            "count": len(self._calls),
        }
        return _line(entry)

    def _load(self) -> JournalState:
        data = self._read_all() if self._regular else b""
        header = self._header()
        if b"\n" not in data and header.startswith(data):
            # Empty, or our own header torn by a crash or a full disk.
            if data:
                assert self._fd is not None
                os.ftruncate(self._fd, 0)
            self._append(header)
            return JournalState()
        state = self._replay(data.split(b"\n"))
        if not data.endswith(b"\n"):
            # End a torn last line, or the next entry would be glued to it
            # and lost on the next replay.
            self._append(b"\n")
        return state

    def _read_all(self) -> bytes:
        # Freshly opened, so reading starts at 0; O_APPEND sends every write
        # to the end whatever has been read.
        assert self._fd is not None
        chunks: list[bytes] = []
        while chunk := os.read(self._fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)

    def _replay(self, lines: list[bytes]) -> JournalState:
        header = _parse(_text(lines[0]) or "")
        if not header or header.get("journal") != _FORMAT:
            raise JournalError(self.path, "is not a bulk journal")
        self._check_plan(header)
        state = JournalState()
        for number, raw in enumerate(lines[1:], start=2):
            text = _text(raw)
            if text is None:
                raise JournalError(
                    self.path, f"is damaged: line {number} is not UTF-8 text"
                )
            entry = _parse(text)
            # A torn line (the process died mid-write) carries nothing.
            if entry is None or not isinstance(entry.get("index"), int):
                continue
            index = entry["index"]
            if entry.get("event") == "started":
                state.started.add(index)
            elif "status" in entry:
                state.outcomes[index] = entry
        return state

    def _check_plan(self, header: Mapping[str, Any]) -> None:
        version = header.get("version")
        if version == _VERSION:
            expected = self._digest
        elif version == _LEGACY:
            expected = _digest(self._calls)
        else:
            raise JournalError(self.path, f"has an unknown version {version!r}")
        if header.get("plan") != expected:
            raise JournalError(self.path, "belongs to a different plan")

    def started(self, index: int) -> None:
        """Record, durably, that a create is about to be sent."""
        self._append(_line({"index": index, "event": "started"}))

    def outcome(self, entry: Mapping[str, Any]) -> None:
        """Record, durably, how a call ended."""
        self._append(_line(entry))

    def _append(self, data: bytes) -> None:
        if self._fd is None:
            msg = "journal is not open"
            raise RuntimeError(msg)
        if self.failure is not None:
            raise self.failure
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            if self._regular:
                os.fsync(self._fd)
        except OSError as exc:
            self.failure = JournalWriteError(self.path, exc)
            raise self.failure from exc

    def close(self) -> None:
        """Close the file, which releases its lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _line(entry: Mapping[str, Any]) -> bytes:
    return (json.dumps(entry, separators=(",", ":"), default=str) + "\n").encode()


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parse(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
