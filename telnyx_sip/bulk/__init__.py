"""Bulk provisioning: many calls, bounded concurrency, one outcome per call.

::

    report = await run_bulk(client, [
        Call("ip_connections", "create", {"connection_name": "pbx-1"}),
        Call("ips", "update", {"id": "42", "ip_address": "203.0.113.9"}),
    ], journal="job.jsonl")
    for outcome in report.outcomes: ...

:meth:`Call.to` builds a call from a service method instead, so a type
checker checks its arguments and its outcome has the method's return type
(``Call.to(client.ips.create, ip_address=...)`` reports ``Outcome[Ip | None]``).

Guarantees:

- exactly one :class:`Outcome` per input, in input order: ``succeeded``,
  ``failed``, ``unknown`` (could not be established) or ``not_attempted``;
- no duplicate creates: a create whose outcome is ambiguous is looked up by
  its natural key before anything is re-sent (found: succeeded; confirmed
  absent: sent again; lookup failed: unknown), and inputs repeating a natural
  key are refused before the job starts;
- rate limits are shared: a 429, or ``x-ratelimit-remaining: 0``, pauses the
  whole job until the server's reset time, halves its concurrency and then
  regains it one step per round of successes; a pause longer than
  ``max_pause`` (by default the client's ``max_retry_time``) is not taken:
  the call that got it fails as rate-limited and the job goes on;
- with a journal (JSON lines, fsynced per line) a rerun of a crashed or
  interrupted job skips what succeeded and reconciles what was in flight; a
  journal is locked while a job runs on it, so a second job on it is refused
  (:class:`JournalError`), and a failed journal write (disk full) stops the
  job from sending more (:class:`JournalWriteError`, with the report kept);
- on cancellation (Ctrl-C), nothing new starts, calls in flight get a grace
  period to finish, and the report and journal stay complete.

A job talks to the API only through the client's public surface: its
services, :attr:`~telnyx_sip.AsyncTelnyxSIP.retry_policy` and
:meth:`~telnyx_sip.AsyncTelnyxSIP.with_options` (whose attempt hooks carry the
shared pause and throttle).
"""

# DEFAULT_CONCURRENCY is importable (the CLI uses it) but not part of __all__.
from ._job import DEFAULT_CONCURRENCY as DEFAULT_CONCURRENCY
from ._job import BulkJob, run_bulk
from ._journal import JournalError, JournalWriteError
from ._plan import BulkReport, Call, Outcome, Progress, Status
from ._run_sync import run_bulk_sync

__all__ = [
    "BulkJob",
    "BulkReport",
    "Call",
    "JournalError",
    "JournalWriteError",
    "Outcome",
    "Progress",
    "Status",
    "run_bulk",
    "run_bulk_sync",
]
