"""Quality gates: ``nox`` runs tests (on every CPython found), lint, typecheck, the
generated-code check, the docs build and the package build."""

from __future__ import annotations

import glob
import os
import shutil
import sys
import zipfile
from pathlib import Path

import nox

nox.options.sessions = [
    "tests",
    "speedups",
    "lint",
    "typecheck",
    "generated",
    "docs",
    "build",
]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"
# An interpreter the machine lacks is skipped with a message (also on CI),
# never downloaded: the tests run on the CPythons that are there.
nox.options.error_on_missing_interpreters = False
nox.options.download_python = "never"
# Sessions run one after another. Side by side (nox.options.parallel) the
# four tests sessions take 3 minutes instead of 6 on 2 CPUs, but the tests
# that time subprocesses, signals and pseudo-terminals then share a loaded
# machine; a CI run must not depend on the load.

# Every CPython from the oldest supported (pyproject's requires-python) on.
PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14"]
# Coverage is measured on one of them, the one nox runs on (it is always
# there); the others run the same suite without it, which is faster. Should
# nox run on a version outside the list, every run measures it.
_RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"
COVERAGE_PYTHONS = [_RUNNING] if _RUNNING in PYTHONS else PYTHONS

ROOT = Path(__file__).parent
SPEC = os.environ.get(
    "TELNYX_SIP_OPENAPI", str(ROOT.parent / "shared" / "openapi" / "telnyx-sip.json")
)
# Pinned: generated files are formatted by ruff, and a newer release may
# format (or lint) them differently.
LINT_TOOLS = ["ruff==0.17.6"]
TYPE_TOOLS = ["mypy==2.4.1"]


def _pyenv_bins() -> list[str]:
    """The ``bin`` directories of the CPythons pyenv installed.

    pyenv's shims only run the versions it has activated, so ``python3.10``
    may be on PATH and still not start; the builds themselves are found here.
    """
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    return sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin")))


# Appended, so nothing already on PATH changes meaning.
os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), *_pyenv_bins()])


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (spec contract tests included when the spec is present)."""
    session.install("-e", ".[test]")
    # A whole run on the coverage interpreter measures coverage against its
    # floor (pyproject's [tool.coverage.report] fail_under); a run of chosen
    # tests does not.
    whole = not session.posargs and session.python in COVERAGE_PYTHONS
    coverage = ["--cov=telnyx_sip", "--cov-report=term"] if whole else []
    session.run("pytest", *coverage, *session.posargs, env={"TELNYX_SIP_OPENAPI": SPEC})


@nox.session
def speedups(session: nox.Session) -> None:
    """The test suite again with the speedups extra (orjson) doing the JSON."""
    session.install("-e", ".[test,speedups]")
    # Fail rather than pass on the standard library if orjson did not load.
    check = "from telnyx_sip import _json; assert _json.BACKEND == 'orjson'"
    session.run("python", "-c", check)
    session.run("pytest", *session.posargs, env={"TELNYX_SIP_OPENAPI": SPEC})


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install(*LINT_TOOLS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package, the typing tests and the docs' examples."""
    session.install("-e", ".[test]", *TYPE_TOOLS)
    session.run("mypy", "--strict", "telnyx_sip", "tests/typing")
    # Every ```python block of the README and docs/, one module per page
    # (build/examples/), errors reported at the page's line.
    session.run("python", "-m", "scripts.extract_examples")


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


@nox.session
def bench(session: nox.Session) -> None:
    """The speed benchmark suite, with the official telnyx package to compare.

    Not in nox.options.sessions (timings want a quiet machine). Arguments go to
    the suite: ``nox -s bench -- --quick`` or ``-- --json docs/perf/bench.json``.
    """
    session.install("-e", ".", "-r", "bench/requirements.txt")
    session.run(
        "python", "-m", "bench", *session.posargs, env={"TELNYX_SIP_OPENAPI": SPEC}
    )


@nox.session
def build(session: nox.Session) -> None:
    """Build the sdist and wheel, check them, smoke-test the wheel in a new venv."""
    session.install("build", "twine")
    tmp = Path(session.create_tmp())
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    session.run("twine", "check", "--strict", str(wheel), str(sdist))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for needed in ("telnyx_sip/py.typed", "telnyx_sip/testing/__init__.py"):
        if needed not in names:
            session.error(f"{wheel.name} lacks {needed}")
    if any(name.startswith("tests/") for name in names):
        session.error(f"{wheel.name} ships the tests")

    venv = tmp / "smoke"
    session.run("python", "-m", "venv", "--clear", str(venv))
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_dir / "python")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheel), external=True)
    # -I: the checkout must not shadow the installed package.
    session.run(
        python,
        "-I",
        "-c",
        "import sys, telnyx_sip, telnyx_sip.testing;"
        "assert telnyx_sip.__file__.startswith(sys.prefix), telnyx_sip.__file__;"
        "print('telnyx_sip', telnyx_sip.__version__, 'from', telnyx_sip.__file__)",
        external=True,
    )
    session.run(str(bin_dir / "telnyx-sip"), "--help", external=True, silent=True)
