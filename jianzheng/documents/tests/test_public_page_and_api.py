import json
from datetime import date

import pytest
from django.test import Client

from jianzheng.accounts.services import create_api_token
from jianzheng.documents import kinds
from jianzheng.documents.models import VerificationLog
from jianzheng.documents.services import prepare_document, register_document, revoke_document
from jianzheng.documents.tests.conftest import HOLDER_ID, HOLDER_NAME
from tests.openapi_contract import at_length, max_lengths


def page(client, token, **post):
    if post:
        return client.post(f"/v/{token}", post).content.decode()
    return client.get(f"/v/{token}").content.decode()


def test_the_public_page_shows_a_valid_document_with_the_holder_masked(client, sign):
    document = sign(serial="640121100001-2026-000009")

    html = page(client, document.token)

    assert "有效" in html and "已撤销" not in html
    assert "640121100001-2026-000009" in html
    assert "示例社区·杨和第一社区" in html and "2026年11月26日" in html
    assert "张*三" in html and "****************3X" in html
    assert "张小三" not in html and "64012119900101123" not in html


def test_the_qr_form_of_the_url_opens_the_same_page(client, sign):
    response = client.get(f"/V/{sign().token}")

    assert response.status_code == 200 and "有效" in response.content.decode()


def test_a_revoked_document_shows_the_category_and_date_but_never_the_clerks_reason(
    client, sign, yanghe_clerk
):
    document = sign()
    revoke_document(
        actor=yanghe_clerk, document=document, category="wrong_information", reason="申请人材料不实"
    )

    html = page(client, document.token)

    assert "已撤销" in html and "撤销时间" in html
    assert "撤销类别" in html and "信息有误" in html
    assert "申请人材料不实" not in html


def test_a_changed_token_shows_invalid_and_no_details(client, sign):
    token = sign().token
    changed = token[:20] + ("B" if token[20] == "A" else "A") + token[21:]

    html = page(client, changed)

    assert "无效" in html and "张*三" not in html


def test_a_registered_kind_adds_its_rows(client, sign, monkeypatch):
    monkeypatch.setitem(
        kinds._KINDS,
        "certificate",
        kinds.Kind(
            "certificate", "社区证明", lambda d: [("证明事项", f"居住证明 {d.subject_code}")]
        ),
    )

    html = page(client, sign().token)

    assert "社区证明" in html and "证明事项" in html and "居住证明 JZ-001" in html


def test_a_broken_kind_does_not_take_the_page_down(client, sign, monkeypatch):
    monkeypatch.setitem(kinds._KINDS, "certificate", kinds.Kind("certificate", "社区证明", None))

    response = client.get(f"/v/{sign().token}")

    assert response.status_code == 200 and "有效" in response.content.decode()


def test_the_verifier_confirms_the_holder_by_name_and_id_number(client, sign):
    token = sign().token

    same = page(client, token, holder_name="张小三", holder_id_number="64012119900101123X")
    other = page(client, token, holder_name="李四", holder_id_number="64012119900101123X")

    assert "答复：一致" in same
    assert "答复：不一致" in other


def test_the_holder_form_needs_a_csrf_token(sign):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(f"/v/{sign().token}", {"holder_name": "张小三", "holder_id_number": "1"})

    assert response.status_code == 403


def test_every_page_view_is_logged_with_purpose_and_answer(client, sign):
    document = sign()

    page(client, document.token)
    page(
        client,
        document.token,
        holder_name="张小三",
        holder_id_number="64012119900101123X",
        purpose="银行开户",
    )
    page(client, "NOTATOKEN")  # not a token at all: answered 无效, not logged

    logs = list(VerificationLog.objects.order_by("id"))
    assert [(log.document, log.result, log.holder_match) for log in logs] == [
        (document, "valid", None),
        (document, "valid", True),
    ]
    assert logs[1].purpose == "银行开户"


def post_verify(client, body, **headers):
    return client.post("/api/v1/verify", body, content_type="application/json", **headers)


def test_the_api_reports_a_valid_document(client, sign, yanghe):
    document = sign(serial="640121100001-2026-000011")

    response = post_verify(
        client,
        {
            "token": document.token,
            "holder_name": "张小三",
            "holder_id_number": "64012119900101123X",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reason"], body["serial"]) == (
        "valid",
        "ok",
        "640121100001-2026-000011",
    )
    assert body["issuer"] == {"code": "640121100001", "name": yanghe.name}
    assert (body["kind"], body["subject_code"]) == ("certificate", "JZ-001")
    assert (body["issued_on"], body["valid_until"]) == ("2026-11-26", "2099-05-26")
    assert body["holder"] == {"name": "张*三", "id_number": "****************3X", "id_masked": True}
    assert body["holder_match"] is True
    assert body["revoked_at"] is None


def test_the_api_reports_revoked_and_invalid(client, sign, yanghe_clerk):
    document = sign()
    revoke_document(actor=yanghe_clerk, document=document, category="duplicate", reason="出具错误")

    revoked = post_verify(client, {"token": document.token}).json()
    invalid = post_verify(client, {"token": "garbage!"})

    assert revoked["status"] == "revoked"
    assert (revoked["revoke_category"], revoked["revoke_category_label"]) == (
        "duplicate",
        "重复出具",
    )
    assert revoked["revoke_reason"] == "重复出具"  # the old name carries the label, not the text
    assert "出具错误" not in str(revoked)
    assert revoked["revoked_at"] and revoked["holder_match"] is None
    assert invalid.status_code == 200
    assert (invalid.json()["status"], invalid.json()["serial"]) == ("invalid", None)


def test_the_api_refuses_a_request_without_a_token(client, db):
    response = post_verify(client, {"purpose": "核验"})

    assert response.status_code == 422
    assert "token" in response.json()["error"]["fields"]


def test_a_department_calling_with_its_token_is_logged_by_unit(client, sign, police_officer):
    _, plain = create_api_token(actor=None, user=police_officer)

    response = post_verify(
        client,
        {"token": sign().token, "purpose": "户籍核验"},
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )

    assert response.status_code == 200
    log = VerificationLog.objects.get()
    assert (log.verifier_unit.code, log.purpose, log.channel) == ("640121-GAJ", "户籍核验", "api")


@pytest.mark.parametrize("header", ["Bearer jz_wrong", "Bearer nonsense"])
def test_a_bad_bearer_token_is_refused_not_ignored(client, sign, header):
    response = post_verify(client, {"token": sign().token}, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_a_cross_site_text_plain_post_is_refused_and_logs_nothing(sign, police_officer):
    """What a page of another site can make a signed-in officer's browser send: text/plain,
    cookies, no token (issue 16, item 6)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(police_officer)
    body = json.dumps({"token": sign().token, "purpose": "伪造"})
    response = browser.post("/api/v1/verify", body, content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not VerificationLog.objects.exists()


def test_a_staff_session_alone_is_not_recorded_as_the_verifier(sign, police_officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(police_officer)
    response = post_verify(browser, {"token": sign().token})
    assert response.status_code == 200
    assert VerificationLog.objects.get().verifier_unit is None  # anonymous, not 公安局


def test_every_text_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    client, signing_key, yanghe_clerk, yanghe
):
    """The document gave VerifyIn's texts no maxLength while verify_token and verify_serial
    refused them past 200 (purpose), 60 (holder_name), 40 (holder_id_number and check_code) and
    64 (serial). Each text one character over is refused naming it; at its maxLength the paper
    is verified."""
    limits = max_lengths("VerifyIn")
    assert limits == {
        "serial": 64,
        "check_code": 40,
        "purpose": 200,
        "holder_name": 60,
        "holder_id_number": 40,
    }
    prepared = prepare_document(
        kind="certificate",
        serial="640121100001-2026-" + "0" * (limits["serial"] - 18),
        issuer=yanghe,
        subject_code="JZ-001",
        issued_on=date(2026, 11, 26),
        valid_until=date(2099, 5, 26),
        holder_name=HOLDER_NAME,
        holder_id_number=HOLDER_ID,
        facts={"holder_name": HOLDER_NAME, "holder_id_number": HOLDER_ID},
    )
    document = register_document(actor=yanghe_clerk, prepared=prepared)
    assert len(document.serial) == limits["serial"]
    body = {
        "serial": document.serial,
        # Dashes are separators a clerk may type: the code still matches.
        "check_code": at_length(prepared.check_code, limits["check_code"], "-"),
        "purpose": at_length("办理入学", limits["purpose"]),
        "holder_name": at_length(HOLDER_NAME, limits["holder_name"], "三"),
        "holder_id_number": at_length(HOLDER_ID, limits["holder_id_number"], "0"),
    }
    for name in limits:
        answer = post_verify(client, {**body, name: body[name] + "0"})
        assert answer.status_code == 422, (name, answer.content)
        assert set(answer.json()["error"]["fields"]) == {name}, name
    answer = post_verify(client, body)
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["holder_match"]) == ("valid", False)
    by_token = {**body, "token": document.token}
    del by_token["serial"], by_token["check_code"]
    answer = post_verify(client, by_token)
    assert answer.status_code == 200 and answer.json()["status"] == "valid", answer.content
    assert VerificationLog.objects.filter(purpose=body["purpose"]).count() == 2
