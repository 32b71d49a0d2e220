"""Models as plain data: the API's JSON shape, for your own storage and APIs.

:func:`to_dict` and :func:`to_json` turn a model back into what the API sent:
JSON names and values (enum members as their strings, nested objects as
objects), unknown fields kept in ``extra`` merged back in place, and secrets
such as SIP passwords included, since the caller asked for the data. A
model's ``repr()`` stays short and never shows a secret.

They are functions rather than methods, as ``attrs.asdict`` and
``attrs.evolve`` are: a model's attributes are the API's fields and nothing
else, so no field the API adds can ever collide with a method, and one
function serves every model, nested ones included. Both go through the
client's one converter, the same code that reads the answers.
"""

from __future__ import annotations

import json
from typing import Any

from ._converter import to_json as _plain_json
from .models import REQUEST_MODELS, RESPONSE_MODELS

__all__ = ["to_dict", "to_json"]

_MODELS = frozenset((*RESPONSE_MODELS, *REQUEST_MODELS))


def to_dict(model: object) -> dict[str, Any]:
    """A model as the JSON object the API sends (or, for a request, receives).

    For a response model, fields that are ``None`` are left out (the model
    cannot tell a ``null`` from a key the answer did not have), and the keys
    in ``extra`` are merged in with their values as received. For a request
    model, fields left ``UNSET`` are left out and ``None`` stays ``None``
    (JSON ``null``), as in the request body.

    Raises:
        TypeError: ``model`` is not one of the SDK's models.

    """
    cls = type(model)
    if cls not in _MODELS:
        msg = f"expected a telnyx_sip model, got {cls.__module__}.{cls.__qualname__}"
        raise TypeError(msg)
    data: dict[str, Any] = _plain_json(model, redact=False)
    return data


def to_json(model: object, *, indent: int | None = None) -> str:
    """:func:`to_dict` as JSON text (UTF-8 characters kept as they are).

    Raises:
        TypeError: ``model`` is not one of the SDK's models.

    """
    return json.dumps(to_dict(model), indent=indent, ensure_ascii=False)
