"""Export: the account as a document, ready to edit and plan again.

Every writable field the account reports is written out (server defaults
included, so the document pins them), read-only ones never. Ids of other
objects become names where the object has one (``connection: pbx``), so the
document can be applied to another account. Secrets cannot be read back:
they are left out, and their places are listed in ``Document.omitted``
(a YAML dump carries a comment for each).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from telnyx_sip.errors import InvalidArgumentError
from telnyx_sip.serialization import to_dict

from ._account import Account, read_account
from ._document import VERSION, Document
from ._fields import (
    REFERENCES,
    RESOURCE_NAMES,
    WAVES,
    FieldSpec,
    doc_key_fields,
    writable,
)

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP

__all__ = ["document_of", "export"]


async def export(
    client: AsyncTelnyxSIP, *, resources: Iterable[str] | None = None
) -> Document:
    """The account's objects of ``resources`` (all by default) as a document.

    Raises:
        InvalidArgumentError: An unknown resource name.

    """
    chosen = list(RESOURCE_NAMES) if resources is None else list(resources)
    for name in chosen:
        if name not in RESOURCE_NAMES:
            raise InvalidArgumentError("resources", f"unknown resource {name!r}")
    account = await read_account(client, chosen)
    return document_of(account, chosen)


def document_of(account: Account, resources: Iterable[str]) -> Document:
    """The document of an account already read (no I/O)."""
    chosen = set(resources)
    data: dict[str, Any] = {"version": VERSION}
    omitted: list[str] = []
    for resource in (r for wave in WAVES for r in wave if r in chosen):
        items = []
        for index, obj in enumerate(account.objects.get(resource, ())):
            where = f"{resource}[{index}]"
            items.append(_object(resource, to_dict(obj), account, where, omitted))
        data[resource] = items
    document = Document.from_data(data)
    return Document(document.objects, tuple(omitted))


def _object(
    resource: str,
    reported: Mapping[str, Any],
    account: Account,
    where: str,
    omitted: list[str],
) -> dict[str, Any]:
    specs = writable(resource)
    body = _writable(specs, reported, where, omitted)
    names = {**account.connection_names, **account.profile_names}
    for ref in REFERENCES.get(resource, ()):
        holder = body
        for part in ref.parent:
            inner = holder.get(part)
            holder = inner if isinstance(inner, dict) else {}
        value = holder.get(ref.id_field)
        if isinstance(value, str) and value in names:
            del holder[ref.id_field]
            holder[ref.name] = names[value]
    keys = doc_key_fields(resource)
    first = {k: body.pop(k) for k in keys if k in body}
    return {**first, **body}


def _writable(
    specs: Mapping[str, FieldSpec],
    reported: Mapping[str, Any],
    where: str,
    omitted: list[str],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        value = reported.get(name)
        if spec.secret:
            if value is not None or (
                spec.create
                and spec.attribute is not None
                and spec.attribute.default is _REQUIRED
            ):
                omitted.append(f"{where}.{name}")
            continue
        if value is None:
            continue
        if spec.nested is not None:
            if isinstance(value, Mapping):
                inner = _writable(spec.nested, value, f"{where}.{name}", omitted)
                if inner:
                    out[name] = inner
            continue
        out[name] = value
    return out


_REQUIRED: Any = attrs.NOTHING
