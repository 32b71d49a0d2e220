"""What every service shares: the client they call through, seen as a Protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

from telnyx_sip._operations import ListOperation, Operation
from telnyx_sip._types import UNSET, RequestOptions, Unset

if TYPE_CHECKING:
    from telnyx_sip.pagination import AsyncPager

__all__ = ["AsyncService", "ServiceClient"]


T = TypeVar("T")


class ServiceClient(Protocol):
    """The two calls a service makes into its client (``AsyncTelnyxSIP``)."""

    async def _request(
        self,
        op: Operation,
        cast: type[T],
        *,
        path: tuple[str, ...] = (),
        body: object | None = None,
        options: RequestOptions | None = None,
    ) -> T: ...

    def _pager(
        self,
        op: ListOperation,
        cast: type[T],
        args: Mapping[str, object],
        *,
        page_number: int | Unset = UNSET,
        page_size: int | Unset = UNSET,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[T]: ...


class AsyncService:
    """Base of the per-resource services; holds the client it calls through."""

    __slots__ = ("_call", "_client", "_list")

    def __init__(self, client: ServiceClient) -> None:
        self._client = client
        # The client's own methods, not wrappers: one call layer less.
        self._call = client._request
        self._list = client._pager
