"""Tables: escaped, measured in terminal cells, long cells cut with a marker."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telnyx_sip import TelnyxSIP
from telnyx_sip._cli.table import MAX_CELL, cell, layout
from telnyx_sip._cli.text import ELLIPSIS, plural, printable, truncate, width
from telnyx_sip.testing import ThreadedSandbox
from tests._support.cli import run

LONG = "a-very-long-connection-name-" * 3
AWKWARD = ["tab\there", "line\nbreak", "東京オフィス", LONG, "e\u0301t\u00e9"]


@pytest.mark.parametrize(
    ("text", "columns", "cut"),
    [
        ("short", 10, "short"),
        ("exactly-10", 10, "exactly-10"),
        ("eleven-long", 10, "eleven-lo" + ELLIPSIS),
        ("東京オフィス", 6, "東京" + ELLIPSIS),  # a wide character is never split
        ("東京オフィス", 7, "東京オ" + ELLIPSIS),
        ("e\u0301e\u0301e\u0301", 2, "e\u0301" + ELLIPSIS),  # marks stay on
    ],
)
def test_truncate_counts_terminal_cells(text: str, columns: int, cut: str) -> None:
    assert truncate(text, columns) == cut
    assert width(truncate(text, columns)) <= columns


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_truncate_never_exceeds_the_width_and_keeps_a_prefix(
    text: str, columns: int
) -> None:
    cut = truncate(text, columns)
    assert width(cut) <= columns or width(text) <= columns
    if cut != text:
        assert cut.endswith(ELLIPSIS)
        assert text.startswith(cut[:-1])


def test_plural() -> None:
    assert plural(0, "call") == "0 calls"
    assert plural(1, "call") == "1 call"
    assert plural(2, "call") == "2 calls"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"


def test_cells_render_values_on_one_line() -> None:
    assert cell(None) == "-"
    assert cell(True) == "true"
    assert cell(["a", "b\nc"]) == "a,b\\nc"
    assert cell([]) == "-"
    assert cell({"k": "\x1b[2J"}) == '{"k":"\\u001b[2J"}'
    assert cell("tab\there") == "tab\\there"


def test_layout_aligns_wide_characters_and_cuts_long_cells() -> None:
    rows = [[cell(v), "x"] for v in AWKWARD]
    table = layout(["name", "next"], rows)
    starts = {width(line[: line.rindex("x")]) for line in table[1:]}
    assert len(starts) == 1  # the second column starts at one terminal column
    assert table[4].startswith(LONG[: MAX_CELL - 1] + ELLIPSIS)


def test_a_table_of_awkward_names_stays_aligned_and_cut(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ThreadedSandbox() as sandbox:
        with TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as client:
            for name in AWKWARD:
                client.ip_connections.create(connection_name=name)
        monkeypatch.setenv("TELNYX_API_KEY", sandbox.api_key)
        code, out, _ = run(
            capsys,
            *("--base-url", sandbox.base_url, "ip-connections", "list"),
            *("-o", "table", "--fields", "connection_name,id"),
        )
    assert code == 0
    header, *rows = out.splitlines()
    assert len(rows) == len(AWKWARD)  # no value broke a row in two
    column = header.index("ID")
    assert {width(row[: row.rindex(" ") + 1]) for row in rows} == {column}
    shown = [row[: row.rindex(" ")].rstrip() for row in rows]
    assert shown[:3] == [printable(n) for n in AWKWARD[:3]]
    assert shown[3] == LONG[: MAX_CELL - 1] + ELLIPSIS
    assert width(shown[3]) == MAX_CELL
