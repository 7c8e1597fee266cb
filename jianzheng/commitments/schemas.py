"""The commitment area's API shapes (names unique across the API: tests/test_openapi.py)."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from jianzheng.commitments import credit, postchecks, selectors, services
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.core.phones import PHONE_PATTERN
from jianzheng.core.schemas import CodeNameRef, HolderOut, filled


def _commitment_body(schema: dict, model) -> None:
    # commitments.services refuses each of them blank, naming it; the phone by core.phones' rule.
    filled("case_number", "applicant_name")(schema, model)
    schema["required"] = sorted({*schema["required"], "applicant_phone", "clauses_accepted"})


class CommitmentIn(Schema):
    model_config = {"json_schema_extra": _commitment_body}

    item: str = Field(max_length=100, description="实行告知承诺制的证明事项代码，如 GJ1-19")
    department: str = Field(
        "", max_length=40, description="作出决定的部门的单位代码（须为令牌所属部门），如 640121-SPJ"
    )
    case_number: str = Field(
        "", max_length=services.MAX_CASE_NUMBER, description="所办事项的办件编号"
    )
    applicant_name: str = Field("", max_length=services.MAX_APPLICANT_NAME)
    applicant_id_number: str = Field("", max_length=40, description="申请人公民身份号码（18位）")
    applicant_phone: str = Field(
        "",
        max_length=30,
        description="申请人联系电话：11位手机号码或带区号的固定电话，如 13800000000、0951-8012345",
        json_schema_extra={"pattern": PHONE_PATTERN},
    )
    clauses_accepted: list[int] = Field(
        default_factory=list,
        description="申请人本人在平台上逐条勾选的承诺条款序号（从 1 起），须包含全部条款",
        json_schema_extra={"minItems": 1, "items": {"type": "integer", "minimum": 1}},
    )


class CommitmentCreatedOut(Schema):
    serial: str
    token: str
    verify_url: str
    pdf_url: str
    check_code: str = Field(description="印在告知承诺书编号旁的校验码（仅此一次返回）")
    sampled: bool = Field(description="是否被抽中事后核查（按编号可复算，见 docs/commitments.md）")


class PostCheckBriefOut(Schema):
    id: int
    number: str
    state: str
    deadline: date


class CommitmentOut(Schema):
    serial: str
    state: Literal["active", "decided", "withdrawn"]
    state_label: str
    item: CodeNameRef
    department: CodeNameRef
    case_number: str
    applicant: HolderOut
    phone: str
    channel: Literal["counter", "online", "platform"]
    committed_at: datetime
    withdrawn_at: datetime | None
    decided_at: datetime | None
    sample_value: float
    sample_rate: int
    sampled: bool
    post_check: PostCheckBriefOut | None
    verify_url: str

    @staticmethod
    def of(commitment: Commitment, viewer) -> "CommitmentOut":
        from jianzheng.commitments import permissions
        from jianzheng.documents.tokens import verify_url

        shown = selectors.applicant_for(viewer, commitment)
        check = PostCheck.objects.filter(commitment=commitment).first()
        return CommitmentOut(
            serial=commitment.serial,
            state=commitment.state,
            state_label=commitment.get_state_display(),
            item=CodeNameRef(code=commitment.item_code, name=commitment.item_name),
            department=CodeNameRef(
                code=commitment.department.code, name=commitment.department.name
            ),
            case_number=commitment.case_number,
            applicant=HolderOut(
                name=shown.name,
                id_number=shown.id_number,
                id_masked=not permissions.sees_full_id(viewer, commitment),
            ),
            phone=shown.phone,
            channel=commitment.channel,
            committed_at=commitment.committed_at,
            withdrawn_at=commitment.withdrawn_at,
            decided_at=commitment.decided_at,
            sample_value=commitment.sample_value,
            sample_rate=commitment.sample_rate,
            sampled=commitment.sampled,
            post_check=PostCheckBriefOut(
                id=check.pk, number=check.number, state=check.state, deadline=check.deadline
            )
            if check
            else None,
            verify_url=verify_url(commitment.document.token),
        )


class WithdrawIn(Schema):
    reason: str = Field("", max_length=services.MAX_WITHDRAW_REASON)


class PostCheckQuery(Schema):
    state: Literal["due", "overdue", "done"] | None = None
    offset: int = Field(0, ge=0, le=10_000_000)
    limit: int = Field(50, ge=1, le=200)


class PostCheckOut(Schema):
    id: int
    number: str = Field(description="核查编号")
    commitment: str = Field(description="告知承诺书编号")
    item: CodeNameRef
    department: CodeNameRef
    method: Literal["data_sharing", "joint_check", "on_site"]
    state: str
    state_label: str
    deadline: date
    overdue: bool
    checked_at: datetime | None
    checked_by: str
    basis: str
    fulfilled: bool | None
    how: str
    findings: str
    evidence: str
    notified_at: datetime | None = Field(description="告知申请人核查不实的时间")
    notice_method: str
    answer_deadline: date | None = Field(description="申请人陈述申辩期限")
    answer: str = Field(description="申请人的陈述申辩")
    confirmed_at: datetime | None = Field(description="认定（或采纳申辩撤销）的时间")

    @staticmethod
    def of(check: PostCheck) -> "PostCheckOut":
        return PostCheckOut(
            id=check.pk,
            number=check.number,
            commitment=check.commitment.serial,
            item=CodeNameRef(code=check.commitment.item_code, name=check.commitment.item_name),
            department=CodeNameRef(code=check.department.code, name=check.department.name),
            method=check.method,
            state=check.state,
            state_label=check.get_state_display(),
            deadline=check.deadline,
            overdue=selectors.is_overdue(check),
            checked_at=check.checked_at,
            checked_by=str(check.checked_by) if check.checked_by_id else "",
            basis=check.basis,
            fulfilled=check.fulfilled,
            how=check.how,
            findings=check.findings,
            evidence=check.evidence,
            notified_at=check.notified_at,
            notice_method=check.notice_method,
            answer_deadline=check.answer_deadline,
            answer=check.answer,
            confirmed_at=check.confirmed_at,
        )


class FindingNoticeIn(Schema):
    notice_method: str = Field(
        "",
        max_length=postchecks.MAX_NOTICE_METHOD,
        description="告知方式，如 电话告知并送达书面告知书",
    )


class FindingConfirmationIn(Schema):
    answer: str = Field(
        "",
        max_length=postchecks.MAX_ANSWER,
        description="申请人的陈述申辩（陈述申辩期限届满前认定时必填）",
    )
    upheld: bool = Field(True, description="true：认定为虚假承诺（生成信用记录）；false：采纳申辩")
    severity: str = Field("general", description="general（一般）或 serious（严重）")
    measure_basis: str = Field(
        "", max_length=postchecks.MAX_MEASURE_BASIS, description="处理依据（认定时必填）"
    )
    months: int = Field(12, description="信用记录期限，月（1到60）")


class PostCheckListOut(Schema):
    items: list[PostCheckOut]
    count: int


class PostCheckResultIn(Schema):
    fulfilled: bool | None = Field(None, description="承诺是否属实（已履行）")
    basis: str = Field("", max_length=postchecks.MAX_BASIS, description="核查依据")
    how: str = Field("", max_length=postchecks.MAX_HOW, description="如何核查、履行情况")
    findings: str = Field(
        "", max_length=postchecks.MAX_FINDINGS, description="核查发现（不实的必填）"
    )
    evidence: str = Field("", max_length=postchecks.MAX_EVIDENCE, description="证据（不实的必填）")


class CreditRecordOut(Schema):
    id: int
    number: str
    subject_name: str = Field(description="遮蔽的姓名，如 马*花")
    subject_id: str = Field(description="遮蔽的公民身份号码")
    item: CodeNameRef
    commitment: str
    department: CodeNameRef
    finding: str
    severity: Literal["general", "serious"]
    measure_basis: str
    start_date: date
    end_date: date
    in_force: bool = Field(description="今天是否仍限制其适用告知承诺制")
    publish: bool
    state: Literal["active", "corrected", "repaired", "annulled"]
    state_label: str
    corrects: str | None = Field(description="更正的原记录编号")
    repair_basis: str

    @staticmethod
    def of(record: CreditRecord) -> "CreditRecordOut":
        return CreditRecordOut(
            id=record.pk,
            number=record.number,
            subject_name=record.subject_name_masked,
            subject_id=record.subject_id_masked,
            item=CodeNameRef(code=record.item_code, name=record.item_name),
            commitment=record.commitment.serial,
            department=CodeNameRef(code=record.department.code, name=record.department.name),
            finding=record.finding,
            severity=record.severity,
            measure_basis=record.measure_basis,
            start_date=record.start_date,
            end_date=record.end_date,
            in_force=selectors.is_in_force(record),
            publish=record.publish,
            state=record.state,
            state_label=record.get_state_display(),
            corrects=record.corrects.number if record.corrects_id else None,
            repair_basis=record.repair_basis,
        )


class CreditRecordListOut(Schema):
    items: list[CreditRecordOut]
    count: int


class CreditListQuery(Schema):
    state: Literal["active", "corrected", "repaired", "annulled"] | None = None
    offset: int = Field(0, ge=0, le=10_000_000)
    limit: int = Field(50, ge=1, le=200)


class RepairIn(Schema):
    basis: str = Field("", max_length=credit.MAX_REPAIR_BASIS, description="信用修复依据")


class ObjectionIn(Schema):
    reason: str = Field("", max_length=credit.MAX_OBJECTION_REASON, description="当事人的异议理由")
    decision: str = Field("", description="upheld（异议成立，记录撤销）或 rejected（异议不成立）")
    note: str = Field("", max_length=credit.MAX_OBJECTION_NOTE, description="处理说明")


class CreditExportQuery(Schema):
    format: Literal["json", "csv"] = "json"


class CreditExportRowOut(Schema):
    record_number: str
    subject_name: str
    subject_type: str
    id_number: str = Field(description="仅对授权接收方（JIANZHENG_CREDIT_RECEIVERS）为完整号码")
    id_type: str
    dishonest_act: str
    item: str
    commitment_serial: str
    measure_basis: str
    severity: str
    deciding_unit: str
    deciding_unit_code: str
    decided_on: str
    valid_from: str
    valid_to: str
    public: str
    status: str
    corrects: str
    repair_basis: str
    data_source: str


class CreditExportOut(Schema):
    records: list[CreditExportRowOut]
