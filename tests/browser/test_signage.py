"""三(三)二 大门两侧只许悬挂3块竖牌: a clerk of 杨和第一社区 records a fourth plaque beside the door,
sees the violation with its clause, takes it down with an after-photo, and the community shows
compliant."""

import os

import pytest

from jianzheng.core.tests.test_uploads import jpeg_with_gps
from jianzheng.signage.models import RectificationTask
from jianzheng.signage.services import create_venue, record_plaque

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLIANT = [
    ("door_side", "vertical", "中共永宁县杨和镇杨和第一社区委员会"),
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区居民委员会"),
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区服务站"),
    ("door_header", "horizontal", "中国社区"),
    ("door_header", "horizontal", "党群服务中心"),
    ("door_wall", "vertical", "社区(村)服务工作机构引导牌"),
]
FOURTH = "永宁县杨和镇杨和第一社区老年人协会"


def test_a_clerk_records_a_fourth_door_plaque_sees_the_clause_and_removes_it_with_a_photo(
    browser, live_server, settings, tmp_path, yanghe, yanghe_clerk, screenshots
):
    settings.DATA_DIR = tmp_path
    venue = create_venue(actor=yanghe_clerk, community=yanghe, name="党群服务中心")
    for position, orientation, text in COMPLIANT:
        record_plaque(
            actor=yanghe_clerk,
            venue=venue,
            position=position,
            orientation=orientation,
            text=text,
            width_cm=60,
            height_cm=240,
        )
    after = tmp_path / "after.jpg"
    after.write_bytes(jpeg_with_gps())

    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/staff/login/")
    page.fill("#id_username", "yanghe_clerk")
    page.fill("#id_password", "correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("link", name="社区挂牌和上墙").first.click()
    page.wait_for_url("**/staff/signage/")
    assert page.locator("#all-compliant").is_visible()
    page.locator("#venues").get_by_role("link", name="党群服务中心").click()

    page.select_option("#id_position", "door_side")
    page.select_option("#id_orientation", "vertical")
    page.fill("#id_text", FOURTH)
    page.fill("#id_width_cm", "60")
    page.fill("#id_height_cm", "240")
    page.fill("#id_erected_by", "永宁县老龄工作委员会")
    page.get_by_role("button", name="登记牌子").click()
    page.wait_for_url(f"**/staff/signage/venues/{venue.pk}/")
    violation = page.locator("#violations .violation").first
    assert "三(三)二" in violation.inner_text() and FOURTH in violation.inner_text()
    assert "请摘除" in violation.inner_text()
    page.screenshot(path=str(screenshots / "signage-violation.png"), full_page=True)

    task = RectificationTask.objects.get()
    page.set_input_files(f"#after_photo_{task.pk}", str(after))
    page.fill(f"#note_{task.pk}", "已摘除老年人协会牌子")
    page.locator("#tasks").get_by_role("button", name="整改完成（摘除）").click()
    page.wait_for_url(f"**/staff/signage/venues/{venue.pk}/")
    assert page.locator("#venue-compliant").is_visible()
    assert FOURTH not in page.locator("#plaques").inner_text()
    assert "已整改，待乡镇确认" in page.locator("#tasks").inner_text()
    page.get_by_role("link", name="← 社区挂牌和上墙").click()
    page.wait_for_url("**/staff/signage/")
    assert page.locator("#all-compliant").is_visible()
    assert "合规" in page.locator("#communities").inner_text()
    page.screenshot(path=str(screenshots / "signage-compliant.png"), full_page=True)
    context.close()
    task.refresh_from_db()
    assert task.state == "done" and task.photos.get().stage == "after"
