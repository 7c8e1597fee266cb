"""A resident of a region-wide platform picks their county, and later switches to another."""

import pytest

from jianzheng.catalogue.loading import load_reference_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_picks_a_county_then_switches_and_keeps_the_search(
    county, helan, live_server, page, settings
):
    settings.DEFAULT_COUNTY = ""
    load_reference_catalogue()

    page.goto(live_server.url + "/search?q=居住证明")
    assert page.get_by_role("heading", name="请选择县（市、区）").is_visible()
    page.locator(".county-choices").get_by_role("link", name="永宁县").click()
    assert page.get_by_text("正在查看：永宁县 证明事项清单").is_visible()
    # 永宁县 still issues 居（租）住证明 (YN-B03) …
    retained = page.locator(".result.retained").get_by_role("link", name="居（租）住证明")
    assert retained.is_visible()

    page.select_option("#county-pick", label="贺兰县")
    page.get_by_role("button", name="切换").click()
    page.wait_for_url("**/search?q=*&county=640122")
    assert page.get_by_text("正在查看：贺兰县 证明事项清单").is_visible()
    assert page.get_by_role("link", name="贺兰县村（社区）证明事项查询").is_visible()
    # … 贺兰县 has cancelled it (HL-C01): the same search now gives the other answer.
    cancelled = page.locator(".result.cancelled").get_by_role("link", name="居（租）住证明")
    assert cancelled.is_visible()
    assert page.locator(".result.retained").get_by_role("link", name="居（租）住证明").count() == 0
    assert page.get_by_role("link", name="不开证明了，该怎么办 →").first.is_visible()
    # Remembered: the next page, reached by an ordinary link, is still 贺兰县's.
    page.get_by_role("link", name="清单", exact=True).click()
    page.wait_for_url("**/list")
    assert page.get_by_text("正在查看：贺兰县 证明事项清单").is_visible()
