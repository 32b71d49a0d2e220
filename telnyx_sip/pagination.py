"""Pages of list results and the async pager that walks them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

import attrs

from ._core import PageMeta

__all__ = ["AsyncPager", "Page"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a list: its items and the server's pagination meta.

    ``total_pages`` and ``total_results`` are ``None`` when the server did not
    say.
    """

    items: tuple[T, ...]
    page_number: int
    page_size: int
    total_pages: int | None = None
    total_results: int | None = None

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
        cls, items: tuple[T, ...], meta: PageMeta | None, number: int, size: int
    ) -> Page[T]:
        """Page ``number`` of ``size`` items, completed by the server's meta."""
        meta = meta or PageMeta()
        return cls(
            items=items,
            page_number=meta.page_number or number,
            page_size=meta.page_size or size,
            total_pages=meta.total_pages,
            total_results=meta.total_results,
        )


def _identity(page: Page[Any]) -> tuple[object, ...]:
    return tuple(getattr(item, "id", item) for item in page.items)


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
        """Yield pages in order, trimming the last one to ``limit``."""
        remaining = self._limit
        number = self._first_page
        previous: tuple[object, ...] | None = None
        previous_number: int | None = None
        while True:
            page = await self._fetch(number)
            if previous_number is not None and (
                page.page_number == previous_number
                or (page.items and _identity(page) == previous)
            ):
                return  # the server repeated a page: stop instead of looping
            if not page.items and previous_number is not None:
                return
            if remaining is not None and len(page.items) >= remaining:
                yield attrs.evolve(page, items=page.items[:remaining])
                return
            yield page
            if not page.has_next:
                return
            if remaining is not None:
                remaining -= len(page.items)
            previous, previous_number = _identity(page), page.page_number
            number = page.page_number + 1

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def to_list(self) -> list[T]:
        """Collect every item (up to ``limit``) into a list."""
        return [item async for item in self]
