"""What ``plan`` and ``apply`` share: reading a document, the prune options, errors.

A document is read from a file (or ``-``, standard input) as text, then
parsed by :func:`telnyx_sip.state.loads`: ``.json`` files as JSON, ``.yaml``
and ``.yml`` as YAML, anything else sniffed. Its problems are printed one per
line, each prefixed with the file it came from.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TextIO

from telnyx_sip import errors, state
from telnyx_sip._meta import RESOURCES

from .failures import PROG, UsageError, report
from .formats import MissingExtraError
from .stdin import isatty, read_stdin
from .text import plural, printable
from .values import parse_list, suggest

__all__ = [
    "STDIN",
    "WRITABLE",
    "add_prune_options",
    "parse_document",
    "prune_from",
    "read_text",
    "resource_list",
    "source_name",
    "tell",
]

STDIN = "-"
"""The file argument that reads the document from standard input."""

WRITABLE: tuple[str, ...] = tuple(
    name for name, meta in RESOURCES.items() if "create" in meta.actions
)
"""The resources a document may hold (every one but read-only ``connections``)."""

_ALL = ", ".join(WRITABLE)
_SHOWN = 20  # document problems printed before "... and N more"


def resource_list(option: str, names: Sequence[str]) -> frozenset[str]:
    """``names`` checked against :data:`WRITABLE` (``-`` and ``_`` alike).

    Raises:
        UsageError: For a name that is not a writable resource.

    """
    found = set()
    for name in names:
        key = name.replace("-", "_")
        if key not in WRITABLE:
            msg = (
                f"{option}: no resource {name!r}{suggest(key, WRITABLE)} "
                f"(one of: {', '.join(WRITABLE)})"
            )
            raise UsageError(msg)
        found.add(key)
    return frozenset(found)


def add_prune_options(parser: argparse.ArgumentParser) -> None:
    """``--prune``, ``--prune-resources`` and ``--prune-tag``."""
    group = parser.add_argument_group("prune (deleting what the document omits)")
    group.add_argument(
        "--prune",
        action="store_true",
        help="also delete account objects the document does not list, within "
        "the selector below (without it nothing is ever deleted)",
    )
    group.add_argument(
        "--prune-resources",
        type=parse_list,
        action="extend",
        default=None,
        metavar="RESOURCE[,RESOURCE...]",
        help=f"with --prune, required: the resources it may delete ({_ALL})",
    )
    group.add_argument(
        "--prune-tag",
        default=None,
        metavar="TAG",
        help="with --prune: only delete objects carrying this tag (every "
        "resource pruned must have tags: outbound voice profiles and the "
        "connection types)",
    )


def prune_from(args: argparse.Namespace) -> state.Prune | None:
    """The prune selector the options ask for, or ``None``.

    Raises:
        UsageError: For ``--prune`` without ``--prune-resources``, or either
            selector option without ``--prune``.

    """
    names: list[str] | None = args.prune_resources
    tag: str | None = args.prune_tag
    if not args.prune:
        if names is not None or tag is not None:
            given = "--prune-resources" if names is not None else "--prune-tag"
            msg = f"{given} only selects what --prune deletes; add --prune"
            raise UsageError(msg)
        return None
    if not names:
        msg = (
            "--prune needs --prune-resources: the resources it may delete "
            "(such as --prune-resources ips,fqdns)"
        )
        raise UsageError(msg)
    try:
        return state.Prune(resource_list("--prune-resources", names), tag=tag)
    except errors.InvalidArgumentError as exc:
        reason = str(exc).removeprefix(f"{exc.field}: ")
        raise UsageError(f"--prune-tag: {reason}") from None


def source_name(path: str) -> str:
    """How messages name the document at ``path``."""
    return "<stdin>" if path == STDIN else path


def read_text(path: str, stdin: TextIO) -> str:
    """The text at ``path`` (``-``: standard input, which must not be a terminal).

    Raises:
        UsageError: When it cannot be read.

    """
    if path == STDIN:
        if isatty(stdin):
            msg = f"{path!r} reads standard input, which is a terminal: pipe it in"
            raise UsageError(msg)
        return read_stdin(stdin, undecodable="cannot read <stdin>: not UTF-8 text")
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        msg = f"cannot read {path!r}: {reason}"
        raise UsageError(msg) from None


def _format_of(path: str) -> Literal["yaml", "json"] | None:
    suffix = Path(path).suffix.lower() if path != STDIN else ""
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    return None


def parse_document(text: str, path: str) -> state.Document:
    """The document in ``text``, read from ``path``.

    Raises:
        telnyx_sip.state.DocumentError: When it is not a valid document.
        MissingExtraError: For YAML without PyYAML installed.

    """
    try:
        return state.loads(text, format=_format_of(path))
    except ImportError as exc:  # YAML, and no PyYAML: the message names the extra
        raise MissingExtraError(str(exc)) from None


def tell(stream: TextIO, exc: BaseException, *, command: str, path: str) -> None:
    """Print a failure of a state command: a document's problems one per line.

    Raises:
        BaseException: ``exc`` itself when it is not an expected failure.

    """
    if isinstance(exc, state.DocumentError):
        source = source_name(path)
        shown = exc.problems[:_SHOWN]
        for problem in shown:
            stream.write(f"{printable(source)}: {printable(problem)}\n")
        if len(exc.problems) > len(shown):
            stream.write(f"... and {len(exc.problems) - len(shown)} more\n")
        count = plural(len(exc.problems), "problem")
        stream.write(
            f"{PROG}: error: {printable(source)} is not a valid document "
            f"({count}); nothing was sent\n"
        )
        return
    if isinstance(exc, UsageError | errors.InvalidArgumentError):
        stream.write(f"{PROG}: error: {printable(str(exc))}\n")
        if not isinstance(exc, MissingExtraError):
            stream.write(f"try: {command} --help\n")
        return
    if isinstance(exc, errors.TelnyxSIPError):
        try:
            report(exc, stream, command=command)
        except errors.TelnyxSIPError:
            stream.write(f"{PROG}: error: {printable(str(exc))}\n")
        return
    raise exc
