"""What a running command needs: its options, the streams and a client."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from telnyx_sip._client import ENV_API_KEY, AsyncTelnyxSIP

from .failures import UsageError
from .options import output_format
from .render import Output
from .values import suggest

if TYPE_CHECKING:
    from telnyx_sip.testing import FaultConfig, Sandbox

__all__ = ["Context", "start_sandbox"]


@contextlib.asynccontextmanager
async def start_sandbox(
    *,
    api_key: str = "sandbox-key",
    port: int = 0,
    rate_limit: int | None = None,
    faults: FaultConfig | None = None,
    seed: int = 0,
) -> AsyncIterator[Sandbox]:
    """Run an in-process sandbox on 127.0.0.1 for the duration of the block."""
    # Imported here: the sandbox pulls in aiohttp's server side, which the
    # commands talking to the real API never need.
    from telnyx_sip.testing import Sandbox  # noqa: PLC0415

    async with Sandbox(
        api_key=api_key,
        host="127.0.0.1",
        port=port,
        rate_limit=rate_limit,
        faults=faults,
        seed=seed,
    ) as sandbox:
        yield sandbox


@attrs.define
class Context:
    """The parsed command line and the process's streams, for one run."""

    args: argparse.Namespace
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    parser: argparse.ArgumentParser | None = None

    def say(self, line: str = "") -> None:
        """Print a line of human-readable progress on stdout."""
        self.stdout.write(line + "\n")
        self.stdout.flush()

    def output(
        self,
        columns: tuple[str, ...],
        *,
        many: bool = True,
        known: tuple[str, ...] = (),
    ) -> Output:
        """Where results go, in the format the options ask for.

        ``columns`` are a table's default columns; ``known`` the fields
        ``--fields`` may name (its first dotted part), when they are known;
        ``many`` says whether the command prints a list.

        Raises:
            UsageError: For a ``--fields`` name outside ``known``, or a format
                whose optional dependency is missing.

        """
        fields = tuple(dict.fromkeys(getattr(self.args, "fields", None) or ()))
        for name in fields:
            head = name.partition(".")[0]
            if known and head not in known:
                msg = f"--fields: no field {head!r} here{suggest(head, known)}"
                raise UsageError(msg)
        fmt = output_format(self.args, self.stdout)
        return Output(
            self.stdout,
            columns,
            format=fmt,
            show_secrets=bool(getattr(self.args, "show_secrets", False)),
            fields=fields,
            pretty=bool(getattr(self.args, "pretty", False)),
            many=many,
            terminal=self._terminal_width() if fmt == "table" else None,
        )

    def _terminal_width(self) -> int | None:
        try:
            if not self.stdout.isatty():
                return None
        except (AttributeError, ValueError):
            return None
        return shutil.get_terminal_size().columns

    def api_key(self) -> str:
        """The API key from ``--api-key-file``, else ``$TELNYX_API_KEY``.

        Raises:
            UsageError: When neither gives a key. The key itself is never
                shown in a message.

        """
        path: str | None = self.args.api_key_file
        if path is not None:
            try:
                key = Path(path).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                msg = f"cannot read the API key file {path!r}: {reason}"
                raise UsageError(msg) from None
            if not key:
                msg = f"the API key file {path!r} is empty"
                raise UsageError(msg)
            return key
        key = os.environ.get(ENV_API_KEY, "").strip()
        if not key:
            msg = (
                f"no API key: set {ENV_API_KEY} or pass --api-key-file PATH "
                "(or try the command against a local sandbox with --sandbox)"
            )
            raise UsageError(msg)
        return key

    def read_password(self, *, required: bool) -> str | None:
        """The SIP password from stdin or a prompt; ``None`` when not asked for.

        Raises:
            UsageError: When a required password cannot be read.

        """
        if getattr(self.args, "password_stdin", False):
            if self.stdin.isatty():
                return self._prompt()
            password = self.stdin.readline().rstrip("\r\n")
            if not password:
                msg = "--password-stdin: stdin gave no password"
                raise UsageError(msg)
            return password
        if not required:
            return None
        if self.stdin.isatty():
            return self._prompt()
        msg = "a SIP password is required: pipe it in with --password-stdin"
        raise UsageError(msg)

    def _prompt(self) -> str:
        password = getpass.getpass("SIP password: ", stream=self.stderr)
        if not password:
            msg = "no password given"
            raise UsageError(msg)
        return password

    def _client(self, api_key: str, base_url: str | None) -> AsyncTelnyxSIP:
        return AsyncTelnyxSIP(
            api_key,
            base_url=base_url,
            timeout=self.args.timeout,
            max_retries=self.args.max_retries,
        )

    @contextlib.asynccontextmanager
    async def client(self) -> AsyncIterator[AsyncTelnyxSIP]:
        """A client for the API the global options point at.

        With ``--sandbox`` that is a fresh, empty in-process sandbox that
        lives as long as the block.
        """
        if self.args.sandbox:
            async with start_sandbox() as sandbox:
                client = self._client(sandbox.api_key, sandbox.base_url)
                async with client:
                    yield client
            return
        # None lets the client take $TELNYX_BASE_URL, else the Telnyx API.
        base_url: str | None = self.args.base_url
        async with self._client(self.api_key(), base_url) as client:
            yield client
