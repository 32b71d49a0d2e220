"""The cost of handing a call to a loop thread and back, by mechanism.

Not part of ``python -m bench``: run ``python -m bench.handoff``. A loop runs
in a thread of its own, as the sync client's does; the calling thread hands
it a no-op coroutine and waits for the result, N times per mechanism, in
interleaved rounds. Prints client CPU (``getrusage``, all threads) per
hand-off. The sync client uses the lock (and, on Python 3.12+, an eager task).
"""

from __future__ import annotations

import argparse
import asyncio
import queue
import resource
import statistics
import sys
import threading
from collections.abc import Callable


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _noop() -> int:
    return 1


def _mechanisms(
    loop: asyncio.AbstractEventLoop, n: int
) -> dict[str, Callable[[], None]]:
    def future() -> None:
        for _ in range(n):
            asyncio.run_coroutine_threadsafe(_noop(), loop).result()

    def lock() -> None:
        done = threading.Lock()
        for _ in range(n):
            done.acquire()
            loop.call_soon_threadsafe(
                lambda: loop.create_task(_noop()).add_done_callback(
                    lambda _: done.release()
                )
            )
            done.acquire()
            done.release()

    def simple_queue() -> None:
        box: queue.SimpleQueue[int] = queue.SimpleQueue()
        for _ in range(n):
            loop.call_soon_threadsafe(
                lambda: loop.create_task(_noop()).add_done_callback(
                    lambda task: box.put(task.result())
                )
            )
            box.get()

    def event() -> None:
        for _ in range(n):
            ready = threading.Event()
            loop.call_soon_threadsafe(
                lambda ready=ready: loop.create_task(_noop()).add_done_callback(
                    lambda _: ready.set()
                )
            )
            ready.wait()

    found = {
        "future (run_coroutine_threadsafe)": future,
        "lock": lock,
        "SimpleQueue": simple_queue,
        "Event": event,
    }
    if sys.version_info >= (3, 12):

        def eager_lock() -> None:
            done = threading.Lock()

            def start() -> None:
                task = asyncio.Task(_noop(), loop=loop, eager_start=True)
                if task.done():
                    done.release()
                else:
                    task.add_done_callback(lambda _: done.release())

            for _ in range(n):
                done.acquire()
                loop.call_soon_threadsafe(start)
                done.acquire()
                done.release()

        found["lock, eager task"] = eager_lock
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000, help="hand-offs per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    mechanisms = _mechanisms(loop, args.n)
    figures: dict[str, list[float]] = {name: [] for name in mechanisms}
    for _ in range(args.rounds):
        for name, run in mechanisms.items():
            before = _cpu()
            run()
            figures[name].append((_cpu() - before) / args.n * 1e6)
    python = sys.version.split()[0]
    for name, values in figures.items():
        print(f"python {python}  {name:36s} {statistics.median(values):7.1f} µs CPU")
    loop.call_soon_threadsafe(loop.stop)


if __name__ == "__main__":
    main()
