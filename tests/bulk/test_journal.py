"""The bulk journal on its own: header, durable appends, replay, refusals."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip import InvalidArgumentError
from telnyx_sip.bulk._journal import Journal, JournalState, plan_digest

PLAN = [
    {"resource": "ips", "action": "create", "args": {"ip_address": "198.51.100.1"}},
    {"resource": "ips", "action": "delete", "args": {"id": "7"}},
]
DIGEST = plan_digest(PLAN)
HEADER = {
    "journal": "telnyx-sip bulk journal",
    "version": 2,
    "plan": DIGEST,
    "count": 2,
}


def _journal(path: Path, plan: list[dict[str, Any]] = PLAN) -> Journal:
    return Journal(path, calls=plan)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_digest_names_the_calls_and_their_order() -> None:
    assert plan_digest(PLAN) == plan_digest([dict(PLAN[0]), dict(PLAN[1])])
    assert plan_digest(reversed(PLAN)) != DIGEST
    assert plan_digest(PLAN[:1]) != DIGEST
    changed = [PLAN[0], {**PLAN[1], "args": {"id": "8"}}]
    assert plan_digest(changed) != DIGEST


def test_a_new_journal_starts_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    journal = _journal(path)
    assert journal.open() == JournalState()
    journal.close()
    assert _lines(path) == [HEADER]
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_empty_file_is_a_new_journal(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    path.touch()
    journal = _journal(path)
    assert journal.open() == JournalState()
    journal.close()
    assert _lines(path) == [HEADER]


def test_every_line_is_fsynced_whole_before_the_call_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "job.jsonl"
    synced: list[bytes] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        synced.append(path.read_bytes())

    monkeypatch.setattr(os, "fsync", fsync)
    journal = _journal(path)
    journal.open()
    journal.started(0)
    journal.outcome({"index": 0, "status": "succeeded", "result": {"id": "1"}})
    # Readable by another reader while the journal is still open.
    assert _lines(path)[1:] == [
        {"index": 0, "event": "started"},
        {"index": 0, "status": "succeeded", "result": {"id": "1"}},
    ]
    journal.close()
    assert len(synced) == 3  # header, started, outcome: one fsync each
    assert all(data.endswith(b"\n") for data in synced)
    assert [data.count(b"\n") for data in synced] == [1, 2, 3]


def test_reopening_appends_after_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    first = _journal(path)
    first.open()
    first.started(0)
    first.close()
    second = _journal(path)
    assert second.open() == JournalState(started={0})
    second.outcome({"index": 0, "status": "failed"})
    second.close()
    assert _lines(path) == [
        HEADER,
        {"index": 0, "event": "started"},
        {"index": 0, "status": "failed"},
    ]


def test_replay_keeps_the_last_word_per_index(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    entries: list[object] = [
        HEADER,
        {"index": 0, "event": "started"},
        {"index": 0, "status": "unknown"},
        {"index": 0, "event": "started"},
        {"index": 0, "status": "succeeded", "result": {"id": "1"}},
        {"index": 1, "event": "started"},
        {"index": 1, "status": "failed"},
        {"index": 1, "status": "unknown"},
        {"index": "2", "status": "succeeded"},  # not an index: ignored
        {"index": 3},  # neither started nor an outcome
        [4, "succeeded"],
    ]
    path.write_text("".join(json.dumps(e) + "\n" for e in entries))
    journal = _journal(path)
    state = journal.open()
    journal.close()
    assert state.outcomes == {
        0: {"index": 0, "status": "succeeded", "result": {"id": "1"}},
        1: {"index": 1, "status": "unknown"},
    }
    assert state.started == {0, 1}


def test_a_torn_last_line_is_ignored_and_not_glued_to_the_next(
    tmp_path: Path,
) -> None:
    path = tmp_path / "job.jsonl"
    journal = _journal(path)
    journal.open()
    journal.outcome({"index": 0, "status": "succeeded"})
    journal.close()
    with path.open("a") as fh:
        fh.write('{"index": 1, "status": "succ')  # the process died mid-write
    resumed = _journal(path)
    assert resumed.open().outcomes == {0: {"index": 0, "status": "succeeded"}}
    resumed.outcome({"index": 1, "status": "failed"})
    resumed.close()
    again = _journal(path)
    assert again.open().outcomes == {
        0: {"index": 0, "status": "succeeded"},
        1: {"index": 1, "status": "failed"},
    }
    again.close()


def test_a_journal_of_another_plan_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    journal = _journal(path)
    journal.open()
    journal.started(0)
    journal.close()
    before = path.read_bytes()
    other = _journal(path, PLAN[:1])
    with pytest.raises(InvalidArgumentError, match="belongs to a different plan"):
        other.open()
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "not json\n",
        '{"journal": "something else", "plan": "x"}\n',
        '["telnyx-sip bulk journal"]\n',
        '{"index": 0, "status": "succeeded"}\n',
    ],
)
def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "job.jsonl"
    path.write_text(text)
    with pytest.raises(InvalidArgumentError, match="is not a bulk journal") as info:
        _journal(path).open()
    assert info.value.field == "journal"
    assert path.read_text() == text


def test_writing_needs_an_open_journal(tmp_path: Path) -> None:
    journal = _journal(tmp_path / "job.jsonl")
    with pytest.raises(RuntimeError, match="not open"):
        journal.started(0)
    journal.open()
    journal.close()
    journal.close()  # closing twice is harmless
    with pytest.raises(RuntimeError, match="not open"):
        journal.outcome({"index": 0, "status": "failed"})
