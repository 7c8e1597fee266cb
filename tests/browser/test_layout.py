"""Every public page fits a 375 px phone and 200 % text without sideways scrolling (WCAG 1.4.4,
1.4.10): residents look things up on small phones, many with large text."""

import pytest

from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]

FITS = "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 30))"""


@pytest.fixture
def public_pages(catalogue, keys, yanghe_clerk, yanghe):
    certificate = issue_certificate(
        actor=yanghe_clerk,
        community=yanghe,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
    )
    return [
        "/",
        "/list",
        "/items/YN-B03",
        "/items/GJ1-10",
        "/search?q=居住证明",
        "/report",
        "/report/track",
        "/report/hotlines",
        "/exposure/",
        "/policy",
        "/history",
        "/transparency/",
        f"/v/{certificate.document.token}",
    ]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("text_size", ["100%", "200%"])
def test_no_public_page_scrolls_sideways_on_a_phone(live_server, public_pages, phone, text_size):
    wide = {}
    for path in public_pages:
        phone.goto(live_server.url + path)
        phone.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
        if not phone.evaluate(FITS):
            wide[path] = phone.evaluate(WIDEST)
    assert not wide


def test_no_public_page_scrolls_sideways_at_200_percent_on_a_desk(
    live_server, public_pages, browser
):
    # 200 % zoom of a 1280 px window is a 640 px viewport with text twice as large.
    context = browser.new_context(viewport={"width": 640, "height": 800}, locale="zh-CN")
    page = context.new_page()
    wide = {}
    for path in public_pages:
        page.goto(live_server.url + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        if not page.evaluate(FITS):
            wide[path] = page.evaluate(WIDEST)
    context.close()
    assert not wide


def test_the_list_keeps_each_time_limit_on_one_line_on_a_phone(live_server, public_pages, phone):
    phone.goto(live_server.url + "/list")
    widths = phone.evaluate(
        """() => [...document.querySelectorAll('td')]
          .filter(c => /\\d+个工作日/.test(c.textContent))
          .map(c => [c.textContent.trim(), c.getBoundingClientRect().width])"""
    )
    assert widths
    # Five characters side by side, not one a line.
    assert all(width > 60 for _, width in widths), widths
