"""Reading document text: JSON always, YAML with the ``yaml`` extra (PyYAML).

Both readers refuse a mapping that repeats a key (JSON and YAML parsers
usually keep the last one silently, hiding a typo). YAML's ``!env NAME`` tag
becomes an :class:`EnvRef`; PyYAML is imported only when YAML is read or
written, so JSON documents need nothing beyond the SDK.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any, Literal

from ._values import EnvRef

__all__ = ["Format", "parse", "sniff"]

Format = Literal["yaml", "json"]


class ParseError(ValueError):
    """Text that is not a well-formed document of its format."""


def sniff(text: str) -> Format:
    """``"json"`` for text starting with ``{``, else ``"yaml"``."""
    return "json" if text.lstrip().startswith("{") else "yaml"


def parse(text: str, fmt: Format) -> Any:
    """The data of ``text``; raises :class:`ParseError` naming the line."""
    if fmt == "json":
        return _parse_json(text)
    return _parse_yaml(text)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            msg = f"the key {key!r} appears twice in one object"
            raise ParseError(msg)
        out[key] = value
    return out


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise ParseError(msg) from None


def yaml_module() -> Any:
    """PyYAML, or an error naming the extra that installs it."""
    try:
        # Optional dependency: imported when YAML is first read or written.
        return importlib.import_module("yaml")
    except ImportError:
        msg = (
            "YAML documents need PyYAML: pip install 'telnyx-sip[yaml]' "
            "(or give the document as JSON)"
        )
        raise ImportError(msg) from None


def _loader(yaml: Any) -> type[Any]:
    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Safe loading, ``!env`` tags, no repeated keys; a subclass so the
    # constructors added stay off PyYAML's own loader.
    loader: type[Any] = type("Loader", (base,), {})

    def env(loader: Any, node: Any) -> EnvRef:
        return EnvRef(str(loader.construct_scalar(node)))

    def mapping(loader: Any, node: Any) -> dict[Any, Any]:
        loader.flatten_mapping(node)
        seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in seen:
                line = key_node.start_mark.line + 1
                msg = f"the key {key!r} appears twice in one mapping (line {line})"
                raise ParseError(msg)
            seen[key] = loader.construct_object(value_node, deep=True)
        return seen

    add: Callable[..., None] = loader.add_constructor
    add("!env", env)
    add(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return loader


def _parse_yaml(text: str) -> Any:
    yaml = yaml_module()
    try:
        return yaml.load(text, Loader=_loader(yaml))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        msg = f"not valid YAML: {problem}{where}"
        raise ParseError(msg) from None
