"""The progress of ``apply``: the bar, the log lines, rate, ETA and color."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from telnyx_sip._cli.progress import (
    ProgressPrinter,
    Rate,
    Tally,
    bar_line,
    duration,
    log_line,
    use_color,
)
from telnyx_sip.bulk import Progress, Status
from telnyx_sip.cli import ExitCode, main
from telnyx_sip.testing import FaultConfig, ThreadedSandbox

KEY = "progress-key"
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Broken(Terminal):
    def write(self, text: str) -> int:
        raise BrokenPipeError


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _progress(total: int, **counts: int) -> Progress:
    tally = cast("dict[Status, int]", counts)
    return Progress(done=sum(counts.values()), total=total, counts=tally)


def test_tally_counts_done_and_to_do_apart_from_not_attempted() -> None:
    tally = Tally.of(10, {"succeeded": 3, "failed": 1, "not_attempted": 4})
    assert (tally.done, tally.to_do, tally.unknown) == (4, 2, 0)
    assert Tally(total=3).to_do == 3


def test_rate_is_measured_over_a_sliding_window() -> None:
    rate = Rate(window=10.0)
    assert rate.per_second() is None
    rate.add(0.0, 500)  # a resumed run starts with outcomes from its journal
    assert rate.per_second() is None
    rate.add(0.0, 501)
    assert rate.per_second() is None  # no time has passed
    rate.add(2.0, 520)
    assert rate.per_second() == pytest.approx(10.0)
    for second in range(3, 30):
        rate.add(float(second), 520)  # a long pause: the rate falls to zero
    assert rate.per_second() == 0.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "-"),
        (float("nan"), "-"),
        (float("inf"), "-"),
        (0.4, "0:00"),
        (59.6, "1:00"),
        (75, "1:15"),
        (3723, "1:02:03"),
        (1e9, "-"),
    ],
)
def test_duration(seconds: float | None, text: str) -> None:
    assert duration(seconds) == text


def test_bar_shows_each_status_and_what_is_left() -> None:
    tally = Tally(total=40, succeeded=10, failed=1, unknown=1)
    line = bar_line(tally, 4.0, color=False)
    assert line == (
        "[#####x?.............] 12/40  ok 10  failed 1  unknown 1  to do 28  "
        "4.0/s  ETA 0:07"
    )
    assert bar_line(Tally(total=5), None, color=False).endswith("-/s  ETA -")


def test_a_single_failure_among_thousands_still_shows() -> None:
    line = bar_line(Tally(total=3000, succeeded=2999, failed=1), 50.0, color=False)
    assert line.startswith("[###################x] 3000/3000")


def test_a_stopped_run_does_not_claim_to_be_done() -> None:
    tally = Tally(total=3000, succeeded=412, unknown=2, not_attempted=2586)
    line = bar_line(tally, 30.0, color=False, final="stopped")
    assert line == (
        "[##?.................] 414/3000  ok 412  failed 0  unknown 2  "
        "not attempted 2586  stopped"
    )
    assert "3000/3000" not in line


def test_color_marks_counts_only_when_asked() -> None:
    tally = Tally(total=4, succeeded=2, failed=1)
    colored = bar_line(tally, 1.0, color=True)
    assert "\x1b[32m" in colored
    assert "\x1b[31m" in colored
    assert ESCAPE.sub("", colored) == bar_line(tally, 1.0, color=False)
    assert "\x1b" not in bar_line(tally, 1.0, color=False)


def test_log_line() -> None:
    tally = Tally(total=100, succeeded=40, failed=2)
    assert log_line(tally, 8.5, 65.0) == (
        "apply: 42/100 done (40 succeeded, 2 failed, 0 unknown), 58 to do, "
        "8.5/s, ETA 0:07, 1:05 elapsed"
    )


@pytest.mark.parametrize(
    ("stream", "environ", "expected"),
    [
        (Terminal(), {}, True),
        (Terminal(), {"NO_COLOR": ""}, True),  # set but empty: no effect
        (Terminal(), {"NO_COLOR": "1"}, False),
        (Terminal(), {"TERM": "dumb"}, False),
        (io.StringIO(), {}, False),
    ],
)
def test_use_color(
    stream: io.StringIO, environ: dict[str, str], expected: bool
) -> None:
    assert use_color(stream, environ) is expected


def test_printer_redraws_one_line_at_most_ten_times_a_second() -> None:
    stream, clock = Terminal(), Clock()
    environ = {"NO_COLOR": "1", "COLUMNS": "120"}
    printer = ProgressPrinter(stream, 100, clock=clock, environ=environ)
    printer(_progress(100, succeeded=1))
    printer(_progress(100, succeeded=2))  # same instant: not drawn
    clock.now += 0.5
    printer(_progress(100, succeeded=3))
    frames = stream.getvalue().split("\r")[1:]
    assert [f.split("]")[1].split()[0] for f in frames] == ["1/100", "3/100"]
    assert "\n" not in stream.getvalue()
    printer.finish({"succeeded": 3, "not_attempted": 97}, stopped=True)
    last = stream.getvalue().split("\r")[-1]
    assert last.startswith("[#...................] 3/100  ok 3")
    assert last.rstrip().endswith("not attempted 97  stopped")
    assert stream.getvalue().endswith("\n")


def test_printer_pads_a_shorter_line_and_fits_the_terminal() -> None:
    stream, clock = Terminal(), Clock()
    printer = ProgressPrinter(
        stream, 10, clock=clock, environ={"NO_COLOR": "1", "COLUMNS": "60"}
    )
    printer(_progress(10, succeeded=9))
    clock.now += 1
    printer.finish({"succeeded": 9, "not_attempted": 1}, stopped=True)
    first, last = stream.getvalue().split("\r")[1:]
    # Too narrow for the bar: the counts stay and the bar goes.
    assert first == "9/10  ok 9  failed 0  unknown 0  to do 1  -/s  ETA -"
    assert last == "9/10  ok 9  failed 0  unknown 0  not attempted 1  stopped\n"
    tiny = Terminal()
    narrow = ProgressPrinter(tiny, 10, environ={"NO_COLOR": "", "COLUMNS": "20"})
    narrow(_progress(10, failed=9))
    assert tiny.getvalue() == "\r9/10  ok 0  failed"  # cut, with no escape
    screen = Terminal()
    wide = ProgressPrinter(screen, 10, clock=clock, environ={"NO_COLOR": "1"})
    wide(_progress(10, succeeded=9))
    clock.now += 1
    wide.finish({"succeeded": 10}, stopped=False)
    first, second = screen.getvalue().split("\r")[1:]
    assert len(second.rstrip("\n")) >= len(first)  # the old text is covered
    assert second.startswith("[####################] 10/10  ok 10")
    assert "in 0:01" in second


def test_printer_off_a_terminal_writes_a_line_per_tick_and_no_bar() -> None:
    stream, clock = io.StringIO(), Clock()
    printer = ProgressPrinter(stream, 10, interval=2.0, clock=clock)
    assert printer.interval == 2.0
    printer(_progress(10, succeeded=1))
    assert stream.getvalue() == ""
    clock.now += 2
    printer(_progress(10, succeeded=5))
    printer.tick()
    printer.finish({"succeeded": 10}, stopped=False)
    assert stream.getvalue() == (
        "telnyx-sip: apply: 5/10 done (5 succeeded, 0 failed, 0 unknown), "
        "5 to do, 2.0/s, ETA 0:02, 0:02 elapsed\n"
    )


def test_on_a_terminal_the_tick_is_at_most_a_second() -> None:
    assert ProgressPrinter(Terminal(), 1, interval=30.0).interval == 1.0


def test_a_failed_write_turns_the_printer_off() -> None:
    printer = ProgressPrinter(Broken(), 10, environ={})
    printer(_progress(10, succeeded=1))  # raises nothing
    printer.tick()
    printer.finish({"succeeded": 10}, stopped=False)


@pytest.fixture
def slow_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with ThreadedSandbox(KEY, faults=FaultConfig(latency=0.01)) as running:
        yield running


def test_apply_writes_progress_lines_when_stderr_is_not_a_terminal(
    slow_sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.jsonl"
    plan.write_text(
        "".join(
            json.dumps(
                {
                    "resource": "outbound_voice_profiles",
                    "action": "create",
                    "args": {"name": f"profile {n:03d}"},
                }
            )
            + "\n"
            for n in range(60)
        )
    )
    argv = ["--base-url", slow_sandbox.base_url, "apply", str(plan)]
    argv += ["--report", str(tmp_path / "r.jsonl"), "--concurrency", "2"]
    code = main([*argv, "--progress-interval", "0.05"])
    err = capsys.readouterr().err.splitlines()
    assert code == ExitCode.OK
    assert err[-1] == (
        "telnyx-sip: 60 calls: 60 succeeded, 0 failed, 0 unknown, 0 not attempted"
    )
    progress = [line for line in err if line.startswith("telnyx-sip: apply: ")]
    assert len(progress) >= 2, err
    assert progress == err[:-1]
    done = [int(line.split()[2].split("/")[0]) for line in progress]
    assert done == sorted(done)
    assert all("/60 done" in line and "elapsed" in line for line in progress)
    assert "\r" not in "".join(err)
    assert "\x1b" not in "".join(err)


def test_clear_erases_the_bar_of_a_run_that_never_started() -> None:
    screen = Terminal()
    printer = ProgressPrinter(screen, 5, environ={"NO_COLOR": "1"})
    printer(_progress(5))
    drawn = screen.getvalue()
    printer.clear()
    printer.clear()  # nothing left to erase
    assert screen.getvalue() == drawn + "\r" + " " * (len(drawn) - 1) + "\r"
    quiet = io.StringIO()
    ProgressPrinter(quiet, 5).clear()
    assert quiet.getvalue() == ""
