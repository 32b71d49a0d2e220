"""Reading the code blocks of Markdown pages, and running them as the docs promise.

The rules (also on docs/contributing.md):

- a `` ```python `` block runs; the blocks of one page share one namespace and
  one event loop, in page order, so a page can build on its earlier blocks.
  Top-level ``await`` is allowed (as in ``python -m asyncio`` or a notebook);
- a block with ``title="NAME"`` is a file: it is written to the page's working
  directory instead of being run (a plan, a ``conftest.py`` ...). When a page
  has ``test_*.py`` files, pytest runs them after the page's last block;
- a `` ```console `` block is a shell session: each ``$ `` line runs in bash
  (``\\`` continues it) and what follows it, up to the next ``$ ``, is the
  expected output, where ``...`` matches any text and a line of just ``...``
  any number of lines;
- a `` ```py `` block is Python shown but not run, and must follow a
  ``<!-- not run: why -->`` comment; every other language is shown only.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from telnyx_sip import AsyncTelnyxSIP, TelnyxSIP
from telnyx_sip.testing import Sandbox, ThreadedSandbox

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})(?P<info>[^`]*)$")
_TITLE = re.compile(r'title="(?P<title>[^"]+)"')
_NOT_RUN = re.compile(r"<!--\s*not run:\s*\S.*-->")
_COMMAND_TIMEOUT = 60.0
_PYTEST_TIMEOUT = 120.0


@attrs.frozen
class Block:
    """One fenced code block of a page."""

    path: Path
    line: int  # of the opening fence
    lang: str
    title: str | None
    source: str
    preceded_by: str

    @property
    def where(self) -> str:
        """``page.md:line`` for messages and tracebacks."""
        return f"{self.path.name}:{self.line}"


def blocks(path: Path) -> Iterator[Block]:
    """Every fenced code block of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    previous = ""
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        indent, ticks, info = match["indent"], match["ticks"], match["info"].strip()
        start = i + 1
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != ticks:
            line = lines[i]
            body.append(line[len(indent) :] if line.startswith(indent) else line)
            i += 1
        i += 1  # the closing fence
        lang = info.split()[0] if info else ""
        title = _TITLE.search(info)
        yield Block(
            path=path,
            line=start,
            lang=lang,
            title=title["title"] if title else None,
            source="\n".join(body) + "\n",
            preceded_by=previous,
        )
        previous = ""


def not_run_without_reason(path: Path) -> list[str]:
    """``py`` blocks (shown, not run) that lack their ``not run:`` comment."""
    return [
        b.where
        for b in blocks(path)
        if b.lang == "py" and not _NOT_RUN.fullmatch(b.preceded_by)
    ]


# -- matching expected console output -------------------------------------------


def _line_pattern(expected: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in expected.split("...")))


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit ``expected`` (with ``...`` wildcards)."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(output_matches(rest, actual[k:]) for k in range(len(actual) + 1))
    return (
        bool(actual)
        and _line_pattern(head.rstrip()).fullmatch(actual[0].rstrip()) is not None
        and output_matches(rest, actual[1:])
    )


def console_steps(source: str) -> list[tuple[str, list[str]]]:
    """Split a console block into (command, expected output lines) pairs."""
    steps: list[tuple[str, list[str]]] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            msg = f"console blocks start each command with '$ ': {line!r}"
            raise ValueError(msg)
        command = line[2:]
        while command.endswith("\\") and i + 1 < len(lines):
            # bash reads the backslash-newline as a continuation itself.
            i += 1
            command += "\n" + lines[i]
        i += 1
        expected: list[str] = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        while expected and not expected[-1].strip():
            expected.pop()
        steps.append((command, expected))
    return steps


# -- running a page ---------------------------------------------------------------


class PageRun:
    """Runs the blocks of one page against a sandbox, in a working directory."""

    def __init__(self, sandbox: ThreadedSandbox, workdir: Path) -> None:
        self.sandbox = sandbox
        self.workdir = workdir
        self.loop = asyncio.new_event_loop()
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        self.test_files: list[str] = []

    def env(self) -> dict[str, str]:
        """The environment of shell commands: the sandbox and this Python's tools."""
        bindir = str(Path(sys.executable).parent)
        return {
            **os.environ,
            "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
            "TELNYX_API_KEY": self.sandbox.api_key,
            "TELNYX_BASE_URL": self.sandbox.base_url,
            # What the CLI page pipes to --password-stdin.
            "SIP_PASSWORD": "a-long-secret",
            "NO_COLOR": "1",
        }

    def run(self, block: Block) -> None:
        """Run (or write, or skip) one block."""
        if block.title is not None:
            (self.workdir / block.title).write_text(block.source, encoding="utf-8")
            if block.lang == "python" and re.fullmatch(r"test_\w+\.py", block.title):
                self.test_files.append(block.title)
        elif block.lang == "python":
            self._python(block)
        elif block.lang == "console":
            self._console(block)

    def _python(self, block: Block) -> None:
        # Line numbers in tracebacks point into the page.
        source = "\n" * block.line + block.source
        code = compile(
            source,
            str(block.path),
            "exec",
            flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
            dont_inherit=True,
        )
        # The docs' own examples, run on purpose.
        result = eval(code, self.namespace)
        if inspect.iscoroutine(result):
            self.loop.run_until_complete(result)

    def _console(self, block: Block) -> None:
        for command, expected in console_steps(block.source):
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=self.workdir,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=_COMMAND_TIMEOUT,
                check=False,
            )
            actual = done.stdout.rstrip("\n").splitlines() if done.stdout else []
            if not output_matches(expected, actual):
                msg = (
                    f"{block.where}: output of $ {command}\n"
                    f"--- expected\n" + "\n".join(expected) + "\n"
                    "--- actual\n" + "\n".join(actual)
                )
                raise AssertionError(msg)

    def run_tests(self) -> None:
        """Run the page's test files with pytest, in a fresh interpreter."""
        if not self.test_files:
            return
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *self.test_files,
            ],
            cwd=self.workdir,
            env={**self.env(), "PYTHONDONTWRITEBYTECODE": "1"},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_PYTEST_TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, f"pytest {shlex.join(self.test_files)}:\n" + (
            done.stdout + done.stderr
        )

    def close(self) -> None:
        """Close what the examples left open, then the page's event loop."""
        for value in list(self.namespace.values()):
            if isinstance(value, AsyncTelnyxSIP):
                self.loop.run_until_complete(value.aclose())
            elif isinstance(value, Sandbox):
                self.loop.run_until_complete(value.close())
            elif isinstance(value, (TelnyxSIP, ThreadedSandbox)):
                value.close()
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()
