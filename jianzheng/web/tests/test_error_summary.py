"""GOV.UK's error summary on every form: a box at the top that takes focus and links each
problem to its input, so a keyboard or screen-reader user reaches it at once."""

import pytest

from jianzheng.catalogue.services import propose_change
from jianzheng.core.errors import RuleViolation
from tests.html_page import Page


def test_a_failed_login_is_summarised_in_chinese_at_the_top(client, yanghe_clerk):
    response = client.post("/staff/login/", {"username": "yanghe_clerk", "password": "wrong"})
    page = Page(response.content.decode())
    summary = page.first("error-summary")
    assert summary is not None and summary["role"] == "alert" and summary["tabindex"] == "-1"
    assert "用户名或密码不正确" in response.content.decode()


def test_a_bad_proposal_lists_each_problem_linked_to_its_input(client, catalogue, police_officer):
    client.force_login(police_officer)
    response = client.post("/staff/catalogue/new/", {"code": "YN-B09", "status": "retained"})
    page = Page(response.content.decode())
    assert response.status_code == 422 and page.first("error-summary") is not None
    assert "请填写事项名称" in page.links["#id_name"]
    assert "id_name" in page.ids()


def test_a_proposal_without_a_status_asks_to_choose_one_in_chinese(
    client, catalogue, police_officer
):
    client.force_login(police_officer)
    unchosen = client.post("/staff/catalogue/new/", {"code": "YN-B09", "name": "某证明"})
    assert "请选择状态" in unchosen.content.decode()
    wrong = client.post("/staff/catalogue/new/", {"code": "YN-B09", "status": "maybe"})
    text = wrong.content.decode()
    assert "请从列出的选项中选择" in text and "maybe 不在可用的选项中" not in text


def test_a_proposed_status_that_does_not_exist_is_named_by_its_labels(catalogue, police_officer):
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer,
            kind="add",
            payload={"code": "YN-B09", "name": "某证明", "status": "maybe"},
            reason="试点",
            legal_basis="《条例》",
        )
    message = excinfo.value.fields["status"]
    assert message.startswith("状态只能是“保留”（retained）")
