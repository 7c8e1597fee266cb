import pytest
from django.core.cache import cache


@pytest.fixture
def budgets(settings):
    settings.THROTTLE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_password_guessing_is_slowed_after_ten_tries_a_minute(client, db, budgets):
    answers = [
        client.post("/staff/login/", {"username": "x", "password": "y"}).status_code
        for _ in range(11)
    ]
    assert answers[:10] == [200] * 10
    assert answers[10] == 429


def test_the_verification_api_says_429_in_json_when_flooded(client, db, budgets, monkeypatch):
    from jianzheng.core import throttle

    monkeypatch.setattr(throttle, "RULES", (("POST", "/api/v1/verify", 3, 60),))
    answers = [
        client.post("/api/v1/verify", {"token": "X"}, content_type="application/json")
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["error"]["code"] == "too_many_requests"
    assert answers[3]["Retry-After"] == "60"


def test_other_pages_have_no_budget(client, db, budgets):
    assert all(client.get("/healthz").status_code == 200 for _ in range(50))
