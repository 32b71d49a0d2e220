"""Quality gates: ``nox`` runs tests, lint, typecheck and the docs build."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "generated", "docs"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
SPEC = os.environ.get(
    "TELNYX_SIP_OPENAPI", str(ROOT.parent / "shared" / "openapi" / "telnyx-sip.json")
)
# Pinned: generated files are formatted by ruff, and a newer release may
# format (or lint) them differently.
LINT_TOOLS = ["ruff==0.17.6"]
TYPE_TOOLS = ["mypy==2.4.1"]


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (spec contract tests included when the spec is present)."""
    session.install("-e", ".[test]")
    # A whole run measures coverage against its floor (pyproject's
    # [tool.coverage.report] fail_under); a run of chosen tests does not.
    coverage = [] if session.posargs else ["--cov=telnyx_sip", "--cov-report=term"]
    session.run("pytest", *coverage, *session.posargs, env={"TELNYX_SIP_OPENAPI": SPEC})


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
    """Fail, showing a diff, when a generated file (models, services, sync) is stale."""
    session.install("-e", ".", *LINT_TOOLS)
    session.run("python", "-m", "scripts.gen", "--check", SPEC)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site; any warning or broken link fails it."""
    session.install("-e", ".[docs]")
    session.run(
        "mkdocs",
        "build",
        "--strict",
        *session.posargs,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
