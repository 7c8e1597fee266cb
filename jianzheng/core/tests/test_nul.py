"""A NUL character never reaches the database (PostgreSQL would answer a 500): refused in a JSON
body, escaped or raw, in the query string and in the path; an escaped backslash is not a NUL."""

import json

import pytest


@pytest.mark.parametrize(
    "body",
    [
        '{"token": "A\\u0000B"}',
        '{"token": "x", "purpose": ["ok", {"\\u0000": 1}]}',
        b'{"token": "A\x00B"}',
    ],
)
def test_a_json_body_with_a_nul_is_a_422_naming_the_problem(client, db, body):
    answer = client.post("/api/v1/verify", body, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_characters"


def test_an_escaped_backslash_before_u0000_is_ordinary_text(client, db):
    answer = client.post(
        "/api/v1/verify", json.dumps({"token": "\\u0000"}), content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "invalid"


def test_a_nul_in_the_query_or_the_path_is_refused_before_any_view(client, db):
    assert client.get("/api/v1/catalogue/check?name=%00").status_code == 422
    assert client.get("/api/v1/certificates/640121%00").status_code == 404
