"""The catalogue back office: propose → review → approve → publish, and who may do which."""

import json

import pytest

from jianzheng.catalogue.loading import load_reference_catalogue
from jianzheng.catalogue.models import ChangeRequest
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import propose_change


@pytest.fixture
def catalogue(county):
    return load_reference_catalogue()


def _as(client, user):
    client.force_login(user)
    return client


GOOD_ADD = {
    "code": "YN-B09",
    "name": "独生子女父母光荣证补办证明",
    "status": "retained",
    "issuing_unit_kind": "community",
    "aliases": "光荣证补办证明",
    "keywords": "独生子女证补办",
    "requesting_units": "卫生健康部门",
    "purpose": "补办光荣证时证明申请人户籍在本社区。",
    "conditions": "申请人户籍在本社区。",
    "materials": "身份证\n户口簿",
    "steps": "申请\n核实\n出具",
    "time_limit_days": "3",
    "legal_bases": "《宁夏回族自治区人口与计划生育条例》|第四十条|地方性法规",
    "alternatives": "",
    "template": json.dumps(
        {
            "title": "证明",
            "body": "兹证明{holder_name}（公民身份号码{holder_id_number}）户籍在本社区。",
            "fields": [
                {"name": "holder_name", "label": "姓名", "type": "text", "required": True},
                {
                    "name": "holder_id_number",
                    "label": "公民身份号码",
                    "type": "id_number",
                    "required": True,
                },
            ],
            "validity_days": 90,
        },
        ensure_ascii=False,
    ),
    "reason": "卫健局办理补证需要",
    "legal_basis": "《宁夏回族自治区人口与计划生育条例》第四十条",
}


def test_anonymous_visitors_are_sent_to_the_login_page(client, catalogue):
    for url in [
        "/staff/catalogue/",
        "/staff/catalogue/changes/",
        "/staff/catalogue/new/",
        "/staff/catalogue/publish/",
        "/staff/catalogue/items/GJ1-10/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/login/")


def test_staff_member_logs_in_and_lands_on_the_page_they_asked_for(
    client, catalogue, police_officer
):
    response = client.post(
        "/staff/login/?next=/staff/catalogue/",
        {"username": "police_officer", "password": "correct-horse-9", "next": "/staff/catalogue/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/catalogue/"
    assert "申请新增事项" in client.get("/staff/catalogue/").content.decode()


def test_any_staff_member_can_search_the_catalogue(client, catalogue, yanghe_clerk):
    response = _as(client, yanghe_clerk).get("/staff/catalogue/", {"q": "jzzm"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "健在证明" in text
    assert "居（租）住证明" in text
    assert "GJ1-10" in client.get("/staff/catalogue/items/GJ1-10/").content.decode()


def test_clerk_sees_no_propose_button_and_is_refused_when_posting(client, catalogue, yanghe_clerk):
    _as(client, yanghe_clerk)
    assert "申请新增事项" not in client.get("/staff/catalogue/").content.decode()
    assert "申请变更" not in client.get("/staff/catalogue/items/YN-B03/").content.decode()
    assert client.get("/staff/catalogue/new/").status_code == 403
    response = client.post("/staff/catalogue/new/", GOOD_ADD)
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert not ChangeRequest.objects.filter(item_code="YN-B09").exists()


def test_officer_sees_the_propose_buttons(client, catalogue, police_officer):
    _as(client, police_officer)
    assert "申请新增事项" in client.get("/staff/catalogue/").content.decode()
    item_page = client.get("/staff/catalogue/items/YN-B03/").content.decode()
    assert "申请变更" in item_page
    assert "申请移出清单" in item_page


def test_proposal_with_bad_fields_shows_chinese_errors_beside_them_and_saves_nothing(
    client, catalogue, police_officer
):
    bad = {
        **GOOD_ADD,
        "name": "",
        "steps": "",
        "legal_bases": "《宁夏回族自治区人口与计划生育条例》|第四十条|红头文件",
    }
    response = _as(client, police_officer).post("/staff/catalogue/new/", bad)
    text = response.content.decode()
    assert response.status_code == 422
    assert "请填写事项名称" in text
    assert "第1行：依据层级无效" in text
    assert not ChangeRequest.objects.filter(item_code="YN-B09").exists()


def test_a_good_new_item_proposal_is_saved_and_waits_for_review(client, catalogue, police_officer):
    response = _as(client, police_officer).post("/staff/catalogue/new/", GOOD_ADD)
    assert response.status_code == 302
    change = ChangeRequest.objects.get(item_code="YN-B09")
    assert change.status == ChangeRequest.Status.PROPOSED
    assert change.payload["legal_bases"][0]["level"] == "local_regulation"
    assert change.payload["materials"] == ["身份证", "户口簿"]
    assert change.payload["template"]["title"] == "证明"


def test_a_template_that_is_not_json_is_reported_beside_the_box(client, catalogue, police_officer):
    response = _as(client, police_officer).post(
        "/staff/catalogue/new/", {**GOOD_ADD, "template": "{title: 证明"}
    )
    assert response.status_code == 422
    assert "证明式样不是有效的 JSON" in response.content.decode()
    assert not ChangeRequest.objects.filter(item_code="YN-B09").exists()


def test_a_deeply_nested_or_huge_template_is_an_error_not_a_crash(
    client, catalogue, police_officer
):
    for template in ("[" * 15000, "[" * 30000):
        response = _as(client, police_officer).post(
            "/staff/catalogue/new/", {**GOOD_ADD, "template": template}
        )
        assert response.status_code == 422
    assert not ChangeRequest.objects.filter(item_code="YN-B09").exists()


def test_change_form_starts_from_the_current_item(client, catalogue, police_officer):
    text = _as(client, police_officer).get("/staff/catalogue/items/YN-B03/change/").content.decode()
    assert "《居住证暂行条例》|第八条|行政法规" in text
    assert "申请人身份证\n房屋产权证明或租赁合同" in text


def test_unknown_item_cannot_be_changed(client, catalogue, police_officer):
    assert _as(client, police_officer).get("/staff/catalogue/items/NOPE/change/").status_code == 404


def test_wrong_method_is_refused(client, catalogue, civil_affairs_admin):
    _as(client, civil_affairs_admin)
    assert client.get("/staff/catalogue/changes/1/review/").status_code == 405
    assert client.delete("/staff/catalogue/publish/").status_code == 405


def test_clerk_posting_an_approval_is_refused_and_nothing_changes(
    client, catalogue, police_officer, civil_affairs_admin, yanghe_clerk
):
    change = propose_change(
        actor=police_officer,
        kind="remove",
        item_code="YN-B05",
        reason="公证机构已可自行核实",
        legal_basis="《公证法》",
    )
    _as(client, civil_affairs_admin).post(
        f"/staff/catalogue/changes/{change.pk}/review/", {"decision": "accept"}
    )
    _as(client, yanghe_clerk)
    response = client.post(f"/staff/catalogue/changes/{change.pk}/decide/", {"decision": "approve"})
    assert response.status_code in (403, 404)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REVIEWED


def test_proposer_cannot_approve_their_own_request(client, catalogue, civil_affairs_admin):
    change = propose_change(
        actor=civil_affairs_admin,
        kind="remove",
        item_code="YN-B05",
        reason="理由",
        legal_basis="依据",
    )
    response = _as(client, civil_affairs_admin).post(
        f"/staff/catalogue/changes/{change.pk}/review/", {"decision": "accept"}
    )
    assert response.status_code == 403
    page = client.get(f"/staff/catalogue/changes/{change.pk}/").content.decode()
    assert "审核通过" not in page and "须由申请人以外的管理员审核" in page
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PROPOSED


def test_a_change_request_out_of_sight_is_not_found(
    client, catalogue, police_officer, yanghe_officer
):
    change = propose_change(
        actor=police_officer, kind="remove", item_code="YN-B05", reason="理由", legal_basis="依据"
    )
    assert (
        _as(client, yanghe_officer).get(f"/staff/catalogue/changes/{change.pk}/").status_code == 404
    )


def test_rejecting_without_a_note_shows_the_error(
    client, catalogue, police_officer, civil_affairs_admin
):
    change = propose_change(
        actor=police_officer, kind="remove", item_code="YN-B05", reason="理由", legal_basis="依据"
    )
    response = _as(client, civil_affairs_admin).post(
        f"/staff/catalogue/changes/{change.pk}/review/", {"decision": "reject", "note": ""}
    )
    assert response.status_code == 422
    assert "请填写审核意见" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PROPOSED


def test_full_flow_from_proposal_to_the_public_page(
    client, catalogue, police_officer, civil_affairs_admin, second_admin
):
    form = _as(client, police_officer).get("/staff/catalogue/items/YN-B03/change/")
    data = {k: v for k, v in form.context["form"].initial.items() if k != "code"}
    data.update(
        {
            "time_limit_days": "2",
            "steps": "申请\n入户核实\n出具",
            "reason": "需入户核实，当场无法办结",
            "legal_basis": "《居住证暂行条例》第八条",
        }
    )
    response = client.post("/staff/catalogue/items/YN-B03/change/", data)
    assert response.status_code == 302, response.content.decode()
    change = ChangeRequest.objects.get(item_code="YN-B03", status="proposed")
    detail = client.get(response["Location"]).content.decode()
    assert "已提交" in detail
    assert "办理时限（工作日）" in detail

    _as(client, civil_affairs_admin)
    page = client.get(f"/staff/catalogue/changes/{change.pk}/").content.decode()
    assert "审核通过" in page
    client.post(
        f"/staff/catalogue/changes/{change.pk}/review/", {"decision": "accept", "note": "同意"}
    )

    _as(client, second_admin)
    response = client.post(
        f"/staff/catalogue/changes/{change.pk}/decide/",
        {"decision": "approve", "approval_reference": "宁政办函〔2025〕1号"},
    )
    assert response.status_code == 302
    response = client.post(
        "/staff/catalogue/publish/", {"effective_date": "2000-01-01", "summary": "调整居住证明时限"}
    )
    assert response.status_code == 422
    assert "生效日期不能早于今天" in response.content.decode()
    from django.utils import timezone

    response = client.post(
        "/staff/catalogue/publish/",
        {"effective_date": timezone.localdate().isoformat(), "summary": "调整居住证明时限"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/history/2"

    public = client.get("/items/YN-B03").content.decode()
    assert "2个工作日" in public
    assert "入户核实" in public
    history = client.get("/history").content.decode()
    assert "第2版" in history
    assert "调整居住证明时限" in history
    diff = client.get("/history/2").content.decode()
    assert "办理时限（工作日）" in diff
    assert get_item("YN-B03").time_limit_days == 2


def test_changes_list_filters_by_status(client, catalogue, police_officer, civil_affairs_admin):
    propose_change(
        actor=police_officer, kind="remove", item_code="YN-B05", reason="理由", legal_basis="依据"
    )
    _as(client, civil_affairs_admin)
    assert "YN-B05" in client.get("/staff/catalogue/changes/?status=proposed").content.decode()
    assert "YN-B05" not in client.get("/staff/catalogue/changes/?status=approved").content.decode()
    assert "发布新版本" in client.get("/staff/catalogue/changes/").content.decode()


def test_only_admins_may_open_the_publish_page(client, catalogue, police_officer):
    assert _as(client, police_officer).get("/staff/catalogue/publish/").status_code == 403


def test_a_countys_new_proof_is_approved_by_the_region_admin_on_the_same_page(
    client, catalogue, police_officer, civil_affairs_admin, second_admin, region_admin
):
    from jianzheng.catalogue.services import decide_change, review_change
    from jianzheng.catalogue.tests.conftest import new_item_payload

    change = propose_change(
        actor=police_officer, kind="add", payload=new_item_payload(), reason="r", legal_basis="b"
    )
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    decide_change(
        actor=second_admin, change=change, approve=True, approval_reference="宁政函〔2026〕1号"
    )
    page = _as(client, second_admin).get(f"/staff/catalogue/changes/{change.pk}/").content
    assert "须经自治区民政厅批准" in page.decode()
    page = _as(client, region_admin).get(f"/staff/catalogue/changes/{change.pk}/").content
    assert "自治区批准" in page.decode() and "宁政函〔2026〕1号" in page.decode()
    response = client.post(
        f"/staff/catalogue/changes/{change.pk}/decide/", {"decision": "approve", "note": "同意"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved" and change.region_approved_by == region_admin
    assert (
        "自治区批准：民政厅"
        in client.get(f"/staff/catalogue/changes/{change.pk}/").content.decode()
    )
