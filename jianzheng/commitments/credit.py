"""信用记录 of false commitments (二(七) 依法记入个人信用记录、纳入信用信息共享平台，情节严重的依法予以
处罚并公开). A record is created only from a confirmed finding (postchecks.confirm_finding); the
credit officers of 发改局 publish it, correct it (a new record pointing at the old), record its
repair (信用修复) and decide objections. Records are never deleted or edited in place beyond the
state that says what became of them."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.commitments import permissions
from jianzheng.commitments.models import CreditObjection, CreditRecord, PostCheck
from jianzheng.core import audit
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text, mask_name

# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (commitments/schemas.py) state the same numbers.
MAX_REPAIR_BASIS = 300
MAX_OBJECTION_REASON = 4000
MAX_OBJECTION_NOTE = 500


def _text(errors, value, field, label, max_length):
    if value is not None and not isinstance(value, str):
        errors.add(field, f"{label}应为文字")
        return ""
    return errors.collect(
        clean_text,
        value,
        field=field,
        label=label,
        max_length=max_length,
        multiline=True,
        default="",
    )


def _next_number(county_code: str, year: int) -> str:
    prefix = f"XY{county_code}-{year}-"
    last = (
        CreditRecord.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:05d}"


def create_record(
    *, actor, check: PostCheck, severity: str, measure_basis: str, start: dt.date, end: dt.date
) -> CreditRecord:
    """Called by postchecks.confirm_finding inside its transaction, never on its own."""
    commitment = check.commitment
    record = CreditRecord.objects.create(
        number=_next_number(commitment.county.code, start.year),
        county=commitment.county,
        subject_key=commitment.applicant_key,
        subject_name_masked=mask_name(commitment.applicant_name),
        subject_id_masked=commitment.applicant_id_masked,
        item_code=commitment.item_code,
        item_name=commitment.item_name,
        commitment=commitment,
        post_check=check,
        department=check.department,
        finding=check.findings,
        severity=severity,
        measure_basis=measure_basis,
        start_date=start,
        end_date=end,
        created_at=timezone.now(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="credit.created",
        target=record,
        summary={
            "number": record.number,
            "commitment": commitment.serial,
            "severity": severity,
            "end_date": end,
        },
    )
    return record


def _locked(record: CreditRecord, actor) -> CreditRecord:
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if not permissions.can_keep_credit(actor, record):
        raise PermissionDenied("只有发改局信用管理员可以处理信用记录")
    return record


def _require_active(record: CreditRecord, doing: str) -> None:
    if record.state != CreditRecord.State.ACTIVE:
        raise RuleViolation(
            "not_active", f"该记录{record.get_state_display()}，不能{doing}", status=409
        )


@transaction.atomic
def publish_record(*, actor, record: CreditRecord) -> CreditRecord:
    record = _locked(record, actor)
    _require_active(record, "公开")
    if record.publish:
        raise RuleViolation("already_published", "该记录已经公开", status=409)
    record.publish, record.published_at = True, timezone.now()
    record.save(update_fields=["publish", "published_at"])
    audit.record(
        actor=actor, action="credit.published", target=record, summary={"number": record.number}
    )
    return record


@transaction.atomic
def correct_record(
    *,
    actor,
    record: CreditRecord,
    reason,
    finding=None,
    severity=None,
    measure_basis=None,
    end_date=None,
) -> CreditRecord:
    """A correction is a new record pointing at the old one; the old one says it was corrected."""
    record = _locked(record, actor)
    _require_active(record, "更正")
    errors = FieldErrors()
    reason = _text(errors, reason, "reason", "更正原因", 300)
    finding = (
        record.finding
        if finding in (None, "")
        else _text(errors, finding, "finding", "失信行为", 4000)
    )
    measure_basis = (
        record.measure_basis
        if measure_basis in (None, "")
        else _text(errors, measure_basis, "measure_basis", "处理依据", 300)
    )
    severity = severity or record.severity
    if severity not in CreditRecord.Severity.values:
        errors.add("severity", "严重程度只能是“一般”（general）或“严重”（serious）")
    if end_date in (None, ""):
        end_date = record.end_date
    elif isinstance(end_date, str):
        try:
            end_date = dt.date.fromisoformat(end_date)
        except ValueError:
            errors.add("end_date", "截止日期格式应为 年-月-日")
    if isinstance(end_date, dt.date) and end_date < record.start_date:
        errors.add("end_date", "截止日期不能早于起始日期")
    errors.raise_if_any("invalid_correction", "更正内容有误，未保存")
    new = CreditRecord.objects.create(
        number=f"{record.number}-G{CreditRecord.objects.filter(number__startswith=record.number + '-G').count() + 1}",
        county=record.county,
        subject_key=record.subject_key,
        subject_name_masked=record.subject_name_masked,
        subject_id_masked=record.subject_id_masked,
        item_code=record.item_code,
        item_name=record.item_name,
        commitment=record.commitment,
        post_check=record.post_check,
        department=record.department,
        finding=finding,
        severity=severity,
        measure_basis=measure_basis,
        start_date=record.start_date,
        end_date=end_date,
        publish=record.publish,
        published_at=record.published_at,
        corrects=record,
        correction_reason=reason,
        created_at=timezone.now(),
        created_by=actor,
    )
    record.state = CreditRecord.State.CORRECTED
    record.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="credit.corrected",
        target=new,
        summary={"number": new.number, "corrects": record.number, "reason": reason},
    )
    return new


@transaction.atomic
def repair_record(*, actor, record: CreditRecord, basis) -> CreditRecord:
    """信用修复: from now on the record no longer blocks the commitment route."""
    record = _locked(record, actor)
    _require_active(record, "修复")
    errors = FieldErrors()
    basis = _text(errors, basis, "basis", "信用修复依据", MAX_REPAIR_BASIS)
    errors.raise_if_any("invalid_repair", "请写明信用修复的依据")
    record.state = CreditRecord.State.REPAIRED
    record.repaired_at, record.repair_basis = timezone.now(), basis
    record.save(update_fields=["state", "repaired_at", "repair_basis"])
    audit.record(
        actor=actor,
        action="credit.repaired",
        target=record,
        summary={"number": record.number, "basis": basis},
    )
    return record


@transaction.atomic
def decide_objection(*, actor, record: CreditRecord, reason, decision, note) -> CreditObjection:
    """The subject's objection and its decision; an upheld objection annuls the record."""
    record = _locked(record, actor)
    _require_active(record, "处理异议")
    errors = FieldErrors()
    reason = _text(errors, reason, "reason", "异议理由", MAX_OBJECTION_REASON)
    note = _text(errors, note, "note", "处理说明", MAX_OBJECTION_NOTE)
    if decision not in CreditObjection.Decision.values:
        errors.add("decision", "处理结果只能是“异议成立”（upheld）或“异议不成立”（rejected）")
    errors.raise_if_any("invalid_objection", "异议处理内容不完整，未保存")
    objection = CreditObjection.objects.create(
        record=record,
        reason=reason,
        decision=decision,
        note=note,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    if decision == CreditObjection.Decision.UPHELD:
        record.state = CreditRecord.State.ANNULLED
        record.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="credit.objection",
        target=record,
        summary={"number": record.number, "decision": decision, "note": note},
    )
    return objection


def masked_subject(name: str) -> str:
    return mask_name(name)
