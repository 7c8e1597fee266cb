"""Back-office pages of 告知承诺制: the counter, a department's commitments and post-check queue,
and 发改局's credit records. Parse → authorise → call → render; the rules are the services'."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.accounts.permissions import membership_of
from jianzheng.commitments import credit, exports, permissions, postchecks, selectors, services
from jianzheng.commitments.forms import (
    CommitmentForm,
    ConfirmForm,
    CorrectForm,
    NotifyForm,
    ObjectionForm,
    RepairForm,
    ResultForm,
    WithdrawForm,
)
from jianzheng.commitments.http import commitment_pdf
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.core import workdays
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.regions.selectors import county_of

PAGE_SIZE = 100


def _commitment_or_404(user, serial: str) -> Commitment:
    commitment = selectors.get_commitment(user, serial)
    if commitment is None:
        raise Http404("没有这份告知承诺书")
    return commitment


def _check_or_404(user, pk: int) -> PostCheck:
    check = selectors.get_post_check(user, pk)
    if check is None:
        raise Http404("没有这项核查")
    return check


def _record_or_404(user, pk: int) -> CreditRecord:
    record = selectors.get_credit_record(user, pk)
    if record is None:
        raise Http404("没有这条信用记录")
    return record


def _shown(user, commitment: Commitment) -> Commitment:
    commitment.shown = selectors.applicant_for(user, commitment)  # type: ignore[attr-defined]
    return commitment


# ---------------------------------------------------------------- commitments


@login_required
@require_safe
def commitment_list(request):
    if not permissions.can_read_commitments(request.user):
        raise PermissionDenied("无权查看告知承诺书")
    rows = [_shown(request.user, c) for c in selectors.list_commitments(request.user)[:PAGE_SIZE]]
    return render(
        request,
        "commitments/staff/list.html",
        {"rows": rows, "can_record": permissions.can_record_commitment(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_new(request):
    if not permissions.can_record_commitment(request.user):
        raise PermissionDenied("只有部门工作人员可以在窗口受理告知承诺")
    unit = membership_of(request.user).unit
    county = county_of(unit.region)
    offered = [
        i
        for i in selectors.commitment_items(county)
        if services.departments_for(i, county).filter(pk=unit.pk).exists()
    ]
    code = request.POST.get("item") or request.GET.get("item", "")
    item = next((i for i in offered if i.code == code), None)
    if item is None:
        return render(request, "commitments/staff/pick_item.html", {"items": offered, "unit": unit})
    form = CommitmentForm(
        request.POST if request.method == "POST" else None,
        clauses=item.commitment["clauses"],
        departments=[unit],
        counter=True,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.make_commitment(
                actor=request.user, item=item.code, department=unit.code, **form.to_service()
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = exc.status if exc.status == 409 else REJECTED
        else:
            messages.success(request, f"已出具告知承诺书 {commitment.serial}。")
            return redirect("commitments_staff:detail", serial=commitment.serial)
    elif request.method == "POST":
        status = REJECTED
    return render(
        request,
        "commitments/staff/new.html",
        {"form": form, "item": item, "unit": unit, "terms": item.commitment},
        status=status,
    )


@login_required
@require_safe
def commitment_detail(request, serial: str):
    commitment = _shown(request.user, _commitment_or_404(request.user, serial))
    handles = permissions.can_handle_commitment(request.user, commitment)
    return render(
        request,
        "commitments/staff/detail.html",
        {
            "c": commitment,
            "check": PostCheck.objects.filter(commitment=commitment).first(),
            "can_withdraw": handles and commitment.is_open,
            "can_decide": handles and commitment.is_open,
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_safe
def commitment_paper(request, serial: str):
    commitment = _commitment_or_404(request.user, serial)
    if not permissions.can_handle_commitment(request.user, commitment):
        raise PermissionDenied("告知承诺书原件只由作出决定的部门调阅")
    return commitment_pdf(commitment)


@login_required
@require_POST
def commitment_withdraw(request, serial: str):
    commitment = _commitment_or_404(request.user, serial)
    if not permissions.can_handle_commitment(request.user, commitment):
        raise PermissionDenied("只有作出决定的部门可以登记撤回")
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.withdraw_commitment(
            actor=request.user, commitment=commitment, reason=form.cleaned_data.get("reason", "")
        )
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记撤回，告知承诺书核验时将显示“已撤回”。")
    return redirect("commitments_staff:detail", serial=commitment.serial)


@login_required
@require_POST
def commitment_decide(request, serial: str):
    commitment = _commitment_or_404(request.user, serial)
    if not permissions.can_handle_commitment(request.user, commitment):
        raise PermissionDenied("只有作出决定的部门可以登记决定")
    try:
        services.decide_commitment(actor=request.user, commitment=commitment)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记决定，此后承诺不能撤回。")
    return redirect("commitments_staff:detail", serial=commitment.serial)


# ---------------------------------------------------------------- post-checks


@login_required
@require_safe
def check_list(request):
    if not permissions.can_read_commitments(request.user):
        raise PermissionDenied("无权查看事后核查")
    state = request.GET.get("state", "")
    state = state if state in selectors.CHECK_STATES else ""
    checks = list(selectors.list_post_checks(request.user, state=state or None)[:PAGE_SIZE])
    today = workdays.today()
    for check in checks:
        check.overdue = selectors.is_overdue(check, today)  # type: ignore[attr-defined]
        check.days_left = (  # type: ignore[attr-defined]
            workdays.working_days_left(check.deadline, on=today) if not check.is_done else None
        )
    return render(request, "commitments/staff/checks.html", {"rows": checks, "state": state})


def _check_context(request, check: PostCheck, **forms) -> dict:
    mine = permissions.can_check(request.user, check)
    return {
        "check": check,
        "c": _shown(request.user, check.commitment),
        "result_form": forms.get("result_form") or ResultForm(),
        "notify_form": forms.get("notify_form") or NotifyForm(),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "can_result": mine and check.state == PostCheck.State.PENDING,
        "can_notify": mine and check.state == PostCheck.State.UNTRUE,
        "can_confirm": mine and check.state == PostCheck.State.NOTIFIED,
        "overdue": selectors.is_overdue(check),
    }


@login_required
@require_safe
def check_detail(request, pk: int):
    check = _check_or_404(request.user, pk)
    return render(request, "commitments/staff/check.html", _check_context(request, check))


def _check_step(request, pk: int, form_class, key: str, service, done: str):
    check = _check_or_404(request.user, pk)
    if not permissions.can_check(request.user, check):
        raise PermissionDenied("只有作出决定的部门可以核查")
    form = form_class(request.POST)
    form.is_valid()
    try:
        service(actor=request.user, check=check, **form.to_service())
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        status = exc.status if exc.status == 409 else REJECTED
        context = _check_context(request, check, **{key: form})
        return render(request, "commitments/staff/check.html", context, status=status)
    messages.success(request, done)
    return redirect("commitments_staff:check", pk=check.pk)


@login_required
@require_POST
def check_result(request, pk: int):
    return _check_step(
        request, pk, ResultForm, "result_form", postchecks.record_result, "已登记核查结果。"
    )


@login_required
@require_POST
def check_notify(request, pk: int):
    return _check_step(
        request,
        pk,
        NotifyForm,
        "notify_form",
        postchecks.notify_finding,
        "已登记告知，等待申请人陈述申辩。",
    )


@login_required
@require_POST
def check_confirm(request, pk: int):
    return _check_step(
        request, pk, ConfirmForm, "confirm_form", postchecks.confirm_finding, "已认定核查结果。"
    )


@login_required
@require_safe
def checks_export(request):
    if not permissions.can_read_commitments(request.user):
        raise PermissionDenied("无权导出事后核查")
    response = HttpResponse(
        exports.checks_csv(selectors.list_post_checks(request.user, state="done")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="post-checks.csv"'
    return response


# ---------------------------------------------------------------- credit records


@login_required
@require_safe
def credit_list(request):
    if not permissions.can_read_credit(request.user):
        raise PermissionDenied("无权查看信用记录")
    state = request.GET.get("state", "")
    state = state if state in CreditRecord.State.values else ""
    rows = selectors.list_credit_records(request.user, state=state or None)[:PAGE_SIZE]
    return render(
        request,
        "commitments/staff/credit_list.html",
        {"rows": rows, "state": state, "states": CreditRecord.State.choices},
    )


def _credit_context(request, record: CreditRecord, **forms) -> dict:
    keeps = permissions.can_keep_credit(request.user, record)
    active = record.state == CreditRecord.State.ACTIVE
    return {
        "r": record,
        "in_force": selectors.is_in_force(record),
        "history": _history(record),
        "objections": record.objections.select_related("decided_by"),
        "can_keep": keeps and active,
        "can_publish": keeps and active and not record.publish,
        "correct_form": forms.get("correct_form") or CorrectForm(),
        "repair_form": forms.get("repair_form") or RepairForm(),
        "objection_form": forms.get("objection_form") or ObjectionForm(),
    }


def _history(record: CreditRecord) -> list[CreditRecord]:
    """The chain of corrections this record belongs to, oldest first."""
    chain = [record]
    while chain[0].corrects_id:
        chain.insert(0, chain[0].corrects)
    newer = CreditRecord.objects.filter(corrects=chain[-1]).first()
    while newer is not None:
        chain.append(newer)
        newer = CreditRecord.objects.filter(corrects=newer).first()
    return chain


@login_required
@require_safe
def credit_detail(request, pk: int):
    record = _record_or_404(request.user, pk)
    return render(request, "commitments/staff/credit.html", _credit_context(request, record))


def _credit_step(request, pk: int, form_class, key: str, call, done: str):
    record = _record_or_404(request.user, pk)
    if not permissions.can_keep_credit(request.user, record):
        raise PermissionDenied("只有发改局信用管理员可以处理信用记录")
    form = form_class(request.POST) if form_class else None
    if form is not None:
        form.is_valid()
    try:
        result = call(record, form.cleaned_data if form is not None else {})
    except RuleViolation as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("commitments_staff:credit_detail", pk=record.pk)
        form.add_rule_errors(exc)
        status = exc.status if exc.status == 409 else REJECTED
        context = _credit_context(request, record, **{key: form})
        return render(request, "commitments/staff/credit.html", context, status=status)
    messages.success(request, done)
    target = result if isinstance(result, CreditRecord) else record
    return redirect("commitments_staff:credit_detail", pk=target.pk)


@login_required
@require_POST
def credit_publish(request, pk: int):
    return _credit_step(
        request,
        pk,
        None,
        "",
        lambda r, d: credit.publish_record(actor=request.user, record=r),
        "已公开。严重失信的记录将显示在公示页面（不含身份证号码）。",
    )


@login_required
@require_POST
def credit_correct(request, pk: int):
    return _credit_step(
        request,
        pk,
        CorrectForm,
        "correct_form",
        lambda r, d: credit.correct_record(actor=request.user, record=r, **d),
        "已更正：新记录指向原记录，原记录保留。",
    )


@login_required
@require_POST
def credit_repair(request, pk: int):
    return _credit_step(
        request,
        pk,
        RepairForm,
        "repair_form",
        lambda r, d: credit.repair_record(actor=request.user, record=r, **d),
        "已记录信用修复，该申请人可再次适用告知承诺制。",
    )


@login_required
@require_POST
def credit_objection(request, pk: int):
    return _credit_step(
        request,
        pk,
        ObjectionForm,
        "objection_form",
        lambda r, d: credit.decide_objection(actor=request.user, record=r, **d),
        "已处理异议。",
    )


@login_required
@require_safe
def credit_export(request):
    if not permissions.can_read_credit(request.user):
        raise PermissionDenied("无权导出信用记录")
    fmt = request.GET.get("format", "csv")
    records = selectors.list_credit_records(request.user).select_related("commitment", "county")
    rows = exports.credit_rows(records, with_ids=selectors.receives_id_numbers(request.user))
    if fmt == "json":
        body = json.dumps({"records": rows}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="credit-records.json"'
    else:
        response = HttpResponse(exports.credit_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="credit-records.csv"'
    return response
