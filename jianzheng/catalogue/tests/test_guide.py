"""事项指南: every retained item and every alternative of a cancelled one tells the resident where
to go, when, whom to call, whether it costs anything and whether it can be done online."""

import datetime as dt
import re

import pytest

from jianzheng.catalogue.forms import ProposalForm
from jianzheng.catalogue.guide import clean_phone
from jianzheng.catalogue.models import ChangeRequest
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import (
    decide_change,
    propose_change,
    publish_version,
    review_change,
)
from jianzheng.catalogue.tests.conftest import new_item_payload, region_approves
from jianzheng.core.errors import RuleViolation

MARRIAGE_OFFICE = {
    "service_place": "永宁县民政局婚姻登记处",
    "service_hours": "工作日 9:00–12:00 14:30–17:30（夏季）",
    "service_phone": "0951-8012345",
    "fee": "free",
    "online_channel": "宁夏政务服务网",
    "online_url": "https://zwfw.nx.gov.cn",
}
NOTARY = {
    "service_place": "永宁县公证处",
    "service_hours": "工作日 9:00–17:00",
    "service_phone": "12348、13909511234",
    "fee": "charged",
    "fee_note": "按宁夏公证服务收费标准",
}


def _cancelled(**overrides):
    return new_item_payload(
        code="YN-C01",
        name="分居状况证明",
        status="cancelled",
        template=None,
        steps=[],
        time_limit_days=None,
        alternatives=[
            {"kind": "data_sharing", "handling_unit": "640121-MZJ", "instruction": "查询婚姻登记。"}
            | MARRIAGE_OFFICE,
            {"kind": "other_document", "handling_unit": "公证机构", "instruction": "办理公证。"}
            | NOTARY,
        ],
        **overrides,
    )


def _publish(proposer, reviewer, approver, payload):
    change = propose_change(
        actor=proposer,
        kind="add",
        payload=payload,
        reason="核实需要",
        legal_basis="民发〔2020〕20号",
    )
    review_change(actor=reviewer, change=change, accept=True)
    decide_change(
        actor=approver, change=change, approve=True, approval_reference="宁政函〔2026〕1号"
    )
    change.refresh_from_db()
    if change.status == "awaiting_region":
        region_approves(change)
    publish_version(actor=reviewer, effective_date=dt.date.today())
    return get_item(payload["code"])


def test_a_proposal_with_a_bad_phone_and_a_script_url_names_every_field_at_once(
    catalogue, police_officer
):
    payload = _cancelled(service_phone="8012345", online_url="javascript:alert(1)")
    payload["alternatives"][1] |= {"service_phone": "电话待定", "online_url": "ftp://x.cn"}
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer, kind="add", payload=payload, reason="r", legal_basis="b"
        )
    fields = excinfo.value.fields
    assert fields.keys() >= {
        "service_phone",
        "online_url",
        "alternatives.1.service_phone",
        "alternatives.1.online_url",
    }
    assert fields["service_phone"].startswith("咨询电话“8012345”不是有效的电话号码")
    assert "0951-8012345" in fields["service_phone"]
    assert fields["online_url"].startswith("网上办理网址只能是以 https:// 或 http:// 开头")
    assert "alternatives.0.service_phone" not in fields
    assert not ChangeRequest.objects.filter(item_code="YN-C01").exists()


def test_a_charged_service_must_say_how_much_and_a_fee_note_needs_a_fee(catalogue, police_officer):
    payload = _cancelled()
    payload["alternatives"][0] |= {"fee": "charged", "fee_note": ""}
    payload["alternatives"][1] |= {"fee": "", "fee_note": "10元"}
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer, kind="add", payload=payload, reason="r", legal_basis="b"
        )
    fields = excinfo.value.fields
    assert fields["alternatives.0.fee_note"] == "收费的，请在收费说明中写明收费标准和依据"
    assert fields["alternatives.1.fee"] == "填写了收费说明，请同时写明是否收费"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0951-8012345", "0951-8012345"),
        ("（0951）8012345", "0951-8012345"),
        ("09518012345转123", "09518012345转123"),
        ("139 0951 1234", "13909511234"),
        ("+8613909511234", "+8613909511234"),
        ("12345", "12345"),
        ("0951-12345", "0951-12345"),
        ("12333，12348", "12333、12348"),
        ("95588", "95588"),
        ("400-810-8888", "400-810-8888"),
    ],
)
def test_chinese_landline_mobile_and_hotline_numbers_are_accepted(typed, stored):
    assert clean_phone(typed, field="service_phone") == stored


@pytest.mark.parametrize(
    "typed", ["8012345", "110", "1234567890123", "0951-0123456", "23909511234", "12345、1、2、3"]
)
def test_numbers_a_resident_could_not_dial_are_refused(typed):
    with pytest.raises(RuleViolation) as excinfo:
        clean_phone(typed, field="service_phone")
    assert excinfo.value.message.startswith("咨询电话")


def test_the_back_office_form_names_the_bad_phone_of_the_item_and_of_the_alternative(
    client, catalogue, police_officer
):
    client.force_login(police_officer)
    response = client.post(
        "/staff/catalogue/new/",
        {
            "code": "YN-C01",
            "name": "分居状况证明",
            "status": "cancelled",
            "issuing_unit_kind": "community",
            "service_phone": "8012345",
            "online_url": "javascript:alert(1)",
            "alternatives": "部门信息共享核查|640121-MZJ|查询婚姻登记。\n"
            "办理指南|县婚姻登记处|工作日|电话待定|不收费",
            "reason": "核实需要",
            "legal_basis": "民发〔2020〕20号",
        },
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "咨询电话“8012345”不是有效的电话号码" in text
    assert "网上办理网址只能是以 https:// 或 http:// 开头" in text
    assert "第1条替代方式：咨询电话“电话待定”不是有效的电话号码" in text
    assert not ChangeRequest.objects.filter(item_code="YN-C01").exists()


def test_the_back_office_form_reads_the_guide_line_under_its_alternative(
    client, catalogue, police_officer
):
    client.force_login(police_officer)
    response = client.post(
        "/staff/catalogue/new/",
        {
            "code": "YN-C01",
            "name": "分居状况证明",
            "status": "cancelled",
            "issuing_unit_kind": "community",
            "alternatives": "部门信息共享核查|640121-MZJ|查询婚姻登记。\n"
            "办理指南|县婚姻登记处|工作日|0951-8012345|不收费||宁夏政务服务网|https://zwfw.nx.gov.cn\n"
            "告知承诺||本人书面承诺。",
            "reason": "核实需要",
            "legal_basis": "民发〔2020〕20号",
        },
    )
    assert response.status_code == 302
    first, second = ChangeRequest.objects.get(item_code="YN-C01").payload["alternatives"]
    assert first["service_place"] == "县婚姻登记处" and first["fee"] == "free"
    assert first["online_url"] == "https://zwfw.nx.gov.cn"
    assert second["instruction"] == "本人书面承诺。" and second["service_phone"] == ""


def test_the_page_of_a_retained_item_says_where_when_whom_to_call_and_the_fee(
    client, catalogue, residence
):
    text = client.get(f"/items/{residence.code}").content.decode()
    for label in ("办理地点：", "办理时间：", "咨询电话：", "是否收费："):
        assert label in text
    assert "社区（村）党群服务中心" in text
    # The demo county's number is invented, and the page says so.
    assert re.search(
        r'<a href="tel:09518012301">0951-8012301</a> <span class="tag">示例</span>', text
    )
    assert "不收费" in text


def test_each_alternative_of_a_cancelled_item_has_its_own_guide_on_the_page(
    client, catalogue, police_officer, civil_affairs_admin, second_admin
):
    _publish(police_officer, civil_affairs_admin, second_admin, _cancelled())
    text = client.get("/items/YN-C01").content.decode()
    cards = text.split('<li class="card">')[1:]
    assert len(cards) == 2
    for card in cards:
        for label in ("办理地点：", "办理时间：", "咨询电话：", "是否收费："):
            assert label in card
    assert "永宁县民政局婚姻登记处" in cards[0] and "不收费" in cards[0]
    assert (
        '<a href="https://zwfw.nx.gov.cn" rel="noopener noreferrer">宁夏政务服务网</a>' in cards[0]
    )
    assert '<a href="tel:12348">12348</a>、<a href="tel:13909511234">13909511234</a>' in cards[1]
    assert "收费（按宁夏公证服务收费标准）" in cards[1]
    assert "示例" not in cards[0]


def test_the_api_carries_the_guide_of_the_item_and_of_each_alternative(
    client, catalogue, police_officer, civil_affairs_admin, second_admin
):
    _publish(police_officer, civil_affairs_admin, second_admin, _cancelled())
    body = client.get("/api/v1/catalogue/items/YN-C01").json()
    first, second = (a["guide"] for a in body["alternatives"])
    assert first["service_place"] == "永宁县民政局婚姻登记处"
    assert first["fee"] == "free" and first["fee_label"] == "不收费"
    assert first["online_url"] == "https://zwfw.nx.gov.cn"
    assert second["phones"] == ["12348", "13909511234"]
    assert second["fee_label"] == "收费" and second["fee_note"] == "按宁夏公证服务收费标准"
    assert body["guide"]["fee_label"] == "未注明"

    retained = client.get("/api/v1/catalogue/items/YN-B03").json()["guide"]
    assert retained["service_phone"] == "0951-8012301" and retained["fee"] == "free"
    check = client.get("/api/v1/catalogue/check", {"name": "分居状况证明"}).json()
    assert check["alternatives"][1]["guide"]["service_place"] == "永宁县公证处"


def test_the_reference_alternatives_point_at_real_bodies_and_national_hotlines(catalogue):
    alive = get_item("GJ1-10").alternatives.get()
    assert alive.service_phone == "12333"
    assert alive.online_url == "https://si.12333.gov.cn"
    inheritance = get_item("GJ1-18").alternatives.get()
    assert inheritance.fee == "charged" and inheritance.fee_note


def test_the_change_form_shows_the_guides_and_an_untouched_form_changes_nothing(
    client, catalogue, police_officer
):
    client.force_login(police_officer)
    page = client.get("/staff/catalogue/items/GJ1-18/change/").content.decode()
    assert "办理指南|公证机构，或人民法院诉讼服务中心|" in page
    initial = ProposalForm(kind="change", payload=item_to_payload(get_item("GJ1-18"))).initial
    response = client.post(
        "/staff/catalogue/items/GJ1-18/change/",
        {**initial, "is_demo": "", "reason": "核对", "legal_basis": "民发〔2020〕20号"},
    )
    assert response.status_code == 422
    assert "申请内容与现行清单相同" in response.content.decode()
