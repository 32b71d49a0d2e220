"""Secret values kept out of reprs and out of the journal's plan digest.

The secret fields are those of :data:`telnyx_sip._meta.SECRET_FIELDS` (SIP
passwords, IP authentication tokens), at any depth of a call's arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telnyx_sip._meta import SECRET_FIELDS
from telnyx_sip._types import REDACTED

__all__ = ["redact", "redacted_repr"]


def redact(value: Any) -> Any:
    """``value`` with every secret field's value replaced by ``REDACTED``.

    Mappings, lists and tuples are walked; ``None`` stays ``None`` (the field
    was given as null, which is no secret). Anything else is returned as is.
    """
    if isinstance(value, Mapping):
        return {
            key: REDACTED if key in SECRET_FIELDS and item is not None else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, tuple):
        return tuple(redact(item) for item in value)
    return value


def redacted_repr(value: object) -> str:
    """``repr(value)`` without the values of secret fields."""
    return repr(redact(value))
