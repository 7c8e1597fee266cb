"""Back-office pages of 信息共享核查: a unit's checks (asked, addressed to it), asking, one check,
answering. Parse → authorise → call → render; the rules are the service's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from jianzheng.accounts.permissions import membership_of
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.core.text import mask_name
from jianzheng.sharing import permissions, selectors, services
from jianzheng.sharing.forms import AnswerForm, AskForm, fact_from_key, fact_key
from jianzheng.sharing.models import SharingCheck

PAGE_SIZE = 100


def _check_or_404(user, pk: int) -> SharingCheck:
    check = selectors.get_check(user, pk)
    if check is None:
        raise Http404("没有这项核查")
    return check


def _decorate(check: SharingCheck, user) -> SharingCheck:
    check.overdue = selectors.is_overdue(check)  # type: ignore[attr-defined]
    check.days_left = selectors.days_left(check) if check.is_pending else None  # type: ignore[attr-defined]
    full = permissions.sees_full_id(user, check)
    check.shown_id = check.subject_id_number if full else check.subject_id_masked  # type: ignore[attr-defined]
    named = full or permissions.is_party(user, check)  # an auditor reads the masked name
    check.shown_name = check.subject_name if named else mask_name(check.subject_name)  # type: ignore[attr-defined]
    return check


@login_required
@require_safe
def check_list(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied("无权查看信息共享核查")
    role = request.GET.get("role", "")
    role = role if role in selectors.ROLES else ""
    state = request.GET.get("state", "")
    state = state if state in SharingCheck.State.values else ""
    checks = selectors.list_checks(request.user, role=role, state=state)[:PAGE_SIZE]
    membership = membership_of(request.user)
    return render(
        request,
        "sharing/staff/list.html",
        {
            "rows": [_decorate(c, request.user) for c in checks],
            "role": role,
            "state": state,
            "states": SharingCheck.State.choices,
            "unit": membership.unit if membership else None,
            "can_ask": permissions.can_ask(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_new(request):
    if not permissions.can_ask(request.user):
        raise PermissionDenied("只有部门、乡镇（街道）工作人员可以发起信息共享核查")
    fact = fact_from_key(request.POST.get("fact") or request.GET.get("fact", ""))
    names = selectors.replaced_item_names(request.user, fact)
    initial = {"fact": fact_key(fact)} if fact else {}
    form = AskForm(
        request.POST if request.method == "POST" else None,
        fact=fact,
        item_names=names,
        initial=initial,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            check = services.ask_check(actor=request.user, **form.to_service())
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = REJECTED
        else:
            messages.success(
                request, f"已向{check.holder.name}发出核查，答复期限 {check.deadline:%Y-%m-%d}。"
            )
            return redirect("sharing_staff:detail", pk=check.pk)
    elif request.method == "POST":
        status = REJECTED
    return render(request, "sharing/staff/new.html", {"form": form, "fact": fact}, status=status)


@login_required
@require_safe
def check_detail(request, pk: int):
    check = _decorate(_check_or_404(request.user, pk), request.user)
    return render(
        request,
        "sharing/staff/detail.html",
        {
            "check": check,
            "particulars": _labelled(
                check.fact.inputs, permissions.particulars_for(request.user, check)
            ),
            "fields": _labelled(check.fact.answer_fields, check.fields),
            "can_answer": check.is_pending and permissions.can_answer(request.user, check),
        },
    )


def _labelled(specs: list[dict], values: dict) -> list[tuple[str, str]]:
    labels = {s["name"]: s["label"] for s in specs}
    return [(labels.get(k, k), v) for k, v in values.items()]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_answer(request, pk: int):
    check = _decorate(_check_or_404(request.user, pk), request.user)
    if not permissions.can_answer(request.user, check):
        raise PermissionDenied("只有数据提供单位的工作人员可以答复")
    form = AnswerForm(request.POST if request.method == "POST" else None, fact=check.fact)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_check(actor=request.user, check=check, **form.to_service())
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = exc.status if exc.status == 409 else REJECTED
        else:
            messages.success(request, "已答复，答复与请求已一并存证。")
            return redirect("sharing_staff:detail", pk=check.pk)
    elif request.method == "POST":
        status = REJECTED
    context = {
        "check": check,
        "form": form,
        "particulars": _labelled(
            check.fact.inputs, permissions.particulars_for(request.user, check)
        ),
    }
    return render(request, "sharing/staff/answer.html", context, status=status)
