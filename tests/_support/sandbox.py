"""Checking the sandbox's answers against the spec, and plain HTTP calls to it.

The ``make_sandbox`` fixture puts :func:`recorder` in front of each sandbox it
starts; :class:`Checked` then validates every recorded body with jsonschema
against the schema the spec gives for that operation and status, ``$ref``
resolved against the whole document. Statuses the spec does not list for an
operation (401 on access IP ranges, 429, 500 ...) and those it lists without a
body are checked against its generic ``ErrorResponse``. Success bodies are
also checked for keys the schema does not define.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from json import loads
from typing import Any

import aiohttp
import attrs
from aiohttp import web
from jsonschema import Draft202012Validator
from multidict import CIMultiDict
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from telnyx_sip.testing import Sandbox
from telnyx_sip.testing._spec_data import OPERATIONS

__all__ = ["API_KEY", "Answer", "Checked", "Contract", "MakeSandbox", "Raw", "recorder"]

API_KEY = "KEY-sandbox-0123456789abcdef"

SPEC_URI = "urn:telnyx-sip-openapi"
FALLBACK = "/components/schemas/ErrorResponse"
ROUTES = {op.name: (op.method, op.path) for op in OPERATIONS}


@attrs.frozen
class Answer:
    """One answer the sandbox sent."""

    operation: str | None
    method: str
    path: str
    status: int
    body: bytes
    headers: dict[str, str]


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class Contract:
    """Validators for the spec's response schemas, by operation and status."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._validators: dict[str, Draft202012Validator] = {}

    def pointer(self, operation: str | None, status: int) -> str:
        """The JSON pointer of the schema an answer must fit."""
        if operation is None:
            return FALLBACK
        method, path = ROUTES[operation]
        op = self.spec["paths"][path][method.lower()]
        response = op["responses"].get(str(status))
        if response is None:
            assert status >= 400, f"{operation}: {status} is not in the spec"
            return FALLBACK
        parts = ["paths", path, method.lower(), "responses", str(status)]
        if "$ref" in response:
            parts = response["$ref"].lstrip("#/").split("/")
            response = self.resolve(response["$ref"])
        if "schema" not in response.get("content", {}).get("application/json", {}):
            assert status >= 400, f"{operation}: {status} has no schema"
            return FALLBACK
        parts += ["content", "application/json", "schema"]
        return "/" + "/".join(_escape(p) for p in parts)

    def resolve(self, ref: str) -> Any:
        """The schema a ``$ref`` (relative to the spec) points at."""
        resolver = self.registry.resolver(base_uri=SPEC_URI)
        return resolver.lookup(ref).contents

    def validator(self, pointer: str) -> Draft202012Validator:
        found = self._validators.get(pointer)
        if found is None:
            found = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{pointer}"}, registry=self.registry
            )
            self._validators[pointer] = found
        return found

    def problems(self, answer: Answer) -> list[str]:
        """What is wrong with one answer (nothing, normally)."""
        where = f"{answer.method} {answer.path} -> {answer.status}"
        content_type = answer.headers.get("Content-Type", "")
        if not content_type.startswith("application/json"):
            return [f"{where}: content type {content_type!r}"]
        body = loads(answer.body)
        pointer = self.pointer(answer.operation, answer.status)
        found = [
            f"{where}: {error.json_path}: {error.message}"
            for error in self.validator(pointer).iter_errors(body)
        ]
        if answer.status < 300:
            schema = self.resolve("#" + pointer)
            found += [f"{where}: {p}" for p in self.unknown_keys(schema, body, "$")]
        return found

    def unknown_keys(self, schema: Any, value: Any, where: str) -> list[str]:
        """Keys of ``value`` the schema does not define, at any depth."""
        while isinstance(schema, dict) and "$ref" in schema:
            schema = self.resolve(schema["$ref"])
        if not isinstance(schema, dict):
            return []
        if isinstance(value, list) and "items" in schema:
            out: list[str] = []
            for index, item in enumerate(value):
                out += self.unknown_keys(schema["items"], item, f"{where}[{index}]")
            return out
        properties = schema.get("properties")
        if not isinstance(value, dict) or properties is None:
            return []
        out = [
            f"{where}.{key} is not in the schema"
            for key in value
            if key not in properties
        ]
        for key, item in value.items():
            if key in properties:
                out += self.unknown_keys(properties[key], item, f"{where}.{key}")
        return out


def recorder(answers: list[Answer]) -> Any:
    @web.middleware
    async def record(
        request: web.Request,
        handler: Callable[[web.Request], Any],
    ) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        transport = request.transport
        if transport is None or transport.is_closing():
            return response  # dropped: nothing reaches the client
        assert isinstance(response, web.Response)
        assert isinstance(response.body, bytes)
        answers.append(
            Answer(
                request.match_info.route.name,
                request.method,
                request.path,
                response.status,
                response.body,
                dict(response.headers),
            )
        )
        return response

    return record


@attrs.define
class Checked:
    """Every answer of the sandboxes a test made, and how to check them."""

    contract: Contract | None
    answers: list[Answer] = attrs.Factory(list)

    def verify(self) -> list[Answer]:
        """Validate what was recorded since the last call; return those answers."""
        answers, self.answers[:] = list(self.answers), []
        if self.contract is None:
            return []
        problems = [p for answer in answers for p in self.contract.problems(answer)]
        assert not problems, "answers that break the spec:\n" + "\n".join(problems)
        return answers


MakeSandbox = Callable[..., contextlib.AbstractAsyncContextManager[Sandbox]]


@attrs.frozen
class Raw:
    """Plain HTTP calls to a sandbox, for what the SDK would refuse to send."""

    session: aiohttp.ClientSession
    base_url: str
    api_key: str | None

    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: Any = None,
        key: str | None = "",
    ) -> tuple[int, Any, CIMultiDict[str]]:
        """Send one request; ``key=None`` sends no Authorization header."""
        headers = {}
        token = self.api_key if key == "" else key
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with self.session.request(
            method,
            self.base_url + path,
            json=json,
            data=data,
            params=params,
            headers=headers,
        ) as response:
            body = await response.json(content_type=None)
            return response.status, body, CIMultiDict(response.headers)
