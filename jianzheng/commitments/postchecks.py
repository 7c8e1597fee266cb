"""事后核查 (二(七) 强化对承诺事项的事后核查): the department checks each sampled commitment within
the item's deadline in working days, records the result, and — when the commitment was untrue —
tells the applicant, hears the answer (陈述、申辩), and only then confirms the finding, which
creates the credit record (credit.py)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.commitments import credit, permissions
from jianzheng.commitments.models import CreditRecord, PostCheck
from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text

# The applicant's time to answer a finding before it is confirmed (working days).
ANSWER_WORKING_DAYS = 5

# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (commitments/schemas.py) state the same numbers.
MAX_BASIS = 300
MAX_HOW = 500
MAX_FINDINGS = 4000
MAX_EVIDENCE = 4000
MAX_NOTICE_METHOD = 200
MAX_ANSWER = 4000
MAX_MEASURE_BASIS = 300


def _text(errors, value, field, label, max_length, *, required=True):
    if value is not None and not isinstance(value, str):
        errors.add(field, f"{label}应为文字")
        return ""
    return errors.collect(
        clean_text,
        value,
        field=field,
        label=label,
        max_length=max_length,
        required=required,
        multiline=True,
        default="",
    )


def _locked(check: PostCheck) -> PostCheck:
    return PostCheck.objects.select_for_update().select_related("commitment").get(pk=check.pk)


@transaction.atomic
def record_result(
    *,
    actor,
    check: PostCheck,
    fulfilled,
    basis,
    how,
    findings="",
    evidence="",
) -> PostCheck:
    """When (now), by whom, on what basis, fulfilled yes/no, how, findings and evidence."""
    check = _locked(check)
    if not permissions.can_check(actor, check):
        raise PermissionDenied("只有作出决定的部门可以登记核查结果")
    if check.state != PostCheck.State.PENDING:
        raise RuleViolation(
            "already_checked", f"该核查{check.get_state_display()}，不能再登记结果", status=409
        )
    errors = FieldErrors()
    if not isinstance(fulfilled, bool):
        errors.add("fulfilled", "请选择承诺是否属实（已履行）")
    basis = _text(errors, basis, "basis", "核查依据", MAX_BASIS)
    how = _text(errors, how, "how", "核查情况", MAX_HOW)
    findings = _text(
        errors, findings, "findings", "核查发现", MAX_FINDINGS, required=fulfilled is False
    )
    evidence = _text(
        errors, evidence, "evidence", "证据", MAX_EVIDENCE, required=fulfilled is False
    )
    errors.raise_if_any("invalid_result", "核查结果不完整，未保存")
    check.fulfilled = fulfilled
    check.basis, check.how, check.findings, check.evidence = basis, how, findings, evidence
    check.checked_at, check.checked_by = timezone.now(), actor
    check.state = PostCheck.State.FULFILLED if fulfilled else PostCheck.State.UNTRUE
    check.save()
    audit.record(
        actor=actor,
        action="postcheck.result",
        target=check,
        summary={"number": check.number, "fulfilled": fulfilled, "basis": basis},
    )
    return check


@transaction.atomic
def notify_finding(*, actor, check: PostCheck, method) -> PostCheck:
    """The applicant is told the commitment was found untrue and may answer within 5 working days."""
    check = _locked(check)
    if not permissions.can_check(actor, check):
        raise PermissionDenied("只有作出决定的部门可以告知核查结果")
    if check.state != PostCheck.State.UNTRUE:
        raise RuleViolation("not_untrue", "只有核查不实的承诺需要告知申请人", status=409)
    errors = FieldErrors()
    method = _text(errors, method, "notice_method", "告知方式", MAX_NOTICE_METHOD)
    errors.raise_if_any("invalid_notice", "告知记录不完整")
    now = timezone.now()
    check.notified_at, check.notice_method = now, method
    check.answer_deadline = workdays.add_working_days(timezone.localdate(now), ANSWER_WORKING_DAYS)
    check.state = PostCheck.State.NOTIFIED
    check.save(update_fields=["notified_at", "notice_method", "answer_deadline", "state"])
    audit.record(
        actor=actor,
        action="postcheck.notified",
        target=check,
        summary={
            "number": check.number,
            "method": method,
            "answer_deadline": check.answer_deadline,
        },
    )
    return check


@transaction.atomic
def confirm_finding(
    *,
    actor,
    check: PostCheck,
    answer="",
    upheld: bool = True,
    severity="general",
    measure_basis="",
    months=12,
) -> PostCheck:
    """After the applicant was told and could answer: confirm (a credit record is created) or,
    on the answer, clear the finding. Without an answer the answer period must have run out."""
    check = _locked(check)
    if not permissions.can_check(actor, check):
        raise PermissionDenied("只有作出决定的部门可以认定核查结果")
    if check.state != PostCheck.State.NOTIFIED:
        raise RuleViolation(
            "not_notified",
            "须先告知申请人核查结果，听取陈述申辩后才能认定",
            status=409,
        )
    errors = FieldErrors()
    answer = _text(errors, answer, "answer", "申请人陈述申辩", MAX_ANSWER, required=False)
    today = workdays.today()
    assert check.answer_deadline is not None
    if not answer and today <= check.answer_deadline:
        day = check.answer_deadline
        errors.add(
            "answer",
            f"申请人陈述申辩期限至{day.year}年{day.month}月{day.day}日，请记录申请人的陈述申辩，"
            "或期限届满后再认定",
        )
    if not isinstance(upheld, bool):
        errors.add("upheld", "请选择是否认定为虚假承诺")
    if upheld is True:
        if severity not in CreditRecord.Severity.values:
            errors.add("severity", "严重程度只能是“一般”（general）或“严重”（serious）")
        measure_basis = _text(errors, measure_basis, "measure_basis", "处理依据", MAX_MEASURE_BASIS)
        if (
            isinstance(months, bool)
            or not isinstance(months, int | str)
            or not str(months).isdigit()
        ):
            errors.add("months", "记录期限应为月数（1到60）")
        elif not 1 <= int(months) <= 60:
            errors.add("months", "记录期限应在1到60个月之间")
    errors.raise_if_any("invalid_confirmation", "认定内容不完整，未保存")
    check.answer = answer
    check.confirmed_at, check.confirmed_by = timezone.now(), actor
    check.state = PostCheck.State.CONFIRMED if upheld else PostCheck.State.CLEARED
    check.save(update_fields=["answer", "confirmed_at", "confirmed_by", "state"])
    audit.record(
        actor=actor,
        action="postcheck.confirmed" if upheld else "postcheck.cleared",
        target=check,
        summary={"number": check.number, "answered": bool(answer)},
    )
    if upheld:
        credit.create_record(
            actor=actor,
            check=check,
            severity=severity,
            measure_basis=measure_basis,
            start=today,
            end=_add_months(today, int(months)),
        )
    return check


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
