"""Back-office pages of 社区工作事项准入 (二(二)): requests and their review, agreements and funding,
the community's page where a clerk records a pushed task, the ranking of refused departments.
Parse → authorise → call → render; the rules are the services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.accounts.permissions import counties_in_scope
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.workitems import agreements, permissions, selectors, services
from jianzheng.workitems.forms import (
    DecisionForm,
    PaymentForm,
    PushForm,
    RequestForm,
    SettingsForm,
)
from jianzheng.workitems.models import ServiceAgreement, WorkItemRequest
from jianzheng.workitems.selectors import AGREEMENT_STATES

PAGE_SIZE = 100


def _request_or_404(user, pk: int) -> WorkItemRequest:
    found = selectors.get_request(user, pk)
    if found is None:
        raise Http404("没有这项准入申请")
    return found


def _agreement_or_404(user, number: str) -> ServiceAgreement:
    found = selectors.get_agreement(user, number)
    if found is None:
        raise Http404("没有这份服务协议")
    return found


def _states(agreements) -> list:
    for agreement in agreements:
        agreement.state_label = AGREEMENT_STATES[selectors.agreement_state(agreement)]
    return agreements


# ---------------------------------------------------------------- requests


@login_required
@require_safe
def request_list(request):
    if not permissions.can_read_requests(request.user):
        raise PermissionDenied("无权查看工作事项准入申请")
    state = request.GET.get("state", "")
    state = state if state in ("overdue", *WorkItemRequest.State.values) else ""
    rows = list(selectors.list_requests(request.user, state=state or None)[:PAGE_SIZE])
    for row in rows:
        row.overdue = selectors.is_overdue(row)
    return render(
        request,
        "workitems/staff/requests.html",
        {
            "rows": rows,
            "state": state,
            "states": WorkItemRequest.State.choices,
            "can_request": permissions.can_request(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    if not permissions.can_request(request.user):
        raise PermissionDenied("只有县直部门、乡镇（街道）可以申请社区工作事项准入")
    communities = selectors.requestable_communities(request.user)
    form = RequestForm(request.POST if request.method == "POST" else None, communities=communities)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            made = services.submit_request(actor=request.user, **form.to_service())
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = REJECTED
        else:
            messages.success(request, f"已提交准入申请 {made.number}：{made.get_state_display()}。")
            return redirect("workitems_staff:request", pk=made.pk)
    elif request.method == "POST":
        status = REJECTED
    return render(request, "workitems/staff/request_new.html", {"form": form}, status=status)


@login_required
@require_safe
def request_detail(request, pk: int):
    found = _request_or_404(request.user, pk)
    return render(
        request,
        "workitems/staff/request.html",
        {
            "r": found,
            "overdue": selectors.is_overdue(found),
            "agreement": selectors.agreement_of(found),
            "can_decide": found.is_open and permissions.can_decide(request.user, found),
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def request_decide(request, pk: int):
    found = _request_or_404(request.user, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        decided = services.decide_request(actor=request.user, request=found, **form.cleaned_data)
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return render(
            request,
            "workitems/staff/request.html",
            {
                "r": found,
                "overdue": selectors.is_overdue(found),
                "agreement": selectors.agreement_of(found),
                "can_decide": True,
                "form": form,
            },
            status=exc.status if exc.status == 409 else REJECTED,
        )
    messages.success(request, f"{decided.number}：{decided.get_state_display()}。")
    return redirect("workitems_staff:request", pk=decided.pk)


# ---------------------------------------------------------------- agreements and funding


@login_required
@require_safe
def agreement_list(request):
    if not (permissions.can_read_requests(request.user) or permissions.is_clerk(request.user)):
        raise PermissionDenied("无权查看社区服务协议")
    rows = _states(list(selectors.list_agreements(request.user)[:PAGE_SIZE]))
    return render(
        request,
        "workitems/staff/agreements.html",
        {"rows": rows, "funding": selectors.funding_by_department(request.user)},
    )


@login_required
@require_safe
def agreement_detail(request, number: str):
    agreement = _agreement_or_404(request.user, number)
    _states([agreement])
    return render(
        request,
        "workitems/staff/agreement.html",
        {
            "a": agreement,
            "payments": agreement.payments.select_related("recorded_by"),
            "can_pay": permissions.can_record_payment(request.user, agreement),
            "form": PaymentForm(),
        },
    )


@login_required
@require_safe
def agreement_paper(request, number: str):
    agreement = _agreement_or_404(request.user, number)
    response = HttpResponse(bytes(agreement.pdf.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{agreement.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def agreement_pay(request, number: str):
    agreement = _agreement_or_404(request.user, number)
    if not permissions.can_record_payment(request.user, agreement):
        raise PermissionDenied("只有甲方部门或民政局可以登记经费拨付")
    form = PaymentForm(request.POST)
    form.is_valid()
    try:
        agreements.record_payment(actor=request.user, agreement=agreement, **form.cleaned_data)
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        _states([agreement])
        return render(
            request,
            "workitems/staff/agreement.html",
            {"a": agreement, "payments": agreement.payments.all(), "can_pay": True, "form": form},
            status=REJECTED,
        )
    messages.success(request, "已登记经费拨付。")
    return redirect("workitems_staff:agreement", number=agreement.number)


# ---------------------------------------------------------------- the community's side


def _community_page(request, form=None, status=200):
    community = selectors.own_community(request.user)
    if community is None or not permissions.is_clerk(request.user):
        raise PermissionDenied("只有社区工作人员使用本页")
    county = counties_in_scope(request.user)[0]
    form = form or PushForm(
        departments=selectors.pusher_units(county), items=selectors.county_items(county)
    )
    return render(
        request,
        "workitems/staff/community.html",
        {
            "community": community,
            "work": selectors.admitted_work(community),
            "duties": selectors.county_items(county, category="duty"),
            "pushes": selectors.list_pushes(request.user)[:20],
            "form": form,
            "states": AGREEMENT_STATES,
        },
        status=status,
    )


@login_required
@require_safe
def community(request):
    return _community_page(request)


@login_required
@require_POST
def push_new(request):
    community = selectors.own_community(request.user)
    if community is None or not permissions.is_clerk(request.user):
        raise PermissionDenied("只有社区工作人员可以登记推送的工作任务")
    county = counties_in_scope(request.user)[0]
    form = PushForm(
        request.POST,
        departments=selectors.pusher_units(county),
        items=selectors.county_items(county),
    )
    form.is_valid()
    try:
        push = services.record_push(actor=request.user, community=community, **form.cleaned_data)
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _community_page(request, form=form, status=REJECTED)
    verb = "已接受" if push.decision == "accepted" else "已拒绝"
    messages.success(request, f"{verb}“{push.title}”（{push.department.name}）：{push.reason}")
    return redirect("workitems_staff:community")


@login_required
@require_safe
def push_list(request):
    if not permissions.can_read_pushes(request.user):
        raise PermissionDenied("无权查看推送给社区的工作任务")
    decision = request.GET.get("decision", "")
    decision = decision if decision in ("accepted", "refused") else ""
    rows = selectors.list_pushes(request.user, decision=decision)[:PAGE_SIZE]
    return render(request, "workitems/staff/pushes.html", {"rows": rows, "decision": decision})


@login_required
@require_safe
def ranking(request):
    if not permissions.can_read_ranking(request.user):
        raise PermissionDenied("无权查看被拒绝部门排名")
    return render(
        request,
        "workitems/staff/ranking.html",
        {"rows": selectors.refusal_ranking(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def county_settings(request):
    if not permissions.can_configure(request.user):
        raise PermissionDenied("只有县民政局管理员可以设置工作事项准入")
    county = counties_in_scope(request.user)[0]
    current = selectors.settings_for(county)
    units = selectors.pusher_units(county).filter(kind="department")
    initial = {
        "review_days": current.review_days,
        "cosign_unit": current.cosign_unit.code if current.cosign_unit else "",
    }
    form = SettingsForm(
        request.POST if request.method == "POST" else None, units=units, initial=initial
    )
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            services.configure_county(actor=request.user, county=county, **form.cleaned_data)
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = REJECTED
        else:
            messages.success(request, "已保存工作事项准入设置。")
            return redirect("workitems_staff:settings")
    return render(
        request,
        "workitems/staff/settings.html",
        {"form": form, "county": county},
        status=status,
    )
