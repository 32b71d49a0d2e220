"""Sandbox fixtures that check every answer against the spec's response schemas.

Each sandbox made here records every answer it sends (dropped connections send
none); when the test is over, each is checked against the spec (see
tests/_support/sandbox.py). Without the spec the sandbox tests still run,
unchecked.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from telnyx_sip.testing import Sandbox
from tests._support.sandbox import (
    API_KEY,
    Checked,
    Contract,
    MakeSandbox,
    Raw,
    recorder,
)


@pytest.fixture(scope="session")
def contract(request: pytest.FixtureRequest) -> Contract | None:
    """Schema checks, or ``None`` when the spec file is absent."""
    try:
        spec = request.getfixturevalue("spec")
    except pytest.skip.Exception:
        return None
    return Contract(spec)


@pytest.fixture
def checked(contract: Contract | None) -> Iterator[Checked]:
    recorded = Checked(contract)
    yield recorded
    recorded.verify()


@pytest.fixture
def make_sandbox(checked: Checked) -> MakeSandbox:
    """Start a sandbox (default key: the tests' API_KEY) whose answers are checked."""

    @contextlib.asynccontextmanager
    async def make(**options: Any) -> AsyncIterator[Sandbox]:
        options.setdefault("api_key", API_KEY)
        sandbox = Sandbox(**options)
        sandbox.app.middlewares.insert(0, recorder(checked.answers))
        async with sandbox:
            yield sandbox

    return make


@pytest.fixture
async def sandbox(make_sandbox: MakeSandbox) -> AsyncIterator[Sandbox]:
    async with make_sandbox() as started:
        yield started


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[Raw]:
    async with aiohttp.ClientSession() as session:
        yield Raw(session, sandbox.base_url, sandbox.api_key)
