"""The desired-state guide says what the code does: natural keys, help, the nav."""

from __future__ import annotations

import re
from pathlib import Path

from telnyx_sip._cli.app import build_parser
from telnyx_sip._cli.options import subparsers_of
from telnyx_sip._cli.state_input import WRITABLE
from telnyx_sip._meta import RESOURCES

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guides" / "state.md"
_ROW = re.compile(r"^\| `(?P<resource>\w+)` \| (?P<key>.+) \|$")
# The document spells an id reference by the name it refers to.
_BY_NAME = {"connection_id": "connection"}


def _table(heading: str) -> dict[str, list[str]]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match is not None:
            rows[match["resource"]] = re.findall(r"`(\w+)`", match["key"])
    return rows


def test_the_natural_keys_table_matches_the_metadata() -> None:
    expected = {}
    for name in WRITABLE:
        natural = RESOURCES[name].natural_key
        assert natural is not None, name
        expected[name] = [_BY_NAME.get(f, f) for f in natural.fields]
    assert _table("Natural keys") == expected


def test_the_guide_is_in_the_nav_and_linked_from_the_cli_guide() -> None:
    assert "guides/state.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cli = (ROOT / "docs" / "guides" / "cli.md").read_text(encoding="utf-8")
    assert "(state.md)" in cli


def test_apply_help_states_the_rule_that_tells_plans_from_documents() -> None:
    apply = dict(subparsers_of(build_parser()))["apply"]
    text = " ".join(apply.format_help().split())
    assert 'first non-blank line is not a JSON object with a "resource" key' in text
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert 'first non-blank line is a JSON object with a `"resource"` key' in guide
