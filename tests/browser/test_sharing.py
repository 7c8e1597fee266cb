"""二(六): a township asks 公安 whether 马小花 is registered where she lives, instead of sending her
to her community for a 居（租）住证明; 公安 answers; 马小花 sees the check on the transparency page."""

import os
import re

import pytest

from jianzheng.sharing.models import SharingCheck
from jianzheng.sharing.reference import load_reference_facts

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_a_township_asks_police_instead_of_a_residence_proof_and_the_resident_sees_it(
    catalogue, yanghe_officer, police_officer, live_server, browser, page, screenshots
):
    load_reference_facts()
    context, desk = desk_page(browser)
    sign_in(desk, live_server.url, "yanghe_officer")
    desk.get_by_role("link", name="发起信息共享核查").first.click()
    desk.get_by_label("核查事项（数据提供单位）").select_option(
        label="永宁县公安局：户籍登记地址核对"
    )
    desk.get_by_role("button", name="下一步").click()
    desk.get_by_label("被核查人姓名").fill("马小花")
    desk.get_by_label("被核查人公民身份号码").fill("640121199003071232")
    desk.get_by_label("所称户籍地址或居住地址").fill("永宁县杨和镇示例路8号")
    desk.get_by_label("核查用途").fill("办理城乡居民最低生活保障申请")
    desk.get_by_label("办件编号").fill("YHZ-2026-0012")
    desk.get_by_label("法定依据").fill("《社会救助暂行办法》第十一条")
    desk.get_by_label("替代的证明事项").select_option("YN-B03")
    desk.screenshot(path=str(screenshots / "sharing-ask.png"), full_page=True)
    desk.get_by_role("button", name="发出核查").click()
    desk.wait_for_url(re.compile(r"/staff/sharing/\d+/$"))
    assert desk.get_by_text("已向永宁县公安局发出核查").is_visible()
    context.close()

    context, desk = desk_page(browser)
    sign_in(desk, live_server.url, "police_officer")
    card = desk.locator(".card, li, article", has_text="待答复的共享核查").first
    assert "1" in card.inner_text()
    desk.get_by_role("link", name="待答复的共享核查").first.click()
    desk.get_by_role("link", name="答复", exact=True).click()
    assert desk.get_by_text("640121199003071232").first.is_visible()  # the holder looks it up
    desk.get_by_label("是", exact=True).check()
    desk.get_by_role("button", name="提交答复").click()
    desk.wait_for_url(re.compile(r"/staff/sharing/\d+/$"))
    assert desk.get_by_text("已答复，答复与请求已一并存证").is_visible()
    context.close()
    assert SharingCheck.objects.get().answer == "yes"

    page.goto(live_server.url + "/transparency/")
    page.get_by_label("姓名").fill("马小花")
    page.get_by_label("公民身份号码").fill("640121199003071232")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "/transparency/" == page.url.removeprefix(live_server.url)
    row = page.locator("tbody tr").first
    assert "杨和镇" in row.inner_text() and "YHZ-2026-0012" in row.inner_text()
    assert "已答复" in row.inner_text()
    assert "640121199003071232" not in page.content()
    page.screenshot(path=str(screenshots / "transparency.png"), full_page=True)
