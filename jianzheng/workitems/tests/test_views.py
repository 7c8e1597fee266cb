"""The back-office pages and the public page of the lists, as staff and residents use them."""

import pytest

from jianzheng.workitems.models import ServiceAgreement, WorkItemRequest, WorkPush
from jianzheng.workitems.services import decide_request
from jianzheng.workitems.tests.conftest import TASK, ask

FORM = {**TASK, "communities": ["640121100001"], "emergency": "", "emergency_reason": ""}


def test_the_public_page_shows_the_three_lists_with_their_basis(client, helan, lists):
    assert "请选择" in client.get("/work-items/").content.decode()  # two counties: pick one
    page = client.get("/work-items/", {"county": "640121"}).content.decode()
    for text in (
        "依法履职事项",
        "协助政府工作事项",
        "负面清单事项",
        "《中华人民共和国禁毒法》第十七条",
    ):
        assert text in page
    assert "摊派给社区的各类报刊和杂志征订" in page
    assert client.get("/work-items/", {"county": "999999"}).status_code == 400
    helan = client.get("/work-items/", {"county": "640122"}).content.decode()
    assert "640122-FM-01" in helan and "640121-FM-01" not in helan and "禁毒法" in helan


def test_a_department_applies_in_the_back_office(client, lists, police_officer):
    client.force_login(police_officer)
    assert "申请社区工作事项准入" in client.get("/staff/workitems/requests/new/").content.decode()
    answer = client.post("/staff/workitems/requests/new/", FORM)
    made = WorkItemRequest.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/staff/workitems/requests/{made.pk}/"
    page = client.get(answer["Location"]).content.decode()
    assert "待民政局审核" in page and "2026-09-21" in page


def test_a_bad_application_shows_each_error_beside_its_field_and_saves_nothing(
    client, lists, police_officer
):
    client.force_login(police_officer)
    answer = client.post(
        "/staff/workitems/requests/new/", {**FORM, "legal_basis": "", "funding_amount": "0"}
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "请填写法律法规依据" in page and "须安排服务经费" in page
    assert not WorkItemRequest.objects.exists()


def test_an_empty_post_is_refused_with_the_missing_fields(client, lists, police_officer):
    client.force_login(police_officer)
    answer = client.post("/staff/workitems/requests/new/", {})
    assert answer.status_code == 422 and "请填写事项" in answer.content.decode()


@pytest.mark.pdf
def test_the_bureau_approves_and_the_agreement_page_offers_the_signed_paper(
    client, lists, keys, police_officer, civil_affairs_admin, yanghe
):
    request = ask(police_officer, [yanghe.code])
    client.force_login(civil_affairs_admin)
    assert "审核意见" in client.get(f"/staff/workitems/requests/{request.pk}/").content.decode()
    answer = client.post(
        f"/staff/workitems/requests/{request.pk}/decide/",
        {"decision": "approve", "reason": "依据充分"},
    )
    assert answer.status_code == 302
    agreement = ServiceAgreement.objects.get()
    page = client.get(f"/staff/workitems/agreements/{agreement.number}/").content.decode()
    assert "永宁县公安局" in page and "3000.00" in page
    paper = client.get(f"/staff/workitems/agreements/{agreement.number}/paper.pdf")
    assert paper["Content-Type"] == "application/pdf" and paper.content.startswith(b"%PDF")
    paid = client.post(
        f"/staff/workitems/agreements/{agreement.number}/payments/",
        {"amount": "1000", "paid_on": "2026-09-01", "note": "首笔"},
    )
    assert paid.status_code == 302
    funding = client.get("/staff/workitems/agreements/").content.decode()
    assert "2000.00" in funding  # outstanding


def test_a_department_cannot_decide_and_another_county_does_not_find_it(
    client, lists, police_officer, helan_admin, yanghe
):
    request = ask(police_officer, [yanghe.code])
    client.force_login(police_officer)
    decide = f"/staff/workitems/requests/{request.pk}/decide/"
    assert client.post(decide, {"decision": "approve", "reason": "自批"}).status_code == 403
    client.force_login(helan_admin)
    assert client.get(f"/staff/workitems/requests/{request.pk}/").status_code == 404
    assert client.post(decide, {"decision": "approve", "reason": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.state == WorkItemRequest.State.PENDING


def test_a_bad_decision_is_shown_on_the_page_and_changes_nothing(
    client, lists, police_officer, civil_affairs_admin, yanghe
):
    request = ask(police_officer, [yanghe.code])
    client.force_login(civil_affairs_admin)
    answer = client.post(f"/staff/workitems/requests/{request.pk}/decide/", {"decision": "reject"})
    assert answer.status_code == 422 and "请填写审核意见" in answer.content.decode()
    request.refresh_from_db()
    assert request.state == WorkItemRequest.State.PENDING


def test_the_clerk_refuses_an_unapproved_task_in_one_action(
    client, lists, yanghe_clerk, civil_affairs_admin
):
    client.force_login(yanghe_clerk)
    page = client.get("/staff/workitems/community/").content.decode()
    assert "登记部门推送的任务" in page and "禁毒" in page
    answer = client.post(
        "/staff/workitems/pushes/new/",
        {"department": "640121-WJJ", "title": "居民健康问卷调查", "work_item": ""},
    )
    assert answer.status_code == 302
    push = WorkPush.objects.get()
    assert push.decision == "refused" and push.department.code == "640121-WJJ"
    assert "已拒绝" in client.get("/staff/workitems/community/").content.decode()
    client.force_login(civil_affairs_admin)
    ranking = client.get("/staff/workitems/ranking/").content.decode()
    assert "永宁县卫生健康局" in ranking


def test_a_push_without_a_department_is_refused_with_the_field_named(client, lists, yanghe_clerk):
    client.force_login(yanghe_clerk)
    answer = client.post("/staff/workitems/pushes/new/", {"department": "", "title": "问卷"})
    assert answer.status_code == 422 and "请填写推送任务的单位" in answer.content.decode()
    assert not WorkPush.objects.exists()


def test_a_township_officer_does_not_record_pushes(client, lists, yanghe_officer):
    client.force_login(yanghe_officer)
    assert client.get("/staff/workitems/community/").status_code == 403
    answer = client.post("/staff/workitems/pushes/new/", {"department": "640121-WJJ", "title": "x"})
    assert answer.status_code == 403


def test_the_county_sets_the_deadline_and_the_cosigning_unit(
    client, lists, civil_affairs_admin, police_officer, yanghe
):
    client.force_login(civil_affairs_admin)
    bad = client.post("/staff/workitems/settings/", {"review_days": "0", "cosign_unit": ""})
    assert bad.status_code == 422
    answer = client.post(
        "/staff/workitems/settings/", {"review_days": "10", "cosign_unit": "640121-ZZB"}
    )
    assert answer.status_code == 302
    request = ask(police_officer, [yanghe.code])
    decided = decide_request(
        actor=civil_affairs_admin, request=request, decision="approve", reason="同意"
    )
    assert decided.state == WorkItemRequest.State.COSIGN


def test_anonymous_staff_pages_go_to_the_login(client, lists):
    answer = client.get("/staff/workitems/requests/")
    assert answer.status_code == 302 and answer["Location"].startswith("/staff/login/")


def test_a_wrong_method_is_refused(client, lists, civil_affairs_admin):
    client.force_login(civil_affairs_admin)
    assert client.post("/staff/workitems/ranking/").status_code == 405
    assert client.get("/staff/workitems/pushes/new/").status_code == 405


@pytest.mark.pdf
def test_the_agreement_verifies_on_the_public_page_and_says_when_it_lapsed(
    client, lists, keys, clock, police_officer, civil_affairs_admin, yanghe
):
    import datetime as dt

    request = ask(police_officer, [yanghe.code])
    decide_request(actor=civil_affairs_admin, request=request, decision="approve", reason="同意")
    token = ServiceAgreement.objects.get().document.token
    page = client.get(f"/v/{token}").content.decode()
    assert "社区服务协议" in page and "永宁县公安局" in page and "尚未生效" in page
    clock.move_to(dt.datetime(2027, 1, 1, 2, 0, tzinfo=dt.UTC))
    page = client.get(f"/v/{token}").content.decode()
    assert "已超过有效期" in page
    assert "已于2026年12月31日到期失效，续签须重新申请准入" in page


def test_the_dashboard_counts_the_requests_waiting_for_the_bureau(
    client, lists, police_officer, civil_affairs_admin, yanghe
):
    ask(police_officer, [yanghe.code])
    ask(police_officer, [yanghe.code], title="报刊征订")  # refused at once: nothing waits
    client.force_login(civil_affairs_admin)
    page = client.get("/staff/").content.decode()
    assert "<b>1</b> 待审核" in page
