"""``telnyx-sip apply FILE`` for a desired-state document: plan, confirm, apply.

The plan is printed first, as ``plan`` prints it. Changes are made only once
confirmed: by answering ``y`` on a terminal, or with ``--auto-approve``
(without a terminal there is no one to ask, so the run is refused). Each
change is printed as it completes, then a summary.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from telnyx_sip import state
from telnyx_sip.bulk import JournalError, JournalWriteError
from telnyx_sip.errors import TelnyxSIPError

from .context import Context
from .failures import PROG, ExitCode, UsageError
from .state_input import STDIN, parse_document, prune_from, tell
from .state_render import Renderer
from .text import plural, printable
from .waiting import wait_out

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP
    from telnyx_sip.bulk import Outcome

__all__ = ["DOCUMENT_HELP", "run_document"]

COMMAND = f"{PROG} apply"
_QUESTION = "Apply these changes? [y/N] "
_YES = frozenset({"y", "yes"})
_DONE = {"create": "created", "update": "updated", "delete": "deleted"}

DOCUMENT_HELP = """\
Desired-state documents: a FILE whose first non-blank line is not a JSON
object with a "resource" key is a document (YAML or JSON, as 'telnyx-sip
export' writes it). apply then plans it against the account, prints the
changes as 'telnyx-sip plan' does, asks "Apply these changes? [y/N]" on a
terminal (off a terminal --auto-approve is required) and makes them, each
printed as it completes. --journal DIR keeps the plan and one bulk journal
per step in DIR: a rerun with the same DIR after a crash or Ctrl-C resumes
that plan, making every write once. Secrets written as ${NAME} or !env NAME
are read from the environment; a missing variable stops the run before any
request. --prune, --prune-resources and --prune-tag delete what the document
omits, as for plan; --report is for call plans only."""

DOCUMENT_EXIT_CODES = """\
For a document: 0 when every change was made (or there was none); 1 when
the changes were not confirmed; 2 for a bad document or command line, no
--auto-approve off a terminal, a missing environment variable or an
unusable journal (nothing is sent); 3, 4 or 5 when the plan could not be
made (API, network, answer); 6 when some changes failed; 7 when the journal
could not be written; 130 when interrupted (the journal is complete)."""


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


async def _read_answer(stream: TextIO) -> str:
    """One line from a terminal, without blocking the event loop.

    A blocking read would hold the loop, and with it the Ctrl-C handler, so
    the line is read once the terminal has one (where the loop can watch
    the descriptor; elsewhere, it is read directly).
    """
    loop = asyncio.get_running_loop()
    try:
        fd = stream.fileno()
        ready: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
    except (AttributeError, OSError, ValueError, NotImplementedError):
        return stream.readline()
    try:
        await ready
    finally:
        loop.remove_reader(fd)
    return stream.readline()


async def _confirmed(ctx: Context) -> bool:
    """Whether the user answered yes.

    Raises:
        UsageError: When there is no terminal to ask on and no
            ``--auto-approve``.

    """
    if ctx.args.auto_approve:
        return True
    if ctx.args.plan == STDIN or not _isatty(ctx.stdin):
        msg = (
            "the plan has changes and standard input is not a terminal to "
            "confirm them on: review them (telnyx-sip plan FILE) and pass "
            "--auto-approve"
        )
        raise UsageError(msg)
    ctx.stderr.write(_QUESTION)
    ctx.stderr.flush()
    answer = await _read_answer(ctx.stdin)
    return answer.strip().lower() in _YES


class _Printer:
    """Prints each change as apply completes it (``on_change``)."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer

    def __call__(self, change: state.Change, outcome: Outcome[Any]) -> None:
        if outcome.status == "succeeded":
            done = _DONE.get(change.action, change.action)
            new_id = getattr(outcome.result, "id", None) or change.id
            suffix = f"  (id {printable(str(new_id))})" if new_id else ""
            self._renderer.write(
                f"{_sign(change)} {done} {printable(change.label)}{suffix}"
            )
            return
        reason = printable(str(outcome.error)) if outcome.error else outcome.status
        self._renderer.write(
            f"x {change.action} {printable(change.label)} {outcome.status}: "
            f"{reason.splitlines()[0] if reason else ''}"
        )


def _sign(change: state.Change) -> str:
    return {"create": "+", "update": "~", "delete": "-"}.get(change.action, "=")


def _interrupt_text(ctx: Context) -> str:
    if ctx.args.journal is not None:
        return (
            "interrupted; the journal is complete: rerun with the same "
            "--journal to finish the plan"
        )
    return "interrupted; rerun apply to plan what is left and finish it"


_SECOND_INTERRUPT = (
    f"{PROG}: finishing the changes in flight first (a few seconds at most)"
)


async def _apply(
    ctx: Context, client: AsyncTelnyxSIP, plan: state.Plan, renderer: Renderer
) -> int:
    ctx.args.interrupt_text = _interrupt_text(ctx)
    _resuming(ctx, renderer)
    task = asyncio.ensure_future(
        state.apply(
            client,
            plan,
            journal=ctx.args.journal,
            concurrency=ctx.args.concurrency,
            on_change=_Printer(renderer),
        )
    )
    await wait_out(task, ctx, _SECOND_INTERRUPT)
    if task.cancelled():
        raise asyncio.CancelledError
    error = task.exception()
    if isinstance(error, JournalError):
        ctx.stderr.write(f"{PROG}: error: {printable(str(error))}\n")
        return ExitCode.USAGE
    if isinstance(error, JournalWriteError):
        ctx.stderr.write(
            f"{PROG}: error: {printable(str(error))}; nothing more was sent\n"
        )
        return ExitCode.STORAGE
    if error is not None:
        raise error
    report = task.result()
    renderer.write()
    renderer.write(_summary(report) + ("" if report.ok else _rerun(ctx)))
    return ExitCode.OK if report.ok else ExitCode.PARTIAL


def _summary(report: state.ApplyReport) -> str:
    statuses = [o.status for o in report.outcomes]
    made = statuses.count("succeeded")
    head = f"Apply: {plural(made, 'change')} made"
    rest = [
        f"{statuses.count(status)} {status.replace('_', ' ')}"
        for status in ("failed", "unknown", "not_attempted")
        if status in statuses
    ]
    return ", ".join([head, *rest])


def _rerun(ctx: Context) -> str:
    if ctx.args.journal is not None:
        return "; rerun with the same --journal to retry what was not made"
    return "; rerun apply to plan what is left"


def _missing_variables(plan: state.Plan) -> None:
    """Check every environment reference of ``plan`` before asking anything.

    Raises:
        MissingVariableError: For the first variable that is not set.

    """

    def walk(value: object, place: str) -> None:
        if isinstance(value, state.EnvRef):
            if value.name not in os.environ:
                raise state.MissingVariableError(value.name, place)
        elif isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, f"{place}.{key}")

    for change in plan.changes:
        if change.action != "no-op":
            walk(change.args, change.source or change.label)


def _resuming(ctx: Context, renderer: Renderer) -> None:
    journal: str | None = ctx.args.journal
    if journal is not None and state.has_saved_plan(journal):
        renderer.write(
            f"{printable(journal)} holds a saved plan: apply resumes it, "
            "skipping what it already made."
        )


async def run_document(ctx: Context, text: str) -> int:
    """Plan the document in ``text``, confirm, apply and report."""
    path: str = ctx.args.plan
    try:
        if ctx.args.report is not None:
            msg = "--report is for call plans; a document's changes print as made"
            raise UsageError(msg)
        prune = prune_from(ctx.args)
        document = parse_document(text, path)
    except (UsageError, TelnyxSIPError) as exc:
        tell(ctx.stderr, exc, command=COMMAND, path=path)
        return ExitCode.USAGE
    renderer = Renderer(ctx.stdout, os.environ)
    async with ctx.client() as client:
        plan = await state.plan(client, document, prune=prune)
        renderer.plan(plan)
        if not plan.has_changes:
            return ExitCode.OK
        _missing_variables(plan)
        if not await _confirmed(ctx):
            renderer.write("Apply cancelled; nothing was changed.")
            return ExitCode.FAILURE
        return await _apply(ctx, client, plan, renderer)
