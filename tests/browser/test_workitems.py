"""二(二) 未经批准的事项社区可拒绝接受: 卫健局 pushes a survey onto 杨和第一社区 without approval; the
clerk records it and the system refuses it in one action, naming the department; 卫健局 sees its
refusal; 民政局's ranking of departments by refused pushes shows it."""

import os

import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.regions.models import Unit
from jianzheng.workitems.models import WorkPush
from jianzheng.workitems.reference import load_work_items

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURVEY = "居民健康素养问卷调查（每户一份）"


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


def test_a_survey_pushed_without_approval_is_refused_in_one_action_and_ranked(
    browser, live_server, county, yanghe_clerk, civil_affairs_admin, screenshots
):
    load_work_items(demo=True)
    create_user(
        actor=None,
        username="health_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-WJJ"),
        role=Role.DEPARTMENT_OFFICER,
        full_name="卫健",
        validate=False,
    )
    url = live_server.url

    context, page = desk_page(browser)
    sign_in(page, url, "yanghe_clerk")
    page.get_by_role("link", name="社区工作事项").first.click()
    page.wait_for_url("**/staff/workitems/community/")
    page.select_option("#id_department", "640121-WJJ")
    page.fill("#id_title", SURVEY)
    page.get_by_role("button", name="登记并处理").click()
    page.wait_for_url("**/staff/workitems/community/")
    notice = page.get_by_text(f"已拒绝“{SURVEY}”").first
    assert notice.is_visible()
    assert "未经民政局准入" in notice.inner_text()
    assert page.locator("#pushes").get_by_text("拒绝").first.is_visible()
    page.screenshot(path=str(screenshots / "workitems-refused.png"), full_page=True)
    context.close()
    push = WorkPush.objects.get()
    assert (push.decision, push.department.code) == ("refused", "640121-WJJ")

    context, page = desk_page(browser)
    sign_in(page, url, "health_officer")
    page.get_by_role("link", name="推送给社区的任务").first.click()
    assert page.get_by_role("cell", name=SURVEY, exact=True).is_visible()
    context.close()

    context, page = desk_page(browser)
    sign_in(page, url, "civil_affairs_admin")
    page.get_by_role("link", name="被社区拒绝的部门排名").first.click()
    row = page.locator("#ranking tbody tr").first
    assert "永宁县卫生健康局" in row.inner_text()
    assert row.locator("td").nth(2).inner_text() == "1"
    page.screenshot(path=str(screenshots / "workitems-ranking.png"), full_page=True)
    context.close()
