"""The commitment API as issue 9 writes it: token auth, scoped, errors naming the field."""

import pytest

from jianzheng.accounts.services import create_api_token
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from tests.openapi_contract import at_length, max_lengths

from .conftest import APPLICANT, OTHER_ID
from .test_postchecks import untrue

BODY = {
    "item": "GJ1-19",
    "department": "640121-SPJ",
    "case_number": "SPJ-API-1",
    **APPLICANT,
    "clauses_accepted": [1, 2, 3, 4],
}


@pytest.fixture
def call(client):
    tokens = {}

    def _call(user, method, path, body=None, **query):
        headers = {}
        if user is not None:
            if user.pk not in tokens:
                tokens[user.pk] = create_api_token(actor=None, user=user)[1]
            headers["authorization"] = f"Bearer {tokens[user.pk]}"
        if method == "get":
            return client.get(path, query, headers=headers)
        return client.post(path, body or {}, content_type="application/json", headers=headers)

    return _call


def test_a_platform_submits_a_commitment_and_gets_its_paper(items, spj_officer, call, client):
    answer = call(spj_officer, "post", "/api/v1/commitments", BODY)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["serial"].startswith("CN640121-") and body["verify_url"].startswith("HTTP")
    assert Commitment.objects.get().channel == "platform"
    paper = call(spj_officer, "get", body["pdf_url"])
    assert paper.status_code == 200 and paper.content.startswith(b"%PDF")
    shown = call(spj_officer, "get", f"/api/v1/commitments/{body['serial']}").json()
    assert shown["applicant"]["id_number"] == APPLICANT["applicant_id_number"]
    page = client.get("/v/" + body["token"])
    assert "告知承诺书" in page.content.decode()


def test_a_missing_clause_is_422_naming_the_field(items, spj_officer, call):
    answer = call(spj_officer, "post", "/api/v1/commitments", {**BODY, "clauses_accepted": [1]})
    assert answer.status_code == 422
    assert "clauses_accepted" in answer.json()["error"]["fields"]
    assert not Commitment.objects.exists()


def test_a_blocked_applicant_is_409_credit_blocked(items, spj_officer, civil_affairs_admin, call):
    from jianzheng.commitments.services import make_commitment
    from jianzheng.regions.models import Region

    from .test_postchecks import _drawn

    def commit(**overrides):
        values = {**BODY, **overrides}
        return make_commitment(actor=None, county=Region.objects.get(code="640121"), **values)

    untrue(_drawn(commit).post_check, civil_affairs_admin, answer="无")
    answer = call(spj_officer, "post", "/api/v1/commitments", {**BODY, "case_number": "X-2"})
    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "credit_blocked"
    assert error["details"]["ends_on"] == CreditRecord.objects.get().end_date.isoformat()


def test_clerks_and_other_departments(items, spj_officer, police_officer, yanghe_clerk, call):
    assert call(yanghe_clerk, "post", "/api/v1/commitments", BODY).status_code == 403
    serial = call(spj_officer, "post", "/api/v1/commitments", BODY).json()["serial"]
    assert call(police_officer, "get", f"/api/v1/commitments/{serial}").status_code == 404
    assert call(None, "get", f"/api/v1/commitments/{serial}").status_code == 401


def test_withdraw_then_409(items, spj_officer, call):
    serial = call(spj_officer, "post", "/api/v1/commitments", BODY).json()["serial"]
    path = f"/api/v1/commitments/{serial}/withdraw"
    answer = call(spj_officer, "post", path, {"reason": "改交证明"})
    assert answer.status_code == 200 and answer.json()["state"] == "withdrawn"
    assert call(spj_officer, "post", path, {}).status_code == 409


def test_the_queue_results_and_credit_endpoints(items, civil_affairs_admin, credit_officer, call):
    made = []
    for n in range(60):
        body = {**BODY, "item": "GJ1-08", "department": "640121-MZJ", "case_number": f"M{n}"}
        answer = call(civil_affairs_admin, "post", "/api/v1/commitments", body)
        assert answer.status_code == 201, answer.content
        made.append(answer.json())
        if answer.json()["sampled"]:
            break
    queue = call(civil_affairs_admin, "get", "/api/v1/post-checks", state="due").json()
    assert queue["count"] == 1
    check_id = queue["items"][0]["id"]
    assert call(civil_affairs_admin, "get", "/api/v1/post-checks", state="late").status_code == 422
    result = f"/api/v1/post-checks/{check_id}/result"
    assert call(civil_affairs_admin, "post", result, {"fulfilled": False}).status_code == 422
    check = PostCheck.objects.get(pk=check_id)
    untrue(check, civil_affairs_admin, answer="无")
    assert call(civil_affairs_admin, "post", result, {"fulfilled": True}).status_code == 409

    records = call(credit_officer, "get", "/api/v1/credit-records").json()
    assert records["count"] == 1 and records["items"][0]["in_force"]
    record_id = records["items"][0]["id"]
    assert call(civil_affairs_admin, "get", "/api/v1/credit-records").status_code == 403
    base = f"/api/v1/credit-records/{record_id}"
    assert call(credit_officer, "post", f"{base}/publish").status_code == 200
    assert call(credit_officer, "post", f"{base}/publish").status_code == 409
    assert (
        call(credit_officer, "post", f"{base}/objection", {"decision": "maybe"}).status_code == 422
    )
    objection = {"reason": "不服", "decision": "rejected", "note": "证据充分"}
    assert call(credit_officer, "post", f"{base}/objection", objection).json()["state"] == "active"
    exported = call(credit_officer, "get", "/api/v1/credit-records/export", format="json").json()
    assert exported["records"][0]["id_number"].startswith("*")
    csv = call(credit_officer, "get", "/api/v1/credit-records/export", format="csv")
    assert csv["Content-Type"].startswith("text/csv") and "信用记录编号" in csv.content.decode()
    assert call(credit_officer, "post", f"{base}/repair", {"basis": ""}).status_code == 422
    repaired = call(credit_officer, "post", f"{base}/repair", {"basis": "信用修复"}).json()
    assert repaired["state"] == "repaired" and not repaired["in_force"]
    assert call(credit_officer, "post", f"{base}/repair", {"basis": "again"}).status_code == 409
    again = {**BODY, "item": "GJ1-08", "department": "640121-MZJ", "case_number": "after-repair"}
    assert call(civil_affairs_admin, "post", "/api/v1/commitments", again).status_code == 201
    assert OTHER_ID


def test_a_decision_recorded_by_api_closes_the_withdrawal(items, spj_officer, police_officer, call):
    serial = call(spj_officer, "post", "/api/v1/commitments", BODY).json()["serial"]
    decision = f"/api/v1/commitments/{serial}/decision"
    assert call(police_officer, "post", decision).status_code == 404  # not its department's
    answer = call(spj_officer, "post", decision)
    assert answer.status_code == 200 and answer.json()["state"] == "decided"
    assert call(spj_officer, "post", decision).json()["error"]["code"] == "not_open"
    withdraw = call(spj_officer, "post", f"/api/v1/commitments/{serial}/withdraw", {})
    assert withdraw.status_code == 409


def test_the_applicant_is_told_and_heard_through_the_api_before_a_credit_record(
    items, civil_affairs_admin, credit_officer, call
):
    for n in range(60):
        body = {**BODY, "item": "GJ1-08", "department": "640121-MZJ", "case_number": f"H{n}"}
        if call(civil_affairs_admin, "post", "/api/v1/commitments", body).json()["sampled"]:
            break
    check_id = call(civil_affairs_admin, "get", "/api/v1/post-checks", state="due").json()["items"][
        0
    ]["id"]
    base = f"/api/v1/post-checks/{check_id}"
    assert call(civil_affairs_admin, "post", f"{base}/notice", {"notice_method": "电话"}).json()[
        "error"
    ]["code"] == ("not_untrue")
    untrue = {
        "fulfilled": False,
        "basis": "《婚姻登记条例》",
        "how": "婚姻登记信息系统核对",
        "findings": "承诺未婚，登记信息为已婚",
        "evidence": "婚姻登记信息截图",
    }
    assert call(civil_affairs_admin, "post", f"{base}/result", untrue).status_code == 200
    confirmation = {"upheld": True, "severity": "serious", "measure_basis": "国办发〔2020〕42号"}
    early = call(civil_affairs_admin, "post", f"{base}/confirmation", confirmation)
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_notified"
    assert call(civil_affairs_admin, "post", f"{base}/notice", {}).json()["error"][
        "fields"
    ].keys() == {"notice_method"}
    told = call(civil_affairs_admin, "post", f"{base}/notice", {"notice_method": "电话告知"}).json()
    assert told["state"] == "notified" and told["answer_deadline"]
    unheard = call(civil_affairs_admin, "post", f"{base}/confirmation", confirmation)
    assert unheard.status_code == 422 and "answer" in unheard.json()["error"]["fields"]
    assert CreditRecord.objects.count() == 0
    heard = call(
        civil_affairs_admin, "post", f"{base}/confirmation", {**confirmation, "answer": "无异议"}
    )
    assert heard.status_code == 200 and heard.json()["state"] == "confirmed"
    assert call(credit_officer, "get", "/api/v1/credit-records").json()["count"] == 1
    assert (
        call(civil_affairs_admin, "post", f"{base}/confirmation", confirmation).status_code == 409
    )


def test_a_wrong_phone_number_is_named_in_the_answer_and_nothing_is_made(items, spj_officer, call):
    answer = call(spj_officer, "post", "/api/v1/commitments", {**BODY, "applicant_phone": "123"})
    assert answer.status_code == 422
    assert "联系电话应为11位手机号码" in answer.json()["error"]["fields"]["applicant_phone"]
    assert not Commitment.objects.exists()


def test_every_text_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    items, spj_officer, civil_affairs_admin, credit_officer, call
):
    """The document once said twice what the services took (a case number of 128 characters
    refused at 64, findings of 8000 at 4000, a name of 60 at 50): a body checked against the
    schema was still refused. Each text one character over its maxLength is refused naming it;
    every text at its maxLength goes through."""

    def longest(component: str, body: dict, pads: dict[str, str]) -> dict:
        limits = max_lengths(component)
        assert set(pads) <= set(limits), component
        return {**body, **{name: at_length(body.get(name, ""), limits[name], pad)
                           for name, pad in pads.items()}}  # fmt: skip

    def refused_one_over(user, path: str, body: dict, pads: dict[str, str]) -> None:
        for name, pad in pads.items():
            answer = call(user, "post", path, {**body, name: body[name] + pad})
            assert answer.status_code == 422, (path, name)
            assert set(answer.json()["error"]["fields"]) == {name}, (path, name)

    pads = {"case_number": "0", "applicant_name": "花"}
    body = longest("CommitmentIn", BODY, pads)
    refused_one_over(spj_officer, "/api/v1/commitments", body, pads)
    assert not Commitment.objects.exists()
    made = call(spj_officer, "post", "/api/v1/commitments", body)
    assert made.status_code == 201, made.content
    withdraw = f"/api/v1/commitments/{made.json()['serial']}/withdraw"
    reason = longest("WithdrawIn", {"reason": "改交证明"}, {"reason": "。"})
    refused_one_over(spj_officer, withdraw, reason, {"reason": "。"})
    assert call(spj_officer, "post", withdraw, reason).status_code == 200

    for n in range(60):
        drawn = {**BODY, "item": "GJ1-08", "department": "640121-MZJ", "case_number": f"L{n}"}
        if call(civil_affairs_admin, "post", "/api/v1/commitments", drawn).json()["sampled"]:
            break
    due = call(civil_affairs_admin, "get", "/api/v1/post-checks", state="due").json()
    base = f"/api/v1/post-checks/{due['items'][0]['id']}"
    steps = [
        (
            "result",
            "PostCheckResultIn",
            {"fulfilled": False},
            {"basis": "。", "how": "。", "findings": "。", "evidence": "。"},
        ),
        ("notice", "FindingNoticeIn", {}, {"notice_method": "。"}),
        (
            "confirmation",
            "FindingConfirmationIn",
            {"upheld": True, "severity": "serious"},
            {"answer": "。", "measure_basis": "。"},
        ),
    ]
    for step, component, fixed, texts in steps:
        body = longest(component, fixed, texts)
        refused_one_over(civil_affairs_admin, f"{base}/{step}", body, texts)
        answer = call(civil_affairs_admin, "post", f"{base}/{step}", body)
        assert answer.status_code == 200, (step, answer.content)
    record = call(credit_officer, "get", "/api/v1/credit-records").json()["items"][0]["id"]
    base = f"/api/v1/credit-records/{record}"
    objection = longest("ObjectionIn", {"decision": "rejected"}, {"reason": "。", "note": "。"})
    refused_one_over(credit_officer, f"{base}/objection", objection, {"reason": "。", "note": "。"})
    assert call(credit_officer, "post", f"{base}/objection", objection).status_code == 200
    repair = longest("RepairIn", {}, {"basis": "。"})
    refused_one_over(credit_officer, f"{base}/repair", repair, {"basis": "。"})
    assert call(credit_officer, "post", f"{base}/repair", repair).status_code == 200
