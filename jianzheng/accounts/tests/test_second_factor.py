"""The admins' optional second factor (issue 16, item 2): enrolled by scanning and proving a code,
then required at every sign-in (staff login and the repair site); a wrong code is a failed
sign-in the guard counts; a lost phone is reset by another admin or the CLI; clerks cannot enrol."""

import time

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianzheng.accounts import login_guard, second_factor
from jianzheng.accounts.models import User
from jianzheng.core.models import AuditEntry

PASSWORD = "correct-horse-9"  # conftest's _person


def code_of(device: TOTPDevice, *, step: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + step * device.step
    return f"{totp.token():06d}"


def sign_in(client, username, code="", path="/staff/login/"):
    return client.post(path, {"username": username, "password": PASSWORD, "otp_token": code})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def enrolled(civil_affairs_admin, client):
    client.force_login(civil_affairs_admin)
    page = "/staff/account/second-factor/"
    client.post(page, {"action": "start"})
    device = second_factor.pending_device(civil_affairs_admin)
    shown = client.get(page).content.decode()
    assert "<svg" in shown and second_factor.secret_text(device) in shown
    wrong = client.post(page, {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422 and "验证码不对" in wrong.content.decode()
    assert not second_factor.needs_code(civil_affairs_admin)
    client.post(page, {"action": "confirm", "code": code_of(device)})
    assert second_factor.needs_code(civil_affairs_admin)
    client.logout()
    device.refresh_from_db()
    return device


def test_once_enrolled_the_password_alone_no_longer_signs_in(client, enrolled, civil_affairs_admin):
    bare = sign_in(client, civil_affairs_admin.username)
    assert not signed_in(client)
    assert "请输入手机验证器当前显示的6位数字" in bare.content.decode()
    assert 'id="id_otp_token_error"' in bare.content.decode()
    wrong = sign_in(client, civil_affairs_admin.username, "123456")
    assert not signed_in(client) and "动态验证码不正确" in wrong.content.decode()
    sign_in(client, civil_affairs_admin.username, code_of(enrolled, step=1))
    assert signed_in(client)
    assert AuditEntry.objects.filter(action="second_factor.enrolled").count() == 1
    assert enrolled.key not in str(list(AuditEntry.objects.values_list("summary", flat=True)))


def test_a_code_works_once(client, enrolled, civil_affairs_admin):
    assert sign_in(client, civil_affairs_admin.username, code_of(enrolled)).status_code == 200
    assert not signed_in(client)  # the code that confirmed the enrolment is spent
    code = code_of(enrolled, step=1)
    sign_in(client, civil_affairs_admin.username, code)
    assert signed_in(client)
    client.logout()
    sign_in(client, civil_affairs_admin.username, code)
    assert not signed_in(client)


def test_wrong_codes_count_as_failed_sign_ins(client, enrolled, civil_affairs_admin, settings):
    for _ in range(login_guard.PAIR.free):
        sign_in(client, civil_affairs_admin.username, "999999")
    refused = sign_in(client, civil_affairs_admin.username, code_of(enrolled))
    assert not signed_in(client) and "登录失败次数过多" in refused.content.decode()


def test_the_repair_site_asks_for_the_code_too(client, db):
    root = User.objects.create_superuser("root", password=PASSWORD)
    device = TOTPDevice.objects.create(user=root, name="验证器", confirmed=True)
    sign_in(client, "root", path="/django-admin/login/")
    assert not signed_in(client)
    sign_in(client, "root", code_of(device), path="/django-admin/login/")
    assert signed_in(client)


def test_a_lost_phone_is_reset_by_the_cli_and_the_owner_turns_it_off_with_a_code(
    client, enrolled, civil_affairs_admin, capsys
):
    call_command("users", "reset-second-factor", "--username", civil_affairs_admin.username)
    assert "已停用" in capsys.readouterr().out
    sign_in(client, civil_affairs_admin.username)
    assert signed_in(client)
    assert AuditEntry.objects.filter(action="second_factor.removed").count() == 1

    client.post("/staff/account/second-factor/", {"action": "start"})
    device = second_factor.pending_device(civil_affairs_admin)
    client.post("/staff/account/second-factor/", {"action": "confirm", "code": code_of(device)})
    off = client.post("/staff/account/second-factor/", {"action": "remove", "code": "111111"})
    assert off.status_code == 422 and second_factor.needs_code(civil_affairs_admin)
    client.post(
        "/staff/account/second-factor/", {"action": "remove", "code": code_of(device, step=1)}
    )
    assert not second_factor.needs_code(civil_affairs_admin)


def test_clerks_cannot_enrol_and_staff_without_a_device_sign_in_as_before(client, yanghe_clerk):
    sign_in(client, yanghe_clerk.username)
    assert signed_in(client)
    assert client.get("/staff/account/second-factor/").status_code == 403
    assert client.post("/staff/account/second-factor/", {"action": "start"}).status_code == 403
    assert not TOTPDevice.objects.exists()
