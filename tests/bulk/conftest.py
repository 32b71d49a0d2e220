"""Fixtures of the bulk tests: a sandbox to create objects in and look them up."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from telnyx_sip.testing import Sandbox


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A fresh, fault-free sandbox on loopback; ``sandbox.client`` reaches it."""
    async with Sandbox(seed=3) as running:
        yield running
