"""The job runner: checks a plan, runs it on a pool of workers, records outcomes."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import cattrs

from telnyx_sip import _core
from telnyx_sip._checks import positive
from telnyx_sip._converter import CONVERTER
from telnyx_sip._meta import RESOURCES
from telnyx_sip._params import bind_call
from telnyx_sip._signatures import method_shape
from telnyx_sip.errors import InvalidArgumentError, TelnyxSIPError

from . import _reconcile
from ._journal import Journal, JournalState, JournalWriteError
from ._plan import BulkReport, Call, Outcome, Progress, Status
from ._settle import Item, Settler
from ._throttle import Throttle

if TYPE_CHECKING:
    # As for Call: a job of untyped calls (or of none) is a BulkJob[Any].
    from typing_extensions import TypeVar as _TypeVar

    from telnyx_sip import AsyncTelnyxSIP

    T = _TypeVar("T", default=Any)
else:
    T = TypeVar("T")

__all__ = ["DEFAULT_CONCURRENCY", "BulkJob", "run_bulk"]

# What structuring a journal's JSON into a model may raise when it no longer fits.
_UNFIT = (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError)

# Every action but listing: a bulk call acts on one object.
_NOT_BULK = frozenset({"list"})
DEFAULT_CONCURRENCY = 8
"""Calls in flight at once unless ``concurrency`` says otherwise."""


class BulkJob(Generic[T]):
    """Runs a list of calls; see :mod:`telnyx_sip.bulk` for its guarantees.

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
        max_pause: The longest job-wide pause taken when an answer asks for
            one (a 429's ``Retry-After``, ``x-ratelimit-remaining: 0`` with
            its reset time); ``None`` means the client's
            ``retry_policy.max_retry_time``. A longer pause is not taken: the
            call that got it fails as rate-limited (its retry budget refuses
            the wait) and the job goes on.

    Raises:
        InvalidArgumentError: A count below its minimum, or a ``grace`` or
            ``max_pause`` that is not a finite number of seconds above 0.

    """

    def __init__(
        self,
        client: AsyncTelnyxSIP,
        calls: Sequence[Call[T]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        journal: str | os.PathLike[str] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        max_resends: int = 8,
        grace: float = 10.0,
        max_pause: float | None = None,
    ) -> None:
        concurrency = _core.bounded_int("concurrency", concurrency, 1)
        max_resends = _core.bounded_int("max_resends", max_resends, 0)
        self._grace = positive("grace", grace)
        policy = client.retry_policy
        if max_pause is not None:
            max_pause = positive("max_pause", max_pause)
        self._client = client
        self._calls = list(calls)
        self._journal = (
            Journal(journal, calls=[c.to_json() for c in self._calls])
            if journal is not None
            else None
        )
        self._on_progress = on_progress
        self._settler = Settler(policy, max_resends, self._journal)
        self.throttle = Throttle(
            concurrency,
            sleep=policy.sleep,
            clock=policy.clock,
            max_pause=policy.max_retry_time if max_pause is None else max_pause,
        )
        self._stop = False
        self._outcomes: list[Outcome[T] | None] = [None] * len(self._calls)
        self._bound: list[tuple[tuple[Any, ...], dict[str, Any]] | None] = []
        self._keys: list[tuple[object, ...] | None] = []
        self._suspects: set[int] = set()
        self._counts: Counter[Status] | None = None  # kept by _record, for progress

    @property
    def report(self) -> BulkReport[T]:
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
            key = (
                _reconcile.natural_key(call.resource, call.args)
                if call.action == "create"
                else None
            )
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
        resource = RESOURCES.get(call.resource)
        if resource is None:
            raise InvalidArgumentError(
                "resource", f"unknown resource {call.resource!r}"
            )
        if call.action not in resource.actions or call.action in _NOT_BULK:
            raise InvalidArgumentError(
                "action", f"{call.resource} has no action {call.action!r}"
            )
        method = getattr(getattr(self._client, call.resource), call.action)
        return bind_call(method, call.args)

    def _resume(self, state: JournalState) -> None:
        for index, entry in state.outcomes.items():
            if not 0 <= index < len(self._calls) or self._bound[index] is None:
                continue
            if entry.get("status") == "succeeded":
                try:
                    result = self._restore(index, entry.get("result"))
                except _UNFIT:
                    # Not the model this call returns (the SDK changed since):
                    # settle it again, as if it had been in flight.
                    self._suspects.add(index)
                    continue
                self._outcomes[index] = Outcome(
                    index=index, status="succeeded", result=result
                )
            elif entry.get("status") == "unknown":
                self._suspects.add(index)
        self._suspects |= {i for i in state.started if self._outcomes[i] is None}

    def _restore(self, index: int, data: object) -> Any:
        """A journal's JSON result as the model the call's method returns."""
        if data is None:
            return None
        call = self._calls[index]
        method = getattr(getattr(self._client, call.resource), call.action)
        return CONVERTER.structure(data, method_shape(method).returns)

    async def run(self) -> BulkReport[T]:
        """Run every call not already settled; return the complete report.

        On cancellation the report (see :attr:`report`) and the journal are
        completed before :class:`asyncio.CancelledError` propagates.

        Raises:
            JournalError: The journal cannot be used; nothing was sent.
            JournalWriteError: A journal write failed; nothing was sent after
                it, and :attr:`report` holds every outcome decided.

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

        async def worker() -> None:
            throttle = self.throttle
            for index in todo:
                if not throttle.try_acquire():
                    await throttle.acquire()
                if self._stop:
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
            cancelled = self._stop = True
            _, late = await asyncio.wait(workers, timeout=self._grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)
        finally:
            self._finish()
        failed = [e for t in workers if not t.cancelled() and (e := t.exception())]
        if failed:  # every one read (none "never retrieved"), the first raised
            raise failed[0]
        if cancelled:
            raise asyncio.CancelledError
        if journal is not None and journal.failure is not None:
            raise journal.failure
        return self.report

    def _finish(self) -> None:
        try:
            for index, outcome in enumerate(self._outcomes):
                if outcome is None:
                    self._record(Outcome(index=index, status="not_attempted"))
        finally:  # a raising on_progress must not leave the journal locked
            if self._journal is not None:
                self._journal.close()

    def _record(self, outcome: Outcome[T]) -> None:
        progress = None if self._on_progress is None else self._progress(outcome)
        self._outcomes[outcome.index] = outcome
        if self._journal is not None:
            try:
                self._journal.outcome(outcome.to_json())
            except JournalWriteError:
                # Kept in the report; run() raises it once the calls in
                # flight are settled. Nothing new is sent meanwhile.
                self._stop = True
        if self._on_progress is not None and progress is not None:
            self._on_progress(progress)

    def _progress(self, outcome: Outcome[T]) -> Progress:
        """The progress once ``outcome`` replaces what its index held."""
        counts = self._counts
        if counts is None:
            # Outcomes settled before the first record (bad calls, a journal).
            counts = self._counts = Counter(
                o.status for o in self._outcomes if o is not None
            )
        previous = self._outcomes[outcome.index]
        if previous is not None:
            counts[previous.status] -= 1
        counts[outcome.status] += 1
        total = len(self._outcomes)
        return Progress(
            done=counts.total(), total=total, counts=+counts, outcome=outcome
        )

    async def _run_one(self, view: AsyncTelnyxSIP, index: int) -> None:
        call = self._calls[index]
        bound = self._bound[index]
        assert bound is not None  # unbound calls were settled in _prepare
        method = getattr(getattr(view, call.resource), call.action)
        item = Item(index, call, method, *bound)
        suspect = index in self._suspects
        outcome: Outcome[T] | None = None
        try:
            key = self._keys[index]
            if key is not None:
                outcome = await self._settler.create(view, item, key, suspect=suspect)
            else:
                outcome = await self._settler.idempotent(item, suspect=suspect)
        except JournalWriteError as exc:
            # A create that cannot be recorded as started is not sent.
            self._stop = True
            outcome = item.outcome("not_attempted", error=exc)
        except asyncio.CancelledError:
            outcome = item.outcome(
                "unknown", error=TelnyxSIPError("cancelled while in flight")
            )
            raise
        finally:
            # The slot first: an on_progress that raises must not keep it.
            self.throttle.release(
                ok=outcome is not None and outcome.status == "succeeded"
            )
            if outcome is not None:
                self._record(outcome)


async def run_bulk(
    client: AsyncTelnyxSIP,
    calls: Sequence[Call[T]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    journal: str | os.PathLike[str] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    max_resends: int = 8,
    grace: float = 10.0,
    max_pause: float | None = None,
) -> BulkReport[T]:
    """Run ``calls`` as a :class:`BulkJob` and return its report.

    The keyword arguments are those of :class:`BulkJob`. Calls built with
    :meth:`Call.to` give a typed report: ``BulkReport[Ip]`` for IP calls.
    """
    job = BulkJob(
        client,
        calls,
        concurrency=concurrency,
        journal=journal,
        on_progress=on_progress,
        max_resends=max_resends,
        grace=grace,
        max_pause=max_pause,
    )
    return await job.run()
