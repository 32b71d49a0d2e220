"""A desired-state plan as text for a person: one block per change, then a summary.

::

    + create ips[connection=pbx, ip_address=203.0.113.7]
        port: 5060
    ~ update ips[connection=pbx, ip_address=203.0.113.8]  (id 1234)
        port: 5060 → 5070
    - delete ips[connection=pbx, ip_address=198.51.100.1]  (id 1240)

    Plan: 1 to create, 1 to update, 1 to delete, 40 unchanged

Values print as JSON (strings quoted, ``null``), with every control character
escaped (names come from the API); a secret field prints as the redaction
marker whatever it holds. Color (green, yellow, red) only on a terminal and
never with ``NO_COLOR`` set, as for the progress bar.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TextIO

from telnyx_sip._types import REDACTED

from .progress import use_color
from .text import plural, printable

if TYPE_CHECKING:
    from telnyx_sip.state import Change, FieldChange, Plan

__all__ = [
    "Renderer",
    "change_line",
    "counts",
    "field_lines",
    "no_changes_line",
    "summary_line",
]

_SIGNS = {"create": "+", "update": "~", "delete": "-", "no-op": "="}
_COLORS = {"create": "32", "update": "33", "delete": "31", "no-op": "2"}
_INDENT = "    "


def _arrow(stream: TextIO) -> str:
    # "→" where the stream can write it; a Latin-1 or ASCII console gets "->".
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "\u2192".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "->"
    return "\u2192"


def _value(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return printable(text)


def field_lines(change: Change, *, arrow: str = "\u2192") -> list[str]:
    """The fields of one change, one line each (``path: old → new``)."""
    lines = []
    for field in change.fields:
        lines.append(_field_line(change.action, field, arrow))
    return lines


def _field_line(action: str, field: FieldChange, arrow: str) -> str:
    path = printable(field.path)
    if field.secret:
        return f"{path}: {REDACTED} (write-only; sent as the document sets it)"
    if action == "create":
        return f"{path}: {_value(field.new)}"
    if action == "delete":
        return f"{path}: {_value(field.old)}"
    return f"{path}: {_value(field.old)} {arrow} {_value(field.new)}"


def change_line(change: Change) -> str:
    """The head line of one change: sign, action, label and account id."""
    sign = _SIGNS.get(change.action, "?")
    head = f"{sign} {change.action} {printable(change.label)}"
    if change.id is not None:
        head += f"  (id {printable(str(change.id))})"
    return head


def counts(changes: Iterable[Change]) -> Mapping[str, int]:
    """How many changes there are of each action (``no-op`` included)."""
    found = dict.fromkeys(_SIGNS, 0)
    for change in changes:
        found[change.action] = found.get(change.action, 0) + 1
    return found


def summary_line(changes: Iterable[Change]) -> str:
    """``Plan: 1 to create, 2 to update, 0 to delete, 40 unchanged``."""
    n = counts(changes)
    return (
        f"Plan: {n['create']} to create, {n['update']} to update, "
        f"{n['delete']} to delete, {n['no-op']} unchanged"
    )


def no_changes_line(changes: Iterable[Change]) -> str:
    """What a plan without changes says."""
    unchanged = counts(changes)["no-op"]
    return (
        "No changes: the account matches the document "
        f"({plural(unchanged, 'object')} unchanged)."
    )


class Renderer:
    """Writes changes to ``stream``, colored when it is a terminal.

    Args:
        stream: Where the text goes (stdout).
        environ: Where ``NO_COLOR`` and ``TERM`` are read.

    """

    def __init__(self, stream: TextIO, environ: Mapping[str, str]) -> None:
        self._stream = stream
        self._color = use_color(stream, environ)
        self._arrow = _arrow(stream)

    def _paint(self, text: str, action: str) -> str:
        if not self._color:
            return text
        return f"\x1b[{_COLORS.get(action, '0')}m{text}\x1b[0m"

    def write(self, line: str = "") -> None:
        """Write one line and flush, so a pipe sees it at once."""
        self._stream.write(line + "\n")
        self._stream.flush()

    def change(self, change: Change, *, fields: bool = True, suffix: str = "") -> None:
        """Write one change: its head line and, with ``fields``, one line per field."""
        self.write(self._paint(change_line(change) + suffix, change.action))
        if fields:
            for line in field_lines(change, arrow=self._arrow):
                self.write(_INDENT + line)

    def plan(self, plan: Plan) -> None:
        """Write every change of ``plan`` that is one, then its summary line."""
        shown = [c for c in plan.changes if c.action != "no-op"]
        for change in shown:
            self.change(change)
        if shown:
            self.write()
            self.write(summary_line(plan.changes))
        else:
            self.write(no_changes_line(plan.changes))
            self.write(summary_line(plan.changes))
