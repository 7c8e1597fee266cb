import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.models import ApiToken, Membership
from jianzheng.accounts.roles import Role
from jianzheng.core.audit import record
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Unit

TOKEN_PREFIX = "jz_"

# Which kinds of unit each role may belong to: a clerk sits in a community, and so on.
ROLE_UNIT_KINDS = {
    Role.COMMUNITY_CLERK: {Unit.Kind.COMMUNITY},
    Role.TOWNSHIP_OFFICER: {Unit.Kind.TOWNSHIP},
    Role.DEPARTMENT_OFFICER: {Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE},
    Role.CIVIL_AFFAIRS_ADMIN: {Unit.Kind.DEPARTMENT, Unit.Kind.COUNTY},
    Role.CREDIT_OFFICER: {Unit.Kind.DEPARTMENT},
    Role.AUDITOR: {Unit.Kind.DEPARTMENT, Unit.Kind.COUNTY},
}


# Django 5.2's zh_Hans catalogue misses the new wording of these messages, so they would
# reach an operator in English.
PASSWORD_PROBLEMS = {
    "password_too_short": "密码太短，至少需要 {min_length} 位",
    "password_too_common": "密码过于常见，请换一个",
    "password_entirely_numeric": "密码不能全是数字",
    "password_too_similar": "密码与用户名或姓名太相似",
}


def _password_problems(exc: ValidationError) -> str:
    return ";".join(
        PASSWORD_PROBLEMS[e.code].format(**(e.params or {}))
        if e.code in PASSWORD_PROBLEMS
        else " ".join(e.messages)
        for e in exc.error_list
    )


def token_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def create_user(
    *,
    actor,
    username: str,
    password: str,
    unit: Unit,
    role: str,
    full_name: str = "",
    validate: bool = True,
):
    User = get_user_model()
    if not username or len(username) > 150:
        raise RuleViolation("required", "请填写用户名（不超过150字符）", field="username")
    if User.objects.filter(username=username).exists():
        raise RuleViolation("duplicate", f"用户名 {username} 已存在", field="username")
    if role not in Role.values:
        raise RuleViolation(
            "invalid_choice", f"未知角色 {role}，可选：{', '.join(Role.values)}", field="role"
        )
    if unit.kind not in ROLE_UNIT_KINDS[Role(role)]:
        raise RuleViolation(
            "role_unit_mismatch",
            f"{Role(role).label}不能属于{unit.get_kind_display()}",
            field="unit",
        )
    if validate:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise RuleViolation(
                "weak_password", _password_problems(exc), field="password"
            ) from None
    user = User.objects.create_user(username=username, password=password, full_name=full_name)
    Membership.objects.create(user=user, unit=unit, role=role)
    record(
        actor=actor,
        action="user.created",
        target=user,
        summary={"username": username, "unit": unit.code, "role": role},
    )
    return user


@transaction.atomic
def create_api_token(*, actor, user, name: str = "") -> tuple[ApiToken, str]:
    """Returns the token row and the plain value, which is never stored or shown again."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=plain[:10], digest=token_digest(plain)
    )
    record(
        actor=actor,
        action="token.created",
        target=token,
        summary={"user": user.get_username(), "prefix": token.prefix},
    )
    return token, plain


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="token.revoked", target=token, summary={"prefix": token.prefix})
    return token


def authenticate_token(plain: str):
    """The active user behind a bearer token, or None for unknown, revoked or inactive."""
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user__membership__unit__region")
        .filter(digest=token_digest(plain), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
