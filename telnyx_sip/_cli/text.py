r"""Text for a person's terminal: control characters made visible, widths measured.

Strings from the API (names, error details) reach tables and messages. An
escape sequence in one (``ESC[2J``, an OSC title) would act on the terminal,
and a tab or newline would break a table's columns, so every such character
is shown as an escape (``\x1b``, ``\n``) instead. JSON output is left alone:
``json.dumps`` escapes control characters itself.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ljust", "printable", "width"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x20 or 0x7F <= code < 0xA0:
        return f"\\x{code:02x}"
    if unicodedata.category(char) in {"Cf", "Zl", "Zp"}:
        # Bidirectional overrides and line separators reorder or split lines.
        return f"\\u{code:04x}"
    return char


def printable(text: str) -> str:
    """``text`` with every control or format character escaped."""
    if text.isprintable():
        return text
    return "".join(_shown(c) for c in text)


def width(text: str) -> int:
    """Columns ``text`` takes: wide (CJK) characters 2, combining marks 0."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return total


def ljust(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))
