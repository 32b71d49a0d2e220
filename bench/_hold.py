"""The child process of the memory row: hold ``PAGES`` list pages, print RSS.

Imports only :mod:`bench.subjects` (aiohttp) and, through it, the one client
being measured.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys

from .subjects import open_async


def _rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec from the
    # forked parent, so a child would report the benchmark's own peak.
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _hold(subject: str, base: str, pages: int) -> dict[str, float]:
    async with open_async(subject, base, 1) as ops:
        await ops["cc_list"]()
        before = _rss_mib()
        held = [await ops["cc_list"]() for _ in range(pages)]
        after = _rss_mib()
        assert len(held) == pages
        return {
            "peak_mib": _peak_mib(),
            "before_mib": before,
            "held_mib": after - before,
        }


if __name__ == "__main__":
    subject, base, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(json.dumps(asyncio.run(_hold(subject, base, count))))
