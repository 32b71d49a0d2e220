"""Response bodies for the benchmark server, generated from the OpenAPI spec.

Every property of a response schema is filled in: nullable fields get a
value rather than ``null``, nested objects are filled the same way, arrays
hold a few items, enums take values from their lists and bounded integers
stay within their bounds. The bodies are realistic in size and shape, so the
client side parses and structures what a real answer would make it parse.

Generation is deterministic: the server process and the benchmark process
build the same bytes from the same spec.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["Bodies", "count_fields", "load_spec", "spec_path"]

Schema = dict[str, Any]

ROOT = Path(__file__).resolve().parents[1]
PAGE_SIZE = 250
# Which response schemas the benchmark needs: (path, method, status).
OPERATIONS = {
    "ip": ("/ips/{id}", "get", "200"),
    "ip_created": ("/ips", "post", "201"),
    "ip_page": ("/ips", "get", "200"),
    "cc": ("/credential_connections/{id}", "get", "200"),
    "cc_created": ("/credential_connections", "post", "201"),
    "cc_page": ("/credential_connections", "get", "200"),
}
# Names whose value is a timestamp although the spec gives them no format.
_TIMESTAMPS = ("created_at", "updated_at")


def spec_path() -> Path:
    """The OpenAPI file: ``TELNYX_SIP_OPENAPI``, else next to the checkout."""
    default = ROOT.parent / "shared" / "openapi" / "telnyx-sip.json"
    return Path(os.environ.get("TELNYX_SIP_OPENAPI", str(default)))


def load_spec(path: Path | None = None) -> Schema:
    """The parsed spec; a missing file names the variable that points to it."""
    path = path or spec_path()
    if not path.is_file():
        msg = f"OpenAPI spec not found at {path}; set TELNYX_SIP_OPENAPI"
        raise SystemExit(msg)
    spec: Schema = json.loads(path.read_text(encoding="utf-8"))
    return spec


class _Filler:
    """Values for a schema; ``index`` varies them from one list item to the next."""

    def __init__(self, spec: Schema) -> None:
        self.spec = spec

    def deref(self, node: Schema) -> Schema:
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node

    def value(self, node: Schema, name: str, index: int) -> Any:
        node = self.deref(node)
        if "enum" in node:
            choices = [v for v in node["enum"] if v is not None]
            return choices[index % len(choices)]
        kinds = node.get("type", "object")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        kind = next((k for k in kinds if k != "null"), "object")
        if kind == "object":
            props = node.get("properties", {})
            return {key: self.value(sub, key, index) for key, sub in props.items()}
        if kind == "array":
            item = node.get("items", {})
            return [self.value(item, name, index + i) for i in range(3)]
        if kind == "boolean":
            return (index + len(name)) % 2 == 0
        if kind == "integer":
            return _integer(node, index)
        if kind == "number":
            return float(_integer(node, index)) + 0.5
        return self.string(node, name, index)

    def string(self, node: Schema, name: str, index: int) -> str:
        if node.get("x-format") == "int64" or name == "id" or name.endswith("_id"):
            return str(1_293_384_261_075_731_000 + index)
        if node.get("format") == "date-time" or name in _TIMESTAMPS:
            return f"2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}T10:25:27.521Z"
        if node.get("format") == "uri" or name.endswith("_url"):
            return f"https://hooks.example.com/telnyx/{name}/{index}"
        if name == "ip_address":
            return f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
        if name == "password":
            return f"p4ss-{index:06d}-correct-horse-battery"
        example = node.get("example")
        if isinstance(example, str) and example != "string":
            return example
        return f"{name}-{index:04d}"


def _integer(node: Schema, index: int) -> int:
    low = node.get("minimum", 0)
    high = node.get("maximum", low + 100)
    value = low + (index * 7 + 10) % (high - low + 1)
    step = node.get("multipleOf")
    if step:
        value -= (value - low) % step
    return int(value)


def count_fields(obj: Any) -> tuple[int, int]:
    """(every field, nested objects) of one generated object, however deep."""
    fields = objects = 0
    for value in obj.values():
        fields += 1
        if isinstance(value, dict):
            objects += 1
            sub_fields, sub_objects = count_fields(value)
            fields += sub_fields
            objects += sub_objects
    return fields, objects


class Bodies:
    """The JSON bodies the benchmark server answers with, as bytes and as data."""

    def __init__(self, spec: Schema | None = None) -> None:
        spec = spec if spec is not None else load_spec()
        self._filler = _Filler(spec)
        self._schemas = {
            name: self._response_schema(spec, *where)
            for name, where in OPERATIONS.items()
        }
        self.ip = self._object("ip", 0)
        self.cc = self._object("cc", 0)
        self.ip_page = self._page("ip_page")
        self.cc_page = self._page("cc_page")

    @staticmethod
    def _response_schema(spec: Schema, path: str, method: str, status: str) -> Schema:
        response = spec["paths"][path][method]["responses"][status]
        schema: Schema = response["content"]["application/json"]["schema"]
        return schema

    def _data_schema(self, name: str) -> Schema:
        envelope = self._filler.deref(self._schemas[name])
        return self._filler.deref(envelope["properties"]["data"])

    def _object(self, name: str, index: int) -> dict[str, Any]:
        data: dict[str, Any] = self._filler.value(self._data_schema(name), "", index)
        return data

    def _page(self, name: str) -> dict[str, Any]:
        envelope = self._filler.deref(self._schemas[name])
        item = self._filler.deref(envelope["properties"]["data"]["items"])
        data = [self._filler.value(item, "", i) for i in range(PAGE_SIZE)]
        meta = {
            key: self._filler.value(sub, key, 0)
            for key, sub in self._filler.deref(envelope["properties"]["meta"])[
                "properties"
            ].items()
        }
        meta.update(
            page_number=1, page_size=PAGE_SIZE, total_pages=1, total_results=PAGE_SIZE
        )
        return {"data": data, "meta": meta}

    def created(self, name: str, sent: dict[str, Any]) -> dict[str, Any]:
        """The create echo: the full object with the sent fields in it."""
        template = self.ip if name == "ip" else self.cc
        return {"data": {**template, **sent}}

    def empty_page(self, name: str) -> dict[str, Any]:
        """A page with no items (what a filtered lookup finds)."""
        page = self.ip_page if name == "ip" else self.cc_page
        meta = {**page["meta"], "total_pages": 0, "total_results": 0}
        return {"data": [], "meta": meta}

    def encoded(self) -> dict[str, bytes]:
        """The fixed answers as JSON bytes, by name."""
        return {
            "ip": json.dumps({"data": self.ip}).encode(),
            "cc": json.dumps({"data": self.cc}).encode(),
            "ip_page": json.dumps(self.ip_page).encode(),
            "cc_page": json.dumps(self.cc_page).encode(),
            "ip_empty": json.dumps(self.empty_page("ip")).encode(),
            "cc_empty": json.dumps(self.empty_page("cc")).encode(),
        }
