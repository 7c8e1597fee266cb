"""A clerk issues a 居（租）住证明, a bank checks it by its QR link, the clerk revokes it, and the
same link then says 已撤销 (with the category, not the clerk's reason)."""

import os
import re

import pytest

from jianzheng.certificates.models import Certificate

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]

TOKEN_PATH = re.compile(r"/V/([A-Z2-7]+)", re.IGNORECASE)


@pytest.fixture
def desk(browser):
    """A desktop-sized page: clerks work at a desk computer."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_clerk_issues_a_certificate_that_verifies_and_then_revokes_it(
    catalogue, keys, yanghe_clerk, live_server, desk, screenshots
):
    page = desk
    page.goto(live_server.url + "/staff/login/")
    page.fill("#id_username", "yanghe_clerk")
    page.fill("#id_password", "correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")

    page.goto(live_server.url + "/staff/certificates/issue/")
    page.fill("input[name=q]", "居住")
    page.get_by_role("button", name="查找").click()
    page.locator("tr", has_text="YN-B03").get_by_role("link", name="填写证明").click()
    page.wait_for_url("**/staff/certificates/issue/YN-B03/")

    page.get_by_label("姓名").fill("马小花")
    page.get_by_label("公民身份号码").fill("640121199003071232")
    page.get_by_label("性别").select_option("男")
    page.get_by_label("现居住地址").fill("永宁县杨和镇示例路8号")
    page.get_by_label("起始居住日期").fill("2019-05-01")
    page.get_by_label("居住性质").select_option("租住")
    page.get_by_label("用途").fill("办理居住证")
    page.get_by_label("索要单位").fill("永宁县公安局杨和派出所")
    page.get_by_label("入户核实").check()
    page.get_by_label("查验证件").check()
    page.get_by_label("核实情况说明").fill("入户查看，查验租赁合同")
    page.screenshot(path=str(screenshots / "staff-issue.png"), full_page=True)

    page.get_by_role("button", name="出具", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/certificates/\d{12}-\d{4}-\d{6}/$"))
    assert page.get_by_text("已出具居（租）住证明").is_visible()
    assert page.get_by_role("link", name="下载PDF").is_visible()
    certificate = Certificate.objects.get()
    assert certificate.holder_id_number == "640121199003071232"

    printed = page.locator(".verify-url").inner_text()
    verify_path = "/V/" + TOKEN_PATH.search(printed).group(1)
    page.goto(live_server.url + verify_path)
    verdict = page.locator(".verdict strong")
    assert verdict.inner_text().replace(" ", "") == "有效"
    assert page.get_by_text(certificate.serial).first.is_visible()
    page.screenshot(path=str(screenshots / "verify-valid.png"), full_page=True)

    page.go_back()
    page.get_by_label("撤销类别").select_option(label="信息有误")
    page.get_by_label("撤销原因").fill("居民搬离，证明作废")
    page.get_by_label("我已核对，确认撤销这份证明（撤销后不能恢复）").check()
    page.get_by_role("button", name="撤销").click()
    page.wait_for_load_state()
    assert page.get_by_text("已撤销，核验页面将显示").is_visible()

    page.goto(live_server.url + verify_path)
    assert page.locator(".verdict strong").inner_text().replace(" ", "") == "已撤销"
    # The public sees the category; the clerk's free text stays with the staff.
    assert page.get_by_text("信息有误").is_visible()
    assert page.get_by_text("居民搬离，证明作废").count() == 0
