"""The county's civil affairs admin opens the dashboard, switches to the table view, opens the
census and exports 《出具证明情况清单》 as a spreadsheet that opens with the ledger's numbers."""

import os

import pytest
from openpyxl import load_workbook

from jianzheng.certificates.tests.conftest import issue  # noqa: F401

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]


def test_the_county_admin_reads_the_dashboard_as_a_table_and_exports_the_census(
    browser,
    live_server,
    request,
    civil_affairs_admin,
    tmp_path,
    screenshots,
):
    issue_one = request.getfixturevalue("issue")
    issue_one()
    issue_one()
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/staff/login/")
    page.fill("#id_username", "civil_affairs_admin")
    page.fill("#id_password", "correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")

    page.get_by_role("link", name="统计看板").first.click()
    page.wait_for_url("**/staff/reporting/")
    panel = page.locator("#panel-certificates_month")
    assert "合计2" in panel.locator(".summary").inner_text()
    assert panel.locator("svg.chart").count() == 1
    page.get_by_role("link", name="表格", exact=True).click()
    page.wait_for_url("**view=table")
    assert page.locator("#panel-certificates_item table td").first.is_visible()
    page.screenshot(path=str(screenshots / "dashboard-table.png"), full_page=True)

    page.get_by_role("link", name="摸底清单").first.click()
    page.wait_for_url("**/staff/reporting/census/**")
    with page.expect_download() as waiting:
        page.locator("#census-xlsx").click()
    saved = tmp_path / "census.xlsx"
    waiting.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][4] == "出具数量"
    assert sum(r[4] for r in rows[1:]) == 2
    context.close()
