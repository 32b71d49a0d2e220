"""The generator's model rules: identities, reprs, TypedDict twins, path ids."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from scripts.gen import driver
from scripts.gen.registry import ClassDef, FieldDef, TypeRef
from scripts.gen.reprs import shown_fields
from scripts.gen.spec import SpecError


def _generate(spec: dict[str, Any]) -> dict[str, str]:
    return driver.generate(copy.deepcopy(spec))


def _cls(names: list[str], identity: tuple[str, ...] = ()) -> ClassDef:
    fields = [FieldDef(n, TypeRef("str"), n in identity, nullable=False) for n in names]
    return ClassDef("X", "response", None, fields, identity=identity)


# -- identity -------------------------------------------------------------------------


def test_identities_are_required_and_first(spec: dict[str, Any]) -> None:
    source = _generate(spec)["telnyx_sip/models/ips.py"]
    body = source.split("class Ip:", 1)[1]
    assert body.index("    id: str\n") < body.index("    record_type: str\n")
    assert body.index("    record_type: str\n") < body.index("connection_id:")
    # Objects without an id (a registration status) keep every field optional.
    creds = _generate(spec)["telnyx_sip/models/credential_connections.py"]
    status = creds.split("class RegistrationStatus:", 1)[1].split("\n\n\n")[0]
    assert "    record_type: str | None = " in status


def test_a_nullable_identity_fails_the_run(spec: dict[str, Any]) -> None:
    changed = copy.deepcopy(spec)
    changed["components"]["schemas"]["Ip"]["properties"]["id"]["type"] = [
        "string",
        "null",
    ]
    with pytest.raises(SpecError, match=r"Ip\.id: an identity is a string"):
        driver.generate(changed)


# -- reprs ----------------------------------------------------------------------------


def test_a_small_model_shows_every_field_but_secrets() -> None:
    assert shown_fields(_cls(["a", "b", "password"])) == {"a", "b"}


def test_a_large_model_shows_identity_then_preferred_fields() -> None:
    names = ["active", "zz", "port", "connection_name", "name", "fqdn", "yy"]
    cls = _cls(["id", "record_type", *names], identity=("id", "record_type"))
    # The first three preferred fields by the table's order, not the model's.
    assert shown_fields(cls) == {"id", "record_type", "connection_name", "name", "fqdn"}


def test_a_large_model_without_either_shows_its_first_fields() -> None:
    names = ["password", "a", "b", "c", "d", "e", "f"]
    assert shown_fields(_cls(names)) == {"a", "b", "c", "d", "e"}


def test_hidden_fields_are_rendered_with_repr_false(spec: dict[str, Any]) -> None:
    source = _generate(spec)["telnyx_sip/models/credential_connections.py"]
    body = source.split("class CredentialConnection:", 1)[1].split("\n\n\n")[0]
    assert "    connection_name: str | None = None\n" in body
    assert "password: str | None = attrs.field(default=None, repr=False)" in body
    assert "redacted_repr" not in body


# -- TypedDict twins ------------------------------------------------------------------


def test_nested_request_classes_get_a_typeddict(spec: dict[str, Any]) -> None:
    out = _generate(spec)
    source = out["telnyx_sip/models/credential_connections.py"]
    assert "class CredentialInboundDict(TypedDict, total=False):" in source
    assert "    channel_limit: int\n" in source.split("class CredentialInboundDict")[1]
    # Top-level bodies have none; the package exports every twin.
    assert "CreateCredentialConnectionRequestDict" not in source
    assert '"CredentialInboundDict",' in out["telnyx_sip/models/__init__.py"]
    service = out["telnyx_sip/services/credential_connections.py"]
    assert "inbound: CredentialInboundParams | CredentialInboundDict | Unset" in service
    assert "if isinstance(inbound, Mapping):" in service
    assert 'build_params(CredentialInboundParams, inbound, where="inbound")' in service


def test_required_keys_get_a_base_class(spec: dict[str, Any]) -> None:
    changed = copy.deepcopy(spec)
    changed["components"]["schemas"]["CredentialInbound"]["required"] = [
        "channel_limit"
    ]
    source = driver.generate(changed)["telnyx_sip/models/credential_connections.py"]
    required = source.split("class _CredentialInboundDictRequired(TypedDict):")[1]
    assert required.split("\n\n\n")[0].rstrip().endswith("    channel_limit: int")
    assert (
        "class CredentialInboundDict(_CredentialInboundDictRequired, total=False):"
        in source
    )
    rest = source.split("class CredentialInboundDict(")[1].split("\n\n\n")[0]
    assert "channel_limit" not in rest
    compile(source, "credential_connections.py", "exec")


# -- path parameters ------------------------------------------------------------------


def test_every_path_parameter_is_id(spec: dict[str, Any]) -> None:
    out = _generate(spec)
    service = out["telnyx_sip/services/access_ip_ranges.py"]
    assert "        id: str,  # noqa: A002\n" in service
    assert "path=(id,)" in service
    assert "(DELETE /access_ip_ranges/{id})" in service
    assert '"/access_ip_ranges/{id}"' in out["telnyx_sip/_meta.py"]
    assert "access_ip_range_id" not in service + out["telnyx_sip/_meta.py"]
