"""Input and output shapes of the certificates API. Inputs are deliberately loose (facts a dict,
handover a dict): the services check the content and name bad fields in Chinese; pydantic only
refuses what is not even the right JSON type, or longer than the service takes (each maxLength
is the service's constant)."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import AliasChoices, Field

from jianzheng.certificates import demands, services
from jianzheng.certificates.models import Certificate, CheckMethod, Demand
from jianzheng.certificates.permissions import can_see_full_id
from jianzheng.certificates.selectors import (
    LedgerFilter,
    certificate_for_viewer,
    holder_for_viewer,
)
from jianzheng.core.schemas import CodeNameRef, CursorPage, HolderOut
from jianzheng.core.text import text_for_viewer
from jianzheng.documents.services import MAX_REVOKE_REASON
from jianzheng.documents.tokens import verify_url


def _codes(choices) -> str:
    """The codes a client sends, each with the label a clerk sees: "policy_gap（政策措施衔接不到位）"."""
    return "；".join(f"{code}（{label}）" for code, label in choices.choices)


class FactCheckIn(Schema):
    """How the clerk checked the facts (据实出具), e.g. {"method": "home_visit", "note": …}."""

    method: str = Field("", description=f"核实方式代码：{_codes(CheckMethod)}")
    note: str = Field(
        "", max_length=services.MAX_CHECK_NOTE, description="核实情况说明；方式为 other 时必填"
    )


class IssueCertificateIn(Schema):
    item: str = Field(..., description="证明事项代码或名称")
    community: str = Field(..., description="出具社区的单位代码（12位区划代码）")
    facts: dict[str, str | int] = Field(default_factory=dict)
    checks: list[FactCheckIn] = Field(default_factory=list, description="核实方式（据实出具）")
    purpose: str = Field("", max_length=services.MAX_PURPOSE, description="用途")
    requester: str = Field("", max_length=demands.MAX_REQUESTER, description="索要单位")
    handover: dict | None = Field(
        None,
        description='永民发〔2020〕91号 四（三） 工作衔接：{"reason", "requester", '
        '"within_duties", "verifiable"}（"demanded_by" 是 "requester" 的旧名，仍可使用）。'
        f"reason 的取值：{_codes(Certificate.HandoverReason)}",
    )


class RevokeCertificateIn(Schema):
    category: str = Field(
        "",
        description="撤销类别，核验页面和核验接口公开显示：wrong_information 信息有误、"
        "duplicate 重复出具、holder_request 当事人申请、other 其他",
    )
    reason: str = Field("", max_length=MAX_REVOKE_REASON, description="撤销原因，只有工作人员可见")


class RecordRefusalIn(Schema):
    community: str
    item: str = Field(
        ..., max_length=demands.MAX_REFUSAL_ITEM, description="索要的证明名称或事项代码"
    )
    requester: str = Field(
        ...,
        max_length=demands.MAX_REQUESTER,
        description="索要单位（旧名 demanded_by 仍可使用）",
        validation_alias=AliasChoices("requester", "demanded_by"),
    )
    note: str = Field("", max_length=demands.MAX_REFUSAL_NOTE)
    requested_on: date | None = None


class LedgerQuery(Schema):
    date_from: date | None = None
    date_to: date | None = None
    community: str = ""
    item: str = ""
    clerk: str = ""
    status: Literal["issued", "revoked"] | None = None
    handover: bool | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)

    def to_filter(self) -> LedgerFilter:
        return LedgerFilter(
            date_from=self.date_from,
            date_to=self.date_to,
            community=self.community,
            item=self.item,
            clerk=self.clerk,
            status=self.status or "",
            handover=self.handover,
        )


class CertificateOut(Schema):
    serial: str
    status: str
    status_label: str
    token: str | None = Field(
        None, description="只给出具社区的工作者（由他们交付纸质证明）；其他角色为 null"
    )
    verify_url: str | None = Field(None, description="同 token：只给出具社区的工作者")
    pdf_url: str
    item: CodeNameRef
    community: CodeNameRef
    holder: HolderOut
    purpose: str
    requester: str
    issued_by: str
    issued_at: datetime
    issued_on: date
    valid_until: date
    is_handover: bool
    handover_reason: str = Field(
        description=f"工作衔接原因代码，非工作衔接出具时为空：{_codes(Certificate.HandoverReason)}"
    )
    catalogue_version: int
    revoked_at: datetime | None
    revoke_category: str
    revoke_category_label: str
    revoke_reason: str
    check_code: str | None = Field(
        None,
        description="印在证明上的校验码，与二维码同样可用于核验：只在出具的答复中给出具社区的"
        "工作者（系统只保存其摘要，此后为 null）",
    )

    @staticmethod
    def of(certificate: Certificate, viewer) -> "CertificateOut":
        seen = holder_for_viewer(viewer, certificate)  # a list's row: no facts opened
        # The token with the masks is what a holder-tag search starts from (docs/security.md):
        # only the clerks who hand the paper out get it.
        token = certificate.document.token if can_see_full_id(viewer, certificate) else None
        return CertificateOut(
            serial=certificate.serial,
            status=certificate.status,
            status_label=certificate.get_status_display(),
            token=token,
            verify_url=verify_url(token) if token else None,
            pdf_url=f"/api/v1/certificates/{certificate.serial}/pdf",
            item=CodeNameRef(code=certificate.item.code, name=certificate.item_name),
            community=CodeNameRef(code=certificate.community.code, name=certificate.community.name),
            holder=HolderOut(name=seen.name, id_number=seen.id_number, id_masked=seen.masked),
            purpose=certificate.purpose,
            requester=certificate.requester,
            issued_by=str(certificate.issued_by),
            issued_at=certificate.issued_at,
            issued_on=certificate.issued_on,
            valid_until=certificate.valid_until,
            is_handover=certificate.is_handover,
            handover_reason=certificate.handover_reason,
            catalogue_version=certificate.catalogue_version,
            revoked_at=certificate.revoked_at,
            revoke_category=certificate.document.revoke_category,
            revoke_category_label=certificate.document.get_revoke_category_display(),
            revoke_reason=certificate.revoke_reason,
            # As good as the QR code: for the issuing clerks only (who see everything anyway).
            check_code=(certificate.check_code or None) if not seen.masked else None,
        )


class CertificateDetailOut(CertificateOut):
    facts: dict[str, str]
    checks: list[dict]

    @staticmethod
    def of(certificate: Certificate, viewer) -> "CertificateDetailOut":
        base = CertificateOut.of(certificate, viewer)
        facts = dict(certificate_for_viewer(viewer, certificate).facts)
        return CertificateDetailOut(**base.dict(), facts=facts, checks=certificate.checks)


class CertificatePageOut(CursorPage):
    items: list[CertificateOut]


class RefusalOut(Schema):
    id: int
    community: CodeNameRef
    item: CodeNameRef | None
    item_name: str
    requester: str = Field(..., description="索要单位（登记时的原文）")
    requester_unit: CodeNameRef | None = Field(
        ...,
        description="索要单位在单位库中的单位；未登记的名称为 null，待民政局归并后填上",
    )
    demanded_by: str = Field(..., description="requester 的旧名，将停用", deprecated=True)
    requested_on: date
    outcome: str
    outcome_label: str
    reason: str
    reason_label: str
    note: str
    clerk: str
    created_at: datetime
    certificate_serial: str | None

    @staticmethod
    def of(refusal: Demand, *, viewer) -> "RefusalOut":
        return RefusalOut(
            id=refusal.pk,
            community=CodeNameRef(code=refusal.community.code, name=refusal.community.name),
            item=CodeNameRef(code=refusal.item.code, name=refusal.item.name)
            if refusal.item_id
            else None,
            item_name=refusal.item_name,
            requester=refusal.requester,
            requester_unit=CodeNameRef(
                code=refusal.requester_unit.code, name=refusal.requester_unit.name
            )
            if refusal.requester_unit_id
            else None,
            demanded_by=refusal.requester,
            requested_on=refusal.requested_on,
            outcome=refusal.outcome,
            outcome_label=refusal.get_outcome_display(),
            reason=refusal.reason,
            reason_label=refusal.get_reason_display(),
            # The clerk who wrote it reads it as written; others with numbers masked.
            note=text_for_viewer(refusal.note, viewer=viewer, writer_id=refusal.clerk_id),
            clerk=str(refusal.clerk),
            created_at=refusal.created_at,
            certificate_serial=refusal.certificate.serial if refusal.certificate_id else None,
        )


class RefusalPageOut(CursorPage):
    items: list[RefusalOut]
