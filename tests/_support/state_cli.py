"""The desired-state commands against a threaded sandbox: a seeded account and runs.

:func:`seed` fills an account through the sync client (the way another tool,
or a person in the portal, would), so the commands under test meet objects
they did not make. :func:`run` runs the command line in-process and returns
its exit code with what it printed; :func:`writes` counts the sandbox's
write operations, the measure of "exactly one PATCH" and "no write".
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

from telnyx_sip import TelnyxSIP
from telnyx_sip.cli import main
from telnyx_sip.testing import ThreadedSandbox

KEY = "state-key"
PASSWORD = "pw-Office-Secret-7"
"""The SIP password the tests set through an environment variable."""
PASSWORD_VAR = "OFFICE_PASSWORD"
IPS = ("203.0.113.7", "203.0.113.8", "203.0.113.9")


@attrs.frozen
class Ran:
    """What one in-process run of the command line did."""

    code: int
    out: str
    err: str


def run(
    capsys: pytest.CaptureFixture[str], sandbox: ThreadedSandbox, *argv: str
) -> Ran:
    """``telnyx-sip --base-url SANDBOX argv...``, in-process."""
    capsys.readouterr()
    code = main(["--base-url", sandbox.base_url, *argv])
    out, err = capsys.readouterr()
    return Ran(code, out, err)


def writes(sandbox: ThreadedSandbox) -> Counter[str]:
    """Requests so far by write operation (``ips.update`` ...), reads left out."""
    ops = sandbox.stats.by_operation
    return Counter(
        {
            name: n
            for name, n in ops.items()
            if name.rsplit(".", 1)[1] in {"create", "update", "delete"}
        }
    )


def sync_client(sandbox: ThreadedSandbox) -> TelnyxSIP:
    """A sync client of the sandbox, for changes made behind the commands' back."""
    return TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url)


def seed(sandbox: ThreadedSandbox) -> dict[str, Any]:
    """A small account: a profile, one connection of each type, IPs, an FQDN, a range.

    Returns the ids of what it made, by name.
    """
    with sync_client(sandbox) as client:
        profile = client.outbound_voice_profiles.create(
            name="main", concurrent_call_limit=10, tags=["prod"]
        )
        pbx = client.ip_connections.create(
            connection_name="pbx",
            outbound={"outbound_voice_profile_id": profile.id},
            tags=["prod"],
        )
        office = client.credential_connections.create(
            connection_name="office", user_name="office1", password=PASSWORD
        )
        edge = client.fqdn_connections.create(connection_name="edge")
        ips = [
            client.ips.create(connection_id=pbx.id, ip_address=address, port=5060)
            for address in IPS
        ]
        fqdn = client.fqdns.create(
            connection_id=edge.id, fqdn="sip.example.com", dns_record_type="a"
        )
        client.access_ip_ranges.create(cidr_block="198.51.100.0/24")
    return {
        "profile": profile.id,
        "pbx": pbx.id,
        "office": office.id,
        "edge": edge.id,
        "ips": [ip.id for ip in ips],
        "fqdn": fqdn.id,
    }


def export(
    capsys: pytest.CaptureFixture[str], sandbox: ThreadedSandbox, path: Path
) -> str:
    """Export the account to ``path`` (JSON), and return the document's text."""
    done = run(capsys, sandbox, "export", "--format", "json", "-o", str(path))
    assert done.code == 0, done.err
    return path.read_text(encoding="utf-8")


def cli_env(sandbox: ThreadedSandbox, **extra: str) -> dict[str, str]:
    """The environment of a ``telnyx-sip`` subprocess talking to ``sandbox``."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS"}}
    return {**env, "TELNYX_API_KEY": sandbox.api_key, **extra}


def cli(sandbox: ThreadedSandbox, *argv: str) -> list[str]:
    """The argv of ``python -m telnyx_sip --base-url SANDBOX argv...``."""
    return [sys.executable, "-m", "telnyx_sip", "--base-url", sandbox.base_url, *argv]


def run_process(
    sandbox: ThreadedSandbox, *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``telnyx-sip`` in a subprocess with stdin closed; its output as text."""
    return subprocess.run(
        cli(sandbox, *argv),
        env=cli_env(sandbox) if env is None else env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def stdin_of(text: str) -> io.StringIO:
    """A stand-in for standard input holding ``text`` (not a terminal)."""
    return io.StringIO(text)
