"""Data describing one API operation: its HTTP line, safety and list arguments.

The generated services hold one descriptor per operation and hand it to the
client; :mod:`telnyx_sip._core` reads them to build requests. Nothing here
imports anything above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = ["ListOperation", "Operation", "QueryParam"]


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
