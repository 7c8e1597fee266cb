"""The sign-in forms' shared guard: the staff login and the superusers' repair site both pass
through `GuardedLoginMixin`, so neither can be guessed at faster than accounts.login_guard
allows, and an admin with a second factor (accounts.second_factor) gets in only with its code."""

from django import forms
from django.core.exceptions import ValidationError

from jianzheng.accounts import login_guard, second_factor
from jianzheng.core.throttle import client_key


class GuardedLoginMixin:
    """For a subclass of django.contrib.auth.forms.AuthenticationForm."""

    request: object
    cleaned_data: dict
    fields: dict
    data: dict
    second_factor = None  # the device whose code let the user in

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["otp_token"] = forms.CharField(
            label="动态验证码",
            required=False,
            max_length=12,
            help_text="启用了双重验证的管理员填写：手机验证器当前显示的6位数字",
        )

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
        user = getattr(self, "user_cache", None)
        if user is not None and second_factor.needs_code(user):
            # The password was right; the attempt counts as failed until the code is too.
            self.second_factor = second_factor.check_code(user, self.data.get("otp_token"))
            if self.second_factor is None:
                self.user_cache = None
                raise ValidationError(
                    {
                        "otp_token": "该账号已启用双重验证：请输入手机验证器当前显示的6位数字"
                        if not (self.data.get("otp_token") or "").strip()
                        else "动态验证码不正确或已过期，请输入验证器当前显示的6位数字"
                    }
                )
        if user is not None:
            login_guard.record_success(username, address)
        return cleaned
