"""A damaged or unusable journal is refused in one line, before anything is sent.

A job writes every journal line as ASCII JSON, so bytes that are not UTF-8
mean the file was damaged (or is not a journal): replaying it from guesses
could report a call as done with garbled data, or miss one in flight.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from telnyx_sip.bulk import JournalError
from telnyx_sip.bulk._journal import Journal, plan_digest
from telnyx_sip.cli import ExitCode, main
from telnyx_sip.testing import ThreadedSandbox
from tests._support.bulk_runs import profiles, write_plan

PLAN = [c.to_json() for c in profiles(3)]


HEADER = {
    "journal": "telnyx-sip bulk journal",
    "version": 2,
    "plan": plan_digest(PLAN),
    "count": len(PLAN),
}


def _journal_bytes(*lines: bytes) -> bytes:
    """A journal for ``PLAN`` holding ``lines``, its header as a job writes it."""
    header = json.dumps(HEADER, separators=(",", ":")).encode() + b"\n"
    return header + b"".join(line + b"\n" for line in lines)


GOOD = json.dumps({"index": 0, "status": "succeeded", "result": {"id": "1"}}).encode()
STARTED = json.dumps({"index": 1, "event": "started"}).encode()


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        ((GOOD, b'{"index": 1, "status": "succ\xff\xfeeded"}', STARTED), 3),
        ((b"\xff\xfe\x00\x01",), 2),
        ((GOOD, STARTED, b"\xc3"), 4),  # a lone lead byte at the very end
    ],
)
def test_bytes_that_are_not_utf8_are_refused_naming_the_line(
    tmp_path: Path, lines: tuple[bytes, ...], line: int
) -> None:
    path = tmp_path / "job.jsonl"
    path.write_bytes(_journal_bytes(*lines))
    before = path.read_bytes()
    with pytest.raises(JournalError) as info:
        Journal(path, calls=PLAN).open()
    assert str(info.value) == (
        f"journal: {path} is damaged: line {line} is not UTF-8 text"
    )
    assert info.value.path == path
    assert path.read_bytes() == before


def test_a_header_that_is_not_utf8_is_not_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    path.write_bytes(b'{"journal": "telnyx-sip bulk \xff journal"}\n')
    with pytest.raises(JournalError, match="is not a bulk journal"):
        Journal(path, calls=PLAN).open()


def test_a_journal_that_cannot_be_opened_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="cannot be opened: Is a directory"):
        Journal(tmp_path, calls=PLAN).open()
    with pytest.raises(JournalError, match="cannot be opened: No such file"):
        Journal(tmp_path / "missing" / "job.jsonl", calls=PLAN).open()


def test_a_header_torn_by_a_crash_is_written_anew(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    whole = _journal_bytes()
    path.write_bytes(whole[:25])  # the header write was cut short
    journal = Journal(path, calls=PLAN)
    assert journal.open().outcomes == {}
    journal.close()
    assert path.read_bytes() == whole


def test_a_version_from_the_future_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    path.write_text(json.dumps({**HEADER, "version": 99}) + "\n")
    with pytest.raises(JournalError, match="unknown version 99"):
        Journal(path, calls=PLAN).open()


def test_apply_on_a_damaged_journal_says_so_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    journal = tmp_path / "job.jsonl"
    journal.write_bytes(_journal_bytes(GOOD, b"\x80\x81 not text"))
    write_plan(tmp_path / "plan.jsonl", profiles(3))
    report = tmp_path / "report.jsonl"
    report.write_text("the last run's report\n")
    with ThreadedSandbox("damage-key") as sandbox:
        monkeypatch.setenv("TELNYX_API_KEY", sandbox.api_key)
        code = main(
            [
                "--base-url",
                sandbox.base_url,
                "apply",
                str(tmp_path / "plan.jsonl"),
                "--report",
                str(report),
                "--journal",
                str(journal),
            ]
        )
        assert sandbox.stats.requests == 0
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert (out, err) == (
        "",
        f"telnyx-sip: error: journal: {journal} is damaged: line 3 is not UTF-8 text\n",
    )
    assert report.read_text() == "the last run's report\n"  # nothing was decided
