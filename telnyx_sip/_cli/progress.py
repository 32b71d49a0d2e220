"""Progress of ``apply`` on stderr: a live bar on a terminal, log lines elsewhere.

The bar counts what each call came to (succeeded, failed, unknown) and what
is still to do, so a run stopped by Ctrl-C shows how far it got instead of
``3000/3000`` (a bulk job records the calls it never sent as
``not_attempted`` outcomes when it stops). The rate is measured over the last
few seconds, so a rate-limit pause shows as a falling rate and a growing ETA;
outcomes a resumed run takes from its journal do not count as speed.

Off a terminal (a CI log, ``2> file``) there is no bar but a plain line every
``interval`` seconds. Color is used only on a terminal, and never when
``NO_COLOR`` is set to anything non-empty (https://no-color.org) or ``TERM``
is ``dumb``. Writing progress never stops a run: the first failed write
(stderr closed, a full disk) turns the printer off.
"""

from __future__ import annotations

import asyncio
import collections
import math
import os
import time
from collections.abc import Callable, Mapping
from typing import TextIO

import attrs

from telnyx_sip.bulk import Progress, Status

__all__ = ["ProgressPrinter", "Rate", "Tally", "bar_line", "duration", "log_line"]

_BAR_CELLS = 20
_REDRAW_EVERY = 0.1  # seconds between two redraws of the bar
_TERMINAL_TICK = 1.0  # how often the bar refreshes its rate and ETA by itself
_RATE_WINDOW = 10.0  # seconds of outcomes the rate is measured over

# (character, SGR color) of each kind of outcome in the bar, in bar order.
_GREEN, _RED, _YELLOW, _DIM = "32", "31", "33", "2"


@attrs.frozen
class Tally:
    """How many calls have each status, and how many calls there are."""

    total: int
    succeeded: int = 0
    failed: int = 0
    unknown: int = 0
    not_attempted: int = 0

    @classmethod
    def of(cls, total: int, counts: Mapping[Status, int]) -> Tally:
        """A tally from a status -> count mapping (a report's or a progress's)."""
        return cls(
            total=total,
            succeeded=counts.get("succeeded", 0),
            failed=counts.get("failed", 0),
            unknown=counts.get("unknown", 0),
            not_attempted=counts.get("not_attempted", 0),
        )

    @property
    def done(self) -> int:
        """Calls that came to an end: succeeded, failed or unknown."""
        return self.succeeded + self.failed + self.unknown

    @property
    def to_do(self) -> int:
        """Calls with no outcome yet (not counting those never attempted)."""
        return max(0, self.total - self.done - self.not_attempted)


class Rate:
    """Calls done per second, over a sliding window of samples."""

    def __init__(self, window: float = _RATE_WINDOW) -> None:
        self._window = window
        self._samples: collections.deque[tuple[float, int]] = collections.deque()

    def add(self, now: float, done: int) -> None:
        """Note that ``done`` calls were done at ``now``."""
        samples = self._samples
        samples.append((now, done))
        # Keep one sample older than the window as the base of the measure.
        while len(samples) > 2 and now - samples[1][0] >= self._window:
            samples.popleft()

    def per_second(self) -> float | None:
        """The rate, or ``None`` until two samples are apart in time."""
        if len(self._samples) < 2:
            return None
        (start, first), (end, last) = self._samples[0], self._samples[-1]
        if end <= start:
            return None
        return max(0.0, (last - first) / (end - start))


def duration(seconds: float | None) -> str:
    """``m:ss`` or ``h:mm:ss``; ``-`` when not known."""
    if seconds is None or not math.isfinite(seconds) or seconds >= 100 * 3600:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _speed(rate: float | None) -> str:
    return "-/s" if rate is None else f"{rate:.1f}/s"


def _eta(tally: Tally, rate: float | None) -> float | None:
    if tally.to_do == 0:
        return 0.0
    if not rate:
        return None
    return tally.to_do / rate


def _paint(text: str, code: str, *, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and text else text


def _cells(tally: Tally) -> list[tuple[str, int, str]]:
    """The bar's segments: ``#`` succeeded, ``x`` failed, ``?`` unknown, ``.`` rest."""
    parts = [
        ("#", tally.succeeded, _GREEN),
        ("x", tally.failed, _RED),
        ("?", tally.unknown, _YELLOW),
    ]
    out: list[tuple[str, int, str]] = []
    total = max(tally.total, 1)
    running = drawn = 0
    for char, count, code in parts:
        # Cumulative rounding: segments add up exactly, none hides a count.
        running += count
        end = running * _BAR_CELLS // total
        cells = max(end - drawn, 1 if count else 0)
        cells = min(cells, _BAR_CELLS - drawn)
        out.append((char, cells, code))
        drawn += cells
    out.append((".", _BAR_CELLS - drawn, _DIM))
    return out


def bar_line(
    tally: Tally,
    rate: float | None,
    *,
    color: bool,
    final: str | None = None,
    bar: bool = True,
) -> str:
    """The one-line bar; ``final`` ends it (``"stopped"``, or the run's time).

    ``bar=False`` leaves the bar itself out, for a narrow terminal.
    """
    cells = "".join(_paint(c * n, code, color=color) for c, n, code in _cells(tally))
    counts = [
        f"{label} {_paint(str(n), code, color=color and n > 0)}"
        for label, n, code in (
            ("ok", tally.succeeded, _GREEN),
            ("failed", tally.failed, _RED),
            ("unknown", tally.unknown, _YELLOW),
        )
    ]
    if final is None:
        counts += [
            f"to do {tally.to_do}",
            _speed(rate),
            f"ETA {duration(_eta(tally, rate))}",
        ]
    else:
        if tally.not_attempted or tally.to_do:
            counts.append(f"not attempted {tally.not_attempted + tally.to_do}")
        counts.append(final)
    head = f"[{cells}] " if bar else ""
    return f"{head}{tally.done}/{tally.total}  " + "  ".join(counts)


def log_line(tally: Tally, rate: float | None, elapsed: float) -> str:
    """A progress line for a log: no bar, no color, one line per interval."""
    return (
        f"apply: {tally.done}/{tally.total} done ({tally.succeeded} succeeded, "
        f"{tally.failed} failed, {tally.unknown} unknown), {tally.to_do} to do, "
        f"{_speed(rate)}, ETA {duration(_eta(tally, rate))}, "
        f"{duration(elapsed)} elapsed"
    )


def use_color(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to color output on ``stream``: a terminal, no ``NO_COLOR``."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def _columns(stream: TextIO, environ: Mapping[str, str]) -> int:
    """The terminal's width; ``COLUMNS``, else 80, when it does not say."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    if columns <= 0:  # a pseudo-terminal nobody sized
        text = environ.get("COLUMNS", "")
        columns = int(text) if text.isdigit() and int(text) > 0 else 80
    return columns


class ProgressPrinter:
    """Shows a bulk job's progress on ``stream``; pass it as ``on_progress``.

    Args:
        stream: Where to write (stderr).
        total: How many calls the plan has.
        interval: Seconds between two log lines when ``stream`` is not a
            terminal.
        clock: Monotonic seconds (injected by tests).
        environ: Where ``NO_COLOR`` and ``TERM`` are read.

    """

    def __init__(
        self,
        stream: TextIO,
        total: int,
        *,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._live = _isatty(stream)
        self._environ = os.environ if environ is None else environ
        self._color = use_color(stream, self._environ)
        self._interval = min(interval, _TERMINAL_TICK) if self._live else interval
        self._start = clock()
        self._tally = Tally(total=total)
        self._rate = Rate()
        self._drawn_at: float | None = None
        self._shown = 0  # width of the bar now on screen, for erasing it
        self._quiet = False

    @property
    def interval(self) -> float:
        """Seconds between two :meth:`tick` calls the printer wants."""
        return self._interval

    def __call__(self, progress: Progress) -> None:
        """Take one progress report of the job."""
        self._tally = Tally.of(progress.total, progress.counts)
        now = self._clock()
        self._rate.add(now, self._tally.done)
        if self._live and (
            self._drawn_at is None or now - self._drawn_at >= _REDRAW_EVERY
        ):
            self._draw(now)

    def tick(self) -> None:
        """Refresh the bar, or write the next log line off a terminal."""
        now = self._clock()
        self._rate.add(now, self._tally.done)
        if self._live:
            self._draw(now)
        else:
            line = log_line(self._tally, self._rate.per_second(), now - self._start)
            self._write(f"telnyx-sip: {line}\n")

    async def run(self) -> None:
        """Tick every :attr:`interval` seconds until cancelled."""
        if self._live:
            self._draw(self._clock())
        while True:
            await asyncio.sleep(self._interval)
            self.tick()

    def finish(self, counts: Mapping[Status, int], *, stopped: bool) -> None:
        """Draw the final bar from the report's ``counts`` and end its line."""
        if not self._live:
            return
        self._tally = Tally.of(self._tally.total, counts)
        elapsed = self._clock() - self._start
        final = "stopped" if stopped else f"in {duration(elapsed)}"
        self._draw(self._clock(), final=final)
        self._write("\n")
        self._shown = 0

    def clear(self) -> None:
        """Erase the bar, for a run that never started."""
        if self._live and self._shown:
            self._write("\r" + " " * self._shown + "\r")
            self._shown = 0

    def _draw(self, now: float, *, final: str | None = None) -> None:
        self._drawn_at = now
        rate = self._rate.per_second()
        limit = _columns(self._stream, self._environ) - 1
        for bar in (True, False):  # the counts matter more than the bar
            line = bar_line(self._tally, rate, color=self._color, final=final, bar=bar)
            plain = bar_line(self._tally, rate, color=False, final=final, bar=bar)
            if len(plain) <= limit:
                break
        else:
            # Colors take no columns; cut the plain text rather than an escape.
            line = plain = plain[: max(limit, 0)].rstrip()
        pad = " " * max(0, self._shown - len(plain))
        self._shown = len(plain)
        self._write(f"\r{line}{pad}")

    def _write(self, text: str) -> None:
        if self._quiet:
            return
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self._quiet = True
