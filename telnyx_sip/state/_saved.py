"""The plan saved in a journal directory, so a rerun resumes that very plan.

The file holds every change with its call arguments, but never a secret
value: an environment reference is saved as its name (``{"$env": NAME}``),
a literal secret as ``[redacted]`` (restored from the document on resume),
and the id an earlier wave will give as ``{"$pending": [resource, name]}``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from telnyx_sip._meta import SECRET_FIELDS
from telnyx_sip._types import REDACTED
from telnyx_sip.bulk import JournalError

from ._changes import Change, FieldChange, Pending
from ._document import Document
from ._values import EnvRef

__all__ = ["PLAN_FILE", "has_saved_plan", "load_saved", "save_plan"]

PLAN_FILE = "plan.json"


def has_saved_plan(journal: str | os.PathLike[str]) -> bool:
    """Whether the journal directory ``journal`` holds a saved plan.

    :func:`~telnyx_sip.state.apply` with that journal resumes it (or refuses
    it, if it belongs to another document).
    """
    return (Path(journal) / PLAN_FILE).is_file()


_FORMAT = "telnyx-sip state plan"
_VERSION = 1
_SOURCE = re.compile(r"([a-z_]+)\[(\d+)\]")


def _encode(value: Any, *, secret: bool = False) -> Any:
    if isinstance(value, EnvRef):
        return {"$env": value.name}
    if isinstance(value, Pending):
        return {"$pending": [value.resource, value.name]}
    if secret and value is not None:
        return REDACTED
    if isinstance(value, Mapping):
        return {k: _encode(v, secret=k in SECRET_FIELDS) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {"$env"}:
            return EnvRef(str(value["$env"]))
        if set(value) == {"$pending"}:
            resource, name = value["$pending"]
            return Pending(str(resource), str(name))
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def save_plan(directory: Path, digest: str, changes: tuple[Change, ...]) -> None:
    """Write the plan file atomically (a temporary file, fsynced, renamed)."""
    data = {
        "format": _FORMAT,
        "version": _VERSION,
        "digest": digest,
        "changes": [
            {
                "action": c.action,
                "resource": c.resource,
                "key": dict(c.key),
                "id": c.id,
                "source": c.source,
                "fields": [f.to_dict() for f in c.fields],
                "args": _encode(c.args),
            }
            for c in changes
        ],
    }
    path = directory / PLAN_FILE
    temporary = directory / f".{PLAN_FILE}.tmp"
    with temporary.open("w", encoding="utf-8") as file:
        json.dump(data, file, indent=1, sort_keys=True)
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(path)


def load_saved(
    directory: Path, digest: str, document: Document
) -> tuple[Change, ...] | None:
    """The saved plan's changes, or ``None`` when there is none yet.

    Raises:
        JournalError: The file is damaged or belongs to another document.

    """
    path = directory / PLAN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise JournalError(path, f"cannot be read as a saved plan ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise JournalError(path, "is not a saved plan")
    if data.get("digest") != digest:
        raise JournalError(
            path,
            "holds the plan of another document (or prune selector); "
            "use a new journal directory",
        )
    try:
        return tuple(_change(entry, document) for entry in data["changes"])
    except (KeyError, TypeError, ValueError) as exc:
        raise JournalError(path, f"is damaged ({exc!r})") from None


def _change(entry: Mapping[str, Any], document: Document) -> Change:
    args = _decode(entry["args"])
    source = str(entry.get("source", ""))
    if source:
        args = _restore(args, _document_object(document, source))
    fields = tuple(
        FieldChange(
            f["path"],
            None if f["secret"] else f["old"],
            None if f["secret"] else f["new"],
            secret=bool(f["secret"]),
        )
        for f in entry["fields"]
    )
    return Change(
        entry["action"],
        entry["resource"],
        dict(entry["key"]),
        entry["id"],
        fields,
        args,
        source,
    )


def _document_object(document: Document, source: str) -> Mapping[str, Any]:
    match = _SOURCE.fullmatch(source)
    if match is None:
        msg = f"bad source {source!r}"
        raise ValueError(msg)
    return document.objects[match.group(1)][int(match.group(2))]


def _restore(args: Any, given: Any) -> Any:
    """``args`` with each redacted literal secret taken from the document."""
    if not isinstance(args, Mapping):
        return args
    out: dict[str, Any] = {}
    for key, value in args.items():
        if key in SECRET_FIELDS and value == REDACTED and isinstance(given, Mapping):
            out[key] = given.get(key, value)
        elif isinstance(value, Mapping):
            inner = given.get(key) if isinstance(given, Mapping) else None
            out[key] = _restore(value, inner)
        else:
            out[key] = value
    return out
