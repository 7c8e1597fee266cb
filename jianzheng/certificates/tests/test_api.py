import pytest

from jianzheng.accounts.models import ApiToken
from jianzheng.accounts.services import create_api_token, revoke_api_token
from jianzheng.certificates.models import Certificate, Demand
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS, RESIDENT
from tests.openapi_contract import at_length, max_lengths

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

URL = "/api/v1/certificates"


@pytest.fixture
def call(client):
    """`call(user, method, path, json=None, **query)` with the user's bearer token."""
    tokens = {}

    def _call(user, method, path, body=None, **query):
        if user is not None and user.pk not in tokens:
            tokens[user.pk] = create_api_token(actor=None, user=user)[1]
        headers = {"authorization": f"Bearer {tokens[user.pk]}"} if user else {}
        if method == "get":
            return client.get(path, query, headers=headers)
        return client.post(path, body, content_type="application/json", headers=headers)

    return _call


@pytest.fixture
def request_body(yanghe):
    return {
        "item": "YN-B03",
        "community": yanghe.code,
        "facts": dict(RESIDENCE_FACTS),
        "checks": CHECKS,
        "purpose": "办理居住证",
        "requester": "永宁县公安局杨和派出所",
    }


def test_a_clerk_issues_a_certificate_and_gets_serial_token_and_links(
    call, yanghe_clerk, request_body, catalogue, keys, yanghe
):
    response = call(yanghe_clerk, "post", URL, request_body)
    assert response.status_code == 201, response.content
    body = response.json()
    certificate = Certificate.objects.get()
    assert body["serial"] == certificate.serial and body["serial"].startswith(yanghe.code)
    assert body["status"] == "issued" and body["is_handover"] is False
    assert body["token"] == certificate.document.token
    assert body["verify_url"].endswith(f"/V/{certificate.document.token}")
    assert body["pdf_url"] == f"{URL}/{certificate.serial}/pdf"
    assert body["item"] == {"code": "YN-B03", "name": certificate.item_name}
    assert body["community"] == {"code": yanghe.code, "name": yanghe.name}
    assert body["issued_on"] == certificate.issued_on.isoformat()
    assert body["valid_until"] == certificate.valid_until.isoformat()
    # The issuing clerk sees the full ID number.
    assert body["holder"]["id_number"] == RESIDENT["holder_id_number"]


def test_without_a_token_or_with_a_bad_or_revoked_one_the_answer_is_401(
    call, client, yanghe_clerk, request_body, catalogue, keys
):
    assert client.get(URL).status_code == 401
    bad = client.get(URL, headers={"authorization": "Bearer jz_not-a-real-token"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthenticated"
    assert call(yanghe_clerk, "get", URL).status_code == 200
    revoke_api_token(actor=None, token=ApiToken.objects.get(user=yanghe_clerk))
    assert call(yanghe_clerk, "post", URL, request_body).status_code == 401
    assert not Certificate.objects.exists()


def test_a_clerk_cannot_issue_for_a_community_outside_their_scope(
    call, lijun_clerk, request_body, catalogue, keys
):
    response = call(lijun_clerk, "post", URL, request_body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    unknown = call(lijun_clerk, "post", URL, {**request_body, "community": "999999999999"})
    assert unknown.status_code == 404
    assert not Certificate.objects.exists()


def test_a_township_officer_in_scope_may_not_issue(
    call, yanghe_officer, request_body, catalogue, keys
):
    response = call(yanghe_officer, "post", URL, request_body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not Certificate.objects.exists()


def test_a_cancelled_item_is_refused_with_alternatives_and_the_refusal_recorded(
    call, yanghe_clerk, request_body, catalogue, keys
):
    body = {**request_body, "item": "GJ1-10", "facts": {**RESIDENT, "fact": "健在"}}
    response = call(yanghe_clerk, "post", URL, {**body, "requester": "永宁县农村商业银行"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "item_not_retained" and "item" in error["fields"]
    assert error["details"]["alternatives"][0]["kind"] == "data_sharing"
    refusal = Demand.objects.get()
    assert (
        refusal.requester == "永宁县农村商业银行" and refusal.pk == error["details"]["refusal_id"]
    )
    assert not Certificate.objects.exists()


def test_an_invalid_id_number_is_a_422_naming_the_field(
    call, yanghe_clerk, request_body, catalogue, keys
):
    facts = {**RESIDENCE_FACTS, "holder_id_number": "640121199003071233", "since": "2019-02-30"}
    response = call(yanghe_clerk, "post", URL, {**request_body, "facts": facts})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {"facts.holder_id_number", "facts.since"} <= set(fields)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "[1, 2]",
        '{"item": 3, "community": [], "facts": "x"}',
        '{"item": "YN-B03", "community": "640121100001", "facts": {"a": [1]}, "checks": {}}',
    ],
)
def test_a_body_that_is_not_the_expected_json_is_a_422_json_error(
    client, yanghe_clerk, catalogue, keys, raw
):
    plain = create_api_token(actor=None, user=yanghe_clerk)[1]
    response = client.post(
        URL, raw, content_type="application/json", headers={"authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"]
    assert not Certificate.objects.exists()


def test_the_pdf_downloads_for_the_issuing_clerk_only_and_is_not_found_outside_the_scope(
    call, issue, yanghe_clerk, yanghe_officer, lijun_clerk
):
    certificate = issue()
    # The paper carries the full ID number: an officer who may read the ledger still gets 403.
    assert call(yanghe_officer, "get", f"{URL}/{certificate.serial}/pdf").status_code == 403
    response = call(yanghe_clerk, "get", f"{URL}/{certificate.serial}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content == bytes(certificate.pdf.content)
    assert call(lijun_clerk, "get", f"{URL}/{certificate.serial}/pdf").status_code == 404
    assert call(lijun_clerk, "get", f"{URL}/{certificate.serial}").status_code == 404


def test_id_numbers_are_masked_for_everyone_but_the_issuing_clerk(
    call, issue, yanghe_clerk, yanghe_officer
):
    certificate = issue()
    full = call(yanghe_clerk, "get", f"{URL}/{certificate.serial}").json()
    assert full["holder"]["id_number"] == RESIDENT["holder_id_number"]
    assert full["facts"]["holder_id_number"] == RESIDENT["holder_id_number"]
    officer = call(yanghe_officer, "get", f"{URL}/{certificate.serial}").json()
    assert officer["holder"] == {
        "name": "马*花",
        "id_number": "**************1232",
        "id_masked": True,
    }
    assert officer["facts"]["holder_id_number"] == "**************1232"
    listed = call(yanghe_officer, "get", URL).json()["items"]
    assert listed[0]["holder"]["id_number"] == "**************1232"


def test_the_ledger_gives_tokens_only_to_the_clerks_who_hand_the_paper_out(
    call, issue, yanghe_clerk, yanghe_officer, auditor, civil_affairs_admin
):
    certificate = issue()
    token = certificate.document.token

    mine = call(yanghe_clerk, "get", URL).json()["items"][0]
    assert mine["token"] == token and mine["verify_url"].endswith(f"/V/{token}")
    for reader in (yanghe_officer, auditor, civil_affairs_admin):
        listed = call(reader, "get", URL).json()["items"]
        one = call(reader, "get", f"{URL}/{certificate.serial}").json()
        assert [listed[0]["serial"], listed[0]["token"], listed[0]["verify_url"]] == [
            certificate.serial,
            None,
            None,
        ]
        assert (one["token"], one["verify_url"]) == (None, None)
        assert token not in call(reader, "get", URL).content.decode()


def test_the_ledger_pages_with_a_cursor_and_filters(
    call, issue, yanghe_clerk, lijun_clerk, civil_affairs_admin
):
    serials = [issue().serial for _ in range(3)]
    first = call(civil_affairs_admin, "get", URL, limit=2).json()
    assert [c["serial"] for c in first["items"]] == serials[::-1][:2]
    second = call(civil_affairs_admin, "get", URL, limit=2, cursor=first["next_cursor"]).json()
    assert [c["serial"] for c in second["items"]] == serials[:1]
    assert second["next_cursor"] is None
    assert call(lijun_clerk, "get", URL).json()["items"] == []
    assert call(yanghe_clerk, "get", URL, status="revoked").json()["items"] == []
    assert call(yanghe_clerk, "get", URL, limit=500).status_code == 422
    assert call(yanghe_clerk, "get", URL, cursor="%%%").status_code == 422


def test_a_clerk_revokes_once_and_a_second_revocation_is_a_conflict(
    call, issue, yanghe_clerk, yanghe_officer, lijun_clerk
):
    serial = issue().serial
    path = f"{URL}/{serial}/revoke"
    assert call(lijun_clerk, "post", path, {"reason": "错"}).status_code == 404
    assert call(yanghe_officer, "post", path, {"reason": "错"}).status_code == 403
    response = call(
        yanghe_clerk, "post", path, {"category": "wrong_information", "reason": "持有人信息填错"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert response.json()["revoke_reason"] == "持有人信息填错"
    again = call(yanghe_clerk, "post", path, {"category": "other", "reason": "再撤一次"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_revoked"


def test_a_clerk_records_a_refusal_and_finds_it_in_the_refusal_ledger(
    call, yanghe_clerk, lijun_clerk, yanghe, catalogue
):
    body = {"community": yanghe.code, "item": "单身证明", "demanded_by": "某婚介公司"}
    response = call(yanghe_clerk, "post", "/api/v1/refusals", body)
    assert response.status_code == 201, response.content
    assert response.json()["reason"] == "cancelled"
    assert call(lijun_clerk, "post", "/api/v1/refusals", body).status_code == 404
    empty = call(yanghe_clerk, "post", "/api/v1/refusals", {**body, "demanded_by": ""})
    assert empty.status_code == 422 and "requester" in empty.json()["error"]["fields"]
    renamed = {**body, "requester": body["demanded_by"]}
    del renamed["demanded_by"]
    assert (
        call(yanghe_clerk, "post", "/api/v1/refusals", renamed).json()["requester"] == "某婚介公司"
    )
    listed = call(yanghe_clerk, "get", "/api/v1/refusals").json()
    # Recorded twice: once under the old field name, once under `requester`.
    assert [r["requester"] for r in listed["items"]] == ["某婚介公司", "某婚介公司"]
    assert call(lijun_clerk, "get", "/api/v1/refusals").json()["items"] == []


def test_phone_numbers_in_facts_are_masked_for_officers(call, issue, yanghe_officer):
    facts = {
        **RESIDENT,
        "agent_name": "李四",
        "agent_id_number": "11010519491231002X",
        "agent_phone": "13912345678",
        "opponent": "王五",
    }
    certificate = issue(item="YN-B02", facts=facts)
    shown = call(yanghe_officer, "get", f"{URL}/{certificate.serial}").json()["facts"]
    assert shown["agent_phone"] == "139****5678"
    assert shown["agent_id_number"] == "**************002X"


def test_every_text_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    call, yanghe_clerk, request_body, yanghe, catalogue, keys
):
    """The document gave these texts no maxLength while the services refused them past 200
    (purpose, requester, a check's note, a revocation's reason) or 100 and 500 (a refusal's item
    and note): a client could not know. Each text one character over its maxLength is refused
    naming it; every text at its maxLength goes through."""

    def refused_one_over(path: str, body: dict, over: dict[str, dict], name: str) -> None:
        answer = call(yanghe_clerk, "post", path, {**body, **over})
        assert answer.status_code == 422, (path, name, answer.content)
        assert set(answer.json()["error"]["fields"]) == {name}, (path, name)

    issue_limits, note_limit = max_lengths("IssueCertificateIn"), max_lengths("FactCheckIn")
    assert issue_limits == {"purpose": 200, "requester": 200} and note_limit == {"note": 200}
    body = {
        **request_body,
        "purpose": at_length(request_body["purpose"], issue_limits["purpose"], "证"),
        "requester": at_length(request_body["requester"], issue_limits["requester"], "所"),
        "checks": [{**CHECKS[0], "note": at_length(CHECKS[0]["note"], note_limit["note"])}],
    }
    for name in ("purpose", "requester"):
        refused_one_over(URL, body, {name: body[name] + "。"}, name)
    over_note = [{**body["checks"][0], "note": body["checks"][0]["note"] + "。"}]
    refused_one_over(URL, body, {"checks": over_note}, "checks.0.note")
    assert not Certificate.objects.exists()
    made = call(yanghe_clerk, "post", URL, body)
    assert made.status_code == 201, made.content
    assert made.json()["purpose"] == body["purpose"]

    revoke = f"{URL}/{made.json()['serial']}/revoke"
    limit = max_lengths("RevokeCertificateIn")["reason"]
    reason = {"category": "wrong_information", "reason": at_length("持有人信息填错", limit)}
    refused_one_over(revoke, reason, {"reason": reason["reason"] + "。"}, "reason")
    revoked = call(yanghe_clerk, "post", revoke, reason)
    assert revoked.status_code == 200 and revoked.json()["revoke_reason"] == reason["reason"]

    limits = max_lengths("RecordRefusalIn")
    assert limits == {"item": 100, "requester": 200, "note": 500}
    refusal = {
        "community": yanghe.code,
        "item": at_length("单身证明", limits["item"], "明"),
        "requester": at_length("某婚介公司", limits["requester"], "司"),
        "note": at_length("对方坚持要求", limits["note"]),
    }
    for name in ("item", "requester", "note"):
        refused_one_over("/api/v1/refusals", refusal, {name: refusal[name] + "明"}, name)
    assert not Demand.objects.filter(item_name__startswith="单身证明").exists()
    recorded = call(yanghe_clerk, "post", "/api/v1/refusals", refusal)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["requester"] == refusal["requester"]
