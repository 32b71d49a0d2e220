"""What goes wrong with a document or an account, before anything is written."""

from __future__ import annotations

from collections.abc import Sequence

from telnyx_sip.errors import InvalidArgumentError

__all__ = [
    "AmbiguousObjectError",
    "DocumentError",
    "MissingVariableError",
    "UnresolvedReferenceError",
]


class DocumentError(InvalidArgumentError):
    """The document is not valid; nothing was sent.

    ``problems`` lists every problem found, each starting with its place
    (``ips[3].port: ...``); the message shows them one a line.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n  ".join(self.problems)
        count = len(self.problems)
        super().__init__(
            "document",
            f"{count} problem{'s' if count != 1 else ''}:\n  {lines}",
        )


class AmbiguousObjectError(InvalidArgumentError):
    """Several account objects share the natural key of a document object.

    The engine never guesses which one is meant: remove or rename the extra
    objects first. ``ids`` names them all.
    """

    def __init__(self, label: str, ids: Sequence[str]) -> None:
        self.label = label
        self.ids = tuple(ids)
        super().__init__(
            label,
            f"{len(self.ids)} account objects have this key (ids "
            f"{', '.join(self.ids)}); remove all but one first",
        )


class MissingVariableError(InvalidArgumentError):
    """An environment variable a document refers to is not set.

    ``variable`` names it and ``field`` the document place that needs it.
    Raised by ``apply`` before any request.
    """

    def __init__(self, variable: str, place: str) -> None:
        self.variable = variable
        super().__init__(place, f"the environment variable {variable} is not set")


class UnresolvedReferenceError(InvalidArgumentError):
    """A by-name reference names nothing in the document or the account.

    ``field`` is the document place (``ips[0].connection``), ``name`` the
    name looked for.
    """

    def __init__(self, place: str, name: str, where: str) -> None:
        self.name = name
        super().__init__(
            place, f"no {where} named {name!r} in the document or the account"
        )
