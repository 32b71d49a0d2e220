"""What every service shares: operation descriptors and the calls into the client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

import attrs

from telnyx_sip._types import UNSET, RequestOptions, Unset

if TYPE_CHECKING:
    from telnyx_sip._client import AsyncTelnyxSIP
    from telnyx_sip.pagination import AsyncPager

__all__ = ["AsyncService", "ListOperation", "Operation", "QueryParam"]


T = TypeVar("T")


class _Request(Protocol):
    """The signature of ``AsyncTelnyxSIP._request``."""

    async def __call__(
        self,
        op: Operation,
        cast: type[T],
        *,
        path: tuple[str, ...] = (),
        body: object | None = None,
        options: RequestOptions | None = None,
    ) -> T: ...


class _Pager(Protocol):
    """The signature of ``AsyncTelnyxSIP._pager``."""

    def __call__(
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


@attrs.frozen
class Operation:
    """One HTTP operation of the API.

    ``path`` is a template such as ``/ips/{id}``; ``idempotent`` says whether
    re-sending it after an unknown outcome is harmless; ``envelope`` whether
    the answer's object sits under a ``data`` key.
    """

    name: str
    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str
    idempotent: bool
    envelope: bool = True


@attrs.frozen
class QueryParam:
    """A list argument and how it goes on the wire.

    ``kind`` is the Python type the argument takes; ``choices`` restricts it
    to the spec's enum values when not empty.
    """

    wire: str
    kind: Literal["str", "int", "bool", "datetime"]
    choices: tuple[str, ...] = ()


@attrs.frozen
class ListOperation(Operation):
    """A list operation: its query arguments and the spec's page bounds."""

    params: Mapping[str, QueryParam] = attrs.field(factory=dict)
    page_number_min: int = 1
    page_size_min: int = 1
    page_size_max: int = 250
    page_size_default: int = 20


class AsyncService:
    """Base of the per-resource services; holds the client it calls through."""

    __slots__ = ("_call", "_client", "_list")

    def __init__(self, client: AsyncTelnyxSIP) -> None:
        self._client = client
        # The client's own methods, not wrappers: one call layer less.
        self._call: _Request = client._request
        self._list: _Pager = client._pager
