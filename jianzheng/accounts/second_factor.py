"""A second factor for admins (issue 16, item 2): a TOTP authenticator app (RFC 6238, 6 digits,
30 s; django-otp's TOTPDevice), optional, and once an admin has confirmed one, required at every
sign-in to the back office and to the repair site. Wrong codes count as failed sign-ins in
accounts.login_guard, so a code is guessed no faster than a password. A lost phone: another
admin (or `jianzheng users reset-second-factor`) removes the device; the owner enrols again.

Who may enrol: civil-affairs admins and superusers, the accounts that can change the catalogue,
users and units. Everything here is audited; no secret ever reaches the audit log."""

import segno
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from jianzheng.accounts.permissions import has_role
from jianzheng.accounts.roles import Role
from jianzheng.core.audit import record
from jianzheng.core.errors import RuleViolation

ISSUER = "jianzheng 减证"
DEVICE_NAME = "验证器"


def may_enrol(user) -> bool:
    return bool(user.is_superuser or has_role(user, Role.CIVIL_AFFAIRS_ADMIN))


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_code(user) -> bool:
    return confirmed_device(user) is not None


def _clean_code(code) -> str:
    text = str(code or "").strip().replace(" ", "")
    return text if text.isdigit() and len(text) == 6 else ""


def check_code(user, code) -> TOTPDevice | None:
    """The user's confirmed device when `code` is its current code (each code works once)."""
    device = confirmed_device(user)
    text = _clean_code(code)
    if device is None or not text:
        return None
    return device if device.verify_token(text) else None


@transaction.atomic
def start_enrolment(*, actor) -> TOTPDevice:
    """A new, unconfirmed device for the actor (an earlier unconfirmed one is dropped). It
    signs nothing in until `confirm_enrolment` sees a code from it."""
    if not may_enrol(actor):
        raise RuleViolation("not_allowed", "只有管理员可以启用双重验证", status=403)
    if needs_code(actor):
        raise RuleViolation("already_enrolled", "已启用双重验证；如需更换，请先停用", status=409)
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    record(actor=actor, action="second_factor.started", target=actor, summary={})
    return device


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def confirm_enrolment(*, actor, code) -> TOTPDevice:
    device = pending_device(actor)
    if device is None:
        raise RuleViolation("not_started", "请先生成验证器密钥", status=409)
    text = _clean_code(code)
    if not text:
        raise RuleViolation("invalid_code", "请输入验证器显示的6位数字", field="code")
    if not device.verify_token(text):
        raise RuleViolation(
            "wrong_code",
            "验证码不对：请核对手机时间是否准确，再输入当前显示的6位数字",
            field="code",
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=actor, action="second_factor.enrolled", target=actor, summary={})
    return device


@transaction.atomic
def remove(*, actor, user, code=None) -> bool:
    """The owner removes their own device with a current code; another admin (or the CLI,
    actor None) removes anyone's, for a lost phone. Returns whether there was one."""
    own = actor is not None and actor.pk == user.pk
    if own:
        if check_code(user, code) is None:
            raise RuleViolation("wrong_code", "请输入验证器当前显示的6位数字以停用", field="code")
    elif actor is not None and not may_enrol(actor):
        raise RuleViolation("not_allowed", "只有管理员可以为他人停用双重验证", status=403)
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        record(
            actor=actor,
            actor_name="" if actor else "cli",
            action="second_factor.removed",
            target=user,
            summary={"by_owner": own},
        )
    return bool(removed)


def provisioning_uri(device: TOTPDevice) -> str:
    """otpauth:// as authenticator apps scan it (django-otp writes the standard URI)."""
    return device.config_url


def provisioning_qr_svg(device: TOTPDevice) -> str:
    """The URI as an inline SVG (no script, no data: image: the CSP allows neither)."""
    return segno.make(provisioning_uri(device), error="m").svg_inline(scale=4)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of 4, for typing into an app that cannot scan."""
    import base64

    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
