"""Exit codes, and how each kind of failure is told to the user."""

from __future__ import annotations

import enum
from typing import TextIO

from telnyx_sip import errors
from telnyx_sip._cli.text import printable

__all__ = ["EXIT_CODES_HELP", "ExitCode", "UsageError", "report"]

PROG = "telnyx-sip"


class ExitCode(enum.IntEnum):
    """The process exit status of ``telnyx-sip``; each failure kind has its own."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    API = 3
    NETWORK = 4
    RESPONSE = 5
    PARTIAL = 6
    STORAGE = 7
    INTERRUPTED = 130


EXIT_CODES_HELP = """\
exit codes:
  0    success
  2    usage error: bad or missing options or values, no API key; apply: a
       bad plan (each problem printed with its line) or an unusable
       journal, and nothing was sent
  3    API error: Telnyx answered with an error status (its errors are printed)
  4    network error: no answer (connection, timeout, or a create whose
       outcome is unknown)
  5    the answer could not be understood (unexpected or oversized body)
  6    apply: the plan ran, but not every call succeeded (see the report)
  7    apply: the journal or the report could not be written (disk full);
       nothing more was sent, and the report keeps what was decided
  130  interrupted (Ctrl-C)
  1    doctor: it found problems; any other command: anything else (a bug:
       please report it)"""


class UsageError(Exception):
    """The command line cannot be carried out as given; nothing was sent."""


def _say(stream: TextIO, text: str) -> None:
    # Messages carry the API's own words (error details): escape them.
    stream.write(f"{PROG}: {printable(text)}\n")


def _api_lines(exc: errors.APIStatusError) -> list[str]:
    where = f" on {exc.method} {exc.path}" if exc.method else ""
    lines = [f"API error {exc.status}{where}"]
    for item in exc.errors:
        parts = [f"code {item.code}" if item.code else "", item.title or ""]
        text = ": ".join(p for p in parts if p)
        if item.detail and item.detail != item.title:
            text = f"{text} - {item.detail}" if text else item.detail
        where_ = item.pointer or item.parameter
        if where_:
            text = f"{text} (at {where_})"
        lines.append(f"  {text}")
    if not exc.errors and exc.body:
        snippet = exc.body[:200].decode("utf-8", "replace").strip()
        lines.append(f"  body: {snippet}")
    if isinstance(exc, errors.RateLimitError) and exc.retry_after is not None:
        lines.append(f"  retry after {exc.retry_after:g} s")
    lines.append(f"  request id: {exc.request_id or '-'}")
    return lines


def report(exc: BaseException, stderr: TextIO, *, command: str = PROG) -> ExitCode:
    """Print ``exc`` for the user and return its exit code.

    ``command`` is the command line whose ``--help`` a usage error points to.

    Raises:
        BaseException: ``exc`` itself when it is not an expected failure.

    """
    if isinstance(exc, UsageError):
        _say(stderr, f"error: {exc}")
        _say(stderr, f"see '{command} --help'")
        return ExitCode.USAGE
    if isinstance(exc, errors.InvalidArgumentError):
        _say(stderr, f"invalid argument {exc}")
        return ExitCode.USAGE
    if isinstance(exc, errors.APIStatusError):
        for line in _api_lines(exc):
            _say(stderr, line)
        return ExitCode.API
    if isinstance(exc, errors.AmbiguousOutcomeError):
        _say(stderr, f"network error: {exc}")
        _say(stderr, "  look the object up before trying again, to avoid a duplicate")
        if exc.request_id:
            _say(stderr, f"  request id: {exc.request_id}")
        return ExitCode.NETWORK
    if isinstance(exc, errors.APIConnectionError):
        _say(stderr, f"network error: {exc}")
        return ExitCode.NETWORK
    if isinstance(exc, errors.ResponseValidationError | errors.ResponseTooLargeError):
        _say(stderr, f"unexpected response: {exc}")
        return ExitCode.RESPONSE
    raise exc
