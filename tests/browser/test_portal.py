"""A resident checks on their phone whether the community still issues a 健在证明."""

import pytest

from jianzheng.catalogue.loading import load_reference_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_finds_a_cancelled_proof_by_pinyin_and_learns_where_to_go(
    county, live_server, page, screenshots
):
    load_reference_catalogue()

    page.goto(live_server.url + "/")
    assert page.get_by_text("这个证明还要社区开吗？").is_visible()
    assert page.get_by_text("第1版").first.is_visible()
    page.screenshot(path=str(screenshots / "portal-home.png"), full_page=True)

    page.fill("input[name=q]", "jzzm")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/search?q=jzzm")
    assert page.locator(".results").get_by_role("link", name="健在证明").is_visible()

    page.locator(".results").get_by_role("link", name="健在证明").click()
    page.wait_for_url("**/items/GJ1-10")
    assert page.get_by_role("heading", name="社区不再出具").is_visible()
    assert page.get_by_text("部门信息共享核查").is_visible()
    assert page.get_by_role("link", name="有单位还在要这个证明？举报 →").is_visible()
    page.screenshot(path=str(screenshots / "item-cancelled.png"), full_page=True)
