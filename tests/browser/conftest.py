"""Browser journeys: Playwright's sync API driving Debian's Chromium (no browser download)."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses to run
# there unless told it is safe (it is: the loop only waits for the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A phone-sized page: residents mostly look things up on their phones. Every journey also
    checks that the Content Security Policy refused nothing the page needs (core/headers.py)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not refused, f"the CSP refused: {refused}"


@pytest.fixture
def screenshots(tmp_path):
    """Where the journeys save their pictures: docs/screenshots/ when refreshing the README's
    (JIANZHENG_SCREENSHOTS=1), else a temp folder so a test run leaves the checkout clean."""
    if os.environ.get("JIANZHENG_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path


@pytest.fixture
def public_pages(catalogue, keys, yanghe_clerk, yanghe):
    """Every kind of public page, one verification page of a real certificate included."""
    from jianzheng.certificates.services import issue_certificate
    from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
    from jianzheng.workitems.reference import load_work_items

    load_work_items(demo=True)
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
        "/work-items/",
        f"/rate?case={certificate.serial}",  # 好差评 of the service (issue 14)
        f"/rate/{certificate.serial}",  # its answer, behind the case's secret
    ]
