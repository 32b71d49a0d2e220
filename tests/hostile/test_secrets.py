"""No secret in a repr, and none to be guessed from a journal.

Reprs end up in logs, tracebacks and bug reports; a journal is a file that
gets copied around. The secrets are the values of ``_meta.SECRET_FIELDS``
(SIP passwords, IP authentication tokens) and request header values.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip import RequestOptions
from telnyx_sip._meta import SECRET_FIELDS
from telnyx_sip._types import REDACTED
from telnyx_sip.bulk import BulkJob, Call, JournalError
from telnyx_sip.bulk._journal import Journal
from telnyx_sip.bulk._settle import Item
from telnyx_sip.testing import Sandbox

PASSWORD = "hunter2"  # a weak one: the first page of any word list
TOKEN = "tok-Very-Secret-43"
GUESSES = ["123456", "password", "letmein", "hunter1", PASSWORD, "qwerty"]


def _credential(password: str = PASSWORD, **extra: Any) -> Call:
    return Call(
        "credential_connections",
        "create",
        {
            "connection_name": "office",
            "user_name": "office1",
            "password": password,
            "outbound": {"ip_authentication_token": TOKEN, "channel_limit": 5},
            **extra,
        },
    )


def test_secret_fields_are_the_ones_redacted() -> None:
    assert {"password", "ip_authentication_token"} <= SECRET_FIELDS


def test_a_call_repr_hides_secrets_at_any_depth() -> None:
    call = _credential(tags=[{"password": "in-a-list"}], nothing={"password": None})
    shown = repr(call)
    for secret in (PASSWORD, TOKEN, "in-a-list"):
        assert secret not in shown
    assert shown.count(REDACTED) == 3
    assert "'password': None" in shown  # null is no secret, and says so
    assert "'channel_limit': 5" in shown  # everything else is shown
    assert call.args["password"] == PASSWORD  # only the repr is redacted


def test_a_bound_call_repr_hides_secrets() -> None:
    async def method(**kwargs: Any) -> None: ...

    item = Item(0, _credential(), method, (), dict(_credential().args))
    shown = repr(item)
    assert PASSWORD not in shown
    assert TOKEN not in shown


def test_request_options_show_header_names_only() -> None:
    options = RequestOptions(
        timeout=5,
        extra_headers=(("Authorization", "Bearer KEY-live-0123"), ("X-Trace", "t-9")),
    )
    shown = repr(options)
    assert "KEY-live-0123" not in shown
    assert "t-9" not in shown
    assert f"('Authorization', '{REDACTED}')" in shown
    assert f"('X-Trace', '{REDACTED}')" in shown
    assert "timeout=5" in shown


@pytest.mark.parametrize(
    "headers", [{"Authorization": "Bearer KEY-live-0123"}, object(), ((1,),)]
)
def test_request_options_repr_never_fails_or_leaks_on_odd_headers(
    headers: Any,
) -> None:
    shown = repr(RequestOptions(extra_headers=headers))
    assert "KEY-live-0123" not in shown


def _journal_header(path: Path, calls: list[Call]) -> dict[str, Any]:
    journal = Journal(path, calls=[c.to_json() for c in calls])
    journal.open()
    journal.close()
    header: dict[str, Any] = json.loads(path.read_text().splitlines()[0])
    return header


def _unsalted(calls: list[Call]) -> str:
    """The digest as version 1 journals computed it: the values included."""
    digest = hashlib.sha256()
    for call in calls:
        line = json.dumps(call.to_json(), sort_keys=True, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def test_a_weak_password_cannot_be_guessed_from_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    header = _journal_header(path, [_credential()])
    text = path.read_text()
    assert PASSWORD not in text
    assert TOKEN not in text
    assert set(header) == {"journal", "version", "plan", "count"}  # no salt, no key

    # Hashing each guess the way the digest is made: with the journal's own
    # algorithm every guess matches (the digest does not depend on the value),
    # with the old unsalted one none does, so no guess stands out.
    guessed = [
        _journal_header(tmp_path / f"{i}.jsonl", [_credential(g)])["plan"]
        for i, g in enumerate(GUESSES)
    ]
    assert set(guessed) == {header["plan"]}
    assert header["plan"] not in {_unsalted([_credential(g)]) for g in GUESSES}
    password_hashes = {
        hashlib.new(name, g.encode()).hexdigest()
        for g in GUESSES
        for name in ("md5", "sha1", "sha256")
    }
    assert not any(h in text for h in password_hashes)


def test_what_the_digest_still_tells_apart(tmp_path: Path) -> None:
    base = _journal_header(tmp_path / "a.jsonl", [_credential()])["plan"]
    no_password = Call(
        "credential_connections",
        "create",
        {k: v for k, v in _credential().args.items() if k != "password"},
    )
    other_user = _credential(user_name="office2")
    for i, calls in enumerate([[no_password], [other_user]]):
        header = _journal_header(tmp_path / f"b{i}.jsonl", calls)
        assert header["plan"] != base


async def test_a_changed_password_alone_is_the_same_plan(tmp_path: Path) -> None:
    # Documented: nothing derived from a secret is stored, so a plan whose
    # only change is a password resumes the journal (and does not resend
    # what succeeded); any other change is refused.
    path = tmp_path / "job.jsonl"
    plain: dict[str, Any] = {"outbound": {"channel_limit": 5}}
    async with Sandbox() as sandbox:
        client = sandbox.client
        first = await BulkJob(client, [_credential(**plain)], journal=path).run()
        assert first.ok
        changed = [_credential("n3w-Pass", **plain)]
        resumed = await BulkJob(client, changed, journal=path).run()
        assert resumed.ok
        assert sandbox.stats.by_operation["credential_connections.create"] == 1
        with pytest.raises(JournalError, match="belongs to a different plan"):
            await BulkJob(
                client, [_credential(connection_name="x1", **plain)], journal=path
            ).run()


def test_a_version_1_journal_of_the_same_plan_still_resumes(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    calls = [_credential()]
    header = {"journal": "telnyx-sip bulk journal", "version": 1, "count": 1}
    done = {"index": 0, "status": "succeeded", "result": {"id": "7"}}
    path.write_text(
        json.dumps({**header, "plan": _unsalted(calls)})
        + "\n"
        + json.dumps(done)
        + "\n"
    )
    journal = Journal(path, calls=[c.to_json() for c in calls])
    assert journal.open().outcomes == {0: done}
    journal.close()
    changed = Journal(path, calls=[_credential("other").to_json()])
    with pytest.raises(JournalError, match="different plan"):
        changed.open()
