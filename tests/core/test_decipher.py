"""Every status and envelope rule of ``_core.decipher``, with no server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from telnyx_sip import _core, errors
from telnyx_sip._operations import ListOperation, Operation

GET = Operation("things.retrieve", "GET", "/things/{id}", idempotent=True)
CREATE = Operation("things.create", "POST", "/things", idempotent=False)
BARE = Operation("things.check", "POST", "/things/{id}/check", True, envelope=False)
LIST = ListOperation("things.list", "GET", "/things", idempotent=True)
RID = {"x-request-id": "rid-7"}


def _body(payload: Any) -> bytes:
    return json.dumps(payload).encode()


def _decipher(op: Operation, status: int, body: bytes, **headers: str) -> _core.Answer:
    return _core.decipher(op, status, {**RID, **headers}, body, path="/things/1")


def test_an_envelope_is_unwrapped() -> None:
    answer = _decipher(GET, 200, _body({"data": {"id": "1"}}))
    assert answer.data == {"id": "1"}
    assert answer.page is None
    assert answer.status == 200
    assert answer.request_id == "rid-7"


@pytest.mark.parametrize("payload", [{"id": "1"}, [], "data", {"meta": {}}])
def test_a_missing_envelope_is_a_validation_error(payload: object) -> None:
    body = _body(payload)
    with pytest.raises(
        errors.ResponseValidationError, match="no 'data' object"
    ) as info:
        _decipher(GET, 200, body)
    assert info.value.body == body
    assert info.value.request_id == "rid-7"
    assert info.value.status == 200


def test_an_operation_without_envelope_takes_the_bare_object() -> None:
    assert _decipher(BARE, 200, _body({"status": "ok"})).data == {"status": "ok"}


@pytest.mark.parametrize("body", [b"", b"<html>oops</html>", b"\xff\xfe", b"{"])
@pytest.mark.parametrize("op", [GET, LIST, BARE])
def test_a_success_that_is_not_json_is_a_validation_error(
    op: Operation, body: bytes
) -> None:
    with pytest.raises(errors.ResponseValidationError, match="not JSON") as info:
        _decipher(op, 200, body)
    assert info.value.body == body


def test_a_list_answer_gives_items_and_page_meta() -> None:
    payload = {
        "data": [{"id": "1"}, {"id": "2"}],
        "meta": {
            "page_number": 2,
            "page_size": 2,
            "total_pages": 5,
            "total_results": 9,
        },
    }
    answer = _decipher(LIST, 200, _body(payload))
    assert answer.data == [{"id": "1"}, {"id": "2"}]
    assert answer.page == _core.PageMeta(2, 2, 5, 9)


@pytest.mark.parametrize(
    "meta",
    [None, "x", [], {"page_number": True, "page_size": "2", "total_pages": 1.5}],
)
def test_page_meta_that_is_not_integers_is_not_trusted(meta: object) -> None:
    answer = _decipher(LIST, 200, _body({"data": [], "meta": meta}))
    assert answer.page == _core.PageMeta()


@pytest.mark.parametrize("payload", [{"data": {"id": "1"}}, {"items": []}, []])
def test_a_list_answer_without_a_data_list_is_a_validation_error(
    payload: object,
) -> None:
    with pytest.raises(errors.ResponseValidationError, match="no 'data' list"):
        _decipher(LIST, 200, _body(payload))


@pytest.mark.parametrize("status", [301, 302, 304, 307])
def test_a_redirect_is_an_error_not_followed(status: int) -> None:
    with pytest.raises(errors.APIStatusError) as info:
        _decipher(GET, status, b"", location="https://elsewhere.example/")
    assert type(info.value) is errors.APIStatusError
    assert info.value.status == status


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
        (418, errors.APIStatusError),
    ],
)
@pytest.mark.parametrize("op", [GET, CREATE])
def test_client_errors_raise_their_class_for_any_operation(
    op: Operation, status: int, cls: type[errors.APIStatusError]
) -> None:
    payload = {
        "errors": [{"code": "10001", "title": "Bad", "source": {"pointer": "/x"}}]
    }
    with pytest.raises(errors.APIStatusError) as info:
        _decipher(op, status, _body(payload))
    assert type(info.value) is cls
    assert info.value.errors[0].code == "10001"
    assert info.value.errors[0].pointer == "/x"
    assert info.value.request_id == "rid-7"


def test_a_429_carries_the_wait_the_server_asked_for() -> None:
    with pytest.raises(errors.RateLimitError) as info:
        _decipher(CREATE, 429, b"", **{"retry-after-ms": "250"})
    assert info.value.retry_after == 0.25


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_on_an_idempotent_operation_is_a_server_error(status: int) -> None:
    with pytest.raises(errors.InternalServerError) as info:
        _decipher(GET, status, b"busy")
    assert info.value.status == status


@pytest.mark.parametrize("status", [500, 503])
def test_a_5xx_on_a_create_is_ambiguous(status: int) -> None:
    with pytest.raises(errors.AmbiguousOutcomeError) as info:
        _decipher(CREATE, status, b"busy")
    err = info.value
    assert err.status == status
    assert err.body == b"busy"
    assert err.request_id == "rid-7"
    assert isinstance(err.__cause__, errors.InternalServerError)


@pytest.mark.parametrize(
    ("op", "sent", "timed_out", "cls"),
    [
        (GET, False, False, errors.APIConnectionError),
        (CREATE, False, False, errors.APIConnectionError),
        (CREATE, False, True, errors.APITimeoutError),
        (GET, True, True, errors.APITimeoutError),
        (GET, True, False, errors.APIConnectionError),
        (CREATE, True, False, errors.AmbiguousOutcomeError),
        (CREATE, True, True, errors.AmbiguousOutcomeError),
    ],
)
def test_no_answer_is_ambiguous_only_once_a_create_may_have_arrived(
    op: Operation, sent: bool, timed_out: bool, cls: type[errors.APIConnectionError]
) -> None:
    err = _core.connection_error(op, "/things", "boom", sent=sent, timed_out=timed_out)
    assert type(err) is cls
    assert err.sent is sent
    assert err.path == "/things"
