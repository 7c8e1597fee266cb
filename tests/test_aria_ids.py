"""Every aria-describedby and label[for] on a page points at an element that exists: otherwise a
screen reader announces an input without its help text or error."""

import pytest

from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from tests.html_page import Page

pytestmark = pytest.mark.pdf


def _dangling(html: str) -> list[str]:
    page = Page(html)
    ids = page.ids()
    wanted = [
        ref for _, attrs in page.elements for ref in (attrs.get("aria-describedby") or "").split()
    ]
    wanted += [attrs["for"] for tag, attrs in page.elements if tag == "label" and attrs.get("for")]
    return [ref for ref in wanted if ref not in ids]


@pytest.fixture
def certificate(catalogue, keys, yanghe_clerk, yanghe):
    return issue_certificate(
        actor=yanghe_clerk,
        community=yanghe,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
    )


def test_public_pages_describe_inputs_with_ids_that_exist(client, certificate):
    for url in [
        "/",
        "/search?q=" + "证" * 300,
        "/list",
        "/items/YN-B03",
        "/report",
        f"/v/{certificate.document.token}",
        "/staff/login/",
    ]:
        assert _dangling(client.get(url).content.decode()) == [], url


def test_staff_forms_describe_inputs_with_ids_that_exist(
    client, certificate, yanghe_clerk, police_officer
):
    client.force_login(yanghe_clerk)
    for url in [
        "/staff/certificates/issue/YN-B03/",
        "/staff/certificates/refusals/new/",
        f"/staff/certificates/{certificate.serial}/",
    ]:
        assert _dangling(client.get(url).content.decode()) == [], url
    client.force_login(police_officer)
    for url in ["/staff/catalogue/new/", "/staff/catalogue/items/YN-B03/change/"]:
        assert _dangling(client.get(url).content.decode()) == [], url


def test_a_rejected_form_points_each_input_at_its_error(client, certificate, yanghe_clerk):
    """Django describes an input with errors by `<id>_error`: the message must carry that id."""
    client.force_login(yanghe_clerk)
    for url in ["/staff/certificates/issue/YN-B03/", "/staff/certificates/refusals/new/"]:
        response = client.post(url, {"holder_name": ""})
        html = response.content.decode()
        assert response.status_code == 422, url
        assert "_error" in html and _dangling(html) == [], (url, _dangling(html))
