"""Quality gates: ``nox`` runs tests, lint and typecheck."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
SPEC = os.environ.get(
    "TELNYX_SIP_OPENAPI", str(ROOT.parent / "shared" / "openapi" / "telnyx-sip.json")
)
LINT_TOOLS = ["ruff>=0.6"]
TYPE_TOOLS = ["mypy>=1.11"]


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (spec contract tests included when the spec is present)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs, env={"TELNYX_SIP_OPENAPI": SPEC})


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install(*LINT_TOOLS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package and the typing tests."""
    session.install("-e", ".[test]", *TYPE_TOOLS)
    session.run("mypy", "--strict", "telnyx_sip", "tests/typing")


@nox.session
def generated(session: nox.Session) -> None:
    """Fail when the generated models, services or sync client are stale."""
    session.install("-e", ".", *LINT_TOOLS)
    session.run("python", "scripts/generate.py", "--check", SPEC)
