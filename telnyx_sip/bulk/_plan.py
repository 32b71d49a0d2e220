"""What a bulk job takes and gives back: calls, outcomes, the report, progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from telnyx_sip._converter import to_json
from telnyx_sip.errors import InvalidArgumentError

from ._secrets import redacted_repr

__all__ = ["BulkReport", "Call", "Outcome", "Progress", "Status"]

Status = Literal["succeeded", "failed", "unknown", "not_attempted"]


@attrs.frozen
class Call:
    """One service call: ``client.<resource>.<action>(**args)``.

    ``args`` is JSON-shaped: nested objects as mappings, and the path
    parameter under ``id``. Its ``repr()`` hides the values of secret fields
    (passwords, IP authentication tokens), however deep.
    """

    resource: str
    action: str
    args: Mapping[str, Any] = attrs.field(factory=dict, repr=redacted_repr)

    @classmethod
    def from_json(cls, data: object) -> Call:
        """Read a plan line ``{"resource": ..., "action": ..., "args": {...}}``."""
        if not isinstance(data, Mapping):
            raise InvalidArgumentError("plan", "each line must be a JSON object")
        resource, action = data.get("resource"), data.get("action")
        args = data.get("args", {})
        if not isinstance(resource, str) or not isinstance(action, str):
            raise InvalidArgumentError(
                "plan", "'resource' and 'action' must be strings"
            )
        if not isinstance(args, Mapping):
            raise InvalidArgumentError("args", "must be a JSON object")
        return cls(resource, action, dict(args))

    def to_json(self) -> dict[str, Any]:
        """The plan-line form of this call."""
        return {
            "resource": self.resource,
            "action": self.action,
            "args": dict(self.args),
        }


@attrs.frozen(kw_only=True)
class Outcome:
    """How one call ended. ``result`` is the model (or its JSON from a journal)."""

    index: int
    status: Status
    result: Any = None
    error: BaseException | None = attrs.field(default=None, eq=False)

    def to_json(self) -> dict[str, Any]:
        """The report-line form: index, status, and result or error."""
        line: dict[str, Any] = {"index": self.index, "status": self.status}
        if self.result is not None:
            line["result"] = (
                self.result if isinstance(self.result, dict) else to_json(self.result)
            )
        if self.error is not None:
            line["error"] = _error_json(self.error)
        return line


def _error_json(error: BaseException) -> dict[str, Any]:
    status = getattr(error, "status", None)
    errors = [
        {k: v for k, v in attrs.asdict(e).items() if v not in (None, {})}
        for e in getattr(error, "errors", ())
    ]
    return {"status": status, "errors": errors, "message": str(error)}


@attrs.frozen
class BulkReport:
    """Every outcome, in input order."""

    outcomes: tuple[Outcome, ...]

    @property
    def counts(self) -> dict[Status, int]:
        """How many outcomes have each status."""
        counts: dict[Status, int] = {
            "succeeded": 0,
            "failed": 0,
            "unknown": 0,
            "not_attempted": 0,
        }
        counts.update(Counter(o.status for o in self.outcomes))
        return counts

    @property
    def ok(self) -> bool:
        """Whether every call succeeded."""
        return all(o.status == "succeeded" for o in self.outcomes)


@attrs.frozen
class Progress:
    """Passed to ``on_progress`` after each outcome."""

    done: int
    total: int
    counts: Mapping[Status, int]
