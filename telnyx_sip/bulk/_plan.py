"""What a bulk job takes and gives back: calls, outcomes, the report, progress.

A :class:`Call` is generic in the model its action returns, an
:class:`Outcome` in its result and a :class:`BulkReport` in its outcomes':
``Call.to(client.ips.create, ...)`` is a ``Call[Ip]``, and a job of such calls
reports ``Outcome[Ip]``. A call written as data (``Call("ips", "create",
{...})``) is a ``Call[Any]``, whose results are as untyped as its arguments.
"""

from __future__ import annotations

import enum
import inspect
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar

import attrs

from telnyx_sip._converter import CONVERTER, to_json
from telnyx_sip._meta import RESOURCES
from telnyx_sip._signatures import method_shape
from telnyx_sip._types import UNSET
from telnyx_sip.errors import InvalidArgumentError

from ._secrets import redacted_repr

if TYPE_CHECKING:
    # A default (PEP 696) keeps a bare ``Call`` or ``Outcome`` meaning
    # ``Call[Any]``; only the type checker needs it.
    from typing_extensions import TypeVar as _TypeVar

    T_co = _TypeVar("T_co", covariant=True, default=Any)
else:
    T_co = TypeVar("T_co", covariant=True)

__all__ = ["BulkReport", "Call", "Outcome", "Progress", "Status"]

Status = Literal["succeeded", "failed", "unknown", "not_attempted"]

P = ParamSpec("P")
R = TypeVar("R")

# Service class name -> client attribute (``"AsyncIps"`` -> ``"ips"``).
_RESOURCE_OF = {meta.service: name for name, meta in RESOURCES.items()}


@attrs.frozen
class Call(Generic[T_co]):
    """One service call: ``client.<resource>.<action>(**args)``.

    ``args`` is JSON-shaped: nested objects as mappings, and the path
    parameter under ``id``. Its ``repr()`` hides the values of secret fields
    (passwords, IP authentication tokens), however deep. Build one from a
    service method with :meth:`to` to have its arguments type-checked.
    """

    resource: str
    action: str
    args: Mapping[str, Any] = attrs.field(factory=dict, repr=redacted_repr)

    @classmethod
    def to(
        cls, method: Callable[P, Awaitable[R]], /, *args: P.args, **kwargs: P.kwargs
    ) -> Call[R | None]:
        """The call ``method(*args, **kwargs)``, for a bulk job to make.

        ``method`` is a service method of an async client
        (``client.ips.create``; with a sync one, take it from its
        ``async_client``); a type checker checks the arguments against it.
        The call's outcome has the method's return type, or ``None`` when
        the call did not succeed: ``Call.to(client.ips.create, ...)`` is a
        ``Call[Ip | None]``. The arguments are
        stored JSON-shaped, as in a plan line; nothing is sent.

        Raises:
            InvalidArgumentError: ``method`` is not a service method, is a
                ``list``, or ``options`` is given (a job sets its own).
            TypeError: The arguments do not fit ``method``.

        """
        service = getattr(method, "__self__", None)
        resource = _RESOURCE_OF.get(type(service).__name__)
        action = getattr(method, "__name__", "")
        if resource is None or action not in RESOURCES[resource].actions:
            raise InvalidArgumentError("method", f"{method!r} is not a service method")
        if action == "list":
            raise InvalidArgumentError("method", "a bulk call acts on one object")
        given = inspect.signature(method).bind(*args, **kwargs).arguments
        if "options" in given:
            raise InvalidArgumentError("options", "a bulk job sets the call options")
        path = method_shape(method).path
        plain = {
            ("id" if name in path and len(path) == 1 else name): _plain(value)
            for name, value in given.items()
            if value is not UNSET
        }
        return Call(resource, action, plain)

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


def _plain(value: object) -> Any:
    """An argument as JSON data: request objects as mappings, enums as values."""
    data = CONVERTER.unstructure(value)
    if isinstance(data, Mapping):
        return {key: _plain(item) for key, item in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(item) for item in data]
    return data.value if isinstance(data, enum.Enum) else data


@attrs.frozen(kw_only=True)
class Outcome(Generic[T_co]):
    """How one call ended.

    ``result`` is the model the call returned (``None`` when it failed, or
    for a delete found already done); a result read back from a journal is
    structured into the same model, its secret fields holding the
    ``"[redacted]"`` marker the journal stores instead of them.
    """

    index: int
    status: Status
    result: T_co = attrs.field(default=None)
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
class BulkReport(Generic[T_co]):
    """Every outcome, in input order."""

    outcomes: tuple[Outcome[T_co], ...]

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
    """Passed to ``on_progress`` after each outcome; ``outcome`` is that one.

    ``outcome`` lets a caller show each call as it settles, in the order
    they settle (the report keeps input order).
    """

    done: int
    total: int
    counts: Mapping[Status, int]
    outcome: Outcome[Any] | None = None
