import ipaddress

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from jianzheng.core import throttle

BOUNDARY = 1_700_000_040.0  # a whole minute: buckets of 60 s start here


class Clock:
    """Stands still until a test moves it."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(BOUNDARY)
    monkeypatch.setattr(throttle, "clock", frozen)
    return frozen


@pytest.fixture
def budgets(settings, monkeypatch, clock):
    """Budgets on, the areas' registrations kept, anything a test registers forgotten after."""
    settings.THROTTLE_ENABLED = True
    monkeypatch.setattr(throttle, "_BUDGETS", dict(throttle._BUDGETS))
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def three_logins(budgets):
    throttle.register_budget(
        "staff-login", method="POST", prefix="/staff/login/", limit=3, period=60
    )


def login(client, **meta):
    return client.post("/staff/login/", {"username": "x", "password": "y"}, **meta)


def test_password_guessing_is_slowed_after_ten_tries_a_minute(client, db, budgets):
    answers = [login(client).status_code for _ in range(11)]
    assert answers[:10] == [200] * 10
    assert answers[10] == 429


def test_the_eleventh_try_just_after_the_minute_turns_is_still_refused(client, db, budgets, clock):
    clock.advance(59.5)
    assert [login(client).status_code for _ in range(10)] == [200] * 10
    clock.advance(1)  # a fixed window would start counting afresh here
    assert login(client).status_code == 429


def test_requests_spread_over_a_boundary_are_counted_together(client, db, three_logins, clock):
    clock.advance(50)
    assert [login(client).status_code for _ in range(2)] == [200, 200]
    clock.advance(20)
    assert login(client).status_code == 200
    assert login(client).status_code == 429  # four tries within twenty seconds


def test_an_exhausted_budget_says_truthfully_when_to_come_back(client, db, three_logins, clock):
    clock.advance(30)
    assert [login(client).status_code for _ in range(3)] == [200] * 3

    refused = login(client)
    assert refused.status_code == 429
    assert "请求过于频繁" in refused.content.decode()
    # Free again 20 s into the next minute, when a third of the three tries has slid out of
    # the window: 30 s to the boundary plus 20.
    assert refused["Retry-After"] == "50"

    clock.advance(49)
    assert login(client)["Retry-After"] == "1"
    clock.advance(1)
    assert login(client).status_code == 200


def test_the_verification_api_says_429_in_json_when_flooded(client, db, budgets):
    throttle.register_budget(
        "verify-api", method="POST", prefix="/api/v1/verify", limit=3, period=60
    )
    answers = [
        client.post("/api/v1/verify", {"token": "X"}, content_type="application/json")
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["error"] == {
        "code": "too_many_requests",
        "message": "请求过于频繁，请 80 秒后再试",
        "fields": {},
    }
    assert answers[3]["Retry-After"] == "80"


def test_the_public_verification_page_has_a_budget_in_both_spellings(client, db, budgets):
    throttle.register_budget("verify-page", prefix="/v/", limit=2, period=60)
    throttle.register_budget("verify-page-qr", prefix="/V/", limit=2, period=60)
    assert [client.get("/v/NOTATOKEN").status_code for _ in range(3)] == [200, 200, 429]
    assert [client.get("/V/NOTATOKEN").status_code for _ in range(3)] == [200, 200, 429]


def test_checking_who_holds_a_paper_has_its_own_smaller_budget(client, db, budgets):
    """Each holder check runs a slow scrypt: a dozen a minute, while the page stays readable."""
    form = {"holder_name": "张三", "holder_id_number": "640121199003071232"}
    for path in ("/v/NOTATOKEN", "/V/NOTATOKEN"):
        answers = [client.post(path, form).status_code for _ in range(13)]
        assert answers == [200] * 12 + [429], path
        assert client.get(path).status_code == 200


def test_a_method_budget_wins_over_an_all_methods_one_on_the_same_prefix(db, budgets):
    throttle.register_budget("z-all", prefix="/zz/", limit=5, period=60)
    throttle.register_budget("a-post", method="POST", prefix="/zz/", limit=1, period=60)
    assert throttle.budget_for("POST", "/zz/x").name == "a-post"
    assert throttle.budget_for("GET", "/zz/x").name == "z-all"


def test_other_pages_have_no_budget(client, db, budgets):
    assert all(client.get("/healthz").status_code == 200 for _ in range(50))


def test_a_budget_another_area_registers_is_kept(client, db, budgets):
    throttle.register_budget("health-probe", prefix="/healthz", limit=2, period=60)
    assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 429]


def test_a_forged_forwarded_for_from_an_untrusted_peer_buys_no_new_budget(
    client, db, three_logins, settings
):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    answers = [
        login(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_two_clients_behind_a_trusted_proxy_get_separate_budgets(
    client, db, three_logins, settings
):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = [login(client, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy) for _ in range(4)]
    assert first[3].status_code == 429
    assert login(client, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200


def test_addresses_of_one_ipv6_customer_share_a_budget(client, db, three_logins):
    answers = [login(client, REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code for n in range(1, 5)]
    assert answers == [200, 200, 200, 429]
    assert login(client, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_budgets_live_in_the_database_for_every_server_with_the_database_cache(
    client, db, three_logins, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jianzheng_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    assert [login(client).status_code for _ in range(4)] == [200, 200, 200, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM jianzheng_cache")
        assert [key for (key,) in cursor.fetchall() if "throttle:staff-login:127.0.0.1" in key]


def test_a_view_that_spends_its_own_budget_is_refused_in_429_when_it_is_spent(db, budgets, clock):
    from django.test import RequestFactory

    from jianzheng.core.errors import RuleViolation

    request = RequestFactory().post("/report", REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        throttle.spend(request, "report-form", limit=3, period=60)
    with pytest.raises(RuleViolation) as caught:
        throttle.spend(request, "report-form", limit=3, period=60)
    assert caught.value.status == 429 and caught.value.code == "too_many_requests"
    other = RequestFactory().post("/report", REMOTE_ADDR="203.0.113.10")
    throttle.spend(other, "report-form", limit=3, period=60)  # another address has its own
    clock.advance(121)
    throttle.spend(request, "report-form", limit=3, period=60)
