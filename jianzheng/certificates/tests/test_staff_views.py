"""The certificate back office as a clerk, an officer, an admin and a stranger see it."""

import pytest
from django.contrib.messages import get_messages

from jianzheng.catalogue.selectors import get_item
from jianzheng.certificates.models import Certificate, Demand, HandoverSwitch
from jianzheng.certificates.staff import ledger as ledger_views
from jianzheng.certificates.tests.conftest import RESIDENCE_FACTS
from jianzheng.documents.services import verify_token

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

BASE = "/staff/certificates/"
RESIDENCE_FORM = {
    **{f"fact_{name}": value for name, value in RESIDENCE_FACTS.items()},
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
    "checks": ["home_visit", "documents"],
    "check_note": "入户查看并查验租赁合同",
}


@pytest.fixture
def as_clerk(client, yanghe_clerk):
    client.force_login(yanghe_clerk)
    return client


def _login(client, user):
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------------ issuing


def test_a_clerk_chooses_among_retained_items_only(as_clerk, catalogue):
    response = as_clerk.get(BASE + "issue/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "居（租）住证明" in page and "/staff/certificates/issue/YN-B03/" in page
    assert "/staff/certificates/issue/GJ1-10/" not in page


def test_the_item_search_narrows_the_list(as_clerk, catalogue):
    page = as_clerk.get(BASE + "issue/", {"q": "居住"}).content.decode()
    assert "YN-B03" in page and "YN-B04" not in page


def test_the_form_is_generated_from_the_items_template(as_clerk, catalogue):
    page = as_clerk.get(BASE + "issue/YN-B03/").content.decode()
    for label in ("姓名", "公民身份号码", "性别", "现居住地址", "起始居住日期", "居住性质"):
        assert label in page
    assert 'type="date"' in page and 'name="fact_since"' in page
    assert '<option value="租住">' in page
    for label in ("用途", "索要单位", "入户核实", "档案核对", "查验证件", "居民议事协商", "其他"):
        assert label in page
    assert "预览" in page and "出具" in page and 'class="req"' in page


def test_a_clerk_issues_a_certificate_and_lands_on_its_page(as_clerk, catalogue, keys):
    response = as_clerk.post(BASE + "issue/YN-B03/", {**RESIDENCE_FORM, "action": "issue"})
    certificate = Certificate.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{certificate.serial}/"
    assert certificate.facts["tenure"] == "租住" and certificate.requester.endswith("派出所")
    assert certificate.checks == [
        {"method": "home_visit", "note": "入户查看并查验租赁合同"},
        {"method": "documents", "note": ""},
    ]
    page = as_clerk.get(response["Location"])
    assert any("已出具" in str(m) for m in get_messages(page.wsgi_request))
    assert f"{BASE}{certificate.serial}/pdf" in page.content.decode()


def test_preview_opens_a_pdf_and_saves_nothing(as_clerk, catalogue, keys):
    response = as_clerk.post(BASE + "issue/YN-B03/", {**RESIDENCE_FORM, "action": "preview"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    assert not Certificate.objects.exists()


def test_bad_facts_are_shown_in_chinese_next_to_their_inputs_and_nothing_is_saved(
    as_clerk, catalogue, keys
):
    form = {**RESIDENCE_FORM, "fact_holder_id_number": "640121199003071231", "checks": []}
    form.pop("purpose")
    response = as_clerk.post(BASE + "issue/YN-B03/", {**form, "action": "issue"})
    assert response.status_code == 422
    form_errors = response.context["form"].errors
    assert "公民身份号码" in form_errors["fact_holder_id_number"][0]
    assert form_errors["purpose"] == ["请填写用途"]
    assert form_errors["checks"] == ["请至少选择一种核实方式"]
    assert 'value="马小花"' in response.content.decode()
    assert not Certificate.objects.exists()


def test_other_check_needs_a_note_next_to_the_note_input(as_clerk, catalogue, keys):
    form = {**RESIDENCE_FORM, "checks": ["other"], "check_note": ""}
    response = as_clerk.post(BASE + "issue/YN-B03/", {**form, "action": "issue"})
    assert response.status_code == 422
    assert "核实说明" in response.context["form"].errors["check_note"][0]
    assert not Certificate.objects.exists()


def test_asking_for_a_cancelled_item_shows_the_alternatives_for_the_resident(as_clerk, catalogue):
    response = as_clerk.get(BASE + "issue/", {"item": "GJ1-10"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "健在证明已取消，社区（村）不再出具" in page
    assert "部门信息共享核查" in page
    assert "登记拒绝出具" in page and "/issue/GJ1-10/handover/" in page
    assert not Demand.objects.exists()


def test_asking_by_name_for_a_retained_item_goes_to_its_form(as_clerk, catalogue):
    response = as_clerk.get(BASE + "issue/", {"item": "居住证明"})
    assert response.status_code == 302 and response["Location"] == BASE + "issue/YN-B03/"


def test_an_item_on_no_list_is_refused_without_a_handover_offer(as_clerk, catalogue):
    page = as_clerk.get(BASE + "issue/", {"item": "宠物健康证明"}).content.decode()
    assert "未列入证明事项清单" in page and "工作衔接例外据实出具" not in page


def test_the_refusal_is_logged_with_the_demanding_unit(as_clerk, catalogue, yanghe):
    response = as_clerk.post(
        BASE + "issue/refuse/", {"item": "GJ1-10", "requester": "永宁县农村商业银行"}
    )
    refusal = Demand.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}refusals/{refusal.pk}/"
    assert refusal.community == yanghe and refusal.requester == "永宁县农村商业银行"
    page = as_clerk.get(response["Location"]).content.decode()
    assert "已记入拒绝出具台账" in page and "部门信息共享核查" in page


def test_a_refusal_without_the_demanding_unit_is_not_logged(as_clerk, catalogue):
    response = as_clerk.post(BASE + "issue/refuse/", {"item": "GJ1-10", "requester": " "})
    assert response.status_code == 422
    assert response.context["form"].errors["requester"] == ["请填写索要单位"]
    assert not Demand.objects.exists()


def test_posting_a_cancelled_items_form_is_refused_and_logged(as_clerk, catalogue, keys):
    form = {**RESIDENCE_FORM, "action": "issue"}
    response = as_clerk.post(BASE + "issue/GJ1-10/", form)
    refusal = Demand.objects.get()
    assert response["Location"] == f"{BASE}refusals/{refusal.pk}/"
    assert not Certificate.objects.exists()


HANDOVER_FORM = {
    "fact_holder_name": "马小花",
    "fact_holder_id_number": "640121199003071232",
    "fact_fact": "本人现居住在本社区",
    "purpose": "办理养老金领取",
    "requester": "永宁县农村商业银行",
    "checks": ["home_visit"],
    "handover_reason": "entity_demand",
    "handover_requester": "永宁县农村商业银行",
    "handover_within_duties": "on",
    "handover_verifiable": "on",
    "action": "issue",
}


def test_the_handover_path_issues_a_first_batch_item_counted_apart(as_clerk, catalogue, keys):
    page = as_clerk.get(BASE + "issue/GJ1-10/handover/").content.decode()
    assert "属于本社区职责范围" in page and "社区能够核实" in page
    response = as_clerk.post(BASE + "issue/GJ1-10/handover/", HANDOVER_FORM)
    certificate = Certificate.objects.get()
    assert response["Location"] == f"{BASE}{certificate.serial}/"
    assert certificate.is_handover and certificate.handover_reason == "entity_demand"
    assert Demand.objects.get().outcome == Demand.Outcome.HANDOVER


def test_the_handover_needs_both_confirmations(as_clerk, catalogue, keys):
    form = {k: v for k, v in HANDOVER_FORM.items() if k != "handover_verifiable"}
    response = as_clerk.post(BASE + "issue/GJ1-10/handover/", form)
    assert response.status_code == 422
    assert "能够核实" in response.context["form"].errors["handover_verifiable"][0]
    assert not Certificate.objects.exists() and not Demand.objects.exists()


def test_there_is_no_handover_path_for_a_retained_item(as_clerk, catalogue):
    assert as_clerk.get(BASE + "issue/YN-B03/handover/").status_code == 404


def test_an_unknown_item_is_not_found(as_clerk, catalogue):
    assert as_clerk.get(BASE + "issue/NOPE-9/").status_code == 404


@pytest.mark.parametrize(
    "url", ["issue/", "issue/YN-B03/", "refusals/new/", "handover/", "", "refusals/"]
)
def test_anonymous_visitors_are_sent_to_login(client, catalogue, url):
    response = client.get(BASE + url)
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_a_township_officer_may_not_issue(client, catalogue, keys, yanghe_officer):
    _login(client, yanghe_officer)
    assert client.get(BASE + "issue/").status_code == 403
    response = client.post(BASE + "issue/YN-B03/", {**RESIDENCE_FORM, "action": "issue"})
    assert response.status_code == 403
    assert client.post(BASE + "refusals/new/", {"item": "x", "requester": "y"}).status_code == 403
    assert not Certificate.objects.exists() and not Demand.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "issue/YN-B03/"),
        ("post", "issue/"),
        ("get", "issue/refuse/"),
        ("post", ""),
        ("post", "refusals/"),
        ("delete", "handover/"),
    ],
)
def test_wrong_methods_are_refused(as_clerk, catalogue, method, url):
    assert getattr(as_clerk, method)(BASE + url).status_code == 405


def test_posts_need_the_csrf_token(catalogue, keys, yanghe_clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(yanghe_clerk)
    response = client.post(BASE + "issue/YN-B03/", {**RESIDENCE_FORM, "action": "issue"})
    assert response.status_code == 403 and not Certificate.objects.exists()


# ------------------------------------------------------------------------------------- ledger


def test_the_issuing_clerk_sees_full_holder_details_in_the_ledger(as_clerk, issue):
    certificate = issue()
    page = as_clerk.get(BASE).content.decode()
    assert certificate.serial in page and "马小花" in page and "640121199003071232" in page
    assert "/staff/certificates/export.xlsx" in page


def test_a_township_officer_sees_holders_masked(client, issue, yanghe_officer):
    certificate = issue()
    page = _login(client, yanghe_officer).get(BASE).content.decode()
    assert certificate.serial in page
    assert "马*花" in page and "**************1232" in page
    assert "640121199003071232" not in page


def test_another_communitys_clerk_sees_neither_the_row_nor_the_certificate(
    client, issue, lijun_clerk
):
    certificate = issue()
    _login(client, lijun_clerk)
    assert certificate.serial not in client.get(BASE).content.decode()
    assert client.get(f"{BASE}{certificate.serial}/").status_code == 404
    assert client.get(f"{BASE}{certificate.serial}/pdf").status_code == 404
    response = client.post(f"{BASE}{certificate.serial}/revoke", {"reason": "错"})
    assert response.status_code == 404
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


def test_a_department_officer_may_not_read_the_ledger(client, catalogue, police_officer):
    assert _login(client, police_officer).get(BASE).status_code == 403
    assert client.get(BASE + "refusals/").status_code == 403


def test_the_ledger_filters_by_status_and_the_export_keeps_the_filters(
    as_clerk, issue, yanghe_clerk
):
    from jianzheng.certificates.services import revoke_certificate

    kept, revoked = issue(), issue()
    revoke_certificate(
        actor=yanghe_clerk, certificate=revoked, category="wrong_information", reason="信息有误"
    )
    page = as_clerk.get(BASE, {"status": "revoked"}).content.decode()
    assert revoked.serial in page and kept.serial not in page
    assert "export.xlsx?status=revoked" in page
    export = as_clerk.get(BASE + "export.xlsx?status=revoked")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_the_ledger_filters_handover_certificates(as_clerk, issue):
    normal = issue()
    handover = issue(
        item="GJ1-10",
        facts={"holder_name": "马小花", "holder_id_number": "640121199003071232", "fact": "健在"},
        handover={
            "reason": "policy_gap",
            "requester": "某银行",
            "within_duties": True,
            "verifiable": True,
        },
    )
    page = as_clerk.get(BASE, {"handover": "true"}).content.decode()
    assert handover.serial in page and normal.serial not in page
    page = as_clerk.get(BASE, {"handover": "false"}).content.decode()
    assert normal.serial in page and handover.serial not in page


def test_a_bad_filter_is_explained_in_chinese(as_clerk, issue):
    response = as_clerk.get(BASE, {"date_from": "2026-13-01", "community": "640121101001"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["date_from"] == ["日期格式应为 YYYY-MM-DD"]
    assert errors["community"] == ["不在您的管辖范围内"]


def test_the_ledger_pages_with_a_next_link(as_clerk, issue, monkeypatch):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 1)
    older, newer = issue(), issue()
    first = as_clerk.get(BASE)
    page = first.content.decode()
    assert newer.serial in page and older.serial not in page
    next_query = first.context["next_query"]
    assert "下一页" in page and "cursor=" in next_query
    second = as_clerk.get(BASE + "?" + next_query).content.decode()
    assert older.serial in second and newer.serial not in second
    assert as_clerk.get(BASE, {"cursor": "!!"}).status_code == 400


# ------------------------------------------------------------------------------------- detail


def test_the_detail_shows_facts_checks_verify_url_and_history(as_clerk, issue):
    certificate = issue()
    page = as_clerk.get(f"{BASE}{certificate.serial}/").content.decode()
    for text in (
        "永宁县杨和镇示例路8号",
        "入户核实",
        certificate.serial,
        "/V/",
        "出具",
        "撤销原因",
    ):
        assert text in page
    assert certificate.document.token in page


def test_the_detail_shows_no_verify_url_to_a_township_officer(client, yanghe_officer, issue):
    certificate = issue()
    client.force_login(yanghe_officer)
    page = client.get(f"{BASE}{certificate.serial}/").content.decode()

    assert certificate.serial in page and "/V/" not in page
    assert certificate.document.token not in page


def test_the_issuing_clerk_downloads_the_pdf(as_clerk, issue):
    certificate = issue()
    response = as_clerk.get(f"{BASE}{certificate.serial}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(certificate.pdf.content)


def test_the_detail_lists_who_verified_the_certificate(as_clerk, issue):
    from jianzheng.documents.services import verify_token

    certificate = issue()
    verify_token(certificate.document.token, purpose="办理居住证核验")
    page = as_clerk.get(f"{BASE}{certificate.serial}/").content.decode()
    assert "核验记录" in page and "办理居住证核验" in page and "尚无核验" not in page
    assert "编号：" + certificate.serial in page  # the audit trail reads as words, not keys


def test_an_officer_sees_the_detail_masked_but_not_the_full_pdf(client, issue, yanghe_officer):
    certificate = issue()
    _login(client, yanghe_officer)
    page = client.get(f"{BASE}{certificate.serial}/").content.decode()
    assert "640121199003071232" not in page and "撤销原因" not in page
    assert client.get(f"{BASE}{certificate.serial}/pdf").status_code == 403


def test_the_clerk_revokes_with_a_reason_and_verification_says_revoked(as_clerk, issue):
    certificate = issue()
    response = as_clerk.post(
        f"{BASE}{certificate.serial}/revoke",
        {"category": "wrong_information", "reason": "居住地址填错", "confirm": "on"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoke_reason == "居住地址填错"
    assert verify_token(certificate.document.token).status == "revoked"
    page = as_clerk.get(response["Location"]).content.decode()
    assert "已撤销" in page and "居住地址填错" in page


def test_revoking_without_a_reason_is_explained_and_changes_nothing(as_clerk, issue):
    certificate = issue()
    response = as_clerk.post(
        f"{BASE}{certificate.serial}/revoke", {"category": "other", "reason": "", "confirm": "on"}
    )
    assert response.status_code == 422
    assert response.context["revoke_form"].errors["reason"] == ["请填写撤销原因"]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_revoking_needs_the_confirmation_ticked(as_clerk, issue):
    certificate = issue()
    response = as_clerk.post(
        f"{BASE}{certificate.serial}/revoke", {"category": "other", "reason": "地址填错"}
    )
    assert response.status_code == 422
    assert response.context["revoke_form"].errors["confirm"] == ["请勾选确认后再撤销"]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_a_township_officer_may_not_revoke(client, issue, yanghe_officer):
    certificate = issue()
    response = _login(client, yanghe_officer).post(
        f"{BASE}{certificate.serial}/revoke", {"reason": "x"}
    )
    assert response.status_code == 403
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


def test_revoke_only_accepts_posts(as_clerk, issue):
    certificate = issue()
    assert as_clerk.get(f"{BASE}{certificate.serial}/revoke").status_code == 405
    assert as_clerk.post(f"{BASE}{certificate.serial}/pdf").status_code == 405


def test_detail_pages_need_a_login(client, issue):
    certificate = issue()
    response = client.get(f"{BASE}{certificate.serial}/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


# ------------------------------------------------------------------------------------ refusals


def test_a_clerk_logs_a_refusal_at_the_desk_and_sees_it_listed(as_clerk, catalogue):
    response = as_clerk.post(
        BASE + "refusals/new/", {"item": "无犯罪记录证明", "requester": "某物业公司"}
    )
    refusal = Demand.objects.get()
    assert response["Location"] == f"{BASE}refusals/{refusal.pk}/"
    page = as_clerk.get(BASE + "refusals/").content.decode()
    assert "无犯罪记录证明" in page and "某物业公司" in page


def test_a_desk_refusal_of_a_retained_item_needs_a_note(as_clerk, catalogue):
    response = as_clerk.post(
        BASE + "refusals/new/", {"item": "居（租）住证明", "requester": "派出所"}
    )
    assert response.status_code == 422
    assert "无法核实" in response.context["form"].errors["note"][0]
    assert not Demand.objects.exists()


def test_a_desk_refusal_without_the_demanding_unit_is_not_logged(as_clerk, catalogue):
    response = as_clerk.post(BASE + "refusals/new/", {"item": "健在证明", "requester": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["requester"] == ["请填写索要单位"]
    assert not Demand.objects.exists()


def test_another_communitys_refusals_are_not_found(client, catalogue, yanghe_clerk, lijun_clerk):
    from jianzheng.certificates.demands import refuse_at_desk
    from jianzheng.regions.models import Unit

    refusal = refuse_at_desk(
        actor=yanghe_clerk,
        community=Unit.objects.get(code="640121100001"),
        item="健在证明",
        requester="某银行",
    )
    _login(client, lijun_clerk)
    assert "某银行" not in client.get(BASE + "refusals/").content.decode()
    assert client.get(f"{BASE}refusals/{refusal.pk}/").status_code == 404


# ----------------------------------------------------------------------------------- hand-over


def test_the_admin_sees_and_switches_the_handover(client, catalogue, civil_affairs_admin):
    _login(client, civil_affairs_admin)
    page = client.get(BASE + "handover/").content.decode()
    assert "全县" in page and "健在证明" in page and "默认开启" in page
    response = client.post(
        BASE + "handover/", {"item": "GJ1-10", "enabled": "off", "reason": "部门信息共享已上线"}
    )
    assert response.status_code == 302
    switch = HandoverSwitch.objects.get()
    assert switch.item_code == "GJ1-10" and not switch.enabled
    response = client.post(
        BASE + "handover/", {"item": "*", "enabled": "off", "reason": "全面衔接"}
    )
    assert HandoverSwitch.objects.get(item_code="").enabled is False
    assert "部门信息共享已上线" in client.get(BASE + "handover/").content.decode()


def test_switching_without_a_reason_is_explained_and_changes_nothing(
    client, catalogue, civil_affairs_admin
):
    response = _login(client, civil_affairs_admin).post(
        BASE + "handover/", {"item": "GJ1-10", "enabled": "off", "reason": ""}
    )
    assert response.status_code == 422 and "请填写理由" in response.content.decode()
    assert not HandoverSwitch.objects.exists()


def test_a_clerk_may_not_switch_the_handover(as_clerk, catalogue):
    assert as_clerk.get(BASE + "handover/").status_code == 403
    response = as_clerk.post(BASE + "handover/", {"item": "*", "enabled": "off", "reason": "x"})
    assert response.status_code == 403 and not HandoverSwitch.objects.exists()


def test_switching_an_unknown_item_is_not_found(client, catalogue, civil_affairs_admin):
    response = _login(client, civil_affairs_admin).post(
        BASE + "handover/", {"item": "NOPE", "enabled": "off", "reason": "x"}
    )
    assert response.status_code == 404


def test_a_switched_off_handover_says_so_instead_of_offering_the_form(
    as_clerk, catalogue, civil_affairs_admin
):
    from jianzheng.certificates.demands import set_handover

    assert "特殊情况：工作衔接" in as_clerk.get(f"{BASE}issue/?item=GJ1-10").content.decode()
    set_handover(
        actor=civil_affairs_admin,
        item=get_item("GJ1-10"),
        enabled=False,
        reason="信息共享已上线",
    )
    page = as_clerk.get(f"{BASE}issue/GJ1-10/handover/").content.decode()
    assert "工作衔接例外已关闭" in page and "handover_reason" not in page
    assert "特殊情况：工作衔接" not in as_clerk.get(f"{BASE}issue/?item=GJ1-10").content.decode()


def test_ledger_pages_cost_the_same_queries_for_one_row_or_many(as_clerk, issue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jianzheng.certificates.tests.conftest import RESIDENT

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert as_clerk.get(url).status_code == 200
        return len(captured)

    issue()
    issue(
        item="GJ1-10",
        facts={**RESIDENT, "fact": "本人居住在本社区"},
        handover={
            "reason": "entity_demand",
            "requester": "某银行",
            "within_duties": True,
            "verifiable": True,
        },
    )
    few = (queries(BASE), queries(f"{BASE}refusals/"))
    for _ in range(3):
        issue()
        issue(
            item="GJ1-10",
            facts={**RESIDENT, "fact": "本人居住在本社区"},
            handover={
                "reason": "entity_demand",
                "requester": "某银行",
                "within_duties": True,
                "verifiable": True,
            },
        )
    assert (queries(BASE), queries(f"{BASE}refusals/")) == few
