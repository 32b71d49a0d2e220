"""``telnyx-sip apply``: run a JSON-lines plan as a bulk job."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from telnyx_sip._cli.text import printable
from telnyx_sip.bulk import (
    DEFAULT_CONCURRENCY,
    BulkJob,
    BulkReport,
    Call,
    JournalError,
    JournalWriteError,
    Progress,
)
from telnyx_sip.errors import InvalidArgumentError

from .context import Context
from .failures import ExitCode, UsageError
from .values import int_between

__all__ = ["register"]

_DESCRIPTION = """\
Run every call of a plan with bounded concurrency and write one report line
per plan line, in plan order. A plan line is a JSON object:

  {"resource": "ips", "action": "create", "args": {"ip_address": "203.0.113.7",
   "connection_id": "123"}}

resource is a client attribute (ips, credential_connections, ...), action a
method (create, retrieve, update, delete, check_registration_status) and args
its keyword arguments, with the path parameter under "id". A report line is
{"index": N, "status": "succeeded|failed|unknown|not_attempted", "result":
{...}} or with "error": {"status", "errors", "message"}.

Creates are never sent twice: one whose outcome is unknown is looked up by its
natural key first. With --journal, a rerun after a crash or Ctrl-C skips what
succeeded and settles what was in flight. Rate limits pause the whole job."""

_EPILOG = """\
exit status: 0 when every call succeeded; 6 when the plan ran but some calls
did not succeed (see the report); 2 for a bad plan, or a journal that cannot
be used (in use by another run, damaged, of another plan: nothing is sent);
7 when the journal or the report could not be written (disk full: nothing
more is sent, and the report keeps what was decided); 130 when interrupted
(the report and journal are still complete)."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``apply`` subcommand."""
    del parents  # results go to the report file, not stdout
    parser = subparsers.add_parser(
        "apply",
        allow_abbrev=False,
        help="Run a JSON-lines plan of calls as a bulk job.",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", metavar="PLAN.jsonl", help="the plan to run")
    parser.add_argument(
        "--report",
        metavar="REPORT.jsonl",
        required=True,
        help="where to write one outcome line per plan line",
    )
    parser.add_argument(
        "--journal",
        metavar="FILE",
        default=None,
        help="journal to write and, when it exists, resume from",
    )
    parser.add_argument(
        "--concurrency",
        type=int_between(1),
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"most calls in flight at once (default: {DEFAULT_CONCURRENCY})",
    )
    parser.set_defaults(
        run=run_apply,
        interrupt_code=ExitCode.INTERRUPTED,
        interrupt_text="interrupted; the report and journal are complete",
    )


def read_plan(path: str) -> list[Call]:
    """Read a plan file; a bad line is a usage error naming its number."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        msg = f"cannot read the plan {path!r}: {reason}"
        raise UsageError(msg) from None
    calls = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            calls.append(Call.from_json(json.loads(line)))
        except (ValueError, InvalidArgumentError) as exc:
            msg = f"{path}, line {number}: {exc}"
            raise UsageError(msg) from None
    return calls


def _save(ctx: Context, report: BulkReport) -> bool:
    """Write the report; on failure say so in one line and return False."""
    try:
        write_report(ctx.args.report, report)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        ctx.stderr.write(
            f"telnyx-sip: error: cannot write the report {ctx.args.report}: {reason}\n"
        )
        return False
    return True


def write_report(path: str, report: BulkReport) -> None:
    """Write the report atomically: readers never see half of it."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for outcome in report.outcomes:
                fh.write(json.dumps(outcome.to_json(), default=str) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Bar:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._shown = -1

    def __call__(self, progress: Progress) -> None:
        if not self._live:
            return
        percent = progress.done * 100 // max(progress.total, 1)
        if percent == self._shown and progress.done != progress.total:
            return
        self._shown = percent
        filled = percent // 5
        counts = progress.counts
        self._stream.write(
            f"\r[{'#' * filled}{'.' * (20 - filled)}] {progress.done}/"
            f"{progress.total}  ok {counts.get('succeeded', 0)}  "
            f"failed {counts.get('failed', 0)}  unknown {counts.get('unknown', 0)}"
        )
        self._stream.flush()

    def done(self) -> None:
        if self._live and self._shown >= 0:
            self._stream.write("\n")


def _summary(report: BulkReport) -> str:
    counts = report.counts
    return (
        f"{len(report.outcomes)} calls: {counts['succeeded']} succeeded, "
        f"{counts['failed']} failed, {counts['unknown']} unknown, "
        f"{counts['not_attempted']} not attempted"
    )


async def run_apply(ctx: Context) -> int:
    """Run the plan and write the report; the exit status says if all succeeded."""
    calls = read_plan(ctx.args.plan)
    bar = _Bar(ctx.stderr)
    async with ctx.client() as client:
        job = BulkJob(
            client,
            calls,
            concurrency=ctx.args.concurrency,
            journal=ctx.args.journal,
            on_progress=bar,
        )
        try:
            report = await job.run()
        except asyncio.CancelledError:
            bar.done()
            _save(ctx, job.report)
            ctx.stderr.write(f"telnyx-sip: {_summary(job.report)}\n")
            raise
        except JournalError as exc:
            # Refused before anything was sent: an earlier report stays.
            ctx.stderr.write(f"telnyx-sip: error: {printable(str(exc))}\n")
            return ExitCode.USAGE
        except JournalWriteError as exc:
            bar.done()
            ctx.stderr.write(
                f"telnyx-sip: error: {printable(str(exc))}; nothing more was sent\n"
            )
            _save(ctx, job.report)
            ctx.stderr.write(f"telnyx-sip: {_summary(job.report)}\n")
            return ExitCode.STORAGE
        except InvalidArgumentError as exc:
            raise UsageError(str(exc)) from None
    bar.done()
    saved = _save(ctx, report)
    ctx.stderr.write(f"telnyx-sip: {_summary(report)}\n")
    if not saved:
        return ExitCode.STORAGE
    return ExitCode.OK if report.ok else ExitCode.PARTIAL
