"""``telnyx-sip apply``: run a JSON-lines plan as a bulk job, or apply a document.

Which of the two a file is, is told by its content (see :func:`is_call_plan`);
documents are handled by :mod:`.state_apply`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from telnyx_sip.bulk import (
    DEFAULT_CONCURRENCY,
    BulkJob,
    BulkReport,
    JournalError,
    JournalWriteError,
)
from telnyx_sip.errors import InvalidArgumentError

from .apply_source import is_call_plan, read_source
from .context import Context
from .failures import ExitCode, UsageError
from .plans import STDIN, BadPlanError, read_plan
from .progress import ProgressPrinter
from .state_apply import DOCUMENT_EXIT_CODES, DOCUMENT_HELP, run_document
from .state_input import add_prune_options
from .text import printable
from .values import int_between
from .waiting import wait_out

__all__ = ["register", "write_report"]

_SHOWN = 20  # plan problems printed before "... and N more"

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

The whole plan is checked before the first request (names, values, ids,
repeated creates); one bad line refuses it, each problem named by its line.
Creates are never sent twice: one whose outcome is unknown is looked up by its
natural key first. With --journal, a rerun after a crash or Ctrl-C skips what
succeeded and settles what was in flight. Rate limits pause the whole job.

Progress goes to stderr: a bar on a terminal (colored unless NO_COLOR is
set), else a line every --progress-interval seconds. The report is written
however the run ends; after kill -9 only the journal knows what was done."""
_DESCRIPTION += "\n\n" + DOCUMENT_HELP

_EPILOG = """\
exit status, for a call plan: 0 when every call succeeded; 6 when the plan ran
but some calls did not succeed (see the report); 2 for a bad plan, or a
journal that cannot be used (in use by another run, damaged, of another plan:
nothing is sent); 7 when the journal or the report could not be written (disk
full: nothing more is sent, and the report keeps what was decided); 130 when
interrupted (the report and journal are still complete); 1 for an unexpected
error (the report is still written)."""
_EPILOG += "\n\n" + DOCUMENT_EXIT_CODES


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``apply`` subcommand."""
    del parents  # results go to the report file, not stdout
    parser = subparsers.add_parser(
        "apply",
        allow_abbrev=False,
        help="Run a JSON-lines plan of calls as a bulk job, or apply a "
        "desired-state document.",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "plan",
        metavar="FILE",
        help="the plan to run (PLAN.jsonl) or the document to apply (.yaml, "
        f".json); {STDIN} reads it from standard input",
    )
    parser.add_argument(
        "--report",
        metavar="REPORT.jsonl",
        default=None,
        help="where to write one outcome line per plan line (required for a call plan)",
    )
    parser.add_argument(
        "--journal",
        metavar="PATH",
        default=None,
        help="journal to write and, when it exists, resume from: a file for "
        "a call plan, a directory for a document",
    )
    parser.add_argument(
        "--auto-approve",
        action="store_true",
        help="a document: make the changes without asking (required when "
        "standard input is not a terminal)",
    )
    parser.add_argument(
        "--concurrency",
        type=int_between(1),
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"most calls in flight at once (default: {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--progress-interval",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help="when stderr is not a terminal, write a progress line this often "
        "(default: 5); on a terminal a bar shows instead",
    )
    add_prune_options(parser)
    parser.set_defaults(
        run=run_apply,
        interrupt_code=ExitCode.INTERRUPTED,
        interrupt_text="interrupted; nothing was sent",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        msg = f"expected a positive number of seconds, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(report: BulkReport) -> str:
    counts = report.counts
    return (
        f"{_plural(len(report.outcomes), 'call')}: {counts['succeeded']} succeeded, "
        f"{counts['failed']} failed, {counts['unknown']} unknown, "
        f"{counts['not_attempted']} not attempted"
    )


def _refuse(ctx: Context, exc: BadPlanError) -> int:
    shown = exc.problems[:_SHOWN]
    for line in shown:
        ctx.stderr.write(f"{line}\n")
    if len(exc.problems) > len(shown):
        ctx.stderr.write(f"... and {len(exc.problems) - len(shown)} more\n")
    ctx.stderr.write(
        f"telnyx-sip: error: bad plan ({_plural(len(exc.problems), 'problem')}); "
        "nothing was sent; see 'telnyx-sip apply --help'\n"
    )
    return ExitCode.USAGE


def _interrupt_text(ctx: Context, *, saved: bool) -> str:
    journal = ctx.args.journal is not None
    if saved:
        return (
            "interrupted; the report and journal are complete"
            if journal
            else "interrupted; the report is complete"
        )
    if journal:
        return "interrupted; the report could not be written: the journal is the record"
    return "interrupted; the report could not be written"


async def run_apply(ctx: Context) -> int:
    """Run the plan and write the report; the exit status says if all succeeded."""
    text, stdin = read_source(ctx.args.plan, ctx.stdin)
    if text is not None and not is_call_plan(text):
        return await run_document(ctx, text)
    if ctx.args.report is None:
        msg = "missing the required option --report (a call plan writes one)"
        raise UsageError(msg)
    args = ctx.args
    if args.auto_approve or args.prune or args.prune_resources or args.prune_tag:
        msg = "--auto-approve and the --prune options are for documents, not call plans"
        raise UsageError(msg)
    try:
        plan = read_plan(ctx.args.plan, stdin)
    except BadPlanError as exc:
        return _refuse(ctx, exc)
    async with ctx.client() as client:
        printer = ProgressPrinter(
            ctx.stderr, len(plan.calls), interval=ctx.args.progress_interval
        )
        try:
            job = BulkJob(
                client,
                plan.calls,
                concurrency=ctx.args.concurrency,
                journal=ctx.args.journal,
                on_progress=printer,
            )
        except InvalidArgumentError as exc:
            raise UsageError(str(exc)) from None
        return await _run_job(ctx, job, printer)


_SECOND_INTERRUPT = (
    "telnyx-sip: finishing the calls in flight first (a few seconds at most); "
    "killing the process now leaves the journal as the only record"
)


async def _run_job(ctx: Context, job: BulkJob, printer: ProgressPrinter) -> int:
    task = asyncio.ensure_future(job.run())
    ticker = asyncio.ensure_future(printer.run())
    # Ctrl-C from now on is told by the report: see _interrupt_text.
    ctx.args.interrupt_text = _interrupt_text(ctx, saved=True)
    try:
        await wait_out(task, ctx, _SECOND_INTERRUPT)
    finally:
        ticker.cancel()
    error = None if task.cancelled() else task.exception()
    if isinstance(error, JournalError | InvalidArgumentError):
        # Refused before anything was sent: an earlier report stays.
        printer.clear()
        ctx.stderr.write(f"telnyx-sip: error: {printable(str(error))}\n")
        return ExitCode.USAGE
    # From here on calls may have been sent: every way out writes the report.
    report = job.report
    printer.finish(report.counts, stopped=task.cancelled() or error is not None)
    if isinstance(error, JournalWriteError):
        ctx.stderr.write(
            f"telnyx-sip: error: {printable(str(error))}; nothing more was sent\n"
        )
    elif error is not None:
        ctx.stderr.write(
            f"telnyx-sip: error: the run stopped on an unexpected "
            f"{type(error).__name__}; the report holds every outcome decided\n"
        )
    saved = _save(ctx, report)
    ctx.args.interrupt_text = _interrupt_text(ctx, saved=saved)
    ctx.stderr.write(f"telnyx-sip: {_summary(report)}\n")
    if task.cancelled():
        raise asyncio.CancelledError
    if error is not None and not isinstance(error, JournalWriteError):
        raise error
    if not saved or error is not None:
        return ExitCode.STORAGE
    return ExitCode.OK if report.ok else ExitCode.PARTIAL
