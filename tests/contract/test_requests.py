"""Requests: what the SDK sends validates against the operation's request
schema and carries no key the spec lacks; every enum value is accepted, as a
member and as a plain string."""

from __future__ import annotations

import pytest

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip._operations import Operation
from tests._support.fake_api import FakeAPI
from tests._support.operations import BODY_IDS, BODY_OPERATIONS, OP_IDS, OPERATIONS
from tests._support.samples import body_kwargs, enum_width, send, to_json
from tests._support.spec import Schema, request_ref, schema_errors, unknown_keys


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=OP_IDS)
async def test_request_body_validates_against_the_spec(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    kwargs = body_kwargs(spec, resource, op)
    req = await send(client, fake_api, resource, op, kwargs)
    assert req.method == op.method
    ref = request_ref(spec, op)
    if ref is None:
        assert req.body == b"", f"{op.name} takes no body in the spec"
        return
    assert kwargs, f"{op.name}: the request schema lists no properties"
    body = req.json
    assert body == {name: to_json(value) for name, value in kwargs.items()}
    assert schema_errors(spec, ref, body) == []
    assert unknown_keys(spec, {"$ref": ref}, body, "body") == []


@pytest.mark.parametrize(("resource", "op"), BODY_OPERATIONS, ids=BODY_IDS)
async def test_every_request_enum_value_is_accepted(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    ref = request_ref(spec, op)
    assert ref is not None, f"{op.name} takes body arguments the spec lacks"
    # Call number ``pick`` sets every enum to its pick-th value (cycling),
    # alternating plain strings and enum members, so all values are sent.
    for pick in range(enum_width(spec, {"$ref": ref})):
        kwargs = body_kwargs(spec, resource, op, pick)
        req = await send(client, fake_api, resource, op, kwargs)
        assert req.json == {name: to_json(v) for name, v in kwargs.items()}
        assert schema_errors(spec, ref, req.json) == []
