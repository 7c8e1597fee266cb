"""GOV.UK's error summary on every form: a box at the top that takes focus and links each
problem to its input, so a keyboard or screen-reader user reaches it at once."""

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
