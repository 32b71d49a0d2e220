"""``SyncPager``: the blocking twin of :class:`~telnyx_sip.pagination.AsyncPager`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Generic, TypeVar

from telnyx_sip.pagination import AsyncPager, Page

from ._loop_thread import LoopThread

__all__ = ["SyncPager"]

T = TypeVar("T")

_CLOSED = "the client was closed while this list was being iterated"


class SyncPager(Generic[T]):
    """A lazily fetched list result, for code that does not use ``await``.

    - ``pager.first_page()`` fetches and returns the first page;
    - ``for item in pager`` yields every item across pages;
    - ``for page in pager.pages()`` yields page by page;
    - ``pager.to_list()`` collects every item.

    It stops where :class:`~telnyx_sip.pagination.AsyncPager` stops (last or
    empty page, a repeated page, ``limit`` items). Each page costs one trip to
    the client's loop thread, whatever its number of items.
    """

    __slots__ = ("_pager", "_runner")

    def __init__(self, pager: AsyncPager[T], runner: LoopThread) -> None:
        self._pager = pager
        # Holding the runner keeps the client's loop alive while the pager
        # is in use, even when the client object itself is gone.
        self._runner = runner

    @property
    def limit(self) -> int | None:
        """The most items iteration will yield (``None``: no limit)."""
        return self._pager.limit

    def first_page(self) -> Page[T]:
        """Fetch the first page (the one ``page_number=`` names, else page 1)."""
        return self._runner.call(_await, self._pager)

    def pages(self) -> Iterator[Page[T]]:
        """Yield pages in order, the last one trimmed to ``limit``."""
        pages = self._pager.pages()
        call = self._runner.call
        remaining = self._pager.limit
        while True:
            page = call(_next, pages)
            if page is None:
                return
            yield page
            # Where the async pager is sure to stop, stop without another
            # trip to the loop just to hear that it has.
            if remaining is not None:
                remaining -= len(page.items)
                if remaining <= 0:
                    return
            if not page.has_next:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def to_list(self) -> list[T]:
        """Collect every item (up to ``limit``) into a list."""
        return self._runner.call(self._pager.to_list)


async def _await(pager: AsyncPager[T]) -> Page[T]:
    return await pager


async def _next(pages: AsyncIterator[Page[T]]) -> Page[T] | None:
    # An unfinished ``pages`` generator is closed on the loop by asyncio's
    # async-generator hooks when dropped, or when the loop stops. Iteration
    # never resumes one it saw finish, so finding it finished means the
    # client was closed mid-way: say so rather than end the list early.
    if getattr(pages, "ag_frame", pages) is None:
        raise RuntimeError(_CLOSED)
    try:
        return await anext(pages)
    except StopAsyncIteration:
        return None
