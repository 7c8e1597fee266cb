"""The admin's own page for the second factor: enrol an authenticator app (scan, then prove it
with a code), or turn it off with a current code. Thin: the rules are in accounts.second_factor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from jianzheng.accounts import second_factor
from jianzheng.core.errors import RuleViolation

ACTIONS = {"start", "confirm", "remove"}


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_page(request):
    user = request.user
    if not second_factor.may_enrol(user):
        raise PermissionDenied("只有管理员可以启用双重验证")
    error, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = request.POST.get("code", "")
        try:
            if action not in ACTIONS:
                raise RuleViolation("invalid_action", "请从页面上的按钮提交", field="action")
            if action == "start":
                second_factor.start_enrolment(actor=user)
            elif action == "confirm":
                second_factor.confirm_enrolment(actor=user, code=code)
                messages.success(request, "已启用双重验证：今后登录需要输入验证器中的动态验证码")
            else:
                second_factor.remove(actor=user, user=user, code=code)
                messages.success(request, "已停用双重验证")
            return redirect(request.path)
        except RuleViolation as exc:
            error, status = exc.message, exc.status
    pending = None if second_factor.needs_code(user) else second_factor.pending_device(user)
    return render(
        request,
        "accounts/staff/second_factor.html",
        {
            "enrolled": second_factor.needs_code(user),
            "pending": pending,
            # segno's own SVG markup from a URI we made: no user text in it.
            "qr": mark_safe(second_factor.provisioning_qr_svg(pending)) if pending else "",  # noqa: S308
            "secret": second_factor.secret_text(pending) if pending else "",
            "error": error,
        },
        status=status,
    )
