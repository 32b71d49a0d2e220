"""Both sides list the same operations, with the same envelopes and path
parameters."""

from __future__ import annotations

import inspect
import re

import pytest

from telnyx_sip._operations import Operation
from tests._support.operations import OFFLINE, OP_IDS, OPERATIONS, service_method
from tests._support.spec import (
    HTTP_METHODS,
    Schema,
    deref,
    sdk_path,
    spec_op,
    success_schema,
)


def test_the_sdk_and_the_spec_have_the_same_operations(spec: Schema) -> None:
    in_spec = {
        (method.upper(), sdk_path(path))
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    in_sdk = {(op.method, op.path) for _, op in OPERATIONS}
    assert in_sdk == in_spec
    assert len(in_sdk) == len(OPERATIONS)
    for resource, op in OPERATIONS:
        assert callable(service_method(OFFLINE, resource, op)), op.name


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=OP_IDS)
def test_envelope_and_path_parameters_match(
    spec: Schema, resource: str, op: Operation
) -> None:
    assert ("data" in success_schema(spec, op).get("properties", {})) == op.envelope
    in_path = [
        p["name"]
        for p in (deref(spec, raw) for raw in spec_op(spec, op).get("parameters", []))
        if p["in"] == "path"
    ]
    # One ``id``, whatever the spec calls it ({access_ip_range_id}): in the
    # template, in the signature and so in every message about its value.
    placeholders = re.findall(r"\{(\w+)\}", op.path)
    assert placeholders == ["id"] * len(in_path)
    signature = inspect.signature(service_method(OFFLINE, resource, op))
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    assert positional == placeholders
