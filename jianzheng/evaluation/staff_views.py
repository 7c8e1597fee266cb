"""Back-office pages of 综合考评: ratings and the follow-ups of bad ones; the county's scheme —
define, run, publish, read — with each community's breakdown, rankings, history and the
year-end deductions. Parse → authorise → call → render; the rules are the services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.accounts.permissions import counties_in_scope
from jianzheng.core import workdays
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.evaluation import permissions, schemes, selectors, services
from jianzheng.evaluation import results as result_reads
from jianzheng.evaluation.forms import (
    AnswerForm,
    ContactForm,
    IndicatorForm,
    SchemeForm,
    SettingsForm,
)
from jianzheng.evaluation.models import FollowUp, Scheme

PAGE_SIZE = 100


def _staff(user) -> None:
    if not permissions.can_read_ratings(user):
        raise PermissionDenied("无权查看服务评价")


# ---------------------------------------------------------------- ratings and follow-ups


@login_required
@require_safe
def rating_list(request):
    _staff(request.user)
    rows = list(selectors.list_ratings(request.user)[:PAGE_SIZE])
    return render(request, "evaluation/staff/ratings.html", {"rows": rows})


@login_required
@require_safe
def follow_up_list(request):
    _staff(request.user)
    state = request.GET.get("state", "")
    state = state if state in ("overdue", *FollowUp.State.values) else ""
    rows = list(selectors.list_follow_ups(request.user, state=state or None)[:PAGE_SIZE])
    for row in rows:
        setattr(row, "days_left", workdays.working_days_left(row.deadline))  # noqa: B010
    return render(
        request,
        "evaluation/staff/follow_ups.html",
        {"rows": rows, "state": state, "states": FollowUp.State.choices},
    )


def _follow_up_or_404(user, pk: int) -> FollowUp:
    found = selectors.get_follow_up(user, pk)
    if found is None:
        raise Http404("没有这件差评整改")
    return found


def _follow_up_page(request, follow_up, *, contact=None, answer=None, status=200):
    can = permissions.can_answer(request.user, follow_up)
    return render(
        request,
        "evaluation/staff/follow_up.html",
        {
            "follow_up": follow_up,
            "rating": follow_up.rating,
            "days_left": workdays.working_days_left(follow_up.deadline),
            "can_answer": can and follow_up.state != FollowUp.State.ANSWERED,
            "contact_form": contact or ContactForm(),
            "answer_form": answer or AnswerForm(),
        },
        status=status,
    )


@login_required
@require_safe
def follow_up_detail(request, pk: int):
    follow_up = _follow_up_or_404(request.user, pk)
    _staff(request.user)
    return _follow_up_page(request, follow_up)


@login_required
@require_POST
def follow_up_contact(request, pk: int):
    follow_up = _follow_up_or_404(request.user, pk)
    if not permissions.can_answer(request.user, follow_up):
        raise PermissionDenied("只有提供服务的单位可以处理这件差评")
    form = ContactForm(request.POST)
    form.is_valid()
    try:
        services.record_contact(
            actor=request.user,
            follow_up=follow_up,
            note=form.cleaned_data.get("contact_note") or "",
        )
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _follow_up_page(request, follow_up, contact=form, status=REJECTED)
    messages.success(request, "已登记联系情况。")
    return redirect("evaluation_staff:follow_up", pk=follow_up.pk)


@login_required
@require_POST
def follow_up_answer(request, pk: int):
    follow_up = _follow_up_or_404(request.user, pk)
    if not permissions.can_answer(request.user, follow_up):
        raise PermissionDenied("只有提供服务的单位可以处理这件差评")
    form = AnswerForm(request.POST)
    form.is_valid()
    try:
        services.answer_follow_up(actor=request.user, follow_up=follow_up, **form.cleaned_data)
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _follow_up_page(request, follow_up, answer=form, status=REJECTED)
    messages.success(request, "已答复群众，群众可在评价页面看到答复。")
    return redirect("evaluation_staff:follow_up", pk=follow_up.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def county_settings(request):
    if not permissions.is_manager(request.user):
        raise PermissionDenied("只有县民政局（组织部）管理员可以设置考评")
    county = counties_in_scope(request.user)[0]
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"follow_up_days": services.follow_up_days(county)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_follow_up_days(
                    actor=request.user, county=county, days=form.cleaned_data["follow_up_days"]
                )
            except RuleViolation as exc:
                form.add_rule_errors(exc)
                status = REJECTED
            else:
                messages.success(request, "已保存考评设置。")
                return redirect("evaluation_staff:settings")
        else:
            status = REJECTED
    return render(
        request, "evaluation/staff/settings.html", {"form": form, "county": county}, status=status
    )


# ---------------------------------------------------------------- schemes


@login_required
@require_safe
def scheme_list(request):
    if not permissions.can_read_evaluations(request.user):
        raise PermissionDenied("无权查看考评")
    rows = list(permissions.visible_schemes(request.user).order_by("-start", "-id")[:PAGE_SIZE])
    return render(
        request,
        "evaluation/staff/schemes.html",
        {"rows": rows, "can_manage": permissions.is_manager(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scheme_new(request):
    if not permissions.is_manager(request.user):
        # 二(二): a department's own community rating is what the seed abolished.
        raise PermissionDenied(schemes.SINGLE_ITEM_RULE)
    form = SchemeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            scheme = schemes.create_scheme(
                actor=request.user, county=counties_in_scope(request.user)[0], **form.to_service()
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = REJECTED
        else:
            messages.success(request, "已建立考评方案。")
            return redirect("evaluation_staff:scheme", pk=scheme.pk)
    return render(request, "evaluation/staff/scheme_new.html", {"form": form}, status=status)


def _scheme_or_404(user, pk: int) -> Scheme:
    found = permissions.visible_schemes(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个考评方案")
    return found


def _scheme_page(request, scheme, *, indicator_form=None, status=200):
    results = list(permissions.visible_results(request.user, scheme))
    return render(
        request,
        "evaluation/staff/scheme.html",
        {
            "scheme": scheme,
            "indicators": list(scheme.indicators.all()),
            "results": results,
            "townships": result_reads.township_ranking(results),
            "can_manage": permissions.can_manage(request.user, scheme) and not scheme.is_published,
            "indicator_form": indicator_form or IndicatorForm(),
            "formula_text": result_reads.FORMULA_TEXT,
        },
        status=status,
    )


@login_required
@require_safe
def scheme_detail(request, pk: int):
    return _scheme_page(request, _scheme_or_404(request.user, pk))


def _managed(request, pk: int) -> Scheme:
    if not permissions.is_manager(request.user):
        raise PermissionDenied(schemes.SINGLE_ITEM_RULE)
    scheme = _scheme_or_404(request.user, pk)
    if not permissions.can_manage(request.user, scheme):
        raise PermissionDenied(schemes.SINGLE_ITEM_RULE)
    return scheme


@login_required
@require_POST
def indicator_add(request, pk: int):
    scheme = _managed(request, pk)
    form = IndicatorForm(request.POST)
    form.is_valid()
    try:
        schemes.add_indicator(actor=request.user, scheme=scheme, **form.to_service())
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _scheme_page(request, scheme, indicator_form=form, status=REJECTED)
    messages.success(request, "已添加考评指标。")
    return redirect("evaluation_staff:scheme", pk=scheme.pk)


@login_required
@require_POST
def scheme_run(request, pk: int):
    scheme = _managed(request, pk)
    try:
        made = schemes.run_scheme(actor=request.user, scheme=scheme)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return _scheme_page(request, scheme, status=exc.status)
    messages.success(request, f"已计算 {len(made)} 个社区的考评结果。")
    return redirect("evaluation_staff:scheme", pk=scheme.pk)


@login_required
@require_POST
def scheme_publish(request, pk: int):
    scheme = _managed(request, pk)
    try:
        schemes.publish_scheme(actor=request.user, scheme=scheme)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return _scheme_page(request, scheme, status=exc.status)
    messages.success(request, "考评结果已公布。")
    return redirect("evaluation_staff:scheme", pk=scheme.pk)


@login_required
@require_safe
def result_detail(request, pk: int, community: str):
    scheme = _scheme_or_404(request.user, pk)
    result = permissions.visible_results(request.user, scheme).filter(community__code=community)
    found = result.first()
    if found is None:
        raise Http404("没有这个社区的考评结果")
    return render(
        request,
        "evaluation/staff/result.html",
        {
            "scheme": scheme,
            "result": found,
            "rows": result_reads.explained(found),
            "history": result_reads.history(request.user, found.community),
            "formula_text": result_reads.FORMULA_TEXT,
        },
    )


@login_required
@require_safe
def deduction_list(request, pk: int):
    scheme = _scheme_or_404(request.user, pk)
    return render(
        request,
        "evaluation/staff/deductions.html",
        {"scheme": scheme, "rows": schemes.scheme_deductions(scheme)},
    )
