"""The ``apply`` progress bar as a person sees it: a real process on a pseudo-terminal.

Each test starts ``python -m telnyx_sip ... apply`` with stdin, stdout and
stderr on the slave side of a ``pty`` and reads everything it draws from the
master side, escape sequences and carriage returns included.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip.testing import FaultConfig, ThreadedSandbox

pty = pytest.importorskip("pty")

KEY = "pty-key"
FRAME = re.compile(
    r"(?:\[[^\]]*\] )?(\d+)/(\d+)  ok (\d+)  failed (\d+)  unknown (\d+)"
)
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class Terminal:
    """A process whose standard streams are a pseudo-terminal."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        master, slave = pty.openpty()
        self._master = master
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,  # signals come from the test only
        )
        os.close(slave)
        self._data = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 4096)
            except OSError:  # EIO: every slave side is closed
                return
            if not chunk:
                return
            with self._lock:
                self._data.extend(chunk)

    @property
    def screen(self) -> str:
        """Everything drawn so far."""
        with self._lock:
            return self._data.decode("utf-8", "replace")

    def frames(self) -> list[str]:
        """Each redraw of the bar (or printed line), colors removed."""
        text = ESCAPE.sub("", self.screen)
        return [f.strip() for f in re.split(r"[\r\n]+", text) if f.strip()]

    def wait_for_ok(self, count: int, timeout: float = 60.0) -> None:
        """Until a bar shows at least ``count`` successes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = [int(m[3]) for f in self.frames() if (m := FRAME.match(f))]
            if shown and max(shown) >= count:
                return
            assert self.process.poll() is None, self.screen
            time.sleep(0.01)
        raise AssertionError(self.screen)

    def finish(self, timeout: float = 60.0) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=10)
        os.close(self._master)
        return code


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS"}}
    return {**env, "TELNYX_API_KEY": KEY, "TERM": "xterm", "COLUMNS": "120", **extra}


def _plan(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def _profiles(n: int) -> list[dict[str, Any]]:
    return [
        {
            "resource": "outbound_voice_profiles",
            "action": "create",
            "args": {"name": f"profile {i:04d}"},
        }
        for i in range(n)
    ]


def _apply(tmp_path: Path, *where: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [
        sys.executable,
        "-m",
        "telnyx_sip",
        *where,
        "apply",
        "plan.jsonl",
        "--report",
        "report.jsonl",
        *extra,
    ]


def _report(tmp_path: Path) -> list[dict[str, Any]]:
    text = (tmp_path / "report.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines()]


def _final_bar(term: Terminal) -> str:
    bars = [f for f in term.frames() if FRAME.match(f)]
    assert bars, term.screen
    return bars[-1]


def test_the_bar_counts_each_status_in_color(tmp_path: Path) -> None:
    bad_ips = [  # an IP on a connection that does not exist: 422
        {
            "resource": "ips",
            "action": "create",
            "args": {"ip_address": f"192.0.2.{n}", "connection_id": "999"},
        }
        for n in range(1, 6)
    ]
    _plan(tmp_path / "plan.jsonl", _profiles(20) + bad_ips)
    term = Terminal(_apply(tmp_path, "--sandbox"), _env(), tmp_path)
    assert term.finish() == 6, term.screen
    final = _final_bar(term)
    assert final.startswith("[################xxxx] 25/25  ok 20  failed 5  unknown 0")
    assert re.search(r"  in \d+:\d\d$", final), final
    assert "\x1b[32m" in term.screen  # green successes
    assert "\x1b[31m" in term.screen  # red failures
    assert term.frames()[-1] == (
        "telnyx-sip: 25 calls: 20 succeeded, 5 failed, 0 unknown, 0 not attempted"
    )
    assert len(_report(tmp_path)) == 25


def test_no_color_keeps_the_bar_plain(tmp_path: Path) -> None:
    _plan(tmp_path / "plan.jsonl", _profiles(5))
    term = Terminal(_apply(tmp_path, "--sandbox"), _env(NO_COLOR="1"), tmp_path)
    assert term.finish() == 0, term.screen
    assert "\x1b" not in term.screen
    assert _final_bar(term).startswith("[####################] 5/5  ok 5  failed 0")


def test_ctrl_c_leaves_an_honest_bar_and_a_complete_report(tmp_path: Path) -> None:
    total = 100
    _plan(tmp_path / "plan.jsonl", _profiles(total))
    # Slow answers, so calls are in flight when Ctrl-C comes, twice.
    with ThreadedSandbox(KEY, faults=FaultConfig(latency=0.3)) as sandbox:
        argv = _apply(
            tmp_path, "--base-url", sandbox.base_url, extra=("--concurrency", "4")
        )
        term = Terminal(argv, _env(), tmp_path)
        term.wait_for_ok(8)
        term.process.send_signal(signal.SIGINT)
        time.sleep(0.05)
        term.process.send_signal(signal.SIGINT)  # impatient: must not cut it short
        assert term.finish() == 130, term.screen
        made = len(sandbox.rows("outbound_voice_profiles"))
        requests = sandbox.stats.requests

    final = _final_bar(term)
    match = FRAME.match(final)
    assert match is not None
    done, shown_total, ok, failed, unknown = map(int, match.groups())
    assert shown_total == total
    assert done < total, final  # never "100/100" for a stopped run
    assert f"not attempted {total - done}  stopped" in final

    report = _report(tmp_path)
    assert [line["index"] for line in report] == list(range(total))
    counts = Counter(line["status"] for line in report)
    assert (counts["succeeded"], counts["failed"], counts["unknown"]) == (
        ok,
        failed,
        unknown,
    )
    assert counts["not_attempted"] == total - done
    # Calls in flight at Ctrl-C finished: each one sent is in the report as
    # sent, none is called "not attempted".
    assert counts["succeeded"] == made == requests
    screen = ESCAPE.sub("", term.screen)
    assert "finishing the calls in flight first" in screen
    assert "interrupted; the report is complete" in screen
    assert (
        f"{total} calls: {ok} succeeded, 0 failed, 0 unknown, {total - done}" in screen
    )
