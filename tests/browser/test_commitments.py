"""二(七): 马小花 commits on the public page instead of bringing a 婚姻状况证明; the paper verifies;
民政局's sampled check finds the commitment untrue; after she was told and answered, a credit
record appears for 发改局; the next time she is refused the commitment route, with the end date."""

import os
import re

import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
from jianzheng.catalogue.selectors import catalogue_of, latest_item
from jianzheng.catalogue.services import import_catalogue
from jianzheng.commitments.models import Commitment, CreditRecord
from jianzheng.commitments.reference import load_commitment_items
from jianzheng.core import workdays
from jianzheng.core.apps import load_calendar
from jianzheng.regions.models import Region, Unit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID = "640121199003071232"


def desk_page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def sign_in(page, url, username):
    page.goto(url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def check_every_marriage_commitment():
    """民政局 checks every 婚姻状况 commitment (a catalogue change, as the list is changed)."""
    own = catalogue_of(Region.objects.get(code="640121"))
    row = latest_item("GJ1-08", catalogue=own)
    payload = item_to_payload(row)
    payload["commitment"]["post_check"]["full_check"] = True
    import_catalogue(
        actor=None,
        catalogue=own,
        payloads=[validate_item_payload(payload)],
        reason="婚姻状况承诺全部核查",
        legal_basis="国办发〔2020〕42号",
    )


def fill_commitment(page, url, case):
    page.goto(url + "/commitments/GJ1-08/")
    assert page.get_by_text("不实承诺的法律责任").first.is_visible()
    for box in page.locator("#clauses input[type=checkbox]").all():
        box.check()
    page.get_by_label("申请人姓名").fill("马小花")
    page.get_by_label("公民身份号码").fill(ID)
    page.get_by_label("联系电话").fill("13800000001")
    page.get_by_label("作出决定的部门").select_option("640121-MZJ")
    page.get_by_label("办件编号").fill(case)
    page.get_by_role("button", name="提交告知承诺书").click()
    page.wait_for_load_state()


def test_a_false_commitment_found_by_the_check_blocks_the_route_until_its_end(
    catalogue, keys, civil_affairs_admin, live_server, browser, page, screenshots
):
    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    load_commitment_items(demo=True)
    check_every_marriage_commitment()
    create_user(
        actor=None,
        username="credit_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-FGJ"),
        role=Role.CREDIT_OFFICER,
        full_name="发改",
        validate=False,
    )
    url = live_server.url

    fill_commitment(page, url, "MZ-2026-0031")
    serial = page.locator("#serial").inner_text()
    assert serial == Commitment.objects.get().serial
    assert page.get_by_text("抽中事后核查").is_visible()
    page.screenshot(path=str(screenshots / "commitment-done.png"), full_page=True)
    page.locator("#verify-link").click()
    page.wait_for_load_state()
    assert page.get_by_text("告知承诺书").first.is_visible()
    assert serial in page.content() and "文书真实有效" in page.content()
    assert ID not in page.content()

    context, desk = desk_page(browser)
    sign_in(desk, url, "civil_affairs_admin")
    desk.goto(url + "/staff/commitments/checks/?state=due")
    desk.get_by_role("link", name=f"HC-{serial}").click()
    desk.get_by_label("不实（未履行承诺）").check()
    desk.get_by_label("核查依据").fill("《婚姻登记条例》")
    desk.get_by_label("核查情况（如何核查、履行情况）").fill("婚姻登记信息系统核对")
    desk.get_by_label("核查发现").fill("承诺未婚，登记信息为已婚")
    desk.get_by_label("证据").fill("婚姻登记信息查询结果")
    desk.get_by_role("button", name="保存核查结果").click()
    desk.get_by_label("告知方式").fill("电话告知并送达书面告知书")
    desk.get_by_role("button", name="登记已告知").click()
    desk.get_by_label("认定为虚假承诺，记入信用记录").check()
    desk.get_by_label("申请人陈述申辩").fill("本人对核查结果无异议")
    desk.get_by_label("严重程度").select_option("serious")
    desk.get_by_label("处理依据").fill("国办发〔2020〕42号")
    desk.get_by_role("button", name="保存认定").click()
    desk.wait_for_url(re.compile(r"/staff/commitments/checks/\d+/$"))
    assert "确认虚假承诺" in desk.locator("#check-state").inner_text()
    context.close()

    record = CreditRecord.objects.get()
    context, desk = desk_page(browser)
    sign_in(desk, url, "credit_officer")
    desk.goto(url + "/staff/commitments/credit/")
    assert desk.get_by_role("link", name=record.number).is_visible()
    assert ID not in desk.content()
    context.close()

    fill_commitment(page, url, "MZ-2026-0032")
    assert page.get_by_text("您暂不能适用告知承诺制").is_visible()
    assert page.locator("#blocked-until").inner_text() == record.end_date.isoformat()
    assert Commitment.objects.count() == 1
    page.screenshot(path=str(screenshots / "commitment-blocked.png"), full_page=True)
