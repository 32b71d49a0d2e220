"""Help on every level, and ``python -m telnyx_sip``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests._support.cli import HELP_LEVELS, run

# -- help ---------------------------------------------------------------------------


@pytest.mark.parametrize("argv", HELP_LEVELS, ids=" ".join)
def test_help_on_every_level_describes_the_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv, "--help")
    assert (code, err) == (0, "")
    usage, _, rest = out.partition("\n\n")
    assert usage.startswith("usage: telnyx-sip")
    description = rest.split("\n\n", 1)[0]
    assert len(description) > 30, description


def test_top_level_help_documents_exit_codes_and_the_api_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "--help")
    for line in ("2    usage error", "3    API error", "4    network error", "130"):
        assert line in out
    assert "TELNYX_API_KEY" in out
    assert "--show-secrets" in out


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "telnyx_sip", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: telnyx-sip")
    assert "credential-connections" in done.stdout
