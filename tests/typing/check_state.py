"""What mypy sees of the desired-state API; checked by ``mypy --strict``, never run.

The ``# type: ignore[...]`` lines are mistakes mypy must reject
(``warn_unused_ignores`` makes an unneeded one an error).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from telnyx_sip import AsyncTelnyxSIP, TelnyxSIP, state
from telnyx_sip.bulk import Outcome

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


def show(change: state.Change, outcome: Outcome[Any]) -> None:
    print(change.label, outcome.status)


async def typical_use(client: AsyncTelnyxSIP) -> None:
    doc = state.load("sip.yaml")
    assert_type(doc, state.Document)
    assert_type(state.loads("{}", format="json"), state.Document)
    plan = await state.plan(client, doc, prune=state.Prune({"ips"}, tag=None))
    assert_type(plan, state.Plan)
    assert_type(plan.has_changes, bool)
    for change in plan.changes:
        assert_type(change.action, state.Action)
        assert_type(change.key, Mapping[str, object])
        assert_type(change.id, str | None)
        for field in change.fields:
            assert_type(field.path, str)
            assert_type(field.secret, bool)
    assert_type(plan.to_dict(), dict[str, Any])
    report = await state.apply(
        client, plan, journal="run.journal", concurrency=8, on_change=show
    )
    assert_type(report, state.ApplyReport)
    assert_type(report.ok, bool)
    assert_type(report.succeeded, int)
    assert_type(report.outcomes, tuple[Outcome[Any], ...])
    exported = await state.export(client, resources=["ips"])
    assert_type(state.dump(exported, format="yaml"), str)
    assert_type(state.json_schema(), dict[str, Any])
    state.dump(exported, format="toml")  # type: ignore[arg-type]
    await state.apply(client, plan, journal=3)  # type: ignore[arg-type]


def sync_use(client: TelnyxSIP) -> None:
    doc = state.load("sip.yaml")
    plan = state.plan_sync(client, doc)
    assert_type(plan, state.Plan)
    assert_type(state.apply_sync(client, plan, on_change=show), state.ApplyReport)
    assert_type(state.export_sync(client), state.Document)
    state.plan_sync(client.async_client, doc)  # type: ignore[arg-type]
