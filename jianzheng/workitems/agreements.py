"""权随责走、费随事转 (永民发〔2020〕91号 二(二)): what an approval admits, the service agreement it signs
(a document of kind `agreement` valid until the term ends), and the funding recorded as paid."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of
from jianzheng.core import audit, workdays
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.documents import checkcodes
from jianzheng.documents.services import prepare_document, register_document, seal_pdf
from jianzheng.documents.tokens import verify_url
from jianzheng.workitems import permissions
from jianzheng.workitems.fields import MAX_FUNDING, claim_number, clean_amount, clean_date, day_text
from jianzheng.workitems.models import (
    AgreementPdf,
    FundingPayment,
    ServiceAgreement,
    WorkItem,
    WorkItemRequest,
)
from jianzheng.workitems.pdf import render_agreement

KIND = "agreement"


def admit_item(request: WorkItemRequest) -> WorkItem:
    """The admitted work's entry on the county's list (a new assistance item, a one-off task or
    an emergency), addressed by the request's number."""
    prefix = "XZ" if request.kind == WorkItemRequest.Kind.ITEM else "RW"
    return WorkItem.objects.create(
        region=request.county,
        code=prefix + request.number.removeprefix("ZR"),
        category=WorkItem.Category.ASSISTANCE,
        name=request.title,
        description=request.reason,
        legal_basis=request.legal_basis
        or f"突发{request.get_emergency_display()}事件应急处置（免于事前审批）",
        department=request.department,
        source_request=request,
    )


def check_term(request: WorkItemRequest) -> None:
    if request.term_end < workdays.today():
        raise RuleViolation(
            "term_ended",
            f"申请的期限已于{day_text(request.term_end)}结束，不能再准入；请部门重新申请",
            status=409,
        )


def sign_agreement(request: WorkItemRequest, *, actor) -> ServiceAgreement:
    """权随责走、费随事转: the approved work, its agreement and the signed paper, in one go."""
    item = admit_item(request)
    # The bureau that decided first signs (民政局), also when 组织部 co-signs last.
    approver = membership_of(request.decided_by or actor).unit
    county = request.county
    number = claim_number("FW", county, ServiceAgreement)
    today = workdays.today()
    communities = list(request.communities.order_by("code"))
    method = request.funding_method or "按协议拨付"
    facts = {
        "work_item": item.code,
        "title": request.title,
        "department": request.department.code,
        "communities": [c.code for c in communities],
        "funding_amount": str(request.funding_amount),
        "funding_method": method,
        "term_start": request.term_start.isoformat(),
        "term_end": request.term_end.isoformat(),
        "request": request.number,
    }
    prepared = prepare_document(
        kind=KIND,
        serial=number,
        issuer=approver,
        subject_code=item.code,
        issued_on=today,
        valid_until=request.term_end,
        holder_name=request.department.name[:60],
        holder_id_number=request.department.code,
        facts=facts,
    )
    pdf = render_agreement(
        number=number,
        department=request.department.name,
        communities=[c.name for c in communities],
        approver=approver.name,
        title=request.title,
        scope=request.reason,
        legal_basis=request.legal_basis or item.legal_basis,
        hours_per_month=str(request.hours_per_month),
        funding_amount=str(request.funding_amount),
        funding_method=method,
        term_start=request.term_start,
        term_end=request.term_end,
        request_number=request.number,
        signed_on=today,
        verify_url=verify_url(prepared.token),
        token=prepared.token,
        check_code=checkcodes.display(prepared.check_code),
    )
    pdf = seal_pdf(prepared=prepared, pdf=pdf)
    document = register_document(actor=actor, prepared=prepared)
    agreement = ServiceAgreement.objects.create(
        number=number,
        county=county,
        request=request,
        work_item=item,
        department=request.department,
        approved_by_unit=approver,
        scope=request.reason,
        funding_amount=request.funding_amount,
        funding_method=method,
        term_start=request.term_start,
        term_end=request.term_end,
        signed_at=timezone.now(),
        document=document,
    )
    agreement.communities.set(communities)
    AgreementPdf.objects.create(
        agreement=agreement, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
    )
    agreement.check_code = checkcodes.display(prepared.check_code)  # type: ignore[attr-defined]
    audit.record(
        actor=actor,
        action="workitems.agreement_signed",
        target=agreement,
        summary={"number": number, "request": request.number, "work_item": item.code},
    )
    return agreement


# ---------------------------------------------------------------- funding


@transaction.atomic
def record_payment(
    *, actor, agreement: ServiceAgreement, amount, paid_on, note=""
) -> FundingPayment:
    if not permissions.can_record_payment(actor, agreement):
        raise PermissionDenied("只有甲方部门或民政局可以登记经费拨付")
    errors = FieldErrors()
    money = errors.collect(clean_amount, amount, field="amount", label="金额", maximum=MAX_FUNDING)
    if money is not None and money <= 0:
        errors.add("amount", "金额应大于0")
    day = errors.collect(clean_date, paid_on, field="paid_on", label="拨付日期")
    if day is not None and day > workdays.today():
        errors.add("paid_on", "拨付日期不能晚于今天")
    text = errors.collect(
        clean_text, note, field="note", label="说明", max_length=200, required=False
    )
    errors.raise_if_any("invalid_payment", "拨付登记有误，未保存")
    payment = FundingPayment.objects.create(
        agreement=agreement,
        amount=money,
        paid_on=day,
        note=text,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="workitems.payment_recorded",
        target=payment,
        summary={"agreement": agreement.number, "amount": str(money), "paid_on": day},
    )
    return payment
