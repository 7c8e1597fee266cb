"""What a clerk reads on the certificate forms: each problem said once, in Chinese, listed at the
top and linked to its input; required inputs marked; help text announced with its input."""

import pytest

from jianzheng.certificates.tests.conftest import RESIDENCE_FACTS
from tests.html_page import Page

BASE = "/staff/certificates/"
RESIDENCE_FORM = {
    **{f"fact_{name}": value for name, value in RESIDENCE_FACTS.items()},
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
    "checks": ["home_visit"],
}


@pytest.fixture
def as_clerk(client, yanghe_clerk):
    client.force_login(yanghe_clerk)
    return client


def _issue(client, **changes):
    return client.post(BASE + "issue/YN-B03/", {**RESIDENCE_FORM, **changes, "action": "issue"})


def test_a_wrong_id_number_names_the_field_once(as_clerk, catalogue):
    page = _issue(as_clerk, fact_holder_id_number="340524198001010013").content.decode()
    assert "公民身份号码校验位不正确" in page
    assert "公民身份号码：公民身份号码" not in page


def test_an_unchosen_drop_down_asks_to_choose_not_to_type(as_clerk, catalogue):
    page = _issue(as_clerk, fact_tenure="").content.decode()
    assert "请选择居住性质" in page and "请填写居住性质" not in page


def test_the_error_summary_lists_every_problem_linked_to_its_input(as_clerk, catalogue):
    response = _issue(as_clerk, fact_holder_id_number="340524198001010013", requester="", checks=[])
    page = Page(response.content.decode())
    summary = page.first("error-summary")
    assert response.status_code == 422
    assert summary["role"] == "alert" and summary["tabindex"] == "-1" and "autofocus" in summary
    assert "校验位" in page.links["#id_fact_holder_id_number"]
    assert "索要单位" in page.links["#id_requester"]
    assert "核实方式" in page.links["#id_checks_0"]
    for href in ("#id_fact_holder_id_number", "#id_requester", "#id_checks_0"):
        assert href[1:] in page.ids()


def test_the_revoke_form_lists_its_problem_in_the_summary(as_clerk, issue):
    certificate = issue()
    response = as_clerk.post(BASE + f"{certificate.serial}/revoke", {"reason": "填错了"})
    page = Page(response.content.decode())
    assert page.first("error-summary") is not None
    assert "请勾选确认" in page.links["#id_confirm"]


def test_the_desk_refusal_form_marks_the_requester_required(as_clerk, catalogue):
    html = as_clerk.get(BASE + "refusals/new/").content.decode()
    label = html.split('for="id_requester"', 1)[1].split("</label>", 1)[0]
    assert "索要单位" in label and 'class="req"' in label


@pytest.mark.parametrize("url", ["issue/YN-B03/", "refusals/new/"])
def test_every_described_input_points_at_help_text_that_exists(as_clerk, catalogue, url):
    page = Page(as_clerk.get(BASE + url).content.decode())
    described = [a["aria-describedby"] for _, a in page.elements if a.get("aria-describedby")]
    assert described, "the form has help text"
    for ids in described:
        assert set(ids.split()) <= page.ids()
