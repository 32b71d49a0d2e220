"""JSON bodies in and out: the standard library, or orjson with the speedups extra.

``pip install telnyx-sip[speedups]`` adds orjson, which decodes a 250-item
page several times faster than :func:`json.loads`; without it (the default
install) the standard library does the work. Both give the same values for
every body this SDK sends or accepts:

- request bodies hold no NaN or infinity (model fields refuse them, and
  ``client.request`` bodies are checked with :func:`check_body` first), and
  non-string keys become strings in both;
- an answer that is not JSON fails to decode with either as a
  :class:`ValueError` or :class:`RecursionError`, which callers treat as
  "not JSON"; orjson is stricter (``NaN`` and ``Infinity`` literals, nesting
  past 1,024 levels) and reads an integer beyond 64 bits as a float, which an
  ``int`` field of a model then refuses rather than rounding it silently.

``TELNYX_SIP_NO_SPEEDUPS=1`` keeps the standard library even when orjson is
installed (benchmarks compare the two in one environment).
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable

__all__ = ["BACKEND", "ENV_NO_SPEEDUPS", "check_body", "dumps", "loads"]

ENV_NO_SPEEDUPS = "TELNYX_SIP_NO_SPEEDUPS"

_std_encoder = json.JSONEncoder(separators=(",", ":"))


def _std_dumps(obj: object) -> bytes:
    return _std_encoder.encode(obj).encode()


loads: Callable[[bytes], object] = json.loads
"""Decode a body (bytes); raises ValueError (or RecursionError) when not JSON."""

dumps: Callable[[object], bytes] = _std_dumps
"""Encode JSON-shaped data compactly; raises TypeError or ValueError."""

BACKEND = "json"
"""Which library decodes and encodes: ``"json"`` or ``"orjson"``."""

if not os.environ.get(ENV_NO_SPEEDUPS):
    try:
        # Imported by name: the default install (and its type check) has no orjson.
        orjson = importlib.import_module("orjson")
    except ImportError:  # the default install: no speedups extra
        pass
    else:
        _OPTIONS = orjson.OPT_NON_STR_KEYS

        def _orjson_dumps(obj: object) -> bytes:
            encoded: bytes = orjson.dumps(obj, option=_OPTIONS)
            return encoded

        loads = orjson.loads
        dumps = _orjson_dumps
        BACKEND = "orjson"


def check_body(obj: object) -> None:
    """Refuse what strict JSON cannot carry (NaN, infinity), whichever backend.

    Raises:
        TypeError: A value JSON cannot represent.
        ValueError: NaN or infinity, or a circular reference.
        RecursionError: Nesting deeper than the interpreter's stack.

    """
    json.dumps(obj, allow_nan=False)
