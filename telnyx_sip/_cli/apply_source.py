"""What ``apply`` was given: a JSON-lines call plan or a desired-state document.

The two are told apart by content, not by name: see :func:`is_call_plan`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TextIO

from .plans import STDIN
from .stdin import isatty, read_stdin

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
        if isatty(stdin):
            return None, stdin  # read_plan refuses it
        text = read_stdin(
            stdin, undecodable="cannot read the plan '<stdin>': UnicodeDecodeError"
        )
        return text, io.StringIO(text)
    try:
        with Path(path).open(encoding="utf-8-sig") as fh:
            return fh.read(), stdin
    except (OSError, UnicodeDecodeError):
        return None, stdin
