"""``_core._extra``: escape-hatch checks (query values, JSON, raw paths), no I/O."""

from __future__ import annotations

import enum
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telnyx_sip import _core, errors


class Color(enum.Enum):
    RED = "red"


def test_query_values_are_encoded_the_way_the_api_reads_them() -> None:
    pairs = _core.query_pairs(
        "q", {"a": "x", "b": 3, "c": 1.5, "d": True, "e": False, "f": Color.RED}
    )
    assert pairs == (
        ("a", "x"),
        ("b", "3"),
        ("c", "1.5"),
        ("d", "true"),
        ("e", "false"),
        ("f", "red"),
    )


def test_a_list_value_repeats_its_key() -> None:
    assert _core.query_pairs("q", {"tag": ["a", 2]}) == (("tag", "a"), ("tag", "2"))


@pytest.mark.parametrize(
    "query",
    [
        [("a", "b")],
        {"a": None},
        {"a": object()},
        {"": "x"},
        {1: "x"},
        {"a": "\ud800"},
        {"\ud800": "a"},
    ],
    ids=repr,
)
def test_bad_query_parameters_name_the_argument(query: object) -> None:
    with pytest.raises(errors.InvalidArgumentError) as info:
        _core.query_pairs("extra_query", query)
    assert info.value.field == "extra_query"


def test_check_json_accepts_json_objects_only() -> None:
    assert _core.check_json("extra_body", {"a": [1, {"b": None}]}) == {
        "a": [1, {"b": None}]
    }
    for bad in ([1], {1: "a"}, {"a": object()}, {"a": math.nan}, "text"):
        with pytest.raises(errors.InvalidArgumentError, match="extra_body"):
            _core.check_json("extra_body", bad)


@pytest.mark.parametrize(
    ("method", "path", "wire", "idempotent"),
    [
        ("GET", "/ips/7", "/ips/7", True),
        ("get", "ips/7", "/ips/7", True),
        ("POST", "/ips", "/ips", False),
        ("PUT", "/things/a:b", "/things/a:b", True),
        ("PATCH", "/ips/7", "/ips/7", True),
        ("DELETE", "/ips/7%2F8", "/ips/7%2F8", True),
        ("GET", "/odd/{braces}", "/odd/%7Bbraces%7D", True),
    ],
)
def test_raw_operations(method: str, path: str, wire: str, idempotent: bool) -> None:
    op = _core.raw_operation(method, path)
    assert op.method == method.upper()
    assert op.path == wire
    assert op.idempotent is idempotent
    assert op.envelope is False  # the whole body is the answer


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/",
        "https://evil.example/ips",
        "//evil.example/ips",
        "/ips?page[size]=3",
        "/ips#x",
        "/ips/../../admin",
        "/ips/./7",
        "/ips/%2e%2e/admin",
        "/ips/%2E",
        "/ips\\7",
        "/ips/a b",
        "/ips/\n",
        "/ips/\ud800",
        7,
    ],
    ids=repr,
)
def test_raw_paths_stay_under_the_base_url(path: object) -> None:
    with pytest.raises(errors.InvalidArgumentError) as info:
        _core.raw_operation("GET", path)
    assert info.value.field == "path"


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "", 3])
def test_raw_methods_are_the_api_s(method: object) -> None:
    with pytest.raises(errors.InvalidArgumentError, match="GET, PATCH, POST, PUT"):
        _core.raw_operation(method, "/ips")


@given(st.text(min_size=1, max_size=30))
def test_a_raw_path_that_is_accepted_never_leaves_the_base_url(path: str) -> None:
    try:
        op = _core.raw_operation("GET", path)
    except errors.InvalidArgumentError:
        return
    assert op.path.startswith("/")
    assert "://" not in op.path
    assert not op.path.startswith("//")
    assert all(c not in op.path for c in "?# \\")


def test_a_raw_answer_may_be_empty_but_an_error_still_raises() -> None:
    op = _core.raw_operation("DELETE", "/ips/7")
    for body in (b"", b"  ", b"null"):
        answer = _core.decipher_raw(op, 204, {}, body, path="/ips/7")
        assert answer.data is None
    answer = _core.decipher_raw(op, 200, {}, b'{"data": {"id": "7"}}', path="/ips/7")
    assert answer.data == {"data": {"id": "7"}}
    with pytest.raises(errors.NotFoundError):
        _core.decipher_raw(op, 404, {}, b"", path="/ips/7")
    with pytest.raises(errors.ResponseValidationError):
        _core.decipher_raw(op, 200, {}, b"<html>", path="/ips/7")
