"""二(二) 群众满意度, rated by the person served: 马小花 scans the QR code of her 居住证明, rates the
service 不满意 with the check code printed beside the serial; 杨和第一社区's clerk contacts her,
rectifies and answers; she reads the answer; 民政局's evaluation of the community shows her
rating and the follow-up closed in time."""

import os

import pytest
from django.utils import timezone

from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.documents.tokens import verify_url
from jianzheng.evaluation.models import FollowUp, Rating

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_a_resident_rates_from_the_qr_page_and_the_evaluation_shows_the_answered_follow_up(
    browser,
    page,
    live_server,
    catalogue,
    keys,
    yanghe,
    yanghe_clerk,
    civil_affairs_admin,
    screenshots,
):
    certificate = issue_certificate(
        actor=yanghe_clerk,
        community=yanghe,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
    )
    url = live_server.url
    qr = verify_url(certificate.document.token)  # what the QR code holds
    page.goto(url + qr[qr.index("/V/") :])
    assert page.locator(".verdict strong").inner_text().replace(" ", "") == "有效"
    page.get_by_role("link", name="评价本次服务（好差评）").click()
    page.wait_for_url("**/rate?case=*")
    assert page.get_by_label("办件编号").input_value() == certificate.serial
    page.get_by_label("校验码或查询码").fill(certificate.check_code)
    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("意见建议（选填）").fill("窗口中午无人，等了一个多小时")
    page.screenshot(path=str(screenshots / "rate.png"), full_page=True)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(f"**/rate/{certificate.serial}")
    assert page.locator("#rating-grade").inner_text() == "不满意"
    assert page.locator("#follow-up-state").inner_text() == "待联系"
    follow_up = FollowUp.objects.get()
    assert Rating.objects.get().unit == yanghe

    context, desk = desk_page(browser)
    sign_in(desk, url, "yanghe_clerk")
    desk.get_by_role("link", name="群众评价与差评整改").first.click()
    desk.get_by_role("link", name=certificate.serial).click()
    desk.get_by_label("联系情况（已登记的可不填）").fill("12月4日电话联系马小花，了解等候情况")
    desk.get_by_label("整改情况").fill("窗口安排午间轮流值班")
    desk.get_by_label("答复群众").fill("已安排午间值班，中午也可办理，感谢您的意见")
    desk.get_by_role("button", name="提交答复").click()
    desk.wait_for_url(f"**/staff/evaluation/follow-ups/{follow_up.pk}/")
    assert "按期答复" in desk.locator("#follow-up-state").inner_text()
    context.close()

    page.reload()
    assert "中午也可办理" in page.locator("#follow-up-answer").inner_text()
    page.screenshot(path=str(screenshots / "rate-answered.png"), full_page=True)

    context, desk = desk_page(browser)
    sign_in(desk, url, "civil_affairs_admin")
    desk.get_by_role("link", name="星级和谐社区、服务型党组织考评").first.click()
    desk.get_by_role("link", name="制定考评方案").click()
    year = timezone.localdate().year
    desk.get_by_label("考评期").fill(str(year))
    desk.get_by_label("名称").fill(f"{year}年度综合考评")
    desk.get_by_label("起始日期").fill(f"{year}-01-01")
    desk.get_by_label("截止日期").fill(f"{year}-12-31")
    desk.get_by_role("button", name="建立方案").click()
    desk.get_by_role("button", name="计算考评结果").click()
    desk.locator("#results").get_by_role("link", name=yanghe.name).click()
    breakdown = desk.locator("#breakdown")
    assert "群众评价 1 次" in breakdown.locator("tr[data-code=satisfaction]").inner_text()
    follow_ups = breakdown.locator("tr[data-code=follow_ups]")
    assert "差评整改 1 件，按期答复 1 件" in follow_ups.inner_text()
    assert follow_ups.locator(".indicator-score").inner_text() == "100.00"
    desk.screenshot(path=str(screenshots / "evaluation-result.png"), full_page=True)
    context.close()
