"""The work-item API as other systems use it: paths and fields as issue 12 writes them."""

import pytest

from jianzheng.accounts.services import create_api_token
from jianzheng.workitems.models import WorkItemRequest, WorkPush
from jianzheng.workitems.tests.conftest import TASK
from tests.openapi_contract import at_length, max_lengths


def call(client, user, method, path, body=None, **query):
    headers = {}
    if user is not None:
        headers["authorization"] = f"Bearer {create_api_token(actor=None, user=user)[1]}"
    if method == "get":
        return client.get(path, query, headers=headers)
    return client.post(path, body or {}, content_type="application/json", headers=headers)


def test_anyone_reads_a_countys_lists_by_category(client, lists):
    answer = client.get("/api/v1/work-items", {"county": "640121", "category": "negative"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["county"]["code"] == "640121" and body["count"] == 4
    assert all(i["category"] == "negative" for i in body["items"])
    everything = client.get("/api/v1/work-items", {"county": "640121"}).json()
    assert {i["category"] for i in everything["items"]} == {"duty", "assistance", "negative"}
    assert client.get("/api/v1/work-items", {"county": "999999"}).status_code == 400
    assert client.get("/api/v1/work-items", {"category": "other"}).status_code == 422


@pytest.mark.pdf
def test_a_department_requests_the_bureau_approves_and_the_agreement_is_listed(
    client, lists, keys, police_officer, civil_affairs_admin, yanghe, yanghe_clerk
):
    body = {**TASK, "communities": [yanghe.code], "hours_per_month": 6, "funding_amount": 3000}
    made = call(client, police_officer, "post", "/api/v1/work-item-requests", body)
    assert made.status_code == 201, made.content
    request = made.json()
    assert request["state"] == "pending" and request["deadline"] == "2026-09-21"
    decision = f"/api/v1/work-item-requests/{request['id']}/decision"
    assert (
        call(
            client, police_officer, "post", decision, {"decision": "approve", "reason": "自批"}
        ).status_code
        == 403
    )
    assert (
        call(
            client, yanghe_clerk, "post", decision, {"decision": "approve", "reason": "x"}
        ).status_code
        == 404
    )
    bad = call(client, civil_affairs_admin, "post", decision, {"decision": "maybe", "reason": ""})
    assert bad.status_code == 422 and set(bad.json()["error"]["fields"]) == {"decision", "reason"}
    approved = call(
        client, civil_affairs_admin, "post", decision, {"decision": "approve", "reason": "同意"}
    )
    assert approved.status_code == 200
    assert approved.json()["agreement"]["number"].startswith("FW640121-2026-")
    assert (
        call(
            client, civil_affairs_admin, "post", decision, {"decision": "approve", "reason": "再"}
        ).status_code
        == 409
    )
    listed = call(client, yanghe_clerk, "get", "/api/v1/service-agreements").json()
    assert listed["count"] == 1
    assert listed["items"][0]["state"] == "pending"  # from 15 September
    assert listed["items"][0]["communities"] == [{"code": yanghe.code, "name": yanghe.name}]


def test_a_bad_request_is_422_naming_the_fields_and_writes_nothing(
    client, lists, police_officer, yanghe
):
    body = {**TASK, "communities": [yanghe.code], "legal_basis": "", "term_end": "2026-01-01"}
    answer = call(client, police_officer, "post", "/api/v1/work-item-requests", body)
    assert answer.status_code == 422
    assert {"legal_basis", "term_end"} <= set(answer.json()["error"]["fields"])
    assert not WorkItemRequest.objects.exists()


def test_a_negative_request_is_refused_at_once_and_says_which_item(
    client, lists, police_officer, yanghe
):
    body = {**TASK, "communities": [yanghe.code], "title": "组织社区居民订阅党报党刊（报刊征订）"}
    answer = call(client, police_officer, "post", "/api/v1/work-item-requests", body).json()
    assert answer["state"] == "refused"
    assert answer["negative_item"]["code"] == "640121-FM-02"


def test_a_clerk_records_a_push_and_gets_the_decision_with_its_reason(
    client, lists, yanghe_clerk, yanghe, health_officer
):
    body = {"community": yanghe.code, "department": "640121-WJJ", "title": "居民满意度问卷调查"}
    answer = call(client, yanghe_clerk, "post", "/api/v1/work-pushes", body)
    assert answer.status_code == 201
    assert answer.json()["decision"] == "refused"
    assert answer.json()["reason_code"] == "not_admitted"
    assert "未经民政局准入" in answer.json()["reason"]
    duty = {**body, "title": "居民会议", "work_item": "64-LZ-02"}
    assert (
        call(client, yanghe_clerk, "post", "/api/v1/work-pushes", duty).json()["decision"]
        == "accepted"
    )
    theirs = call(
        client, health_officer, "get", "/api/v1/work-pushes", department="640121-WJJ"
    ).json()
    assert theirs["count"] == 2
    refusals = call(client, health_officer, "get", "/api/v1/work-pushes", decision="refused").json()
    assert [p["title"] for p in refusals["items"]] == ["居民满意度问卷调查"]


def test_a_clerk_cannot_record_for_another_community(
    client, lists, yanghe_clerk, lijun, yanghe_officer, yanghe
):
    body = {"community": lijun.code, "department": "640121-WJJ", "title": "问卷"}
    assert call(client, yanghe_clerk, "post", "/api/v1/work-pushes", body).status_code == 404
    ours = {**body, "community": yanghe.code}
    assert call(client, yanghe_officer, "post", "/api/v1/work-pushes", ours).status_code == 403
    missing = call(client, yanghe_clerk, "post", "/api/v1/work-pushes", {**ours, "department": ""})
    assert missing.status_code == 422 and "department" in missing.json()["error"]["fields"]
    assert not WorkPush.objects.exists()
    assert call(client, None, "post", "/api/v1/work-pushes", ours).status_code == 401


def test_a_request_takes_every_text_as_long_as_the_document_says_and_not_one_character_more(
    client, lists, police_officer, yanghe
):
    """The document once said 400 characters for a title the service cut off at 200: a client
    that checked its body against the schema was still refused."""
    limits = max_lengths("WorkItemRequestIn")
    texts = {"title", "reason", "legal_basis", "funding_method", "emergency_reason"}
    assert texts <= set(limits)
    longest = {**TASK, "communities": [yanghe.code]}
    longest.update({name: at_length(longest.get(name, ""), limits[name]) for name in texts})
    for name in sorted(texts):
        over = {**longest, name: longest[name] + "。"}
        answer = call(client, police_officer, "post", "/api/v1/work-item-requests", over)
        assert answer.status_code == 422, name
        assert set(answer.json()["error"]["fields"]) == {name}
    assert not WorkItemRequest.objects.exists()
    made = call(client, police_officer, "post", "/api/v1/work-item-requests", longest)
    assert made.status_code == 201, made.content
    assert made.json()["title"] == longest["title"]
    assert made.json()["legal_basis"] == longest["legal_basis"]


def test_a_decision_and_a_push_take_their_texts_as_long_as_the_document_says(
    client, lists, police_officer, civil_affairs_admin, yanghe, yanghe_clerk
):
    body = {**TASK, "communities": [yanghe.code]}
    request = call(client, police_officer, "post", "/api/v1/work-item-requests", body).json()
    decision = f"/api/v1/work-item-requests/{request['id']}/decision"
    most = max_lengths("WorkItemDecisionIn")["reason"]
    over = {"decision": "approve", "reason": at_length("同意", most + 1)}
    answer = call(client, civil_affairs_admin, "post", decision, over)
    assert answer.status_code == 422 and set(answer.json()["error"]["fields"]) == {"reason"}
    fits = {"decision": "reject", "reason": at_length("不同意", most)}
    assert call(client, civil_affairs_admin, "post", decision, fits).status_code == 200
    most = max_lengths("WorkPushIn")["title"]
    push = {"community": yanghe.code, "department": "640121-WJJ"}
    too_long = call(
        client, yanghe_clerk, "post", "/api/v1/work-pushes", {**push, "title": "问" * (most + 1)}
    )
    assert too_long.status_code == 422 and set(too_long.json()["error"]["fields"]) == {"title"}
    recorded = call(
        client, yanghe_clerk, "post", "/api/v1/work-pushes", {**push, "title": "问" * most}
    )
    assert recorded.status_code == 201, recorded.content
