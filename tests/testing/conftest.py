"""Sandbox fixtures that check every answer against the spec's response schemas.

Each sandbox made here gets an outermost aiohttp middleware that records every
answer it sends (dropped connections send none). When the test is over, each
recorded body is validated with jsonschema against the schema the spec gives
for that operation and status, ``$ref`` resolved against the whole document.
Statuses the spec does not list for an operation (401 on access IP ranges,
429, 500 ...) and those it lists without a body are checked against its
generic ``ErrorResponse``. Success bodies are also checked for keys the schema
does not define. Without the spec the sandbox tests still run, unchecked.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from json import loads
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web
from jsonschema import Draft202012Validator
from multidict import CIMultiDict
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from telnyx_sip.testing import Sandbox
from telnyx_sip.testing._spec_data import OPERATIONS

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


@pytest.fixture(scope="session")
def contract(request: pytest.FixtureRequest) -> Contract | None:
    """Schema checks, or ``None`` when the spec file is absent."""
    try:
        spec = request.getfixturevalue("spec")
    except pytest.skip.Exception:
        return None
    return Contract(spec)


def _recorder(answers: list[Answer]) -> Any:
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


@pytest.fixture
def checked(contract: Contract | None) -> Iterator[Checked]:
    recorded = Checked(contract)
    yield recorded
    recorded.verify()


MakeSandbox = Callable[..., contextlib.AbstractAsyncContextManager[Sandbox]]


@pytest.fixture
def make_sandbox(checked: Checked) -> MakeSandbox:
    """Start a sandbox (default key: the tests' API_KEY) whose answers are checked."""

    @contextlib.asynccontextmanager
    async def make(**options: Any) -> AsyncIterator[Sandbox]:
        options.setdefault("api_key", API_KEY)
        sandbox = Sandbox(**options)
        sandbox.app.middlewares.insert(0, _recorder(checked.answers))
        async with sandbox:
            yield sandbox

    return make


@pytest.fixture
async def sandbox(make_sandbox: MakeSandbox) -> AsyncIterator[Sandbox]:
    async with make_sandbox() as started:
        yield started


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


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[Raw]:
    async with aiohttp.ClientSession() as session:
        yield Raw(session, sandbox.base_url, sandbox.api_key)
