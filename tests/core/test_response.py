"""Reading answers: errors[], the status table, envelopes, ambiguous creates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telnyx_sip import _core, errors

# -- errors -------------------------------------------------------------------


def test_errors_array_is_parsed() -> None:
    body = {
        "errors": [
            {
                "code": "10015",
                "title": "Invalid sorting value",
                "detail": "The value provided for sorting is not valid.",
                "source": {"pointer": "/sort"},
                "meta": {
                    "url": "https://developers.telnyx.com/docs/overview/errors/10015"
                },
            }
        ]
    }
    err = _core.parse_error(
        400,
        json.dumps(body).encode(),
        {"x-request-id": "rid-1"},
        method="GET",
        path="/ips",
    )
    assert isinstance(err, errors.BadRequestError)
    (first,) = err.errors
    assert first.code == "10015"
    assert first.pointer == "/sort"
    assert first.url is not None
    assert first.url.endswith("10015")
    assert err.request_id == "rid-1"
    assert str(err) == (
        "400 on GET /ips: 10015 Invalid sorting value: The value provided for "
        "sorting is not valid. (at /sort) [request id rid-1]"
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[errors.APIStatusError]) -> None:
    err = _core.parse_error(status, b"not json", {}, method="GET", path="/x")
    assert type(err) is cls
    assert err.status == status
    assert err.body == b"not json"
    assert err.errors == ()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_error_parsing_never_raises(payload: object) -> None:
    parsed = _core.parse_errors(payload)
    assert all(isinstance(e, errors.ErrorDetail) for e in parsed)
    err = _core.parse_error(
        422, json.dumps(payload).encode(), {}, method="POST", path="/ips"
    )
    assert str(err).startswith("422 on POST /ips")


@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "code": st.text() | st.integers(),
                "title": st.text() | st.none(),
                "detail": st.text() | st.integers(),
                "source": st.dictionaries(
                    st.sampled_from(["pointer", "parameter"]), st.text()
                )
                | st.text(),
            },
        )
    )
)
def test_error_entries_survive_any_shape(entries: list[dict[str, Any]]) -> None:
    parsed = _core.parse_errors({"errors": entries})
    assert len(parsed) == len(entries)
