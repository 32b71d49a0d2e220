"""Request bodies checked with the SDK's own request models, without coercion.

The JSON values are handed to the attrs request models exactly as decoded:
``"5"`` stays a string and fails an integer field, ``1`` fails a boolean one.
Nested objects (``inbound``, ``outbound`` ...) are built into their ``*Params``
classes first, so every failure can be reported with a JSON pointer such as
``/inbound/timeout_1xx_secs``. Every field is checked, so one answer lists all
the problems of a body, not just the first.

Which fields a model has, which are required and which hold a nested class
come from :func:`telnyx_sip._signatures.model_fields`, the reader the SDK's own
argument binding uses; the sandbox keeps no copy of its own. A copy would be
no independent oracle: it would read the same generated models, and these
checks judge bodies with those models on purpose, so that the sandbox refuses
what the SDK refuses. What the sandbox does hold independently of the SDK is
generated from the spec itself (``_spec_data``: routes, statuses, envelopes,
list filters and page bounds, answer fields and defaults), and the tests
validate every answer it sends against the spec's schemas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from telnyx_sip._signatures import model_fields
from telnyx_sip.errors import InvalidArgumentError

from ._problems import INVALID, MISSING, Problem, Rejected

__all__ = ["check_body", "json_type"]

_INDEX = re.compile(r"\[(\d+)\]")
_JSON_TYPES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _detail(exc: InvalidArgumentError) -> str:
    text = str(exc)
    prefix = f"{exc.field}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _pointer(prefix: str, field: str) -> str:
    # "codecs[2]" names a list item: "/codecs/2" in pointer form.
    return prefix + "/" + _INDEX.sub(r"/\1", field)


def _check(
    model: type[Any], data: Mapping[str, Any], prefix: str, problems: list[Problem]
) -> tuple[dict[str, Any], object | None]:
    """Check ``data`` against ``model``: the known keys as sent, and the model."""
    before = len(problems)
    cleaned: dict[str, Any] = {}
    kwargs: dict[str, Any] = {}
    for field in model_fields(model).values():
        name = field.attribute.name
        pointer = f"{prefix}/{name}"
        if name not in data:
            if field.required:
                problems.append(Problem(MISSING, f"{name} is required", pointer))
            continue
        raw = value = data[name]
        if field.nested is not None and value is not None:
            if not isinstance(value, dict):
                problems.append(
                    Problem(
                        INVALID,
                        f"expected an object, got {json_type(value)}",
                        pointer,
                    )
                )
                continue
            raw, value = _check(field.nested, value, pointer, problems)
            if value is None:
                continue
        validator = field.attribute.validator
        try:
            if validator is not None:
                validator(None, field.attribute, value)
        except InvalidArgumentError as exc:
            problems.append(Problem(INVALID, _detail(exc), _pointer(prefix, exc.field)))
            continue
        cleaned[name] = raw
        kwargs[name] = value
    if len(problems) > before:
        return cleaned, None
    try:
        return cleaned, model(**kwargs)
    except InvalidArgumentError as exc:  # a rule spanning several fields
        problems.append(Problem(INVALID, _detail(exc), _pointer(prefix, exc.field)))
        return cleaned, None


def check_body(model: type[Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``body`` with the request model ``model``.

    Returns the keys the model knows, with their JSON values as sent (nested
    objects filtered the same way). Keys the model does not know are dropped,
    as the API ignores them. Raises :class:`Rejected` (422) listing every
    problem found.
    """
    problems: list[Problem] = []
    cleaned, _ = _check(model, body, "", problems)
    if problems:
        raise Rejected(422, problems)
    return cleaned
