"""The one place generated text is formatted, compared with the tree and written.

Paths are repository-relative strings (``telnyx_sip/_meta.py``) so that the
same outputs can be checked against the repository or against a copy of the
tree elsewhere (``--root``, which the tests use).
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .text import GENERATED_PREFIX

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "python -m scripts.gen"


def ruff(source: str, name: str) -> str:
    """Sort imports and format ``source`` as ruff would for the file ``name``."""
    steps = (
        ["check", "--fix-only", "--exit-zero", "--select", "I,RUF022"],
        ["format"],
    )
    for step in steps:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *step, "--stdin-filename", name, "-"],
            input=source,
            capture_output=True,
            text=True,
            cwd=ROOT,  # the repository's ruff settings, whatever --root says
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"ruff {step[0]} failed on {name}:\n{done.stderr}")
        source = done.stdout
    return source


def formatted(sources: Mapping[str, str]) -> dict[str, str]:
    """Every source through :func:`ruff`, keyed as given."""
    return {name: ruff(text, name) for name, text in sources.items()}


def stale_files(root: Path, folders: Iterable[str], keep: Iterable[str]) -> list[str]:
    """Generated files in ``folders`` that no output in ``keep`` accounts for."""
    wanted = set(keep)
    found = []
    for folder in folders:
        for path in sorted((root / folder).glob("*.py")):
            name = path.relative_to(root).as_posix()
            if name in wanted:
                continue
            with path.open(encoding="utf-8") as handle:
                if handle.readline().startswith(GENERATED_PREFIX):
                    found.append(name)
    return found


@dataclass(frozen=True)
class Change:
    """One file whose content differs from what the generator makes of it.

    ``old`` is ``None`` for a file to create, ``new`` for a file to remove.
    """

    name: str
    old: str | None
    new: str | None

    def diff(self) -> str:
        """A unified diff from the file as it is to the file as generated."""
        lines = difflib.unified_diff(
            (self.old or "").splitlines(keepends=True),
            (self.new or "").splitlines(keepends=True),
            fromfile=f"a/{self.name}" if self.old is not None else "/dev/null",
            tofile=f"b/{self.name}" if self.new is not None else "/dev/null",
        )
        text = "".join(lines)
        return text if text.endswith("\n") else text + "\n"


def changes(
    outputs: Mapping[str, str], root: Path, remove: Iterable[str] = ()
) -> list[Change]:
    """What differs between ``outputs`` (and files to ``remove``) and ``root``."""
    found = []
    for name, text in outputs.items():
        path = root / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            found.append(Change(name, current, text))
    for name in remove:
        found.append(Change(name, (root / name).read_text(encoding="utf-8"), None))
    return found


def apply(
    found: Iterable[Change], root: Path, *, check: bool, out: TextIO = sys.stdout
) -> int:
    """Show (``check``) or make the changes; the exit status for the driver.

    With ``check`` every drifted file is printed as a unified diff and the
    result is 1 when there was any; otherwise files are written or removed.
    """
    found = list(found)
    if check:
        for change in found:
            out.write(change.diff())
        if found:
            names = ", ".join(change.name for change in found)
            print(f"out of date: {names}; run: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    for change in found:
        path = root / change.name
        if change.new is None:
            path.unlink()
            print(f"removed {change.name}", file=out)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(change.new, encoding="utf-8")
            print(f"wrote {change.name}", file=out)
    return 0
