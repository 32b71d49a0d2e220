"""The desired-state document: reading it, and checking every field before use.

A document lists, per resource, the objects the account should hold, each
named by its natural key (a connection by ``connection_name``, an IP by its
connection and address) rather than by id, so one document can describe any
account. Only the fields a document mentions are managed; everything else
about an object is left as the account has it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from telnyx_sip.errors import InvalidArgumentError

from ._errors import DocumentError
from ._fields import (
    CONNECTIONS,
    REFERENCES,
    RESOURCE_NAMES,
    FieldSpec,
    doc_key_fields,
    read_only,
    writable,
)
from ._formats import Format, ParseError, parse, sniff
from ._values import EnvRef, env_ref_of

__all__ = ["VERSION", "Document", "load", "loads"]

VERSION = 1
"""The document format version this SDK reads and writes."""

_SUFFIXES: Mapping[str, Format] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


@attrs.frozen(repr=False)
class Document:
    """A checked desired-state document.

    ``objects`` maps each resource listed (client attribute names such as
    ``"ips"``) to its objects, in document order, as plain JSON-shaped data:
    references by name kept as written, secrets that name an environment
    variable as :class:`EnvRef`. ``omitted`` lists the places of secrets an
    export left out (they cannot be read back). Build one with
    :func:`load`, :func:`loads` or :meth:`from_data`, which check it.
    """

    objects: Mapping[str, tuple[Mapping[str, Any], ...]]
    omitted: tuple[str, ...] = ()

    def __repr__(self) -> str:
        counts = ", ".join(f"{r}={len(o)}" for r, o in self.objects.items())
        return f"Document({counts})"

    @classmethod
    def from_data(cls, data: object) -> Document:
        """Check parsed document data (``version`` and the resource lists).

        Raises:
            DocumentError: Listing every problem, each with its place.

        """
        problems: list[str] = []
        objects = _check_document(data, problems)
        _check_unique(objects, problems)
        if problems:
            raise DocumentError(problems)
        return cls(objects)

    def to_data(self) -> dict[str, Any]:
        """The document as JSON data (environment references as ``${NAME}``)."""
        out: dict[str, Any] = {"version": VERSION}
        for resource, objs in self.objects.items():
            out[resource] = [_plain(obj) for obj in objs]
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, EnvRef):
        return str(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def loads(text: str, *, format: Format | None = None) -> Document:  # noqa: A002
    """Read a document from ``text`` (``format`` ``None``: sniffed).

    Raises:
        DocumentError: The text does not parse or the document is not valid.
        ImportError: YAML without PyYAML (the ``yaml`` extra).

    """
    fmt = format if format is not None else sniff(text)
    if fmt not in ("yaml", "json"):
        raise InvalidArgumentError("format", "must be 'yaml', 'json' or None")
    try:
        data = parse(text, fmt)
    except ParseError as exc:
        raise DocumentError([f"document: {exc}"]) from None
    return Document.from_data(data)


def load(path: str | os.PathLike[str], *, format: Format | None = None) -> Document:  # noqa: A002
    """Read the document file ``path``; the format follows its suffix.

    ``.json`` is JSON, ``.yaml``/``.yml`` YAML, anything else is sniffed.
    """
    file = Path(path)
    fmt = format if format is not None else _SUFFIXES.get(file.suffix.lower())
    return loads(file.read_text(encoding="utf-8"), format=fmt)


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_document(
    data: object, problems: list[str]
) -> dict[str, tuple[Mapping[str, Any], ...]]:
    if not isinstance(data, Mapping):
        problems.append("document: expected a mapping of resources")
        return {}
    version = data.get("version")
    if version is None:
        problems.append(f"version: is required (this SDK reads version {VERSION})")
    elif version != VERSION or isinstance(version, bool):
        problems.append(f"version: must be {VERSION}, got {version!r}")
    objects: dict[str, tuple[Mapping[str, Any], ...]] = {}
    for resource, items in data.items():
        if resource == "version":
            continue
        if resource not in RESOURCE_NAMES:
            problems.append(_unknown_resource(str(resource)))
            continue
        if not isinstance(items, list):
            problems.append(f"{resource}: expected a list of objects")
            continue
        objects[resource] = tuple(
            _check_object(resource, f"{resource}[{i}]", item, problems)
            for i, item in enumerate(items)
        )
    return objects


def _unknown_resource(name: str) -> str:
    if name == "connections":
        return (
            "connections: is read-only (list connections under "
            "credential_connections, fqdn_connections or ip_connections)"
        )
    return f"{name}: unknown resource{_suggest(name, list(RESOURCE_NAMES))}"


def _check_object(
    resource: str, where: str, obj: object, problems: list[str]
) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        problems.append(f"{where}: expected an object")
        return {}
    refs = {r.parent: r for r in REFERENCES.get(resource, ())}
    out = _check_fields(
        writable(resource),
        refs,
        (),
        where,
        obj,
        problems=problems,
        reported=read_only(resource),
    )
    for name in doc_key_fields(resource):
        ref = refs.get(())
        present = name in out or (
            ref is not None and name == ref.name and ref.id_field in out
        )
        if not present:
            problems.append(f"{where}.{name}: is required (part of the natural key)")
    return out


def _check_fields(
    specs: Mapping[str, FieldSpec],
    refs: Mapping[tuple[str, ...], Any],
    parent: tuple[str, ...],
    where: str,
    obj: Mapping[Any, Any],
    *,
    problems: list[str],
    reported: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    ref = refs.get(parent)
    out: dict[str, Any] = {}
    for key, value in obj.items():
        place = f"{where}.{key}"
        if ref is not None and key == ref.name:
            if ref.id_field in obj:
                problems.append(f"{place}: give {ref.name} or {ref.id_field}, not both")
            elif not isinstance(value, str) or not value:
                problems.append(f"{place}: expected a name (a non-empty string)")
            else:
                out[key] = value
            continue
        spec = specs.get(key) if isinstance(key, str) else None
        if spec is None:
            problems.append(_unknown_field(place, str(key), specs, ref, reported))
            continue
        if spec.nested is not None:
            if not isinstance(value, Mapping):
                problems.append(f"{place}: expected an object")
                continue
            out[key] = _check_fields(
                spec.nested, refs, (*parent, key), place, value, problems=problems
            )
            continue
        checked = _check_value(spec, place, value, problems)
        if checked is not _BAD:
            out[key] = checked
    return out


_BAD = object()


def _check_value(spec: FieldSpec, place: str, value: Any, problems: list[str]) -> Any:
    if spec.secret:
        env = env_ref_of(value)
        if env is not None:
            return env
    attribute = spec.attribute
    if attribute is None or attribute.validator is None:
        return value
    validator = attribute.validator
    try:
        validator(None, attribute, value)
    except InvalidArgumentError as exc:
        detail = str(exc).removeprefix(f"{exc.field}: ")
        suffix = exc.field.removeprefix(spec.name)
        problems.append(f"{place}{suffix}: {detail}")
        return _BAD
    return value


def _unknown_field(
    place: str,
    key: str,
    specs: Mapping[str, FieldSpec],
    ref: Any,
    reported: frozenset[str],
) -> str:
    if key in reported:
        return f"{place}: is read-only (the account sets it)"
    choices = list(specs) + ([ref.name] if ref is not None else [])
    return f"{place}: unknown field{_suggest(key, choices)}"


def key_of(resource: str, obj: Mapping[str, Any]) -> tuple[object, ...]:
    """The natural key of a document object as written (names or raw ids)."""
    refs = {r.name: r for r in REFERENCES.get(resource, ()) if not r.parent}
    out: list[object] = []
    for name in doc_key_fields(resource):
        ref = refs.get(name)
        if ref is not None and name not in obj:
            out.append(("id", obj.get(ref.id_field)))
        else:
            out.append(obj.get(name))
    return tuple(out)


def _check_unique(
    objects: Mapping[str, tuple[Mapping[str, Any], ...]], problems: list[str]
) -> None:
    seen: dict[tuple[object, ...], str] = {}
    for resource, objs in objects.items():
        space = "connections" if resource in CONNECTIONS else resource
        for index, obj in enumerate(objs):
            key = (space, *key_of(resource, obj))
            place = f"{resource}[{index}]"
            if key in seen:
                shown = ", ".join(
                    f"{f}={obj.get(f)!r}" for f in doc_key_fields(resource)
                )
                problems.append(f"{place}: repeats the key of {seen[key]} ({shown})")
            else:
                seen[key] = place
