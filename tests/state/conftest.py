"""Fixtures of the desired-state tests: a fresh sandbox on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from telnyx_sip.testing import Sandbox


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A fault-free sandbox; ``sandbox.client`` reaches it."""
    async with Sandbox(seed=5) as running:
        yield running
