from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from jianzheng.accounts.login_forms import GuardedLoginMixin


class StaffLoginForm(GuardedLoginMixin, AuthenticationForm):
    # Django's own zh-hans text has stray spaces and an English full stop.
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重试（区分大小写）。",
        "inactive": "该账号已停用，请联系民政局管理员。",
    }


class StaffLoginView(LoginView):
    template_name = "web/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True


LARGE_TEXT_COOKIE = "jianzheng_large"


@require_safe
def display_mode(request):
    """长辈版 (large text) on or off, remembered for a year; back to the page it was asked from.
    A display preference, like the county picked: a link, no form, nothing stored but the cookie."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.GET.get("large") == "1":
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response


@require_POST
def logout_view(request):
    logout(request)
    return redirect("/")


@login_required
@require_safe
def dashboard(request):
    return render(request, "web/dashboard.html")
