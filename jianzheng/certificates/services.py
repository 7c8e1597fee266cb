"""Issuing, refusing and revoking certificates. Rules of what may be issued: certificates.rules."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jianzheng.accounts.models import User
from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.template_spec import clean_facts
from jianzheng.certificates import rollup, rules
from jianzheng.certificates.demands import clean_requester, record_demand
from jianzheng.certificates.models import (
    Certificate,
    CertificatePdf,
    CheckMethod,
    Demand,
    SerialCounter,
)
from jianzheng.certificates.pdf import PREVIEW_MARK, render_certificate
from jianzheng.certificates.permissions import can_issue, can_revoke
from jianzheng.core.audit import record
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.names import check_name
from jianzheng.core.text import check_printable, clean_text, mask_id_number, mask_name
from jianzheng.documents import checkcodes
from jianzheng.documents.services import (
    PreparedDocument,
    prepare_document,
    register_document,
    revoke_document,
    seal_pdf,
)
from jianzheng.documents.tokens import verify_url
from jianzheng.regions.models import Unit

KIND = "certificate"
# The longest text each field takes, in characters once trimmed (core.text.clean_text); the API
# schemas (certificates/schemas.py) state the same numbers.
MAX_PURPOSE = 200
MAX_CHECK_NOTE = 200


@dataclass(frozen=True)
class Prepared:
    """A request that passed every check: what issuing it will write."""

    actor: User
    community: Unit
    item: CertificateItem
    template: dict
    facts: dict
    checks: list[dict]
    purpose: str
    requester: str
    handover: rules.Handover | None


def _clean_checks(checks) -> list[dict]:
    """据实出具: the clerk says how the facts were checked; "other" needs a note."""
    if not isinstance(checks, list) or not checks:
        raise RuleViolation("checks_required", "请至少选择一种核实方式", field="checks")
    clean, errors = [], FieldErrors()
    for index, check in enumerate(checks[:10]):
        where = f"checks.{index}"
        if not isinstance(check, dict) or check.get("method") not in CheckMethod.values:
            labels = "、".join(CheckMethod.labels)
            errors.add(f"{where}.method", f"请选择核实方式：{labels}")
            continue
        note = errors.collect(
            clean_text,
            check.get("note") if isinstance(check.get("note"), str) else "",
            field=f"{where}.note",
            label="核实说明",
            max_length=MAX_CHECK_NOTE,
            required=check["method"] == CheckMethod.OTHER,
        )
        if note is not None:
            clean.append({"method": check["method"], "note": note})
    errors.raise_if_any("invalid_checks", "核实方式有误")
    return clean


def _text(value, **kwargs) -> str:
    text = clean_text(value if isinstance(value, str) else None, **kwargs)
    return check_printable(text, field=kwargs["field"], label=kwargs["label"])  # on the paper


@dataclass(frozen=True)
class _Refusing:
    """A request the rules refuse, cleaned enough to record."""

    decision: rules.Decision
    requester: str
    purpose: str


@dataclass(frozen=True)
class Refused:
    """The outcome of a request for a proof the rules do not allow: the refusal is recorded (and
    committed) by the service; the caller shows `error` — the API as 422 `item_not_retained`."""

    refusal: Demand | None
    decision: rules.Decision

    @property
    def error(self) -> RuleViolation:
        item = self.decision.item
        return RuleViolation(
            "item_not_retained",
            self.decision.message,
            field="item",
            details={
                "refusal_id": self.refusal.pk if self.refusal else None,
                "decision": "not_listed" if item is None else "do_not_issue",
                "alternatives": [
                    {
                        "kind": a.kind,
                        "kind_label": a.get_kind_display(),
                        "handling_unit": a.handler_label,
                        "instruction": a.instruction,
                    }
                    for a in (item.alternatives.all() if item else [])
                ],
            },
        )


def _prepare(
    *,
    actor,
    community: Unit,
    item: str,
    facts,
    checks,
    purpose: str,
    requester: str,
    handover=None,
) -> "Prepared | _Refusing":
    """Every check of a request, writing nothing: what to issue, or why not."""
    if not can_issue(actor, community):
        raise PermissionDenied("只有本社区（村）工作者可以以本社区名义出具证明")
    errors = FieldErrors()
    purpose = errors.collect(_text, purpose, field="purpose", label="用途", max_length=MAX_PURPOSE)
    requester = errors.collect(clean_requester, requester, community=community)
    if not isinstance(item, str) or not item.strip():
        errors.add("item", "请选择证明事项")
    if "item" in errors:
        # Without the item there is no template to check the facts against.
        errors.raise_if_any("invalid_request", "请求内容不完整")
    decision = rules.decide(
        item.strip()[:100], county=rules.county_for(community), handover=handover
    )
    if not decision.allowed:
        if decision.item is None:  # the record of an off-list demand must name a proof
            errors.collect(check_name, decision.asked_for, field="item", label="证明名称")
        # A refusal must name the unit that demanded the proof (二(五)).
        errors.raise_if_any("invalid_request", "请求内容不完整")
        return _Refusing(decision, requester, purpose)
    found = decision.item
    assert found is not None  # an allowed decision always names its item
    if decision.handover and decision.handover.requester:
        errors.collect(
            clean_requester,
            decision.handover.requester,
            community=community,
            field="handover.requester",
            label="要求出具的单位",
        )
    clean = errors.collect(clean_facts, found.template, facts, default={})
    clean_checks = errors.collect(_clean_checks, checks, default=[])
    errors.raise_if_any("invalid_facts", "证明内容有误，请按提示修改")
    return Prepared(
        actor,
        community,
        found,
        found.template or {},
        clean,
        clean_checks,
        purpose,
        requester,
        decision.handover,
    )


def preview_certificate(
    *,
    actor,
    community: Unit,
    item: str,
    facts,
    checks=None,
    purpose: str,
    requester: str,
    handover=None,
) -> bytes:
    """The paper as it will look, watermarked "预览 不作证明使用"; writes nothing. A request the
    rules refuse raises its error (nothing is recorded for a preview)."""
    prepared = _prepare(
        actor=actor,
        community=community,
        item=item,
        facts=facts,
        checks=checks or [{"method": "other", "note": "预览"}],
        purpose=purpose,
        requester=requester,
        handover=handover,
    )
    if isinstance(prepared, _Refusing):
        raise Refused(None, prepared.decision).error
    return render_certificate(
        template=prepared.template,
        facts=prepared.facts,
        purpose=prepared.purpose,
        requester=prepared.requester,
        community_name=community.name,
        clerk_name=str(actor),
        handover=prepared.handover is not None,
        watermark=PREVIEW_MARK,
    )


def issue_certificate(
    *, actor, community: Unit, item: str, facts, checks, purpose: str, requester: str, handover=None
) -> Certificate | Refused:
    """Issue a retained item (or a first-batch item under 四(三) when `handover` invokes it).
    Anything else is refused: the refusal is recorded with the requester and `Refused` returned,
    carrying the alternatives to show the resident."""
    prepared = _prepare(
        actor=actor,
        community=community,
        item=item,
        facts=facts,
        checks=checks,
        purpose=purpose,
        requester=requester,
        handover=handover,
    )
    if isinstance(prepared, _Refusing):
        refusal = record_demand(
            actor=actor,
            community=community,
            decision=prepared.decision,
            requester=prepared.requester,
            note=f"用途：{prepared.purpose}"[:500],
        )
        return Refused(refusal, prepared.decision)
    return _issue(prepared)


class _SerialTaken(Exception):
    """Another certificate took the number this paper was rendered with."""


def _claim_serial(community: Unit, year: int, *, expected: int | None = None) -> int:
    """Lock the community's counter for the year and take the next number (with `expected`:
    only if that is still the next one). Gap-free: the counter moves in the issuing transaction,
    so a rollback gives the number back."""
    SerialCounter.objects.bulk_create(
        [SerialCounter(community=community, year=year)], ignore_conflicts=True
    )
    counter = SerialCounter.objects.select_for_update().get(community=community, year=year)
    if expected is not None and counter.last + 1 != expected:
        raise _SerialTaken
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@dataclass(frozen=True)
class _Paper:
    sequence: int
    serial: str
    document: PreparedDocument
    pdf: bytes


def _render(prepared: Prepared, sequence: int, issued_on: dt.date, valid_until: dt.date) -> _Paper:
    """Sign and draw the certificate for a given number; writes nothing."""
    serial = f"{prepared.community.code}-{issued_on.year}-{sequence:06d}"
    document = prepare_document(
        kind=KIND,
        serial=serial,
        issuer=prepared.community,
        subject_code=prepared.item.code,
        issued_on=issued_on,
        valid_until=valid_until,
        holder_name=prepared.facts["holder_name"],
        holder_id_number=prepared.facts["holder_id_number"],
        facts=prepared.facts,
    )
    pdf = render_certificate(
        template=prepared.template,
        facts=prepared.facts,
        purpose=prepared.purpose,
        requester=prepared.requester,
        community_name=prepared.community.name,
        clerk_name=str(prepared.actor),
        serial=serial,
        issued_on=issued_on,
        valid_until=valid_until,
        handover=prepared.handover is not None,
        verify_url=verify_url(document.token),
        token=document.token,
        check_code=checkcodes.display(document.check_code),
    )
    return _Paper(sequence, serial, document, seal_pdf(prepared=document, pdf=pdf))


def _issue(prepared: Prepared) -> Certificate:
    """Render outside any lock with the number that is next now, then claim it in a short
    transaction; only if another certificate took it meanwhile, render again holding the lock.
    So the audit chain and the counter are locked for milliseconds, not for a PDF's drawing,
    and communities issue in parallel (at worst one wasted drawing per collision)."""
    now = timezone.now()
    today = timezone.localdate(now)
    valid_until = today + dt.timedelta(days=prepared.template["validity_days"])
    year, community = today.year, prepared.community
    last = (
        SerialCounter.objects.filter(community=community, year=year)
        .values_list("last", flat=True)
        .first()
    )
    paper = _render(prepared, (last or 0) + 1, today, valid_until)
    try:
        with transaction.atomic():
            _claim_serial(community, year, expected=paper.sequence)
            return _write_certificate(prepared, paper, now, valid_until)
    except _SerialTaken:
        pass
    with transaction.atomic():
        paper = _render(prepared, _claim_serial(community, year), today, valid_until)
        return _write_certificate(prepared, paper, now, valid_until)


def _write_certificate(prepared: Prepared, paper: _Paper, now, valid_until: dt.date) -> Certificate:
    version = catalogue.current_version(county=rules.county_for(prepared.community))
    document = register_document(actor=prepared.actor, prepared=paper.document)
    today = timezone.localdate(now)
    holder_name = prepared.facts["holder_name"]
    holder_id = prepared.facts["holder_id_number"]
    serial = paper.serial
    certificate = Certificate.objects.create(
        serial=serial,
        community=prepared.community,
        county_code=prepared.community.county_code,
        year=today.year,
        sequence=paper.sequence,
        item=prepared.item,
        item_name=prepared.item.name,
        catalogue_version=version.number if version else 0,
        template=prepared.template,
        facts=prepared.facts,
        checks=prepared.checks,
        purpose=prepared.purpose,
        requester=prepared.requester,
        holder_name=holder_name,
        holder_id_number=holder_id,
        issued_by=prepared.actor,
        issued_at=now,
        issued_on=today,
        valid_until=valid_until,
        is_handover=prepared.handover is not None,
        handover_reason=prepared.handover.reason if prepared.handover else "",
        document=document,
    )
    rollup.certificate_issued(certificate)
    CertificatePdf.objects.create(
        certificate=certificate,
        county_code=certificate.county_code,
        content=paper.pdf,
        sha256=hashlib.sha256(paper.pdf).hexdigest(),
    )
    certificate.check_code = checkcodes.display(paper.document.check_code)
    if prepared.handover:
        # 四(三) certificates are counted apart, and the demanding entity feeds exposure.
        record_demand(
            actor=prepared.actor,
            community=prepared.community,
            decision=rules.Decision(prepared.item, prepared.item.name),
            # The requester itself insists unless another entity is named.
            requester=prepared.handover.requester or prepared.requester,
            outcome=Demand.Outcome.HANDOVER,
            note=Certificate.HandoverReason(prepared.handover.reason).label,
            certificate=certificate,
        )
    record(
        actor=prepared.actor,
        action="certificate.issued",
        target=certificate,
        summary={
            "serial": serial,
            "item": prepared.item.code,
            "handover": certificate.is_handover,
            "holder": f"{mask_name(holder_name)} {mask_id_number(holder_id)}",
            "requester": prepared.requester,
        },
    )
    return certificate


@transaction.atomic
def revoke_certificate(
    *, actor, certificate: Certificate, category: str, reason: str
) -> Certificate:
    """`category` (documents.SignedDocument.RevokeCategory) is what the public sees; `reason`,
    free text, stays with the staff."""
    certificate = Certificate.objects.select_related("document").get(pk=certificate.pk)
    if not can_revoke(actor, certificate):
        raise PermissionDenied("只有出具社区的工作者或民政局管理员可以撤销证明")
    if certificate.status == Certificate.Status.REVOKED:
        raise RuleViolation("already_revoked", "该证明已经撤销", status=409)
    certificate.document = revoke_document(
        actor=actor, document=certificate.document, category=category, reason=reason
    )
    rollup.certificate_revoked(certificate)
    record(
        actor=actor,
        action="certificate.revoked",
        target=certificate,
        summary={
            "serial": certificate.serial,
            "category": certificate.document.revoke_category,
            "reason": certificate.document.revoke_reason,
        },
    )
    return certificate
