"""The sign-in forms' shared guard: the staff login and the superusers' repair site both pass
through `GuardedLoginMixin`, so neither can be guessed at faster than accounts.login_guard
allows."""

from django.core.exceptions import ValidationError

from jianzheng.accounts import login_guard
from jianzheng.core.throttle import client_key


class GuardedLoginMixin:
    """For a subclass of django.contrib.auth.forms.AuthenticationForm."""

    request: object
    cleaned_data: dict

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if not (username and password):
            return super().clean()  # type: ignore[misc]  # "required" errors; nothing is tried
        address = client_key(self.request) if self.request is not None else ""
        wait = login_guard.seconds_to_wait(username, address)
        if wait:
            raise ValidationError(
                f"登录失败次数过多，请 {login_guard.describe_wait(wait)}后再试；"
                "如需立即登录，请联系民政局管理员解锁。",
                code="locked",
            )
        login_guard.record_attempt(username, address)
        cleaned = super().clean()  # type: ignore[misc]
        if getattr(self, "user_cache", None) is not None:
            login_guard.record_success(username, address)
        return cleaned
