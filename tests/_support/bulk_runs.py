"""Running bulk jobs the hard way: plans, ``telnyx-sip apply`` subprocesses, journals.

Also the one real way to make a journal's disk fill up mid-run without root:
put ``/dev/full`` (every write fails with ``ENOSPC``) under the journal's open
file descriptor with :func:`os.dup2`.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from telnyx_sip.bulk import Call

from .cli import BackgroundLoop
from .fake_api import FakeAPI

__all__ = [
    "DEV_FULL",
    "apply_argv",
    "fill_disk_under",
    "journal_fd",
    "last_words",
    "needs_dev_full",
    "profiles",
    "read_report",
    "run_apply",
    "served",
    "settled",
    "start_apply",
    "subprocess_env",
    "write_plan",
]

DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(
    not (DEV_FULL.exists() and Path("/proc/self/fd").is_dir()),
    reason="needs Linux's /dev/full and /proc/self/fd",
)


def profiles(n: int, prefix: str = "profile") -> list[Call]:
    """``n`` outbound voice profile creates, each with its own name."""
    return [
        Call("outbound_voice_profiles", "create", {"name": f"{prefix}-{i:04d}"})
        for i in range(n)
    ]


def write_plan(path: Path, calls: Sequence[Call]) -> None:
    path.write_text("".join(json.dumps(c.to_json()) + "\n" for c in calls))


def apply_argv(base_url: str, workdir: Path, *extra: str) -> list[str]:
    """``telnyx-sip apply`` of ``workdir``'s plan, in a new Python process."""
    return [
        sys.executable,
        "-m",
        "telnyx_sip",
        "--base-url",
        base_url,
        "apply",
        str(workdir / "plan.jsonl"),
        "--report",
        str(workdir / "report.jsonl"),
        *extra,
    ]


def subprocess_env(api_key: str) -> dict[str, str]:
    return {**os.environ, "TELNYX_API_KEY": api_key}


def run_apply(
    base_url: str, api_key: str, workdir: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Run ``apply`` to its end (bounded: a hang fails the test)."""
    return subprocess.run(
        apply_argv(base_url, workdir, *extra),
        env=subprocess_env(api_key),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def start_apply(
    base_url: str, api_key: str, workdir: Path, run: str, *extra: str
) -> subprocess.Popen[bytes]:
    """Start ``apply`` in the background; its stderr goes to ``<run>.err``."""
    with (workdir / f"{run}.err").open("wb") as err:
        return subprocess.Popen(
            apply_argv(base_url, workdir, *extra),
            env=subprocess_env(api_key),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def _entries(journal: Path) -> list[dict[str, Any]]:
    out = []
    for line in journal.read_bytes().splitlines()[1:]:
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if isinstance(entry, dict):
                out.append(entry)
    return out


def settled(journal: Path) -> int:
    """Outcome lines in the journal so far (a torn line does not count)."""
    if not journal.exists() or journal.stat().st_size == 0:
        return 0
    return sum(1 for e in _entries(journal) if "status" in e)


def last_words(journal: Path) -> dict[int, str]:
    """Index -> the status of its last outcome line."""
    return {e["index"]: e["status"] for e in _entries(journal) if "status" in e}


def read_report(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def journal_fd(path: Path) -> int:
    """The descriptor this process holds open on ``path``."""
    target = str(path.resolve())
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{name}") == target:
                return int(name)
    msg = f"{path} is not open in this process"
    raise AssertionError(msg)


def fill_disk_under(path: Path) -> None:
    """From now on every write to the open journal ``path`` fails with ENOSPC."""
    fd = journal_fd(path)
    full = os.open(DEV_FULL, os.O_WRONLY)
    try:
        os.dup2(full, fd)
    finally:
        os.close(full)


@contextlib.contextmanager
def served(fake_api: FakeAPI) -> Iterator[str]:
    """``fake_api`` on 127.0.0.1 from a background thread; yields its base URL.

    For code that blocks this thread (``main()``) or runs in a subprocess.
    """
    background = BackgroundLoop()

    async def start() -> tuple[web.AppRunner, int]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", fake_api.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, runner.addresses[0][1]

    runner, port = background.call(start())
    try:
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        background.call(runner.cleanup())
        background.close()
