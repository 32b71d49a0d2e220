"""List queries: filters, sort and ``page[number]`` / ``page[size]``, with ``meta``."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ._problems import BAD_REQUEST, INVALID, Problem, Rejected
from ._resources import Related, Resource
from ._rules import ListRules
from ._store import Row, Store, read

__all__ = ["Query", "parse_query", "run_query"]

_INTEGER = re.compile(r"-?\d{1,18}")
_PARTS = re.compile(r"\[([^\]]*)\]")
_TEXT_OPS: Mapping[str, Callable[[str, str], bool]] = {
    "contains": lambda have, want: want in have,
    "startswith": lambda have, want: have.startswith(want),
    "endswith": lambda have, want: have.endswith(want),
}
_ORDER_OPS: Mapping[str, Callable[[Any, Any], bool]] = {
    "eq": lambda have, want: have == want,
    "gt": lambda have, want: have > want,
    "gte": lambda have, want: have >= want,
    "lt": lambda have, want: have < want,
    "lte": lambda have, want: have <= want,
}


@attrs.frozen
class _Filter:
    field: str
    op: str
    kind: str
    value: Any


@attrs.frozen
class Query:
    """A parsed list request."""

    filters: tuple[_Filter, ...]
    sort: str | None
    descending: bool
    page_number: int
    page_size: int


def _timestamp(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _as_int(raw: str) -> Any:
    return int(raw) if _INTEGER.fullmatch(raw) else None


def _as_bool(raw: str) -> Any:
    return {"true": True, "false": False}.get(raw)


_PARSERS: Mapping[str, tuple[Callable[[str], Any], str]] = {
    "int": (_as_int, "must be an integer"),
    "bool": (_as_bool, "must be true or false"),
    "datetime": (_timestamp, "must be an ISO 8601 date-time"),
    "str": (str, ""),
}


def _filter_value(kind: str, raw: str) -> tuple[Any, str | None]:
    """The typed value of a filter, or ``None`` and what is wrong with it."""
    parse, wrong = _PARSERS[kind]
    value = parse(raw)
    return (None, wrong) if value is None else (value, None)


def _page_value(
    name: str, raw: str | None, default: int, low: int, high: int | None
) -> tuple[int, Problem | None]:
    if raw is None:
        return default, None
    if not _INTEGER.fullmatch(raw.strip()):
        return default, Problem(BAD_REQUEST, "must be an integer", parameter=name)
    value = int(raw)
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        return default, Problem(INVALID, f"must be {bound}", parameter=name)
    return value, None


def parse_query(rules: ListRules, query: Mapping[str, str], status: int) -> Query:
    """Read a list request's query string; answer ``status`` when it is wrong.

    Parameters the operation does not define are ignored, as the API does.
    """
    problems: list[Problem] = []
    filters: list[_Filter] = []
    for wire, kind in rules.filters:
        raw = query.get(wire)
        if raw is None:
            continue
        value, wrong = _filter_value(kind, raw)
        if wrong is not None:
            problems.append(Problem(INVALID, wrong, parameter=wire))
            continue
        parts = _PARTS.findall(wire)
        op = parts[1] if len(parts) > 1 else "eq"
        filters.append(_Filter(parts[0], op, kind, value))
    sort = rules.sort_default
    raw_sort = query.get("sort")
    if rules.sort and raw_sort is not None:
        if raw_sort in rules.sort:
            sort = raw_sort
        else:
            allowed = ", ".join(rules.sort)
            problems.append(
                Problem(INVALID, f"must be one of {allowed}", parameter="sort")
            )
    number, problem = _page_value(
        "page[number]", query.get("page[number]"), 1, rules.page_number_min, None
    )
    if problem is not None:
        problems.append(problem)
    size, problem = _page_value(
        "page[size]",
        query.get("page[size]"),
        rules.page_size_default,
        rules.page_size_min,
        rules.page_size_max,
    )
    if problem is not None:
        problems.append(problem)
    if problems:
        raise Rejected(status, problems)
    descending = bool(sort and sort.startswith("-"))
    return Query(
        tuple(filters),
        sort.lstrip("-") if sort else None,
        descending,
        number,
        size,
    )


def _comparable(have: Any, kind: str) -> Any:
    """The stored value in the filter's terms, or ``None`` when it has none."""
    if kind == "datetime":
        return _timestamp(have) if isinstance(have, str) else None
    if kind == "int":
        return None if isinstance(have, bool) or not isinstance(have, int) else have
    if kind == "bool":
        return have if isinstance(have, bool) else None
    return have if isinstance(have, str) else None


def _matches(have: Any, wanted: _Filter) -> bool:
    if isinstance(have, (list, tuple)):
        return any(_matches(item, wanted) for item in have)
    text_op = _TEXT_OPS.get(wanted.op)
    if text_op is not None:
        # Text matching ignores case, as on the Telnyx portal.
        return isinstance(have, str) and text_op(
            have.casefold(), str(wanted.value).casefold()
        )
    value = _comparable(have, wanted.kind)
    compare = _ORDER_OPS.get(wanted.op)
    return value is not None and compare is not None and compare(value, wanted.value)


def _related(store: Store, related: Related) -> dict[str, list[Any]]:
    index: dict[str, list[Any]] = {}
    for row in store.tables[related.resource].values():
        key = row.get(related.key)
        if isinstance(key, str):
            index.setdefault(key, []).append(row.get(related.field))
    return index


def _sort_key(value: Any) -> tuple[int, Any]:
    # Missing values first; mixed types would not compare, so texts compare
    # as text and everything else by its JSON-ish text form.
    if value is None:
        return (0, "")
    if isinstance(value, (bool, int, float)):
        return (1, value)
    return (2, str(value))


def _reader(store: Store, resource: Resource, field: str) -> Callable[[Row], Any]:
    how = resource.readers.get(field, (field,))
    if isinstance(how, Related):
        index = _related(store, how)
        return lambda row: index.get(row["id"])
    return lambda row: read(row, how)


def run_query(
    store: Store, resource: Resource, rows: Iterable[Row], query: Query
) -> tuple[list[Row], dict[str, int]]:
    """Filter, sort and cut one page; return the page and its ``meta``."""
    checks = [(_reader(store, resource, f.field), f) for f in query.filters]
    selected = [row for row in rows if all(_matches(get(row), f) for get, f in checks)]
    if query.sort is not None:
        get = _reader(store, resource, query.sort)
        order = store.order
        selected.sort(
            key=lambda row: (_sort_key(get(row)), order.get(row["id"], 0)),
            reverse=query.descending,
        )
    total = len(selected)
    start = (query.page_number - 1) * query.page_size
    page = selected[start : start + query.page_size]
    meta = {
        "page_number": query.page_number,
        "page_size": query.page_size,
        "total_pages": math.ceil(total / query.page_size),
        "total_results": total,
    }
    return page, meta
