"""Property: edits to an exported document are exactly what the plan lists."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telnyx_sip import state
from telnyx_sip.state._account import Account, read_account
from telnyx_sip.state._export import document_of
from telnyx_sip.state._plan import build_plan
from telnyx_sip.testing import Sandbox

from .seed import seed

# Leaf fields an edit may change, with values the request models accept.
EDITS: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("ips", "port"): st.integers(1, 65535),
    ("fqdns", "port"): st.integers(1, 65535),
    ("outbound_voice_profiles", "concurrent_call_limit"): st.integers(0, 10_000),
    ("outbound_voice_profiles", "enabled"): st.booleans(),
    ("outbound_voice_profiles", "tags"): st.lists(
        st.text("abcxyz", min_size=1, max_size=5), max_size=3
    ),
    ("ip_connections", "inbound.channel_limit"): st.integers(1, 1000),
    ("ip_connections", "rtcp_settings.capture_enabled"): st.booleans(),
    ("credential_connections", "active"): st.booleans(),
    ("fqdn_connections", "outbound.tech_prefix"): st.text("0123456789", max_size=4),
}


@pytest.fixture(scope="module")
def account() -> Account:
    """The seeded account, read once: planning against it needs no server."""

    async def read() -> Account:
        async with Sandbox(seed=6) as sandbox:
            await seed(sandbox.client)
            return await read_account(sandbox.client, state.json_schema()["properties"])

    return asyncio.run(read())


def _set(obj: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        obj = obj.setdefault(part, {})
    obj[leaf] = value


def _get(obj: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        obj = obj.get(part, {})
    return obj


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_plan_lists_exactly_the_edited_fields(
    account: Account, data: st.DataObject
) -> None:
    resources = [r for r in state.json_schema()["properties"] if r != "version"]
    exported = document_of(account, resources).to_data()
    keys = data.draw(st.sets(st.sampled_from(sorted(EDITS)), max_size=4))
    expected: dict[tuple[str, str], tuple[Any, Any]] = {}
    for resource, path in keys:
        obj = exported[resource][0]
        old = _get(obj, path)
        new = data.draw(EDITS[(resource, path)])
        _set(obj, path, new)
        if new != old:
            expected[(resource, path)] = (old, new)
    plan = build_plan(state.Document.from_data(exported), account, None)
    found = {
        (c.resource, f.path): (f.old, f.new) for c in plan.changes for f in c.fields
    }
    assert found == expected
    assert all(c.action in {"update", "no-op"} for c in plan.changes)
