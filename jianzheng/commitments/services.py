"""Every write of a commitment (永民发〔2020〕91号 二(七) 推行证明事项告知承诺制; 国办发〔2020〕42号).

- Only an item the catalogue in force marks for the commitment route takes one (its notice and
  clauses are the catalogue's, versioned with it: catalogue.commitment_spec).
- The applicant commits in person: online, or at the counter where the officer is recorded and
  the applicant confirms in person. Nobody commits for another.
- Every clause must be accepted; the applicant's particulars are checked (ID number GB 11643).
- An applicant with an active false-commitment record is refused the route (409 credit_blocked)
  with the date the record ends, and told to bring the proof instead.
- The 告知承诺书 is a signed document of kind `commitment` (documents), drawn at once with its QR.
- The sampling rule (sampling.py) draws the commitment for a post-check when it is made.
- Withdrawal is possible until the decision; the document is then revoked (当事人申请), so the
  public page says the commitment no longer stands."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of
from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.models import Alternative, CertificateItem
from jianzheng.commitments import permissions, sampling
from jianzheng.commitments.models import (
    Commitment,
    CommitmentPdf,
    CreditRecord,
    PostCheck,
    SerialCounter,
)
from jianzheng.commitments.pdf import render_commitment
from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.idnumber import InvalidIdNumber, normalize_id_number
from jianzheng.core.phones import clean_phone
from jianzheng.core.subjects import subject_key
from jianzheng.core.text import clean_person_name, clean_text, mask_id_tail, mask_name, mask_phone
from jianzheng.documents import checkcodes
from jianzheng.documents.models import SignedDocument
from jianzheng.documents.services import (
    prepare_document,
    register_document,
    revoke_document,
    seal_pdf,
)
from jianzheng.documents.tokens import verify_url
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of

KIND = "commitment"
CREDIT_NAMESPACE = "jianzheng.credit.subject"
# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (commitments/schemas.py) state the same numbers.
MAX_APPLICANT_NAME = 50
MAX_CASE_NUMBER = 64
MAX_WITHDRAW_REASON = 200


def applicant_key(id_number: str) -> str:
    """The person's key in commitments and credit records (by number alone)."""
    return subject_key(id_number, namespace=CREDIT_NAMESPACE)


def clean_id_number(raw, *, field: str = "applicant_id_number") -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise RuleViolation("required", "请填写公民身份号码", field=field)
    try:
        return normalize_id_number(raw)
    except InvalidIdNumber as exc:
        raise RuleViolation("invalid_id_number", f"公民身份号码：{exc}", field=field) from None


def blocking_record(id_number: str, *, on: dt.date | None = None) -> CreditRecord | None:
    """The active false-commitment record that keeps this person off the route today (the one
    that ends last). Ended, repaired, corrected-away and annulled records do not block."""
    on = on or workdays.today()
    return (
        CreditRecord.objects.filter(
            subject_key=applicant_key(id_number),
            state=CreditRecord.State.ACTIVE,
            start_date__lte=on,
            end_date__gte=on,
        )
        .order_by("-end_date")
        .first()
    )


def blocked_error(record: CreditRecord) -> RuleViolation:
    end = record.end_date
    return RuleViolation(
        "credit_blocked",
        f"您有虚假承诺的信用记录（{record.number}），{end.year}年{end.month}月{end.day}日前不能适用"
        "告知承诺制，请提交证明材料办理；信用修复后可再次适用。",
        field="applicant_id_number",
        status=409,
        details={"ends_on": end.isoformat(), "record": record.number},
    )


def commitment_item(code, *, county: Region, field: str = "item") -> CertificateItem:
    """The item in force that takes a commitment, or the reason it does not."""
    if not isinstance(code, str) or not code.strip():
        raise RuleViolation("required", "请选择证明事项", field=field)
    found = catalogue.item_in_force(code, county=county, field=field)
    if found.item is None:
        raise RuleViolation("not_listed", f"清单中没有“{code.strip()}”这项证明事项", field=field)
    if not found.item.commitment:
        raise RuleViolation(
            "not_commitment_item",
            f"{found.item.name}未实行告知承诺制，请按清单所列方式办理",
            field=field,
        )
    return found.item


def departments_for(item: CertificateItem, county: Region):
    """The departments that may decide on a commitment for `item`: the one its commitment
    alternative names, else every department of the county."""
    named = [
        a.handling_unit_id
        for a in item.alternatives.all()
        if a.kind == Alternative.Kind.COMMITMENT and a.handling_unit_id
    ]
    if named:
        return Unit.objects.filter(pk__in=named)
    return Unit.objects.filter(
        kind=Unit.Kind.DEPARTMENT, is_active=True, region__path__startswith=county.path
    ).order_by("code")


def _department(errors: FieldErrors, code, item: CertificateItem | None, county: Region):
    code = code.strip() if isinstance(code, str) else ""
    if not code:
        errors.add("department", "请选择作出决定的部门")
        return None
    unit = Unit.objects.filter(code=code, is_active=True).select_related("region").first()
    if unit is None or unit.kind != Unit.Kind.DEPARTMENT:
        errors.add("department", f"没有代码为“{code}”的部门")
        return None
    if not unit.region.path.startswith(county.path):
        errors.add("department", f"{unit.name}不是{county.name}的部门")
        return None
    if item is not None and not departments_for(item, county).filter(pk=unit.pk).exists():
        names = "、".join(u.name for u in departments_for(item, county))
        errors.add("department", f"{item.name}的告知承诺由{names}受理")
        return None
    return unit


def _clauses(errors: FieldErrors, accepted, terms: dict | None) -> list[int]:
    """Each clause by its number (1, 2, …): every one must be ticked."""
    count = len(terms["clauses"]) if terms else 0
    if isinstance(accepted, bool) or not isinstance(accepted, list | tuple):
        errors.add("clauses_accepted", "请逐条确认承诺内容（条款序号的列表）")
        return []
    numbers = set()
    for value in accepted:
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
            errors.add("clauses_accepted", "承诺条款序号应为整数")
            return []
        numbers.add(int(value))
    if terms is None:
        return sorted(numbers)
    missing = [n for n in range(1, count + 1) if n not in numbers]
    if missing or numbers - set(range(1, count + 1)):
        which = "、".join(f"第{n}条" for n in missing) or "条款序号"
        errors.add("clauses_accepted", f"请逐条确认全部{count}条承诺，尚未确认：{which}")
    return sorted(numbers)


def _claim_serial(county: Region, year: int) -> str:
    SerialCounter.objects.bulk_create(
        [SerialCounter(county=county, year=year)], ignore_conflicts=True
    )
    counter = SerialCounter.objects.select_for_update().get(county=county, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"CN{county.code}-{year}-{counter.last:06d}"


def earlier_findings(key: str) -> bool:
    """An applicant found to have committed untruly before is checked at the higher rate."""
    return (
        PostCheck.objects.filter(commitment__applicant_key=key, fulfilled=False).exists()
        or CreditRecord.objects.filter(subject_key=key).exists()
    )


@transaction.atomic
def make_commitment(
    *,
    actor,
    item,
    department,
    case_number,
    applicant_name,
    applicant_id_number,
    applicant_phone,
    clauses_accepted,
    applicant_confirmed: bool = False,
    county: Region | None = None,
    via_platform: bool = False,
) -> Commitment:
    """The applicant's commitment: at the counter (`actor` a department officer, who records it
    for their own department with the applicant's own confirmation), online (`actor` None,
    `county` the portal's), or through the department's platform over the API (`via_platform`:
    the applicant ticked the clauses there; `actor` is the platform's account)."""
    counter = actor is not None
    errors = FieldErrors()
    if counter:
        if not permissions.can_record_commitment(actor):
            raise PermissionDenied("只有部门工作人员可以在窗口受理告知承诺")
        own = membership_of(actor).unit
        county = county_of(own.region)
        if isinstance(department, str) and department.strip() and department.strip() != own.code:
            errors.add("department", f"只能以本部门（{own.name}）名义受理告知承诺")
        department = own.code
        if applicant_confirmed is not True and not via_platform:
            # Nobody commits for another: the applicant confirms in person at the counter.
            errors.add("applicant_confirmed", "须由申请人本人当面阅读告知内容并确认承诺")
    assert county is not None
    found = errors.collect(commitment_item, item, county=county)
    unit = _department(errors, department, found, county)
    name = errors.collect(
        clean_person_name,
        applicant_name,
        field="applicant_name",
        label="申请人姓名",
        max_length=MAX_APPLICANT_NAME,
        default="",
    )
    number = errors.collect(clean_id_number, applicant_id_number)
    phone = errors.collect(clean_phone, applicant_phone, field="applicant_phone", default="")
    case = errors.collect(
        clean_text,
        case_number,
        field="case_number",
        label="办件编号",
        max_length=MAX_CASE_NUMBER,
        default="",
    )
    clauses = _clauses(errors, clauses_accepted, found.commitment if found else None)
    errors.raise_if_any("invalid_commitment", "告知承诺书内容不完整或有误，未提交")
    assert found is not None and unit is not None and number is not None
    block = blocking_record(number)
    if block is not None:
        raise blocked_error(block)
    return _write(
        actor=actor,
        item=found,
        department=unit,
        county=county,
        case_number=case,
        name=name,
        number=number,
        phone=phone,
        clauses=clauses,
        confirmed=counter,
        channel=(
            Commitment.Channel.PLATFORM
            if via_platform
            else Commitment.Channel.COUNTER
            if counter
            else Commitment.Channel.ONLINE
        ),
    )


def _write(
    *,
    actor,
    item,
    department,
    county,
    case_number,
    name,
    number,
    phone,
    clauses,
    confirmed,
    channel,
):
    now = timezone.now()
    today = timezone.localdate(now)
    serial = _claim_serial(county, today.year)
    terms = item.commitment
    key = applicant_key(number)
    rate = sampling.rate_for(terms["post_check"], earlier_findings=earlier_findings(key))
    facts = {
        "item": item.code,
        "item_name": item.name,
        "department": department.code,
        "case_number": case_number,
        "applicant_name": name,
        "applicant_id_number": number,
        "applicant_phone": phone,
        "clauses": terms["clauses"],
        "committed_on": today.isoformat(),
    }
    prepared = prepare_document(
        kind=KIND,
        serial=serial,
        issuer=department,
        subject_code=item.code,
        issued_on=today,
        valid_until=None,
        holder_name=name,
        holder_id_number=number,
        facts=facts,
    )
    pdf = render_commitment(
        item_name=item.name,
        terms=terms,
        particulars=[
            ("申请人姓名", name),
            # 国办发〔2020〕42号 asks for the applicant's particulars; the paper is the applicant's
            # own, yet a copy travels: the middle of the number and phone is masked.
            ("公民身份号码", mask_id_tail(number)),
            ("联系电话", mask_phone(phone)),
            ("办件编号", case_number),
            ("作出决定的部门", department.name),
            ("承诺方式", Commitment.Channel(channel).label),
        ],
        department_name=department.name,
        serial=serial,
        committed_on=today,
        channel_note=f"受理人：{actor}（申请人本人当面确认）"
        if channel == Commitment.Channel.COUNTER
        else "",
        verify_url=verify_url(prepared.token),
        token=prepared.token,
        check_code=checkcodes.display(prepared.check_code),
    )
    pdf = seal_pdf(prepared=prepared, pdf=pdf)
    document = register_document(actor=actor, prepared=prepared)
    version = catalogue.current_version(county=county)
    commitment = Commitment.objects.create(
        serial=serial,
        county=county,
        item=item,
        item_code=item.code,
        item_name=item.name,
        catalogue_version=version.number if version else 0,
        terms=terms,
        department=department,
        case_number=case_number,
        applicant_name=name,
        applicant_id_number=number,
        applicant_id_masked=mask_id_tail(number),
        applicant_phone=phone,
        applicant_key=key,
        clauses_accepted=clauses,
        channel=channel,
        recorded_by=actor,
        applicant_confirmed=confirmed,
        committed_at=now,
        sample_value=sampling.sample_value(serial),
        sample_rate=rate,
        sampled=sampling.is_drawn(serial, rate),
        document=document,
    )
    CommitmentPdf.objects.create(
        commitment=commitment, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
    )
    # Shown once (the API's answer); the registry keeps only its hash.
    commitment.check_code = checkcodes.display(prepared.check_code)  # type: ignore[attr-defined]
    if commitment.sampled:
        rule = terms["post_check"]
        PostCheck.objects.create(
            commitment=commitment,
            department=department,
            number=f"HC-{serial}",
            method=rule["method"],
            created_on=today,
            deadline=workdays.add_working_days(today, rule["deadline_days"]),
        )
    audit.record(
        actor=actor,
        actor_name=None if actor is not None else f"申请人 {mask_name(name)}（在线）",
        action="commitment.made",
        target=commitment,
        summary={
            "serial": serial,
            "item": item.code,
            "department": department.code,
            "applicant": f"{mask_name(name)} {commitment.applicant_id_masked}",
            "channel": channel,
            "sample_rate": rate,
            "sampled": commitment.sampled,
        },
    )
    return commitment


@transaction.atomic
def withdraw_commitment(*, actor, commitment: Commitment, reason: str = "") -> Commitment:
    """Before the decision only; the paper is revoked (当事人申请) and its pending check voided."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not permissions.can_handle_commitment(actor, commitment):
        raise PermissionDenied("只有作出决定的部门可以登记撤回")
    if commitment.state == Commitment.State.WITHDRAWN:
        raise RuleViolation("already_withdrawn", "该承诺已经撤回", status=409)
    if commitment.state == Commitment.State.DECIDED:
        raise RuleViolation("already_decided", "行政机关已作出决定，承诺不能再撤回", status=409)
    reason = clean_text(
        reason or "申请人撤回承诺，改为提交证明材料",
        field="reason",
        label="撤回原因",
        max_length=MAX_WITHDRAW_REASON,
    )
    commitment.state = Commitment.State.WITHDRAWN
    commitment.withdrawn_at = timezone.now()
    commitment.withdrawal_reason = reason
    commitment.save(update_fields=["state", "withdrawn_at", "withdrawal_reason"])
    revoke_document(
        actor=actor,
        document=commitment.document,
        category=SignedDocument.RevokeCategory.HOLDER_REQUEST,
        reason=f"申请人撤回承诺：{reason}"[:200],
    )
    PostCheck.objects.filter(commitment=commitment, state=PostCheck.State.PENDING).update(
        state=PostCheck.State.VOID
    )
    audit.record(
        actor=actor,
        action="commitment.withdrawn",
        target=commitment,
        summary={"serial": commitment.serial, "reason": reason},
    )
    return commitment


@transaction.atomic
def decide_commitment(*, actor, commitment: Commitment) -> Commitment:
    """The department has decided the case on the commitment: from now on it cannot be withdrawn."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not permissions.can_handle_commitment(actor, commitment):
        raise PermissionDenied("只有作出决定的部门可以登记决定")
    if commitment.state != Commitment.State.ACTIVE:
        raise RuleViolation(
            "not_open", f"该承诺{commitment.get_state_display()}，不能再登记决定", status=409
        )
    commitment.state = Commitment.State.DECIDED
    commitment.decided_at = timezone.now()
    commitment.save(update_fields=["state", "decided_at"])
    audit.record(
        actor=actor,
        action="commitment.decided",
        target=commitment,
        summary={"serial": commitment.serial},
    )
    return commitment
