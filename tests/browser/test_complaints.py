"""二(五): a resident reports from a cancelled item's page and gets a tracking number; the county's
civil-affairs staff take the case to an exposure notice; the notice is on the public page and in
the feed."""

import datetime as dt
import os
import re

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url, username):
    page.goto(url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def move(desk, to: str, note: str = ""):
    desk.get_by_label("办理为").select_option(label=to)
    if note:
        desk.get_by_label("意见").fill(note)
    desk.get_by_role("button", name="提交").click()
    desk.wait_for_url(re.compile(r"/staff/complaints/\d+/$"))
    assert to in desk.locator("#case-state").inner_text()


def test_a_report_from_a_cancelled_items_page_becomes_a_public_notice(
    catalogue, civil_affairs_admin, live_server, browser, page, screenshots
):
    page.goto(live_server.url + "/items/GJ1-10")
    page.get_by_role("link", name=re.compile("有单位还在要这个证明")).click()
    page.wait_for_url("**/report?item=GJ1-10")
    assert "社区不再出具" in page.locator("main").inner_text()
    assert page.get_by_label("对方要求开具的证明").input_value() == "健在证明"
    page.get_by_label("要求开证明的单位").fill("永宁县公安局")
    page.get_by_label("日期").fill((dt.date.today() - dt.timedelta(days=2)).isoformat())
    page.get_by_label("地点").fill("县政务服务中心公安窗口")
    page.get_by_label("经过").fill("办理户口迁移时，窗口要求到社区开具健在证明，否则不予办理。")
    page.screenshot(path=str(screenshots / "complaint-report.png"), full_page=True)
    page.get_by_role("button", name="提交举报").click()
    number = page.locator("#tracking-number").inner_text()
    assert re.fullmatch(r"JB\d{4}-[0-9A-Z]{8}", number)
    assert len(page.locator("#secret").inner_text()) == 19
    page.get_by_role("link", name="查看进度").click()
    assert "已收到举报" in page.locator(".timeline").inner_text()

    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    sign_in(desk, live_server.url, "civil_affairs_admin")
    desk.get_by_role("link", name="监督举报").first.click()
    desk.get_by_role("link", name=number).click()
    move(desk, "已受理")
    move(desk, "被举报单位已答复", "窗口人员理解有误，已当场纠正")
    move(desk, "已核实", "经调取窗口录像，要求开具健在证明属实")
    desk.get_by_label("查实情况（公开）").fill(
        "永宁县公安局窗口要求群众到社区开具已取消的健在证明，经核实属实。"
    )
    desk.get_by_label("整改情况（公开）").fill("已责令整改，对窗口人员开展培训。")
    desk.get_by_role("button", name="发布通报").click()
    assert desk.get_by_text("已发布通报：永宁县减证通报").is_visible()
    context.close()

    page.goto(live_server.url + "/exposure/?level=county")
    notice = page.locator("article.notice").first
    assert "永宁县公安局" in notice.inner_text() and "健在证明" in notice.inner_text()
    page.screenshot(path=str(screenshots / "exposure-notices.png"), full_page=True)
    feed = page.request.get(live_server.url + "/exposure/feed.atom").text()
    assert "永宁县减证通报〔" in feed and "健在证明" in feed
    page.goto(live_server.url + f"/report/track/{number}")
    assert "已就此事公开通报" in page.locator(".timeline").inner_text()
