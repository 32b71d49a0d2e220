r"""Text for a person's terminal: control characters made visible, widths measured.

Strings from the API (names, error details) reach tables and messages. An
escape sequence in one (``ESC[2J``, an OSC title) would act on the terminal,
and a tab or newline would break a table's columns, so every such character
is shown as an escape (``\x1b``, ``\n``) instead. JSON output is left alone:
``json.dumps`` escapes control characters itself.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ELLIPSIS", "ljust", "plural", "printable", "truncate", "width"]

ELLIPSIS = "\u2026"
"""The marker that ends a cell cut short to fit its column."""

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


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def width(text: str) -> int:
    """Columns ``text`` takes: wide (CJK) characters 2, combining marks 0."""
    return sum(_cells(char) for char in text)


def truncate(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` terminal columns, ending in the marker.

    A wide character that would straddle the limit is left out whole, so
    the result may be a column short; combining marks stay with their base.
    """
    if width(text) <= columns:
        return text
    room = columns - 1  # the marker takes one column
    kept: list[str] = []
    used = 0
    for char in text:
        cells = _cells(char)
        if used + cells > room:
            break
        kept.append(char)
        used += cells
    return "".join(kept) + ELLIPSIS


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 call"``, ``"2 calls"``: ``count`` and the right form of ``word``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many if many is not None else word + 's'}"


def ljust(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))
