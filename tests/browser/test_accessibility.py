"""Public pages pass axe-core (issue 16, item 10): no serious or critical violation of WCAG 2.1
A/AA, in the standard and the large-text (长辈版) mode, which a resident switches on once and
keeps. axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0), never fetched."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  });
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""


def _violations(page) -> list[str]:
    page.evaluate(AXE)  # through the DevTools protocol: the page's CSP does not apply
    return page.evaluate(RUN)


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_no_public_page_has_a_serious_accessibility_violation(
    live_server,
    public_pages,
    page,
    mode,  # noqa: F811
):
    if mode == "large":
        page.goto(live_server.url + "/display?large=1")
    found = {}
    for path in public_pages:
        page.goto(live_server.url + path)
        if violations := _violations(page):
            found[path] = violations
    assert not found


def test_a_resident_switches_to_large_text_and_it_is_remembered(live_server, page, catalogue):
    page.goto(live_server.url + "/list")
    size = "() => getComputedStyle(document.documentElement).fontSize"
    standard = float(page.evaluate(size).removesuffix("px"))
    page.get_by_role("link", name="长辈版").click()
    page.wait_for_url("**/list")
    assert float(page.evaluate(size).removesuffix("px")) >= standard * 1.25
    page.get_by_role("link", name="查询", exact=True).click()
    expect(page.get_by_role("link", name="标准版")).to_be_visible()  # still large on the next page
    assert float(page.evaluate(size).removesuffix("px")) >= standard * 1.25
    page.get_by_role("link", name="标准版").click()
    assert float(page.evaluate(size).removesuffix("px")) == standard
