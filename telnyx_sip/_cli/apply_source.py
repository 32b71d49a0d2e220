"""What ``apply`` was given: a JSON-lines call plan or a desired-state document.

The two are told apart by content, not by name: see :func:`is_call_plan`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TextIO

from .failures import UsageError
from .plans import STDIN

__all__ = ["is_call_plan", "read_source"]


def is_call_plan(text: str) -> bool:
    """Whether ``text`` is a JSON-lines call plan rather than a document.

    A call plan's first non-blank line is a JSON object with a ``resource``
    key; text without a non-blank line is an empty call plan, as it always
    was. Anything else is a desired-state document.
    """
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            return False
        return isinstance(data, dict) and "resource" in data
    return True


def read_source(path: str, stdin: TextIO) -> tuple[str | None, TextIO]:
    """Enough of ``path`` to tell what it is, and the stdin to read it from.

    Standard input can be read once only: it is read whole here and handed
    on as a new stream. A file that cannot be read gives ``None``, so that
    :func:`read_plan` reports it as it always did.
    """
    if path == STDIN:
        if _isatty(stdin):
            return None, stdin  # read_plan refuses it
        text = _read_stdin(stdin)
        return text, io.StringIO(text)
    try:
        with Path(path).open(encoding="utf-8-sig") as fh:
            return fh.read(), stdin
    except (OSError, UnicodeDecodeError):
        return None, stdin


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read_stdin(stdin: TextIO) -> str:
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        return stdin.read().removeprefix("\ufeff")
    data: bytes = raw.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = "cannot read the plan '<stdin>': UnicodeDecodeError"
        raise UsageError(msg) from None
