"""The API's error messages are Chinese throughout: a client shows them to clerks as they are."""

import re

import pytest


def _has_latin_words(text: str) -> bool:
    """English prose, not the codes a program must send (those follow a label in brackets)."""
    return bool(re.search(r"[A-Za-z]{2,}", re.sub(r"（[a-z_]+）", "", text)))


def test_a_wrong_status_lists_the_allowed_values_by_their_chinese_labels(client, catalogue):
    response = client.get("/api/v1/catalogue/items", {"status": "maybe"})
    message = response.json()["error"]["fields"]["status"]
    assert response.status_code == 422
    assert message == "只能是“保留”（retained）或“取消（社区不再出具）”（cancelled）"


@pytest.mark.parametrize(
    "params", [{"status": "maybe"}, {"page": "x"}, {"page": 0}, {"page_size": 1000}]
)
def test_no_input_error_speaks_english(client, catalogue, params):
    error = client.get("/api/v1/catalogue/items", params).json()["error"]
    for text in [error["message"], *error["fields"].values()]:
        assert not _has_latin_words(text), text


def test_an_unknown_check_method_is_named_by_its_labels(client, yanghe_clerk, catalogue, keys):
    from jianzheng.accounts.services import create_api_token

    _, secret = create_api_token(actor=None, user=yanghe_clerk)
    response = client.post(
        "/api/v1/certificates",
        {
            "item": "YN-B03",
            "community": "640121100001",
            "facts": {},
            "checks": [{"method": "guess"}],
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    message = response.json()["error"]["fields"]["checks.0.method"]
    assert "入户核实" in message and "home_visit" not in message


def test_a_wrong_ledger_status_is_named_by_its_labels(client, yanghe_clerk, catalogue):
    from jianzheng.accounts.services import create_api_token

    _, secret = create_api_token(actor=None, user=yanghe_clerk)
    response = client.get(
        "/api/v1/certificates", {"status": "gone"}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert (
        response.json()["error"]["fields"]["status"]
        == "只能是“有效”（issued）或“已撤销”（revoked）"
    )
