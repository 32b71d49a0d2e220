"""The schema checks the other sandbox tests rely on do catch broken answers."""

from __future__ import annotations

import pytest

from tests._support.sandbox import Answer, Contract

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def strict(contract: Contract | None) -> Contract:
    if contract is None:
        pytest.skip("needs the OpenAPI spec")
    return contract


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            Answer(
                "ips.retrieve", "GET", "/v2/ips/1", 200, b'{"data":{"port":"x"}}', JSON
            ),
            "'x' is not of type 'integer'",
        ),
        (
            Answer(
                "ips.retrieve", "GET", "/v2/ips/1", 200, b'{"data":{"colour":1}}', JSON
            ),
            "colour is not in the schema",
        ),
        (
            Answer(
                "access_ip_ranges.delete",
                "DELETE",
                "/v2/access_ip_ranges/x",
                404,
                b'{"errors":[{"detail":"gone"}]}',
                JSON,
            ),
            "'code' is a required property",
        ),
        (
            Answer(
                "outbound_voice_profiles.list",
                "GET",
                "/v2/x",
                401,
                b'{"errors":[{"code":5}]}',
                JSON,
            ),
            "5 is not of type 'string'",
        ),
        (
            Answer(None, "GET", "/v2/nope", 404, b"{}", {"Content-Type": "text/plain"}),
            "content type",
        ),
    ],
)
def test_broken_answers_are_reported(
    strict: Contract, answer: Answer, expected: str
) -> None:
    problems = strict.problems(answer)
    assert any(expected in p for p in problems), problems


def test_schema_lookup(strict: Contract) -> None:
    assert strict.pointer("connections.list", 200) == (
        "/components/responses/ListConnectionsResponse/content/application~1json/schema"
    )
    assert strict.pointer("ips.list", 200) == (
        "/paths/~1ips/get/responses/200/content/application~1json/schema"
    )
    # Statuses the spec leaves out, or lists without a body, use ErrorResponse.
    assert strict.pointer("ips.list", 429) == "/components/schemas/ErrorResponse"
    assert strict.pointer("outbound_voice_profiles.list", 422) == (
        "/components/schemas/ErrorResponse"
    )
    assert strict.pointer("access_ip_ranges.create", 422).endswith("/schema")
