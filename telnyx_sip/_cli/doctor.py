"""``telnyx-sip doctor``: read the account and report common mistakes."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from telnyx_sip.errors import APIConnectionError, APIStatusError
from telnyx_sip.models import CredentialConnection, RegistrationStatus

from .checks import CHECKS, Account, Finding, run_checks
from .context import Context
from .failures import ExitCode, UsageError
from .text import printable

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP

__all__ = ["register", "run_doctor"]

T = TypeVar("T")
_REGISTRATION_LOOKUPS = 8  # registration checks in flight at once
_COLUMNS = ("code", "resource", "id", "name", "problem", "fix")
PROBLEMS_FOUND = ExitCode.FAILURE
"""doctor's exit status when a check found something."""

_DESCRIPTION = (
    "Read the account and report common mistakes, each with a code and a "
    "fix:\n\n" + "\n".join(f"  {check.code}  {check.summary}" for check in CHECKS)
)

_EPILOG = """\
Without -o the report is text for a person; -o json|jsonl|table|yaml|csv
prints one record per finding (code, resource, id, name, problem, fix).

exit status: 0 when nothing was found, 1 when something was, and the usual
codes when the account could not be read (3 API error, 4 network error ...).
Skip a check with --skip CODE (repeatable): SIP105 makes one request per
credential connection."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``doctor`` subcommand."""
    parser = subparsers.add_parser(
        "doctor",
        allow_abbrev=False,
        parents=list(parents),
        help="Check the account for common mistakes.",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="CODE",
        help="leave out a check, by code (SIP105) or name (not-registered)",
    )
    parser.set_defaults(run=run_doctor)


async def _all(pager: AsyncIterable[T]) -> list[T]:
    return [item async for item in pager]


async def _registrations(
    client: AsyncTelnyxSIP, connections: Sequence[CredentialConnection]
) -> dict[str, RegistrationStatus | str]:
    """Each connection's registration status, or why it could not be read."""
    slots = asyncio.Semaphore(_REGISTRATION_LOOKUPS)
    service = client.credential_connections

    async def one(conn: CredentialConnection) -> RegistrationStatus | str:
        async with slots:
            try:
                return await service.check_registration_status(str(conn.id))
            except APIStatusError as exc:
                return f"API error {exc.status}"
            except APIConnectionError as exc:
                return f"network error: {exc}"

    found = await asyncio.gather(*(one(c) for c in connections))
    return {str(c.id): status for c, status in zip(connections, found, strict=True)}


async def read_account(client: AsyncTelnyxSIP, *, registrations: bool) -> Account:
    """Everything the checks look at, read with list calls."""
    credential, fqdn_conns, ip_conns, fqdns, ips, ranges = await asyncio.gather(
        _all(client.credential_connections.list()),
        _all(client.fqdn_connections.list()),
        _all(client.ip_connections.list()),
        _all(client.fqdns.list()),
        _all(client.ips.list()),
        _all(client.access_ip_ranges.list()),
    )
    return Account(
        credential_connections=credential,
        fqdn_connections=fqdn_conns,
        ip_connections=ip_conns,
        fqdns=fqdns,
        ips=ips,
        access_ip_ranges=ranges,
        registrations=(
            await _registrations(client, credential) if registrations else {}
        ),
    )


def _checked(account: Account) -> dict[str, int]:
    return {
        "credential_connections": len(account.credential_connections),
        "fqdn_connections": len(account.fqdn_connections),
        "ip_connections": len(account.ip_connections),
        "fqdns": len(account.fqdns),
        "ips": len(account.ips),
        "access_ip_ranges": len(account.access_ip_ranges),
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _text(ctx: Context, findings: Sequence[Finding], account: Account) -> None:
    for finding in findings:
        name = f" {finding.name!r}" if finding.name else ""
        ctx.say(
            printable(
                f"{finding.code} {finding.resource} {finding.id}{name}: "
                f"{finding.problem}"
            )
        )
        ctx.say(printable(f"  fix: {finding.fix}"))
    objects = sum(_checked(account).values())
    if findings:
        ctx.say(
            f"{_plural(len(findings), 'problem')} found in {_plural(objects, 'object')}"
        )
    else:
        ctx.say(f"no problems found in {_plural(objects, 'object')}")


def _as_text(args: argparse.Namespace) -> bool:
    """Whether to print the report for a person: no output option given."""
    return not any(getattr(args, name, None) for name in ("output", "fields", "pretty"))


def _skipped(ctx: Context) -> frozenset[str]:
    known = {c.code for c in CHECKS} | {c.name for c in CHECKS}
    skip = frozenset(ctx.args.skip)
    unknown = sorted(skip - known)
    if unknown:
        codes = ", ".join(c.code for c in CHECKS)
        msg = f"--skip: no check {', '.join(unknown)} (checks: {codes})"
        raise UsageError(msg)
    return skip


async def run_doctor(ctx: Context) -> int:
    """Read the account, run every check, print the findings."""
    skip = _skipped(ctx)
    # Checked before any request: a bad --fields or format fails at once.
    out = None if _as_text(ctx.args) else ctx.output(_COLUMNS, known=_COLUMNS)
    lookups = not skip & {"SIP105", "not-registered"}
    async with ctx.client() as client:
        account = await read_account(client, registrations=lookups)
    findings = run_checks(account, skip=skip)
    if out is None:
        _text(ctx, findings, account)
    else:
        for finding in findings:
            out.write(finding.to_json())
        out.close()
    return PROBLEMS_FOUND if findings else ExitCode.OK
