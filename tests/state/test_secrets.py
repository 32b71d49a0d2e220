"""Secret values never reach a plan's output, the saved plan or the journals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from telnyx_sip import state
from telnyx_sip.testing import Sandbox

from .seed import PASSWORD, TOKEN, seed

LITERAL = "Literal-pw-7c1d-never-shown"


def _document() -> state.Document:
    return state.loads(
        "version: 1\n"
        "outbound_voice_profiles: [{name: main}]\n"
        "credential_connections:\n"
        "  - connection_name: office\n"
        "    user_name: office1\n"
        "    password: ${OFFICE_PASSWORD}\n"
        "    outbound: {outbound_voice_profile: main}\n"
        "  - connection_name: lobby\n"
        "    user_name: lobby1\n"
        f"    password: {LITERAL}\n"
        "fqdn_connections:\n"
        "  - connection_name: edge\n"
        "    outbound: {ip_authentication_token: !env EDGE_TOKEN}\n"
    )


def _texts(plan: state.Plan) -> list[str]:
    return [
        str(plan),
        repr(plan),
        json.dumps(plan.to_dict()),
        *(str(c) for c in plan.changes),
        *(repr(c) for c in plan.changes),
        *(repr(f) for c in plan.changes for f in c.fields),
    ]


async def test_no_secret_value_in_plans_journals_or_reports(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICE_PASSWORD", PASSWORD)
    monkeypatch.setenv("EDGE_TOKEN", TOKEN)
    client = sandbox.client
    plan = await state.plan(client, _document())
    secret_fields = [f for c in plan.changes for f in c.fields if f.secret]
    assert [f.path for f in secret_fields] == [
        "password",
        "password",
        "outbound.ip_authentication_token",
    ]
    assert all(f.old is None and f.new is None for f in secret_fields)
    assert '"old": "[redacted]", "new": "[redacted]"' in json.dumps(plan.to_dict())

    journal = tmp_path / "j"
    report = await state.apply(client, plan, journal=journal)
    assert report.ok, report.to_dict()
    rows = {r["connection_name"]: r for r in sandbox.rows("credential_connections")}
    assert rows["office"]["password"] == PASSWORD  # the variable was read
    assert rows["lobby"]["password"] == LITERAL

    # A secret in the document is always a change (it cannot be read back).
    again = await state.plan(client, _document())
    assert again.counts == {"create": 0, "update": 3, "delete": 0, "no-op": 1}

    texts = [*_texts(plan), *_texts(again), repr(report), json.dumps(report.to_dict())]
    texts += [p.read_text() for p in sorted(journal.iterdir())]
    assert len(texts) > 10
    for text in texts:
        for value in (PASSWORD, TOKEN, LITERAL):
            assert value not in text
    saved = json.loads((journal / "plan.json").read_text())
    office = saved["changes"][1]["args"]
    assert office["password"] == {"$env": "OFFICE_PASSWORD"}
    assert saved["changes"][2]["args"]["password"] == "[redacted]"


async def test_a_resumed_plan_takes_literal_secrets_from_the_document(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICE_PASSWORD", PASSWORD)
    monkeypatch.setenv("EDGE_TOKEN", TOKEN)
    client = sandbox.client
    journal = tmp_path / "j"
    plan = await state.plan(client, _document())
    # The plan is saved, then the run stops before anything is sent.
    monkeypatch.delenv("EDGE_TOKEN")
    with pytest.raises(state.MissingVariableError):
        await state.apply(client, plan, journal=journal)
    assert sandbox.stats.rows_created == 0
    monkeypatch.setenv("EDGE_TOKEN", TOKEN)
    assert (await state.apply(client, plan, journal=journal)).ok
    rows = {r["connection_name"]: r for r in sandbox.rows("credential_connections")}
    assert rows["lobby"]["password"] == LITERAL


async def test_an_exported_account_keeps_its_secrets_out(sandbox: Sandbox) -> None:
    await seed(sandbox.client)
    doc = await state.export(sandbox.client)
    for text in (repr(doc), json.dumps(doc.to_data()), state.dump(doc)):
        assert PASSWORD not in text
        assert TOKEN not in text
