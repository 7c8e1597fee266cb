"""The campaign's staff pages: campaigns in scope, one campaign's tasks and timeline, a task's
progress reports and the form its units report with, evidence files, supervision findings, and
copying the plan. Thin: the rules are in services, permissions and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.accounts.permissions import counties_in_scope, units_in_scope
from jianzheng.campaign import permissions, selectors, services
from jianzheng.campaign.forms import CopyForm, FindingForm, ProgressForm
from jianzheng.campaign.models import ProgressEvidence, Task
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.core.uploads import file_response


def _reader(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied("无权查看专项行动")


@login_required
@require_safe
def campaign_list(request):
    _reader(request)
    today = timezone.localdate()
    rows = [
        (c, sum(s.overdue for s in selectors.campaign_progress(c, today=today)))
        for c in permissions.visible_campaigns(request.user).select_related("county")
    ]
    form = (
        CopyForm(counties=counties_in_scope(request.user))
        if permissions.can_copy(request.user)
        else None
    )
    return render(request, "campaign/staff/list.html", {"rows": rows, "copy_form": form})


@login_required
@require_safe
def campaign_detail(request, pk: int):
    _reader(request)
    campaign = selectors.get_campaign(request.user, pk)
    if campaign is None:
        raise Http404
    today = timezone.localdate()
    bars, marker = selectors.timeline(campaign, today=today)
    return render(
        request,
        "campaign/staff/detail.html",
        {
            "campaign": campaign,
            "states": selectors.campaign_progress(campaign, today=today),
            "bars": bars,
            "marker": marker,
            "today": today,
            "findings": selectors.visible_findings(request.user).filter(task__campaign=campaign),
        },
    )


def _task_page(request, task: Task, form=None, status=200):
    today = timezone.localdate()
    can_report = permissions.can_report(request.user, task)
    return render(
        request,
        "campaign/staff/task.html",
        {
            "task": task,
            "state": selectors.task_state(task, today=today),
            "reports": selectors.reports_of(request.user, task),
            "form": form or (ProgressForm() if can_report else None),
            "reporting_unit": permissions.reporting_unit(request.user, task),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_detail(request, pk: int):
    _reader(request)
    task = selectors.get_task(request.user, pk)
    if task is None:
        raise Http404
    if request.method != "POST":
        return _task_page(request, task)
    if not permissions.can_report(request.user, task):
        raise PermissionDenied("只有该任务的牵头单位或配合单位可以报送进展")
    form = ProgressForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.report_progress(
            actor=request.user,
            task=task,
            state=data.get("state") or request.POST.get("state", ""),
            summary=data.get("summary") or request.POST.get("summary", ""),
            reported_on=data.get("reported_on"),
            files=request.FILES.getlist("files"),
        )
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _task_page(request, task, form=form, status=REJECTED)
    messages.success(request, f"已报送{task.label}{task.title}的进展")
    return redirect("campaign_staff:task", pk=task.pk)


@login_required
@require_safe
def evidence(request, pk: int):
    _reader(request)
    found = ProgressEvidence.objects.select_related("report__task", "file").filter(pk=pk).first()
    if found is None or selectors.get_task(request.user, found.report.task_id) is None:
        raise Http404
    return file_response(found.file)


@login_required
@require_POST
def campaign_copy(request, pk: int):
    _reader(request)
    source = selectors.get_campaign(request.user, pk)
    if source is None:
        raise Http404
    if not permissions.can_copy(request.user):
        raise PermissionDenied("只有民政局管理员可以复制专项行动")
    counties = counties_in_scope(request.user)
    form = CopyForm(request.POST, counties=counties)
    if not form.is_valid():
        messages.error(
            request, "；".join(f"{form[k].label}：{v[0]}" for k, v in form.errors.items())
        )
        return redirect("campaign_staff:list")
    county = next(c for c in counties if c.code == form.cleaned_data["county"])
    try:
        made = services.copy_campaign(
            actor=request.user,
            source=source,
            county=county,
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            document_number=form.cleaned_data["document_number"],
        )
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("campaign_staff:list")
    messages.success(request, f"已按原方案建立{made.title}")
    return redirect("campaign_staff:detail", pk=made.pk)


def _tasks_in_scope(user):
    return Task.objects.filter(campaign__in=permissions.visible_campaigns(user)).select_related(
        "campaign"
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def findings(request):
    _reader(request)
    tasks = list(_tasks_in_scope(request.user))
    may_record = permissions.can_record_findings(request.user)
    form = None
    status = 200
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied("只有民政局管理员或督查人员可以登记督查通报")
        form = FindingForm(request.POST, tasks=tasks)
        form.is_valid()
        data = form.cleaned_data
        unit = units_in_scope(request.user).filter(code=request.POST.get("unit", "")).first()
        task = next((t for t in tasks if t.pk == data.get("task")), None)
        try:
            if unit is None:
                raise RuleViolation(
                    "unknown_unit", "没有这个单位代码（或不在您的范围内）", field="unit"
                )
            services.record_finding(
                actor=request.user,
                unit=unit,
                task=task,
                reference=data.get("reference") or request.POST.get("reference", ""),
                found_on=data.get("found_on"),
                summary=data.get("summary") or request.POST.get("summary", ""),
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = REJECTED
        else:
            messages.success(request, "已登记督查通报")
            return redirect("campaign_staff:findings")
    if form is None and may_record:
        form = FindingForm(tasks=tasks)
    return render(
        request,
        "campaign/staff/findings.html",
        {"rows": selectors.visible_findings(request.user)[:200], "form": form},
        status=status,
    )
