"""apply FILE in a real process: killed and resumed, interrupted, asked on a pty."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from telnyx_sip.testing import FaultConfig, ThreadedSandbox
from tests._support.state_cli import cli, cli_env, run_process, writes
from tests.cli.test_progress_pty import Terminal

pytest.importorskip("pty")


class _Terminal(Terminal):
    def write(self, text: str) -> None:
        """Type ``text`` on the terminal."""
        os.write(self._master, text.encode())


IPS_PER_CONNECTION = 5
SCRATCH = (
    "version: 1\noutbound_voice_profiles:\n  - name: main\nip_connections:\n"
    + "".join(
        f"  - connection_name: pbx-{n}\n"
        "    outbound: {outbound_voice_profile: main}\n"
        for n in (1, 2)
    )
    + "ips:\n"
    + "".join(
        f"  - {{connection: pbx-{n}, ip_address: 192.0.2.{n}{i}, port: 5060}}\n"
        for n in (1, 2)
        for i in range(IPS_PER_CONNECTION)
    )
)
OBJECTS = 1 + 2 + 2 * IPS_PER_CONNECTION


@pytest.fixture
def slow_sandbox() -> Iterator[ThreadedSandbox]:
    # Latency keeps the IP wave in flight long enough to be cut short.
    with ThreadedSandbox("resume-key", faults=FaultConfig(latency=0.05)) as sandbox:
        yield sandbox


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    path = tmp_path / "sip.yaml"
    path.write_text(SCRATCH, encoding="utf-8")
    return path


def _keys(sandbox: ThreadedSandbox) -> dict[str, Counter[tuple[object, ...]]]:
    return {
        "outbound_voice_profiles": Counter(
            (r["name"],) for r in sandbox.rows("outbound_voice_profiles")
        ),
        "ip_connections": Counter(
            (r["connection_name"],) for r in sandbox.rows("ip_connections")
        ),
        "ips": Counter(
            (r["connection_id"], r["ip_address"]) for r in sandbox.rows("ips")
        ),
    }


def _assert_converged(sandbox: ThreadedSandbox) -> None:
    keys = _keys(sandbox)
    assert len(keys["outbound_voice_profiles"]) == 1
    assert len(keys["ip_connections"]) == 2
    assert len(keys["ips"]) == 2 * IPS_PER_CONNECTION
    repeated = {k: n for c in keys.values() for k, n in c.items() if n > 1}
    assert repeated == {}


def _wait_for(
    sandbox: ThreadedSandbox, operation: str, process: subprocess.Popen[bytes]
) -> None:
    deadline = time.monotonic() + 60
    while sandbox.stats.by_operation[operation] < 1:
        assert process.poll() is None, "the apply ended before it could be killed"
        assert time.monotonic() < deadline, "the apply made no progress"
        time.sleep(0.005)


def test_a_killed_apply_resumes_from_its_journal_writing_each_object_once(
    slow_sandbox: ThreadedSandbox, scratch: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "journal"
    argv = cli(
        slow_sandbox,
        "apply",
        str(scratch),
        "--auto-approve",
        "--journal",
        str(journal),
        "--concurrency",
        "2",
    )
    first = subprocess.Popen(
        argv,
        env=cli_env(slow_sandbox),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(slow_sandbox, "ips.create", first)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    made = slow_sandbox.stats.rows_created
    assert made < OBJECTS  # it was cut short in the IP wave

    rerun = run_process(
        slow_sandbox, "apply", str(scratch), "--auto-approve", "--journal", str(journal)
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "holds a saved plan" in rerun.stdout
    _assert_converged(slow_sandbox)
    stats = slow_sandbox.stats
    assert stats.rows_created == OBJECTS  # every create made once, none twice
    assert stats.rows_updated == stats.rows_deleted == 0
    # The waves the first run finished were not sent again.
    assert stats.by_operation["outbound_voice_profiles.create"] == 1
    assert stats.by_operation["ip_connections.create"] == 2

    settled = writes(slow_sandbox)
    check = run_process(slow_sandbox, "plan", str(scratch))
    assert check.returncode == 0, check.stdout
    assert writes(slow_sandbox) == settled


def test_ctrl_c_keeps_the_journal_complete_and_the_rerun_finishes(
    slow_sandbox: ThreadedSandbox, scratch: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "journal"
    with (tmp_path / "err").open("wb") as err:
        first = subprocess.Popen(
            cli(
                slow_sandbox,
                "apply",
                str(scratch),
                "--auto-approve",
                "--journal",
                str(journal),
                "--concurrency",
                "1",
            ),
            env=cli_env(slow_sandbox),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    _wait_for(slow_sandbox, "ips.create", first)
    first.send_signal(signal.SIGINT)
    first.wait(timeout=60)
    stderr = (tmp_path / "err").read_text()
    assert first.returncode == 130, stderr
    assert "the journal is complete" in stderr

    rerun = run_process(
        slow_sandbox, "apply", str(scratch), "--auto-approve", "--journal", str(journal)
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    _assert_converged(slow_sandbox)
    assert slow_sandbox.stats.rows_created == OBJECTS


@pytest.mark.parametrize(("answer", "applied"), [("n", False), ("y", True)])
def test_on_a_terminal_apply_asks_first(
    scratch: Path, tmp_path: Path, answer: str, applied: bool
) -> None:
    with ThreadedSandbox("pty-key") as sandbox:
        env = cli_env(sandbox, TERM="xterm", COLUMNS="120")
        term = _Terminal(cli(sandbox, "apply", str(scratch)), env, tmp_path)
        deadline = time.monotonic() + 60
        while "Apply these changes? [y/N]" not in term.screen:
            assert term.process.poll() is None, term.screen
            assert time.monotonic() < deadline, term.screen
            time.sleep(0.01)
        assert writes(sandbox) == {}  # nothing before the answer
        term.write(f"{answer}\n")
        code = term.finish()
        screen = term.screen
        if applied:
            assert code == 0, screen
            assert "\x1b[32m+ create" in screen  # a terminal gets color
            assert "Apply: 13 changes made" in screen
            _assert_converged(sandbox)
        else:
            assert code == 1, screen
            assert "Apply cancelled; nothing was changed." in screen
            assert writes(sandbox) == {}
