"""Pages of list results and the async pager that walks them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

import attrs

from ._core import PageMeta
from ._raw import APIResponse, Exchange

__all__ = ["AsyncPager", "Page"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a list: its items, its place and the server's totals.

    ``page_number`` and ``page_size`` are the ones the client asked for: it
    counts pages itself and never takes the next page number from an answer.
    ``total_pages`` and ``total_results`` are what the server said, or
    ``None`` when it did not say. :attr:`response` is the HTTP response the
    page came in.
    """

    items: tuple[T, ...]
    page_number: int
    page_size: int
    total_pages: int | None = None
    total_results: int | None = None
    _exchange: Exchange | None = attrs.field(
        default=None, repr=False, eq=False, alias="_exchange"
    )

    @property
    def response(self) -> APIResponse[Page[T]]:
        """The page's HTTP response: status, headers, request id, rate limit.

        Raises:
            RuntimeError: The page was made by hand, not fetched.

        """
        if self._exchange is None:
            msg = "this page was not fetched by a client: it has no response"
            raise RuntimeError(msg)
        return APIResponse.of(self._exchange, self)

    @property
    def has_next(self) -> bool:
        """Whether the server says another page follows this one."""
        if not self.items:
            return False
        if self.total_pages is not None:
            return self.page_number < self.total_pages
        return len(self.items) >= self.page_size

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def from_meta(
        cls,
        items: tuple[T, ...],
        meta: PageMeta | None,
        number: int,
        size: int,
        exchange: Exchange | None = None,
    ) -> Page[T]:
        """Page ``number`` of ``size`` items, with the server's totals."""
        meta = meta or PageMeta()
        return cls(
            items=items,
            page_number=number,
            page_size=size,
            total_pages=meta.total_pages,
            total_results=meta.total_results,
            _exchange=exchange,
        )


def _key(item: object) -> object:
    """What makes an item the same item on another page: its id."""
    key = getattr(item, "id", None)
    return item if key is None else key


class AsyncPager(Generic[T]):
    """A lazily fetched list result.

    - ``await pager`` fetches and returns the first page;
    - ``async for item in pager`` yields every item across pages;
    - ``async for page in pager.pages()`` yields page by page.

    Iteration stops on the last page, on an empty page, when the server
    answers with a page it already sent, and after ``limit`` items.
    """

    def __init__(
        self,
        fetch: Callable[[int], Awaitable[Page[T]]],
        *,
        first_page: int = 1,
        limit: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._first_page = first_page
        # Checked by the client (``_core.prepare_list``) before any request.
        self._limit = limit

    @property
    def limit(self) -> int | None:
        """The most items iteration will yield (``None``: no limit)."""
        return self._limit

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._fetch(self._first_page).__await__()

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield pages in order, trimming the last one to ``limit``.

        Items already yielded in this iteration are dropped from later pages
        (a server that shifts or repeats pages cannot make an item appear
        twice), and a page with nothing new ends the iteration.
        """
        remaining = self._limit
        number = self._first_page
        seen: set[object] = set()
        while True:
            page = await self._fetch(number)
            fresh = tuple(i for i in page.items if _key(i) not in seen)
            if not fresh and (page.items or number != self._first_page):
                return  # an empty page after the first, or only repeats
            more = page.has_next  # judged on the whole page, repeats included
            if len(fresh) != len(page.items):
                page = attrs.evolve(page, items=fresh)
            if remaining is not None and len(fresh) >= remaining:
                yield attrs.evolve(page, items=fresh[:remaining])
                return
            yield page
            if not more:
                return
            if remaining is not None:
                remaining -= len(fresh)
            seen.update(_key(i) for i in fresh)
            number += 1

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def to_list(self) -> list[T]:
        """Collect every item (up to ``limit``) into a list."""
        return [item async for item in self]
