"""A full disk under the journal: one line, exit code 7, the report kept.

The disk fills up for real: ``/dev/full`` (every write fails with ``ENOSPC``)
is the journal from the start, or is put under the journal's open descriptor
mid-run with ``os.dup2``. A job that cannot journal sends nothing more (a
create it cannot record as started could not be settled after a crash), lets
the calls in flight finish, and raises :class:`JournalWriteError`; ``apply``
still writes the report of what was decided.
"""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip.bulk import BulkJob, JournalWriteError, Progress
from telnyx_sip.cli import ExitCode, main
from tests._support.bulk_runs import (
    DEV_FULL,
    fill_disk_under,
    last_words,
    needs_dev_full,
    read_report,
    served,
    write_plan,
)
from tests._support.fake_api import API_KEY, FakeAPI, Recorded, Reply
from tests._support.ip_plans import create_ips, ip_row, page

pytestmark = needs_dev_full
NO_SPACE = "No space left on device"


def _ips_api(fake_api: FakeAPI, on_create: Callable[[int], None]) -> list[int]:
    """Creates echo and are remembered; a list shows them (for lookups)."""
    made: list[int] = []

    def reply(rec: Recorded) -> Reply:
        if rec.method == "GET":
            return page([ip_row(i) for i in made])
        i = int(rec.json["ip_address"].rsplit(".", 1)[1])
        made.append(i)
        on_create(len(made))
        return Reply(201, {"data": ip_row(i)})

    fake_api.default = reply
    return made


async def test_a_create_is_not_sent_once_its_start_cannot_be_journaled(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    made = _ips_api(fake_api, lambda n: None)

    def progress(p: Progress) -> None:
        if p.done == 2:
            fill_disk_under(journal)

    job = BulkJob(
        client, create_ips(6), concurrency=1, journal=journal, on_progress=progress
    )
    with pytest.raises(JournalWriteError) as info:
        await job.run()
    assert info.value.errno == errno.ENOSPC
    assert str(info.value) == f"cannot write the journal {journal}: {NO_SPACE}"
    assert made == [0, 1]  # nothing was sent after the failure
    statuses = [o.status for o in job.report.outcomes]
    assert statuses == ["succeeded"] * 2 + ["not_attempted"] * 4
    assert job.report.outcomes[2].error is info.value
    assert last_words(journal) == {0: "succeeded", 1: "succeeded"}


async def test_an_outcome_that_cannot_be_journaled_stays_in_the_report(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"

    def on_create(n: int) -> None:
        if n == 3:
            fill_disk_under(journal)

    made = _ips_api(fake_api, on_create)
    plan = create_ips(6)
    job = BulkJob(client, plan, concurrency=1, journal=journal)
    with pytest.raises(JournalWriteError):
        await job.run()
    statuses = [o.status for o in job.report.outcomes]
    assert statuses == ["succeeded"] * 3 + ["not_attempted"] * 3
    assert made == [0, 1, 2]
    # On disk, the third create is started but not settled ...
    assert last_words(journal) == {0: "succeeded", 1: "succeeded"}

    # ... so once there is room again, a rerun looks it up instead of
    # sending it a second time, and does the rest.
    resumed = await BulkJob(client, plan, journal=journal).run()
    assert resumed.ok
    assert made == [0, 1, 2, 3, 4, 5]


async def test_a_journal_with_no_room_for_its_header_sends_nothing(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    job = BulkJob(client, create_ips(2), journal=DEV_FULL)
    with pytest.raises(JournalWriteError, match=NO_SPACE):
        await job.run()
    assert fake_api.requests == []
    assert job.report.counts["not_attempted"] == 2


def _apply(
    capsys: pytest.CaptureFixture[str], base_url: str, tmp_path: Path, *extra: str
) -> tuple[int, str]:
    code = main(
        [
            "--base-url",
            base_url,
            "apply",
            str(tmp_path / "plan.jsonl"),
            "--report",
            str(tmp_path / "report.jsonl"),
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    assert out == ""
    return code, err


@pytest.fixture
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", API_KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.mark.usefixtures("_env")
def test_apply_with_a_disk_that_fills_mid_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "job.jsonl"
    fake_api = FakeAPI()

    def on_create(n: int) -> None:
        if n == 3:
            fill_disk_under(journal)

    made = _ips_api(fake_api, on_create)
    write_plan(tmp_path / "plan.jsonl", create_ips(5))
    with served(fake_api) as base_url:
        code, err = _apply(
            capsys, base_url, tmp_path, "--journal", str(journal), "--concurrency=1"
        )
    assert code == ExitCode.STORAGE
    assert int(ExitCode.STORAGE) == 7  # documented
    assert err.splitlines() == [
        f"telnyx-sip: error: cannot write the journal {journal}: {NO_SPACE}; "
        "nothing more was sent",
        "telnyx-sip: 5 calls: 3 succeeded, 0 failed, 0 unknown, 2 not attempted",
    ]
    report = read_report(tmp_path / "report.jsonl")
    assert [r["status"] for r in report] == ["succeeded"] * 3 + ["not_attempted"] * 2
    assert [r["result"]["ip_address"] for r in report[:3]] == [
        f"198.51.100.{i}" for i in range(3)
    ]
    assert made == [0, 1, 2]


@pytest.mark.usefixtures("_env")
def test_apply_with_a_journal_on_a_full_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_api = FakeAPI()
    write_plan(tmp_path / "plan.jsonl", create_ips(2))
    with served(fake_api) as base_url:
        code, err = _apply(capsys, base_url, tmp_path, "--journal", str(DEV_FULL))
    assert code == ExitCode.STORAGE
    assert err.splitlines()[0] == (
        f"telnyx-sip: error: cannot write the journal {DEV_FULL}: {NO_SPACE}; "
        "nothing more was sent"
    )
    assert fake_api.requests == []
    report: list[dict[str, Any]] = read_report(tmp_path / "report.jsonl")
    assert [r["status"] for r in report] == ["not_attempted"] * 2


@pytest.mark.usefixtures("_env")
def test_apply_that_cannot_write_its_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_api = FakeAPI()
    _ips_api(fake_api, lambda n: None)
    write_plan(tmp_path / "plan.jsonl", create_ips(2))
    target = tmp_path / "gone" / "report.jsonl"
    with served(fake_api) as base_url:
        code = main(
            [
                "--base-url",
                base_url,
                "apply",
                str(tmp_path / "plan.jsonl"),
                "--report",
                str(target),
            ]
        )
    err = capsys.readouterr().err
    assert code == ExitCode.STORAGE
    assert err.splitlines() == [
        f"telnyx-sip: error: cannot write the report {target}: "
        "No such file or directory",
        "telnyx-sip: 2 calls: 2 succeeded, 0 failed, 0 unknown, 0 not attempted",
    ]
