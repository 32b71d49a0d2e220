"""Bulk provisioning: many calls, bounded concurrency, one outcome per call.

::

    report = await run_bulk(client, [
        Call("ip_connections", "create", {"connection_name": "pbx-1"}),
        Call("ips", "update", {"id": "42", "ip_address": "203.0.113.9"}),
    ], journal="job.jsonl")
    for outcome in report.outcomes: ...

Guarantees:

- exactly one :class:`Outcome` per input, in input order: ``succeeded``,
  ``failed``, ``unknown`` (could not be established) or ``not_attempted``;
- no duplicate creates: a create whose outcome is ambiguous is looked up by
  its natural key before anything is re-sent (found: succeeded; confirmed
  absent: sent again; lookup failed: unknown), and inputs repeating a natural
  key are refused before the job starts;
- rate limits are shared: a 429, or ``x-ratelimit-remaining: 0``, pauses the
  whole job until the server's reset time, halves its concurrency and then
  regains it one step per round of successes;
- with a journal (JSON lines, fsynced per line) a rerun of a crashed or
  interrupted job skips what succeeded and reconciles what was in flight;
- on cancellation (Ctrl-C), nothing new starts, calls in flight get a grace
  period to finish, and the report and journal stay complete.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from . import _core, _reconcile
from ._converter import to_json
from ._journal import Journal, JournalState, plan_digest
from ._params import bind_call
from ._retry import delays
from .errors import (
    AmbiguousOutcomeError,
    APIConnectionError,
    InvalidArgumentError,
    NotFoundError,
    TelnyxSIPError,
)

if TYPE_CHECKING:
    from ._client import AsyncTelnyxSIP
    from ._sync import TelnyxSIP

__all__ = [
    "BulkJob",
    "BulkReport",
    "Call",
    "Outcome",
    "Progress",
    "Status",
    "run_bulk",
    "run_bulk_sync",
]

Status = Literal["succeeded", "failed", "unknown", "not_attempted"]
ACTIONS = frozenset(
    {"create", "retrieve", "update", "delete", "check_registration_status"}
)
DEFAULT_CONCURRENCY = 8


@attrs.frozen
class Call:
    """One service call: ``client.<resource>.<action>(**args)``.

    ``args`` is JSON-shaped: nested objects as mappings, and the path
    parameter under ``id``.
    """

    resource: str
    action: str
    args: Mapping[str, Any] = attrs.field(factory=dict)

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


class _Throttle:
    """Job-wide concurrency that halves on rate limits, and a shared pause."""

    def __init__(
        self,
        limit: int,
        *,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        self.max_limit = limit
        self.limit = limit
        self.active = 0
        self.resume_at = 0.0
        self.pauses = 0
        self._streak = 0
        self._sleep = sleep
        self._clock = clock
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        """Take a slot, waiting while the (possibly lowered) limit is reached."""
        while self.active >= self.limit:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        self.active += 1

    def release(self, *, ok: bool) -> None:
        """Give a slot back; successes slowly raise a lowered limit again."""
        self.active -= 1
        if ok:
            self._streak += 1
            # One more slot after a full round of successes at this level.
            if self._streak >= self.limit and self.limit < self.max_limit:
                self.limit += 1
                self._streak = 0
        free = self.limit - self.active
        while free > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1

    async def before_attempt(self) -> None:
        while (wait := self.resume_at - self._clock()) > 0:
            await self._sleep(wait)

    def after_response(self, status: int, headers: Mapping[str, str]) -> None:
        pause = _core.requested_pause(status, headers)
        if pause is None:
            return
        self._pause(pause)
        if status == 429:
            self.limit = max(1, self.limit // 2)
            self._streak = 0

    def _pause(self, seconds: float) -> None:
        until = self._clock() + seconds
        if until > self.resume_at:
            self.resume_at = until
            self.pauses += 1


class BulkJob:
    """Runs a list of calls; see the module docstring for its guarantees.

    Args:
        client: The client to call through (its session is shared).
        calls: The calls, in order.
        concurrency: Most calls in flight at once.
        journal: Path of a JSON-lines journal to write, and resume from.
        on_progress: Called after each outcome.
        max_resends: Times a create confirmed absent, or an idempotent call
            with an unknown outcome, is sent again before giving up; each
            resend waits a backoff step of the client's retry policy.
        grace: Seconds calls in flight may take to finish after cancellation.

    """

    def __init__(
        self,
        client: AsyncTelnyxSIP,
        calls: Sequence[Call],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        journal: str | os.PathLike[str] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        max_resends: int = 8,
        grace: float = 10.0,
    ) -> None:
        if (
            isinstance(concurrency, bool)
            or not isinstance(concurrency, int)
            or concurrency < 1
        ):
            raise InvalidArgumentError(
                "concurrency", f"must be an int >= 1, got {concurrency!r}"
            )
        self._client = client
        self._calls = list(calls)
        self._journal = (
            Journal(
                journal,
                digest=plan_digest(c.to_json() for c in self._calls),
                count=len(self._calls),
            )
            if journal is not None
            else None
        )
        self._on_progress = on_progress
        self._max_resends = max_resends
        self._grace = grace
        policy = client.retry_policy
        self.throttle = _Throttle(concurrency, sleep=policy.sleep, clock=policy.clock)
        self._outcomes: list[Outcome | None] = [None] * len(self._calls)
        self._bound: list[tuple[tuple[Any, ...], dict[str, Any]] | None] = []
        self._keys: list[tuple[object, ...] | None] = []
        self._suspects: set[int] = set()

    @property
    def report(self) -> BulkReport:
        """The outcomes so far (complete once :meth:`run` has returned or raised)."""
        return BulkReport(
            tuple(
                o if o is not None else Outcome(index=i, status="not_attempted")
                for i, o in enumerate(self._outcomes)
            )
        )

    def _prepare(self) -> None:
        """Check every call before anything is sent; refuse repeated natural keys."""
        seen: dict[tuple[str, tuple[object, ...]], int] = {}
        for index, call in enumerate(self._calls):
            key = _create_key(call)
            self._keys.append(key)
            try:
                self._bound.append(self._bind(call))
            except InvalidArgumentError as exc:
                self._bound.append(None)
                self._outcomes[index] = Outcome(index=index, status="failed", error=exc)
                continue
            if key is None:
                continue
            marker = (call.resource, key)
            if marker in seen:
                fields = _reconcile.NATURAL_KEYS[call.resource].fields
                named = ", ".join(
                    f"{f}={v!r}" for f, v in zip(fields, key, strict=True)
                )
                raise InvalidArgumentError(
                    "calls",
                    f"calls {seen[marker]} and {index} create the same "
                    f"{call.resource} ({named})",
                )
            seen[marker] = index

    def _bind(self, call: Call) -> tuple[tuple[Any, ...], dict[str, Any]]:
        service = getattr(self._client, call.resource, None)
        if service is None or call.resource.startswith("_"):
            raise InvalidArgumentError(
                "resource", f"unknown resource {call.resource!r}"
            )
        method = getattr(service, call.action, None) if call.action in ACTIONS else None
        if method is None:
            raise InvalidArgumentError(
                "action", f"{call.resource} has no action {call.action!r}"
            )
        return bind_call(method, call.args)

    def _resume(self, state: JournalState) -> None:
        for index, entry in state.outcomes.items():
            if not 0 <= index < len(self._calls):
                continue
            if entry.get("status") == "succeeded":
                self._outcomes[index] = Outcome(
                    index=index, status="succeeded", result=entry.get("result")
                )
            elif entry.get("status") == "unknown":
                self._suspects.add(index)
        self._suspects |= {i for i in state.started if self._outcomes[i] is None}

    async def run(self) -> BulkReport:
        """Run every call not already settled; return the complete report.

        On cancellation the report (see :attr:`report`) and the journal are
        completed before :class:`asyncio.CancelledError` propagates.
        """
        self._prepare()
        journal = self._journal
        if journal is not None:
            self._resume(journal.open())
        view = self._client.with_options(
            before_attempt=self.throttle.before_attempt,
            after_response=self.throttle.after_response,
        )
        todo = iter([i for i, o in enumerate(self._outcomes) if o is None])
        stop = False

        async def worker() -> None:
            for index in todo:
                await self.throttle.acquire()
                if stop:
                    self.throttle.release(ok=False)
                    return
                await self._run_one(view, index)

        # A fixed pool of workers, not a task per call: the throttle decides
        # how many of them may have a call in flight at once.
        workers = [
            asyncio.ensure_future(worker()) for _ in range(self.throttle.max_limit)
        ]
        cancelled = False
        try:
            await asyncio.wait(workers)
        except asyncio.CancelledError:
            cancelled, stop = True, True
            _, late = await asyncio.wait(workers, timeout=self._grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)
        finally:
            self._finish()
        for task in workers:
            error = None if task.cancelled() else task.exception()
            if error is not None:
                raise error
        if cancelled:
            raise asyncio.CancelledError
        return self.report

    def _finish(self) -> None:
        for index, outcome in enumerate(self._outcomes):
            if outcome is None:
                self._record(Outcome(index=index, status="not_attempted"))
        if self._journal is not None:
            self._journal.close()

    def _record(self, outcome: Outcome) -> None:
        self._outcomes[outcome.index] = outcome
        if self._journal is not None:
            self._journal.outcome(outcome.to_json())
        if self._on_progress is not None:
            counts = Counter(o.status for o in self._outcomes if o is not None)
            done = sum(counts.values())
            self._on_progress(
                Progress(done=done, total=len(self._outcomes), counts=dict(counts))
            )

    async def _run_one(self, view: AsyncTelnyxSIP, index: int) -> None:
        call = self._calls[index]
        bound = self._bound[index]
        assert bound is not None  # unbound calls were settled in _prepare
        method = getattr(getattr(view, call.resource), call.action)
        item = _Item(index, call, method, *bound)
        outcome: Outcome | None = None
        try:
            key = self._keys[index]
            if key is not None:
                outcome = await self._create(view, item, key)
            else:
                outcome = await self._idempotent(item)
        except asyncio.CancelledError:
            outcome = item.outcome(
                "unknown", error=TelnyxSIPError("cancelled while in flight")
            )
            raise
        finally:
            if outcome is not None:
                self._record(outcome)
            self.throttle.release(
                ok=outcome is not None and outcome.status == "succeeded"
            )

    def _pauses(self) -> Callable[[], Awaitable[None]]:
        """Waits between sends of one call: none before the first, then backoff."""
        policy = self._client.retry_policy
        steps = delays(policy)
        first = True

        async def pause() -> None:
            nonlocal first
            if first:
                first = False
                return
            await policy.sleep(next(steps))

        return pause

    async def _lookup(
        self, view: AsyncTelnyxSIP, item: _Item, key: tuple[object, ...]
    ) -> Outcome | None:
        """Settle a create by its natural key; ``None`` means confirmed absent."""
        try:
            found = await _reconcile.find(view, item.call.resource, key)
        except TelnyxSIPError as exc:
            return item.outcome("unknown", error=exc)
        return item.outcome("succeeded", result=found[0]) if found else None

    async def _create(
        self, view: AsyncTelnyxSIP, item: _Item, key: tuple[object, ...]
    ) -> Outcome:
        if item.index in self._suspects:
            # A previous run may have made it: look before sending again.
            settled = await self._lookup(view, item, key)
            if settled is not None:
                return settled
        last: BaseException | None = None
        pause = self._pauses()
        for _ in range(self._max_resends + 1):
            await pause()
            if self._journal is not None:
                self._journal.started(item.index)
            try:
                return item.outcome("succeeded", result=await item.send())
            except AmbiguousOutcomeError as exc:
                last = exc
                settled = await self._lookup(view, item, key)
                if settled is not None:
                    return settled
            except TelnyxSIPError as exc:
                return item.outcome("failed", error=exc)
        return item.outcome("unknown", error=last)

    async def _idempotent(self, item: _Item) -> Outcome:
        last: BaseException | None = None
        retried = item.index in self._suspects
        pause = self._pauses()
        for _ in range(self._max_resends + 1):
            await pause()
            try:
                return item.outcome("succeeded", result=await item.send())
            except NotFoundError as exc:
                if item.call.action == "delete" and retried:
                    # An earlier attempt whose answer was lost already did it.
                    return item.outcome("succeeded")
                return item.outcome("failed", error=exc)
            except APIConnectionError as exc:
                if not exc.sent:
                    return item.outcome("failed", error=exc)
                # Repeating an idempotent call is harmless: try again.
                last, retried = exc, True
            except TelnyxSIPError as exc:
                return item.outcome("failed", error=exc)
        return item.outcome("unknown", error=last)


@attrs.frozen
class _Item:
    """One call ready to send: its bound method and arguments."""

    index: int
    call: Call
    method: Callable[..., Awaitable[Any]]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def send(self) -> Awaitable[Any]:
        return self.method(*self.args, **self.kwargs)

    def outcome(
        self, status: Status, *, result: Any = None, error: BaseException | None = None
    ) -> Outcome:
        return Outcome(index=self.index, status=status, result=result, error=error)


def _create_key(call: Call) -> tuple[object, ...] | None:
    if call.action != "create":
        return None
    return _reconcile.natural_key(call.resource, call.args)


async def run_bulk(
    client: AsyncTelnyxSIP,
    calls: Sequence[Call],
    **kwargs: Any,
) -> BulkReport:
    """Run ``calls`` as a :class:`BulkJob` and return its report."""
    return await BulkJob(client, calls, **kwargs).run()


def run_bulk_sync(
    client: TelnyxSIP,
    calls: Sequence[Call],
    **kwargs: Any,
) -> BulkReport:
    """Run ``calls`` through the sync client; the job runs on its loop thread.

    Takes the same keyword arguments as :class:`BulkJob`; ``on_progress`` is
    called on the client's loop thread. On Ctrl-C the job stops as described
    in the module docstring and :class:`KeyboardInterrupt` propagates; pass a
    ``journal`` to keep what was done.
    """
    job = BulkJob(client.async_client, calls, **kwargs)
    return client.run(job.run)
