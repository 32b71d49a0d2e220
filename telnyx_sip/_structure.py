"""Deciphered data into models through the one converter, and failures explained.

A 2xx body that does not fit its model raises
:class:`~telnyx_sip.errors.ResponseValidationError` with cattrs' account of
every mismatch, the raw body and the request id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import cattrs

from . import errors
from ._converter import CONVERTER
from ._core import Answer, Request

__all__ = ["item_hook", "structure_items", "structure_one"]

T = TypeVar("T")

Hook = Callable[[Any, Any], T]

_STRUCTURE_ERRORS = (
    cattrs.BaseValidationError,
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
)


def item_hook(cast: type[T]) -> Hook[T]:
    """The converter's structure function for ``cast``, looked up once per list."""
    hook: Hook[T] = CONVERTER.get_structure_hook(cast)
    return hook


# The structure function per class, so a call skips the converter's dispatch.
# The converter is complete once imported: nothing registers hooks later.
_HOOKS: dict[Any, Hook[Any]] = {}


def structure_one(answer: Answer, cast: type[T], request: Request) -> T:
    """The answer's data as a ``cast`` instance."""
    hook: Hook[T] | None = _HOOKS.get(cast)
    if hook is None:
        hook = _HOOKS[cast] = item_hook(cast)
    try:
        return hook(answer.data, cast)
    except _STRUCTURE_ERRORS as exc:
        raise _invalid(exc, answer, request) from exc


def structure_items(
    answer: Answer, hook: Hook[T], cast: type[T], request: Request
) -> tuple[T, ...]:
    """Each item of a list answer as a ``cast`` instance."""
    try:
        return tuple([hook(item, cast) for item in answer.data])
    except _STRUCTURE_ERRORS as exc:
        raise _invalid(exc, answer, request) from exc


def _invalid(
    exc: BaseException, answer: Answer, request: Request
) -> errors.ResponseValidationError:
    detail = (
        "; ".join(cattrs.transform_error(exc))
        if isinstance(exc, cattrs.BaseValidationError)
        else f"{type(exc).__name__}: {exc}"
    )
    return errors.ResponseValidationError(
        f"{request.method} {request.path}: response does not fit the model: {detail}",
        status=answer.status,
        body=answer.body,
        request_id=answer.request_id,
    )
