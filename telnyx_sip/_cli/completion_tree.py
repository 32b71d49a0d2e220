"""The command tree as completion sees it, read from the command line's parser.

Reading the very parser the command line uses keeps completion and parsing
from drifting apart: commands, each command's options, and the values of
its enum, boolean and ``--filter`` options.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping

import attrs

from .options import subparsers_of
from .values import parse_bool

__all__ = ["Node", "tree"]

_FILE_WORDS = ("PATH", "FILE", ".JSONL")


@attrs.frozen
class Node:
    """One command of the tree, as completion sees it.

    ``path`` is the command's words after the program name (``"ips create"``,
    ``""`` for the top); ``words`` the allowed values of its positional
    arguments (``bash`` ... for ``completion``); ``flags`` are the options
    that take no value;
    ``values`` the known values of the others; ``files`` the options (and
    ``""`` for a positional) that take a file name.
    """

    path: str
    commands: tuple[str, ...]
    words: tuple[str, ...]
    options: tuple[str, ...]
    flags: frozenset[str]
    values: Mapping[str, tuple[str, ...]]
    files: frozenset[str]


def _values(action: argparse.Action) -> tuple[str, ...]:
    if action.choices is not None and not isinstance(
        action, argparse._SubParsersAction
    ):
        return tuple(str(c) for c in action.choices)
    found = getattr(action.type, "choices", None)
    if isinstance(found, tuple):
        return tuple(str(c) for c in found)
    if action.type is parse_bool:
        return ("true", "false")
    return ()


def _takes_files(action: argparse.Action) -> bool:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return any(word in metavar.upper() for word in _FILE_WORDS)


def _node(path: str, parser: argparse.ArgumentParser) -> Node:
    options: list[str] = []
    flags: set[str] = set()
    values: dict[str, tuple[str, ...]] = {}
    files: set[str] = set()
    words: list[str] = []
    for action in parser._actions:
        if not action.option_strings:
            words += _values(action)
            if _takes_files(action):
                files.add("")
            continue
        options += action.option_strings
        for name in action.option_strings:
            if action.nargs == 0:
                flags.add(name)
            elif _values(action):
                values[name] = _values(action)
            elif _takes_files(action):
                files.add(name)
    commands = tuple(name for name, _ in subparsers_of(parser))
    return Node(
        path,
        commands,
        tuple(words),
        tuple(options),
        frozenset(flags),
        values,
        frozenset(files),
    )


def tree(parser: argparse.ArgumentParser, path: str = "") -> Iterator[Node]:
    """Every command of ``parser``'s tree, depth first, the top one first."""
    yield _node(path, parser)
    for name, sub in subparsers_of(parser):
        yield from tree(sub, f"{path} {name}".strip())
