"""Password guessing (issue 16, item 2): both sign-in pages share one guard in the database, the
guesser is slowed without locking the owner out from their own desk, an account guessed at from
everywhere locks until an admin unlocks it, and new passwords are hashed with Argon2."""

import ipaddress

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jianzheng.accounts import login_guard
from jianzheng.accounts.models import User
from jianzheng.core.models import AuditEntry

PASSWORD = "correct-horse-9"  # conftest's _person


def _login(client, username, password, path="/staff/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password=PASSWORD)


def test_sixty_wrong_passwords_on_the_repair_site_then_the_right_one_is_refused(client, superuser):
    for _ in range(60):
        _login(client, "root", "guess", path="/django-admin/login/")
    response = _login(client, "root", PASSWORD, path="/django-admin/login/")
    assert not _signed_in(client)
    assert "登录失败次数过多" in response.content.decode()


def test_the_guesser_waits_but_the_owner_at_another_address_signs_in(db, yanghe_clerk):
    guesser = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(6):
        _login(guesser, "yanghe_clerk", "guess", REMOTE_ADDR="10.0.0.66")
    refused = _login(guesser, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.66")
    assert not _signed_in(guesser) and "登录失败次数过多" in refused.content.decode()
    owner = Client()
    _login(owner, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert _signed_in(owner)


def test_the_waits_double_and_stop_at_fifteen_minutes(db):
    waits = []
    for _ in range(12):
        login_guard.record_attempt("yanghe_clerk", "10.0.0.66")
        waits.append(login_guard.seconds_to_wait("yanghe_clerk", "10.0.0.66"))
    assert waits[:4] == [0, 0, 0, 0]
    assert [round(w, -1) for w in waits[4:8]] == [30, 60, 120, 240]
    assert max(waits) <= 15 * 60 + 1 and waits[-1] > 14 * 60


def test_a_count_older_than_a_day_starts_again(db):
    for _ in range(6):
        login_guard.record_attempt("yanghe_clerk", "10.0.0.66")
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        login_guard.record_attempt("yanghe_clerk", "10.0.0.66")
        assert login_guard.seconds_to_wait("yanghe_clerk", "10.0.0.66") == 0


def test_an_account_guessed_at_from_many_addresses_locks_until_an_admin_unlocks_it(
    db, yanghe_clerk, capsys
):
    for n in range(20):
        login_guard.record_attempt("yanghe_clerk", f"10.1.0.{n}")
    owner = Client()
    response = _login(owner, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert not _signed_in(owner) and "联系民政局管理员解锁" in response.content.decode()

    call_command("users", "unlock", "--username", "yanghe_clerk")
    assert "已解锁 yanghe_clerk" in capsys.readouterr().out
    _login(owner, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert _signed_in(owner)
    entry = AuditEntry.objects.filter(action="user.unlocked").get()
    assert entry.target_id == str(yanghe_clerk.pk)


def test_the_account_count_ignores_the_case_of_the_name(db):
    for n in range(20):
        login_guard.record_attempt("YangHe_Clerk" if n % 2 else "yanghe_clerk", f"10.1.0.{n}")
    assert login_guard.seconds_to_wait("yanghe_clerk", "10.0.0.7") > 0


def test_one_address_trying_every_account_is_slowed(db):
    for n in range(31):
        login_guard.record_attempt(f"user{n}", "10.0.0.66")
    assert login_guard.seconds_to_wait("someone_else", "10.0.0.66") > 0
    assert login_guard.seconds_to_wait("someone_else", "10.0.0.67") == 0


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(
    db, yanghe_clerk, settings
):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.9.0.1/32")]
    via_proxy = {"REMOTE_ADDR": "10.9.0.1"}
    guesser, owner = Client(), Client()
    for _ in range(6):
        _login(guesser, "yanghe_clerk", "guess", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    _login(owner, "yanghe_clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
    assert _signed_in(owner)
    assert login_guard.seconds_to_wait("yanghe_clerk", "203.0.113.5") > 0


def test_a_success_clears_the_count(db, yanghe_clerk):
    client = Client()
    for _ in range(4):
        _login(client, "yanghe_clerk", "guess", REMOTE_ADDR="10.0.0.7")
    _login(client, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert _signed_in(client)
    client.logout()
    for _ in range(4):
        _login(client, "yanghe_clerk", "guess", REMOTE_ADDR="10.0.0.7")
    assert login_guard.seconds_to_wait("yanghe_clerk", "10.0.0.7") == 0  # 4, not 8


def test_new_passwords_are_argon2_and_old_ones_are_rehashed_at_sign_in(db, yanghe_clerk):
    assert yanghe_clerk.password.startswith("argon2")
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=yanghe_clerk.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    client = Client()
    _login(client, "yanghe_clerk", PASSWORD)
    assert _signed_in(client)
    assert User.objects.get(pk=yanghe_clerk.pk).password.startswith("argon2")


def test_an_empty_password_tries_nothing_and_clears_nothing(db, yanghe_clerk):
    for n in range(19):
        login_guard.record_attempt("yanghe_clerk", f"10.1.0.{n}")
    client = Client()
    _login(client, "yanghe_clerk", "", REMOTE_ADDR="10.2.0.1")
    login_guard.record_attempt("yanghe_clerk", "10.1.0.99")
    assert login_guard.seconds_to_wait("yanghe_clerk", "10.0.0.7") > 0  # the 20th still locks


def test_the_owner_at_an_address_they_signed_in_from_is_not_locked_out(db, yanghe_clerk):
    owner = Client()
    _login(owner, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.7")
    owner.logout()
    for n in range(25):  # a guesser elsewhere locks the account …
        login_guard.record_attempt("yanghe_clerk", f"10.1.0.{n}")
    assert login_guard.seconds_to_wait("yanghe_clerk", "10.0.0.8") > 0
    _login(owner, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.7")  # … not for its owner's desk
    assert _signed_in(owner)


def test_a_success_from_a_shared_address_takes_its_try_back(db, yanghe_clerk):
    for n in range(28):
        login_guard.record_attempt(f"user{n}", "10.0.0.9")
    client = Client()
    _login(client, "yanghe_clerk", PASSWORD, REMOTE_ADDR="10.0.0.9")
    login_guard.record_attempt("someone", "10.0.0.9")
    assert login_guard.seconds_to_wait("someone_else", "10.0.0.9") == 0  # 29 failures, not 30
    login_guard.record_attempt("someone", "10.0.0.9")
    assert login_guard.seconds_to_wait("someone_else", "10.0.0.9") > 0  # the 30th


def test_an_ipv6_client_is_counted_by_its_64(db, yanghe_clerk):
    guesser = Client()
    for n in range(6):
        _login(guesser, "yanghe_clerk", "guess", REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")
    assert login_guard.seconds_to_wait("yanghe_clerk", "2001:db8:1:2::/64") > 0
