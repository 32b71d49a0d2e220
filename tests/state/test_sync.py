"""The sync twin: export, plan and apply through a TelnyxSIP."""

from __future__ import annotations

from pathlib import Path

from telnyx_sip import TelnyxSIP, state
from telnyx_sip.testing import ThreadedSandbox

from .test_apply import SCRATCH


def test_plan_apply_and_export_through_a_sync_client(tmp_path: Path) -> None:
    with (
        ThreadedSandbox("sync-state-key", seed=4) as sandbox,
        TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as client,
    ):
        doc = state.loads(SCRATCH)
        plan = state.plan_sync(client, doc)
        assert plan.counts["create"] == 13
        seen: list[str] = []
        report = state.apply_sync(
            client,
            plan,
            journal=tmp_path / "j",
            concurrency=3,
            on_change=lambda c, o: seen.append(o.status),
        )
        assert report.ok
        assert seen == ["succeeded"] * 13
        assert len(sandbox.rows("ips")) == 10
        exported = state.export_sync(client, resources=["ips", "ip_connections"])
        assert set(exported.objects) == {"ip_connections", "ips"}
        assert not state.plan_sync(client, exported).has_changes
        assert not state.plan_sync(client, doc).has_changes
