"""Straight-line structure functions for the response models.

``telnyx_sip/models/_structure_hooks.py`` holds one function per response
class that builds it from a decoded JSON object in one pass: each field read
with ``dict.get``, its JSON type checked inline, enum values looked up in the
enum's own value map, nested objects built by their own function, and the
instance made with ``object.__new__`` and its slots filled through their
descriptors. Response models have no validators, converters or post-init
hooks (:mod:`.models` renders none), so that builds what ``__init__`` would.

The functions only take data of exactly the expected shape: a ``dict``,
values of exactly the JSON types (``str``, not a ``str`` subclass), no key
named ``extra``. Anything else raises (``Mismatch``, the ``KeyError`` of a
missing required key, the error of a bad timestamp) and the converter runs
cattrs' generic function instead, which builds the same model or explains
every mismatch. A class with a field kind not handled here (a free-form map)
gets no function, and neither does a class that contains one: the generic
function serves them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

from .codegen import ROOT
from .registry import ClassDef, FieldDef, Registry
from .text import HEADER, docstring, isort_key

HOOKS = "telnyx_sip/models/_structure_hooks.py"

PRIMITIVES = {
    "str": "type({v}) is not str",
    "bool": "type({v}) is not bool",
    "int": "type({v}) is not int",
    # An integer is a valid JSON number; a bool is not.
    "float": "type({v}) is not float and type({v}) is not int",
}

_TUPLE = re.compile(r"tuple\[(?P<item>.+), \.\.\.\]")


@dataclass(frozen=True)
class Kind:
    """How one annotation is read: ``what`` is primitive, enum, class, datetime."""

    what: str
    name: str
    array: bool = False


def kind_of(annotation: str, registry: Registry) -> Kind | None:
    """The kind of a response annotation, or ``None`` when it has no fast path."""
    found = _TUPLE.fullmatch(annotation)
    if found:
        item = kind_of(found["item"], registry)
        if item is None or item.array:
            return None
        return Kind(item.what, item.name, array=True)
    if annotation in PRIMITIVES:
        return Kind("primitive", annotation)
    if annotation == "datetime.datetime":
        return Kind("datetime", "parse_datetime")
    if annotation.endswith(" | str") and annotation[:-6] in registry.enums:
        return Kind("enum", annotation[:-6])
    if annotation in registry.classes:
        return Kind("class", annotation)
    return None


def snake(name: str) -> str:
    """``CredentialConnection`` -> ``credential_connection``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def function_name(cls_name: str) -> str:
    return f"structure_{snake(cls_name)}"


def setter_name(cls_name: str, field: str) -> str:
    return f"_{snake(cls_name)}__{field}"


def enum_map(enum_name: str) -> str:
    return f"_{snake(enum_name)}_values"


def fast_classes(registry: Registry) -> list[ClassDef]:
    """The response classes that get a function, nested ones before their users."""
    kinds: dict[str, list[Kind | None]] = {}
    for cls in registry.classes.values():
        if cls.side == "response":
            kinds[cls.name] = [kind_of(f.type.annotation, registry) for f in cls.fields]
    fast = {name for name, found in kinds.items() if None not in found}
    changed = True
    while changed:  # a class holding a slow class is slow too
        changed = False
        for name in sorted(fast):
            nested = {k.name for k in kinds[name] if k and k.what == "class"}
            if not nested <= fast:
                fast.discard(name)
                changed = True
    return [c for c in registry.classes.values() if c.name in fast]


def _convert(kind: Kind, value: str) -> tuple[str, str]:
    """(condition that ``value`` has the wrong JSON type, converted expression)."""
    if kind.what == "primitive":
        return PRIMITIVES[kind.name].format(v=value), value
    if kind.what == "enum":
        lookup = f"{enum_map(kind.name)}.get({value}, {value})"
        return f"type({value}) is not str", lookup
    if kind.what == "class":
        return "", f"{function_name(kind.name)}({value})"
    return "", f"parse_datetime({value})"


def field_lines(cls: ClassDef, f: FieldDef, kind: Kind) -> list[str]:
    """The statements reading, checking and setting one field (``v`` holds it)."""
    optional = f.nullable or not f.required
    read = f'o["{f.name}"]' if f.required else f'o.get("{f.name}")'
    lines = [f"v = {read}"]
    if kind.array:
        lines += _array_lines(kind, optional=optional)
    else:
        wrong, converted = _convert(kind, "v")
        if wrong and optional:
            lines += [f"if {wrong} and v is not None:", "    raise Mismatch"]
        elif wrong:
            lines += [f"if {wrong}:", "    raise Mismatch"]
        if converted != "v":
            if optional:
                lines += ["if v is not None:", f"    v = {converted}"]
            else:
                lines.append(f"v = {converted}")
    lines.append(f"{setter_name(cls.name, f.name)}(obj, v)")
    return lines


def _array_lines(kind: Kind, *, optional: bool) -> list[str]:
    wrong, converted = _convert(kind, "x")
    body = []
    if wrong:
        body += ["for x in v:", f"    if {wrong}:", "        raise Mismatch"]
    whole = "v" if converted == "x" else f"[{converted} for x in v]"
    body.append(f"v = tuple({whole})")
    lines = ["if type(v) is list:", *(f"    {line}" for line in body)]
    lines += ["elif v is not None:" if optional else "else:", "    raise Mismatch"]
    return lines


def function_lines(cls: ClassDef, registry: Registry) -> list[str]:
    name = function_name(cls.name)
    keys = f"_{snake(cls.name)}_keys"
    lines = [
        f"def {name}(o: Any) -> {cls.name}:",
        f'    """``o`` as a :class:`{cls.name}`, if it fits exactly."""',
        '    if type(o) is not dict or "extra" in o:',
        "        raise Mismatch",
        f"    obj = _new({cls.name})",
    ]
    for f in cls.fields:
        kind = kind_of(f.type.annotation, registry)
        assert kind is not None
        lines += [f"    {line}" for line in field_lines(cls, f, kind)]
    extra = setter_name(cls.name, "extra")
    lines += [
        f"    if {keys}.issuperset(o):",
        f"        {extra}(obj, {{}})",
        "    else:",
        f"        {extra}(obj, {{k: x for k, x in o.items() if k not in {keys}}})",
        "    return obj",
    ]
    return lines


def constant_lines(cls: ClassDef) -> list[str]:
    names = [f.name for f in cls.fields]
    keys = ", ".join(f'"{n}"' for n in names)
    lines = [f"_{snake(cls.name)}_keys = frozenset({{{keys}}})"]
    lines += [
        f'{setter_name(cls.name, n)} = _setter({cls.name}, "{n}")'
        for n in [*names, "extra"]
    ]
    return lines


PREAMBLE = '''
class Mismatch(Exception):
    """The data is not of exactly the shape the fast path takes."""


_new = object.__new__


def _setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """The slot descriptor's ``__set__``: frozen models refuse ``setattr``."""
    setter: Callable[[Any, Any], None] = cls.__dict__[name].__set__
    return setter
'''


def hooks_source(registry: Registry, placement: dict[str, str]) -> str:
    """The module's text, before ruff (see :func:`with_complexity_waivers`)."""
    classes = fast_classes(registry)
    enums = sorted(
        {
            k.name
            for c in classes
            for f in c.fields
            if (k := kind_of(f.type.annotation, registry)) and k.what == "enum"
        }
    )
    uses_datetime = any(
        (k := kind_of(f.type.annotation, registry)) and k.what == "datetime"
        for c in classes
        for f in c.fields
    )
    imports: dict[str, set[str]] = {}
    for name in [c.name for c in classes] + enums:
        imports.setdefault(placement[name], set()).add(name)
    lines = [
        HEADER,
        *docstring(
            "Straight-line structure functions for the response models.",
            "Each builds its model from a decoded JSON object of exactly the "
            "expected shape and raises on anything else (Mismatch, or the error "
            "of reading a missing key or a bad timestamp); the converter then "
            "runs cattrs' generic function, which explains the mismatch. "
            "FAST maps each model to its function. See scripts/gen/hooks.py.",
        ),
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Callable",
        "from typing import Any",
        "",
    ]
    if uses_datetime:
        lines.append("from telnyx_sip._timestamps import parse_datetime")
    for module in sorted(imports):
        names = ", ".join(sorted(imports[module], key=isort_key))
        lines.append(f"from .{module} import {names}")
    lines += ["", '__all__ = ["FAST", "Mismatch"]', ""]
    lines += PREAMBLE.rstrip().splitlines()
    lines += [""]
    lines += [f"{enum_map(e)} = {e}._value2member_map_" for e in enums]
    for cls in classes:
        lines += ["", "", *constant_lines(cls), "", "", *function_lines(cls, registry)]
    lines += ["", "", "FAST: dict[type[Any], Callable[[Any], Any]] = {"]
    lines += [f"    {c.name}: {function_name(c.name)}," for c in classes]
    lines.append("}")
    lines.append('"""Each response model with a fast path, and its function."""')
    return with_complexity_waivers("\n".join(lines) + "\n")


_WAIVED = ("PLR0912", "PLR0915")


def with_complexity_waivers(source: str) -> str:
    """``source`` with a ``noqa`` on each function ruff finds too long.

    The functions are long by design (one block per field, no loops); the
    waiver names exactly the rules each one breaks, so an unused one never
    lingers.
    """
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            ",".join(_WAIVED),
            "--output-format",
            "json",
            "--exit-zero",
            "--stdin-filename",
            HOOKS,
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"ruff check failed on {HOOKS}:\n{done.stderr}")
    codes: dict[int, set[str]] = {}
    for found in json.loads(done.stdout):
        codes.setdefault(found["location"]["row"], set()).add(found["code"])
    lines = source.splitlines()
    for row, found in codes.items():
        lines[row - 1] += f"  # noqa: {', '.join(sorted(found))}"
    return "\n".join(lines) + "\n"
