"""The loop thread's life: lazy start, close, garbage collection, exit; bulk jobs."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
import warnings
from pathlib import Path
from typing import Any

from telnyx_sip import TelnyxSIP
from telnyx_sip.bulk import Call, run_bulk_sync
from telnyx_sip.testing import ThreadedSandbox
from tests._support.fake_api import API_KEY, FakeAPI, Reply

from ._server import IP, ThreadedServer, loop_threads, open_fds, paged


def test_thread_starts_lazily_and_stops_on_close(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = Reply(200, {"data": IP})
    client = TelnyxSIP(API_KEY, base_url=server.base_url)
    assert not loop_threads()
    client.ips.retrieve("7")
    assert len(loop_threads()) == 1
    client.close()
    assert not loop_threads()
    client.close()  # twice is fine
    # Usable again: a fresh thread and session, closed by the with block.
    with client:
        assert client.ips.retrieve("7").id == "7"
        assert len(loop_threads()) == 1
    assert not loop_threads()


def test_unclosed_client_is_cleaned_up_when_dropped(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = Reply(200, {"data": IP})
    unraisable: list[Any] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        client = TelnyxSIP(API_KEY, base_url=server.base_url)
        client.ips.retrieve("7")
        assert len(loop_threads()) == 1
        del client
        gc.collect()
        assert not loop_threads()
        gc.collect()
    finally:
        sys.unraisablehook = old_hook
    assert unraisable == []


def test_open_use_close_100_clients_leaks_nothing(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = paged(total=3, size=2)
    # One warm-up round so lazily imported modules and caches are in place.
    with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
        client.ips.list(page_size=2).to_list()
    gc.collect()
    # Count only the client's side: the server's end of a connection closes
    # on its own thread, a moment after the client's.
    assert server.wait_idle()
    threads_before = {t.ident for t in threading.enumerate()}
    fds_before = open_fds()
    unraisable: list[Any] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for _ in range(100):
                with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
                    assert len(client.ips.list(page_size=2).to_list()) == 3
            gc.collect()
    finally:
        sys.unraisablehook = old_hook
    assert unraisable == []
    assert {t.ident for t in threading.enumerate()} == threads_before
    assert server.wait_idle()
    assert open_fds() == fds_before
    assert len(fake_api.requests) == 2 * 101


EXIT_SCRIPT = """
import sys
import threading
import weakref

from telnyx_sip import TelnyxSIP


class Probe:
    pass


def report():
    alive = [t.name for t in threading.enumerate() if t.name == "telnyx-sip"]
    print("loop threads at exit:", alive, flush=True)


# Exit-time finalizers run newest first: this one runs after the client's.
probe = Probe()
weakref.finalize(probe, report)
client = TelnyxSIP("{key}", base_url=sys.argv[1])
assert client.ips.retrieve("7").id == "7"
pager = iter(client.ips.list(page_size=2))
next(pager)  # left mid-iteration on purpose
print("done", flush=True)
# No close(): interpreter exit must clean up, silently and promptly.
"""


def test_never_closed_client_is_cleaned_up_at_exit(
    server: ThreadedServer, fake_api: FakeAPI, tmp_path: Path
) -> None:
    fake_api.default = lambda rec: (
        paged(total=4, size=2)(rec)
        if rec.path == "/v2/ips"
        else Reply(200, {"data": IP})
    )
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(EXIT_SCRIPT.format(key=API_KEY)))
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", str(script), server.base_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "done\nloop threads at exit: []\n"
    assert len(fake_api.requests) == 2


def test_bulk_job_through_the_sync_client(tmp_path: Path) -> None:
    with (
        ThreadedSandbox("bulk-sync-key") as sandbox,
        TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as client,
    ):
        calls = [
            Call("outbound_voice_profiles", "create", {"name": f"profile-{i}"})
            for i in range(20)
        ]
        seen: list[int] = []
        report = run_bulk_sync(
            client,
            calls,
            concurrency=4,
            journal=tmp_path / "job.jsonl",
            on_progress=lambda p: seen.append(p.done),
        )
        assert report.ok
        assert [o.result.name for o in report.outcomes] == [
            f"profile-{i}" for i in range(20)
        ]
        assert sorted(seen) == list(range(1, 21))
        assert len(sandbox.rows("outbound_voice_profiles")) == 20
        # The same client still works for plain calls afterwards.
        assert (
            client.outbound_voice_profiles.list(page_size=5).first_page().total_results
            == 20
        )
