"""The back-office pages of both sides and the residents' transparency page."""

import pytest
from django.test import Client

from jianzheng.sharing.models import SharingCheck, TransparencyLookup

from .conftest import SUBJECT

NEW = "/staff/sharing/new/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


ASK_FORM = {
    "fact": "640121-GAJ/hukou-address",
    **SUBJECT,
    "p_address": "永宁县杨和镇示例路8号",
    "purpose": "办理城乡居民最低生活保障申请",
    "case_number": "YHZ-2026-0012",
    "legal_basis": "《社会救助暂行办法》第十一条",
    "replaces_item": "YN-B03",
}


def test_a_township_officer_asks_police_through_the_form_and_police_answers(
    facts, yanghe_officer, police_officer
):
    officer = signed_in(yanghe_officer)
    page = officer.get(NEW, {"fact": "640121-GAJ/hukou-address"})
    assert "所称户籍地址或居住地址" in page.content.decode()
    assert "居（租）住证明（YN-B03）" in page.content.decode()
    response = officer.post(NEW, ASK_FORM)
    assert response.status_code == 302
    check = SharingCheck.objects.get()
    assert response["Location"] == f"/staff/sharing/{check.pk}/"
    assert "**************1232" in officer.get(response["Location"]).content.decode()

    police = signed_in(police_officer)
    inbox = police.get("/staff/sharing/", {"role": "holder"}).content.decode()
    assert "640121199003071232" in inbox and "户籍登记地址核对" in inbox
    answered = police.post(f"/staff/sharing/{check.pk}/answer/", {"answer": "yes"})
    assert answered.status_code == 302
    check.refresh_from_db()
    assert check.answer == "yes"
    again = police.post(f"/staff/sharing/{check.pk}/answer/", {"answer": "no"})
    assert again.status_code == 409
    assert "已经答复" in again.content.decode()


def test_a_request_without_purpose_is_sent_back_naming_the_field(facts, yanghe_officer):
    response = signed_in(yanghe_officer).post(NEW, {**ASK_FORM, "purpose": "", "p_address": ""})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'href="#id_purpose"' in text and "请填写核查用途" in text
    assert 'href="#id_p_address"' in text
    assert not SharingCheck.objects.exists()


def test_the_holders_menu_card_counts_its_pending_checks(ask, yanghe_officer, police_officer):
    ask(yanghe_officer)
    ask(yanghe_officer)
    from jianzheng.core.registry import menu_links

    card = next(link for link in menu_links(police_officer) if link.section == "inbox")
    assert (card.count(), card.count_label) == (2, "待处理")


@pytest.fixture
def public():
    return Client()


def test_the_resident_sees_exactly_their_own_checks(ask, yanghe_officer, police_officer, public):
    mine = ask(yanghe_officer)
    ask(yanghe_officer, subject_name="马大山", subject_id_number="640121196501010017")
    page = public.post("/transparency/", {"name": "马小花", "id_number": "640121199003071232"})
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        mine.requester_unit.name in text
        and mine.case_number in text
        and "办理城乡居民最低生活保障申请" in text
    )
    assert "1 次" in text and "尚未答复" in text
    assert "640121199003071232" not in text and "马大山" not in text
    assert TransparencyLookup.objects.get().found == 1


def test_a_wrong_name_with_the_right_id_number_finds_nothing(ask, yanghe_officer, public):
    ask(yanghe_officer)
    text = public.post("/transparency/", {"name": "马小华", "id_number": "640121199003071232"})
    assert "没有找到核查记录" in text.content.decode()
    assert "YHZ-2026-0012" not in text.content.decode()


def test_the_page_never_takes_the_id_number_in_a_url_or_echoes_it(facts, public):
    page = public.get("/transparency/", {"name": "马小花", "id_number": "640121199003071232"})
    assert "找到" not in page.content.decode() and "640121199003071232" not in page.content.decode()
    bad = public.post("/transparency/", {"name": "马小花", "id_number": "640121199003071233"})
    assert bad.status_code == 422
    assert "640121199003071233" not in bad.content.decode()
    assert 'value="马小花"' in bad.content.decode()


def test_after_three_tries_a_sum_must_be_worked_out(ask, yanghe_officer, public):
    ask(yanghe_officer)
    for _ in range(3):
        public.post("/transparency/", {"name": "马小花", "id_number": "640121199003071232"})
    asked = public.session["transparency_sum"]
    wrong = public.post(
        "/transparency/",
        {"name": "马小花", "id_number": "640121199003071232", "challenge": str(asked + 1)},
    )
    assert wrong.status_code == 422 and "计算结果不正确" in wrong.content.decode()
    right = public.post(
        "/transparency/",
        {
            "name": "马小花",
            "id_number": "640121199003071232",
            "challenge": str(public.session["transparency_sum"]),
        },
    )
    assert right.status_code == 200 and "YHZ-2026-0012" in right.content.decode()


def test_the_lookup_is_budgeted_per_client(facts, public, settings):
    settings.THROTTLE_ENABLED = True
    from jianzheng.core import throttle

    budget = throttle.budget_for("POST", "/transparency/")
    assert budget is not None and budget.name == "transparency"
    assert throttle.budget_for("GET", "/transparency/") is None or budget.method == "POST"
    statuses = [
        public.post("/transparency/", {"name": "马小花", "id_number": "1"}).status_code
        for _ in range(budget.limit + 1)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:-1]


def test_the_auditor_reads_every_check_of_the_county_masked(ask, yanghe_officer, auditor):
    check = ask(yanghe_officer)
    text = signed_in(auditor).get(f"/staff/sharing/{check.pk}/").content.decode()
    assert "马*花" in text and "马小花" not in text and "640121199003071232" not in text
    assert (
        signed_in(auditor).post(f"/staff/sharing/{check.pk}/answer/", {"answer": "yes"}).status_code
        == 403
    )


def test_the_forms_describe_their_inputs_with_ids_that_exist(
    ask, yanghe_officer, police_officer, public
):
    from tests.test_aria_ids import _dangling

    check = ask(yanghe_officer)
    pages = [
        (public, "get", "/transparency/", None),
        (public, "post", "/transparency/", {"name": "马小花", "id_number": "1"}),
        (signed_in(yanghe_officer), "get", NEW, None),
        (signed_in(yanghe_officer), "get", NEW + "?fact=640121-GAJ/hukou-address", None),
        (signed_in(yanghe_officer), "post", NEW, {**ASK_FORM, "purpose": ""}),
        (signed_in(police_officer), "get", f"/staff/sharing/{check.pk}/answer/", None),
        (signed_in(police_officer), "post", f"/staff/sharing/{check.pk}/answer/", {}),
    ]
    for client, method, url, body in pages:
        response = getattr(client, method)(url, body) if body is not None else client.get(url)
        assert _dangling(response.content.decode()) == [], url
