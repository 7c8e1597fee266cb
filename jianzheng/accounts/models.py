from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from jianzheng.accounts.roles import Role
from jianzheng.regions.models import Unit


class User(AbstractUser):
    """A staff member or a system user (API tokens). Residents never log in."""

    full_name = models.CharField("姓名", max_length=60, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.get_username()


class Membership(models.Model):
    """The single source of truth for what a user may see and do: one unit, one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name="用户",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name="单位"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for another system. Only its SHA-256 is stored; the plain value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginGuard(models.Model):
    """Failed sign-ins counted under one key (an account, an account from one address, or one
    address): accounts.login_guard. In the database, so every worker and server shares them."""

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    since = models.DateTimeField()  # the count's window began (it starts again a day later)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
