"""Telnyx-style error answers: ``errors[]`` entries and the exception carrying them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

__all__ = [
    "ASSOCIATION",
    "AUTHENTICATION",
    "BAD_REQUEST",
    "DUPLICATE",
    "INVALID",
    "INVALID_JSON",
    "IN_USE",
    "MISSING",
    "NOT_FOUND",
    "TOO_MANY",
    "UNEXPECTED",
    "Kind",
    "Problem",
    "Rejected",
    "error_body",
]

_DOCS = "https://developers.telnyx.com/docs/overview/errors/"


@attrs.frozen
class Kind:
    """A Telnyx error code and the short title that goes with it."""

    code: str
    title: str


MISSING = Kind("10004", "Missing required parameter")
NOT_FOUND = Kind("10005", "Resource not found")
UNEXPECTED = Kind("10007", "Unexpected error")
AUTHENTICATION = Kind("10009", "Authentication failed")
TOO_MANY = Kind("10011", "Too many requests")
DUPLICATE = Kind("10012", "Duplicate resource")
BAD_REQUEST = Kind("10015", "Bad request")
INVALID = Kind("10015", "Invalid value")
ASSOCIATION = Kind("10017", "Associated resource does not exist")
IN_USE = Kind("10021", "Resource in use")
INVALID_JSON = Kind("10023", "Invalid JSON")


@attrs.frozen
class Problem:
    """One entry of an ``errors[]`` array.

    ``pointer`` is a JSON pointer into the request body (``/inbound/codecs/0``),
    ``parameter`` the name of a query parameter (``page[size]``).
    """

    kind: Kind
    detail: str
    pointer: str | None = None
    parameter: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry as Telnyx writes it."""
        entry: dict[str, Any] = {
            "code": self.kind.code,
            "title": self.kind.title,
            "detail": self.detail,
        }
        if self.pointer is not None:
            entry["source"] = {"pointer": self.pointer}
        elif self.parameter is not None:
            entry["source"] = {"parameter": self.parameter}
        entry["meta"] = {"url": _DOCS + self.kind.code}
        return entry


def error_body(problems: Sequence[Problem]) -> dict[str, Any]:
    """The JSON body of an error answer."""
    return {"errors": [p.to_json() for p in problems]}


class Rejected(Exception):
    """Raised by a handler to answer with an error status and ``errors[]``."""

    def __init__(
        self,
        status: int,
        problems: Sequence[Problem],
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.problems = tuple(problems)
        self.headers = headers or {}
        super().__init__(f"{status}: {'; '.join(p.detail for p in self.problems)}")
