"""Comparing one document object with its account object, field by field.

Only what the document mentions is compared; a nested object key by key,
only the sub-keys mentioned. A secret is never compared (the account does
not give it back): mentioning one is always a change. An update sends the
changed top-level fields only, a changed nested object whole: the account's
current writable sub-keys with the document's laid over them, so the
sub-keys the document leaves out keep their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._changes import FieldChange, Pending
from ._fields import FieldSpec, Reference

__all__ = ["DiffResult", "create_fields", "diff"]

DiffResult = tuple[list[FieldChange], dict[str, Any], list[str]]
"""Field changes, the update's arguments, and problems (changes not allowed)."""


def _norm(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_norm(v) for v in value]
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _ref_at(
    refs: Mapping[tuple[str, ...], Reference], parent: tuple[str, ...]
) -> Reference | None:
    return refs.get(parent)


def create_fields(
    specs: Mapping[str, FieldSpec],
    doc: Mapping[str, Any],
    shown: Mapping[str, Any],
    where: str,
    prefix: str = "",
) -> tuple[list[FieldChange], list[str]]:
    """The fields a create sets (leaves, dotted), and fields create cannot take.

    ``doc`` is the resolved object (ids), ``shown`` the document spelling
    (names), used for display.
    """
    changes: list[FieldChange] = []
    problems: list[str] = []
    for key, shown_value in shown.items():
        spec = specs.get(key)
        path = f"{prefix}{key}"
        if spec is not None and not spec.create:
            problems.append(
                f"{where}.{path}: can only be set on an existing object "
                "(create it without this field first)"
            )
            continue
        if spec is not None and spec.nested is not None:
            sub, sub_problems = create_fields(
                spec.nested, doc.get(key, {}), shown_value, where, f"{path}."
            )
            changes += sub
            problems += sub_problems
            continue
        secret = spec is not None and spec.secret
        changes.append(
            FieldChange(path, None, None if secret else shown_value, secret=secret)
        )
    return changes, problems


def diff(
    specs: Mapping[str, FieldSpec],
    doc: Mapping[str, Any],
    account: Mapping[str, Any],
    where: str,
    *,
    names: Mapping[str, str],
    refs: Mapping[tuple[str, ...], Reference],
    parent: tuple[str, ...] = (),
) -> DiffResult:
    """Compare the resolved document object ``doc`` with ``account`` (JSON).

    ``names`` maps ids to names, so a by-name reference that changed shows
    by name; ``refs`` are the resource's references by parent path.
    """
    changes: list[FieldChange] = []
    args: dict[str, Any] = {}
    problems: list[str] = []
    prefix = "".join(f"{p}." for p in parent)
    ref = _ref_at(refs, parent)
    for key, value in doc.items():
        spec = specs[key]
        current = account.get(key)
        path = f"{prefix}{key}"
        if spec.secret:
            changes.append(FieldChange(path, None, None, secret=True))
            args[key] = value
        elif spec.nested is not None:
            inner = current if isinstance(current, Mapping) else {}
            sub, _, sub_problems = diff(
                spec.nested,
                value,
                inner,
                where,
                names=names,
                refs=refs,
                parent=(*parent, key),
            )
            problems += sub_problems
            if sub:
                changes += sub
                args[key] = {**_writable_now(spec.nested, inner), **value}
        elif _norm(value) != _norm(current):
            if ref is not None and key == ref.id_field:
                path = f"{prefix}{ref.name}"
                changes.append(
                    FieldChange(path, _named(current, names), _named(value, names))
                )
            else:
                changes.append(FieldChange(path, current, value))
            args[key] = value
            if not spec.update:
                problems.append(
                    f"{where}.{path}: cannot be changed on an existing object "
                    "(delete and create it again)"
                )
    return changes, args, problems


def _named(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, Pending):
        return value.name
    if isinstance(value, str):
        return names.get(value, value)
    return value


def _writable_now(
    specs: Mapping[str, FieldSpec], current: Mapping[str, Any]
) -> dict[str, Any]:
    """The account's nested values an update may send back (no secrets)."""
    out: dict[str, Any] = {}
    for key, value in current.items():
        spec = specs.get(key)
        if spec is None or spec.secret or not spec.update or value is None:
            continue
        if spec.nested is not None and isinstance(value, Mapping):
            out[key] = _writable_now(spec.nested, value)
        else:
            out[key] = value
    return out
