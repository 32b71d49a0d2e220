"""``apply`` plans, from a file or stdin, checked whole before anything is sent.

Every line is checked the way the SDK would check its call: resource, action
and field names (with a suggestion for a typo), then the values, by binding
the arguments and running the service method against a client that builds
the request (path values, body models, JSON encoding) and sends nothing.
Creates repeating a natural key are refused too. A plan with any problem is
refused as a whole, each problem named by its line (``plan.jsonl:7: ...``), so
a typo on line 2900 cannot stop a run after 2899 calls were made.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

import attrs

from telnyx_sip import _core, services
from telnyx_sip._converter import CONVERTER
from telnyx_sip._meta import RESOURCES
from telnyx_sip._operations import ListOperation, Operation
from telnyx_sip._params import bind_call
from telnyx_sip._signatures import method_shape, model_fields
from telnyx_sip._types import UNSET, RequestOptions
from telnyx_sip.bulk import Call
from telnyx_sip.errors import InvalidArgumentError

from .failures import UsageError
from .text import printable

__all__ = ["STDIN", "BadPlanError", "Plan", "read_plan"]

T = TypeVar("T")
STDIN = "-"
"""The plan argument that reads the plan from standard input."""

_LINE_KEYS = ("resource", "action", "args")
_NOT_BULK = frozenset({"list"})  # a bulk call acts on one object


class BadPlanError(Exception):
    """The plan has problems; ``problems`` are ``source:line: message`` texts."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{len(problems)} problem(s) in the plan")


@attrs.frozen
class Plan:
    """The calls of a plan, and the line each came from."""

    source: str
    calls: tuple[Call, ...]
    lines: tuple[int, ...]


def _suggest(word: str, choices: Iterable[str]) -> str:
    """The closest of ``choices`` to a mistyped ``word``, or ``""``."""
    close = difflib.get_close_matches(word.replace("-", "_"), list(choices), n=1)
    return close[0] if close else ""


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = _suggest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _no_constants(name: str) -> object:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def _read_text(path: str, stdin: TextIO) -> str:
    if path == STDIN:
        raw = getattr(stdin, "buffer", None)
        if raw is None:
            return stdin.read().removeprefix("\ufeff")
        data: bytes = raw.read()
        return data.decode("utf-8-sig")
    return Path(path).read_text(encoding="utf-8-sig")


class _Checked(Exception):
    """Raised by :class:`_DryClient` where a real client would send."""


class _DryClient:
    """A service's client that builds each request and sends nothing."""

    async def _request(
        self,
        op: Operation,
        cast: type[T],
        *,
        path: tuple[str, ...] = (),
        body: object | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        del cast, options
        _core.build_request(
            op,
            base_url="https://plan.invalid",
            headers={},
            path=path,
            body=UNSET if body is None else CONVERTER.unstructure(body),
        )
        raise _Checked

    def _pager(self, op: ListOperation, cast: type[T], *args: Any, **kw: Any) -> Any:
        raise _Checked  # pragma: no cover - lists are not bulk calls


_DRY = _DryClient()


def _unknown_fields(
    data: Mapping[str, Any], known: Mapping[str, type[Any] | None], where: str
) -> list[tuple[str, str]]:
    """Dotted names of keys no model field matches, each with a suggestion."""
    found = []
    for key, value in data.items():
        if key not in known:
            close = _suggest(str(key), known)
            found.append((f"{where}{key}", f"{where}{close}" if close else ""))
            continue
        nested = known[key]
        if nested is not None and isinstance(value, Mapping):
            fields = {n: f.nested for n, f in model_fields(nested).items()}
            found += _unknown_fields(value, fields, f"{where}{key}.")
    return found


def _check_values(call: Call) -> str | None:
    """Bind the call and build its request; what the SDK refuses, or None."""
    service = getattr(services, RESOURCES[call.resource].service)(_DRY)
    method = getattr(service, call.action)
    try:
        args, kwargs = bind_call(method, call.args)
        coro = method(*args, **kwargs)
        try:
            coro.send(None)
        except _Checked:
            return None
        finally:
            coro.close()
    except InvalidArgumentError as exc:
        return str(exc)
    # Every service method builds its request before its first await.
    msg = f"{call.resource}.{call.action} awaited before building a request"
    raise AssertionError(msg)  # pragma: no cover - generated code is consistent


def _target(data: dict[str, Any]) -> str | None:
    """What is wrong with a line's resource, action and args, if anything."""
    resource, action = data.get("resource"), data.get("action")
    if not isinstance(resource, str) or not isinstance(action, str):
        return "'resource' and 'action' must be strings"
    meta = RESOURCES.get(resource)
    if meta is None:
        return f"unknown resource '{resource}'{_did_you_mean(resource, RESOURCES)}"
    actions = [a for a in meta.actions if a not in _NOT_BULK]
    if action not in actions:
        return (
            f"{resource} has no action '{action}'{_did_you_mean(action, actions)}; "
            f"its actions: {', '.join(actions)}"
        )
    if not isinstance(data.get("args", {}), dict):
        return "'args' must be a JSON object"
    return None


def check_line(data: object) -> tuple[Call | None, list[str]]:
    """The call on one decoded plan line, or the problems that stop it."""
    if not isinstance(data, dict):
        return None, ["a plan line must be a JSON object"]
    problems = [
        f"unknown key '{key}'{_did_you_mean(str(key), _LINE_KEYS)}; a plan line "
        "has resource, action and args"
        for key in data
        if key not in _LINE_KEYS
    ]
    wrong = _target(data)
    if wrong is not None:
        return None, [*problems, wrong]
    call = Call(data["resource"], data["action"], data.get("args", {}))
    service = getattr(services, RESOURCES[call.resource].service)
    shape = method_shape(getattr(service, call.action))
    known: dict[str, type[Any] | None] = dict.fromkeys((*shape.path, "id"))
    known.update({name: a.nested for name, a in shape.arguments.items()})
    problems += [
        f"unknown field '{name}' for {call.resource} {call.action}"
        + (f" (did you mean '{close}'?)" if close else "")
        for name, close in _unknown_fields(call.args, known, "")
    ]
    if not problems:
        refused = _check_values(call)
        if refused is None:
            return call, []
        problems.append(f"{call.resource} {call.action}: {refused}")
    return None, problems


def _repeats(calls: Sequence[Call], lines: Sequence[int]) -> Iterable[tuple[int, str]]:
    """Creates of an object another line already creates (same natural key)."""
    seen: dict[tuple[str, tuple[object, ...]], int] = {}
    for call, line in zip(calls, lines, strict=True):
        natural = RESOURCES[call.resource].natural_key
        if call.action != "create" or natural is None:
            continue
        key = tuple(call.args.get(name) for name in natural.fields)
        try:
            first = seen.setdefault((call.resource, key), line)
        except TypeError:  # pragma: no cover - values were checked as text
            continue
        if first != line:
            named = ", ".join(
                f"{f}={v!r}" for f, v in zip(natural.fields, key, strict=True)
            )
            yield line, f"creates the same {call.resource} as line {first} ({named})"


def read_plan(path: str, stdin: TextIO) -> Plan:
    """Read and check the whole plan at ``path`` (``-``: standard input).

    Raises:
        UsageError: The plan cannot be read, or would be read from a terminal.
        BadPlanError: Some lines are not calls the SDK would send.

    """
    source = "<stdin>" if path == STDIN else path
    if path == STDIN and _isatty(stdin):
        # A blocking read of the terminal would not even end on Ctrl-C.
        msg = "the plan '-' is read from stdin, which is a terminal: pipe it in"
        raise UsageError(msg)
    try:
        text = _read_text(path, stdin)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        msg = f"cannot read the plan {source!r}: {reason}"
        raise UsageError(msg) from None
    calls: list[Call] = []
    lines: list[int] = []
    problems: list[tuple[int, str]] = []
    # JSON lines end at "\n" only: U+2028 and friends may sit inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_constant=_no_constants)
        except json.JSONDecodeError as exc:
            problems.append((number, f"not JSON: {exc.msg} (column {exc.colno})"))
            continue
        except (ValueError, RecursionError) as exc:
            problems.append((number, f"not JSON: {exc}"))
            continue
        call, found = check_line(data)
        problems += [(number, p) for p in found]
        if call is not None:
            calls.append(call)
            lines.append(number)
    problems += _repeats(calls, lines)
    if problems:
        problems.sort(key=lambda p: p[0])
        raise BadPlanError([printable(f"{source}:{n}: {p}") for n, p in problems])
    return Plan(source, tuple(calls), tuple(lines))
