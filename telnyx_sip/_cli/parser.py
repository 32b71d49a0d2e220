"""An argument parser whose errors are one line and a hint, not the whole usage.

argparse reports a usage error by printing the usage and exiting. Here
:meth:`Parser.error` raises :class:`CommandLineError` instead, with the
message reworded for a person: the option as it is typed (``--port``, not
``-p/--port``), "did you mean" for a mistyped option or command, and the
``--help`` of the command the line reached as the hint.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from .failures import UsageError
from .values import suggest

__all__ = ["PARSER_KEY", "CommandLineError", "Parser"]

PARSER_KEY = "cli_parser"
"""The attribute naming the deepest parser a command line reached."""

_NUMBER = re.compile(r"-\d|-\.\d")
_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.+)")
_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<text>.+)", re.DOTALL)


class CommandLineError(UsageError):
    """The command line does not parse; ``command`` is the one it reached."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message)
        self.command = command


def _shown_name(name: str) -> str:
    # argparse names an option by all its strings ("-o/--output").
    long = [n for n in name.split("/") if n.startswith("--")]
    return long[0] if long else name


class Parser(argparse.ArgumentParser):
    """:class:`argparse.ArgumentParser` with errors for a person (see the module)."""

    _given: Sequence[str] = ()

    def parse_known_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: argparse.Namespace | None = None,
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse as argparse does, remembering the arguments for error messages."""
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def parse_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: argparse.Namespace | None = None,
    ) -> argparse.Namespace:
        """Parse every argument; one that no parser took is an error of the deepest.

        Raises:
            CommandLineError: When the command line does not parse.

        """
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            reached = getattr(parsed, PARSER_KEY, self)
            owner = reached if isinstance(reached, Parser) else self
            owner.fail_on_extras(extras)
        return parsed

    def fail_on_extras(self, extras: Sequence[str]) -> NoReturn:
        """Report the first argument of ``extras`` this parser does not take."""
        unknown = self._unknown_option(extras)
        if unknown is not None:
            self._fail(self._unknown_text(unknown))
        self._fail(f"unexpected argument {extras[0]!r}")

    def _unknown_option(self, words: Sequence[str]) -> str | None:
        for word in words:
            if word == "--":
                break
            if word[:1] != "-" or word == "-" or _NUMBER.match(word):
                continue
            name = word.partition("=")[0]
            if name not in self._option_string_actions:
                return name
        return None

    def _unknown_text(self, option: str) -> str:
        options = [
            s
            for action in self._actions
            for s in action.option_strings
            if s.startswith("--")
        ]
        return f"unknown option {option}{suggest(option, options)}"

    def _fail(self, message: str) -> NoReturn:
        raise CommandLineError(message, self.prog)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # argparse's hook for ``choices``: say which ones, and the closest.
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(c) for c in choices]
        if isinstance(action, argparse._SubParsersAction):
            before = (
                self._given[: self._given.index(value)] if value in self._given else ()
            )
            unknown = self._unknown_option(before)
            if unknown is not None:
                self._fail(self._unknown_text(unknown))
            self._fail(f"unknown command {value!r}{suggest(str(value), names)}")
        allowed = ", ".join(names)
        message = f"{value!r} is not one of: {allowed}{suggest(str(value), names)}"
        raise argparse.ArgumentError(action, message)

    def error(self, message: str) -> NoReturn:
        """Raise :class:`CommandLineError` with ``message`` reworded.

        Raises:
            CommandLineError: Always.

        """
        required = _REQUIRED.fullmatch(message)
        if required is not None:
            unknown = self._unknown_option(self._given)
            if unknown is not None:  # a mistyped required option, most likely
                self._fail(self._unknown_text(unknown))
            self._fail(self._missing(required["names"].split(", ")))
        argument = _ARGUMENT.fullmatch(message)
        if argument is not None:
            name, text = _shown_name(argument["name"]), argument["text"]
            if text == "expected one argument":
                text = "needs a value"
            self._fail(f"{name}: {text}" if not text.startswith(name) else text)
        self._fail(message)

    def _missing(self, names: Sequence[str]) -> str:
        commands = {
            action.metavar: list(action.choices)
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction) and action.choices
        }
        shown = [_shown_name(name) for name in names]
        options = [name for name in shown if name.startswith("-")]
        parts = [
            f"{name} (one of: {', '.join(commands[name])})"
            if name in commands
            else name
            for name in shown
            if not name.startswith("-")
        ]
        if options:
            word = "option" if len(options) == 1 else "options"
            parts.append(f"the required {word} {', '.join(options)}")
        return "missing " + " and ".join(parts)
