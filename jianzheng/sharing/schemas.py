"""The sharing area's API shapes (names unique across the API: tests/test_openapi.py)."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from jianzheng.core.schemas import CodeNameRef, county_param, filled
from jianzheng.core.text import mask_name
from jianzheng.sharing import permissions, selectors, services
from jianzheng.sharing.models import SharingCheck


class SharingCheckIn(Schema):
    # sharing.services.ask_check refuses each of them blank, naming it (二(三)).
    model_config = ConfigDict(
        json_schema_extra=filled("purpose", "case_number", "legal_basis", "replaces_item")
    )

    holder: str = Field(description="数据提供单位的单位代码，如 640121-GAJ（永宁县公安局）")
    fact: str = Field(description="该单位提供的核查事项代码，如 hukou-address")
    subject_name: str = Field(max_length=services.MAX_SUBJECT_NAME)
    subject_id_number: str = Field(max_length=40, description="被核查人公民身份号码（18位）")
    purpose: str = Field("", max_length=services.MAX_PURPOSE, description="核查用途（必填）")
    case_number: str = Field(
        "", max_length=services.MAX_CASE_NUMBER, description="所办事项的办件编号（必填）"
    )
    legal_basis: str = Field(
        "", max_length=services.MAX_LEGAL_BASIS, description="法定依据（必填）"
    )
    replaces_item: str = Field(
        "", max_length=64, description="本次核查替代的证明事项代码（清单中的，如 YN-B03）"
    )
    particulars: dict[str, str] = Field(
        default_factory=dict,
        description="核查事项要求提供的内容，如户籍登记地址核对的 address",
    )


class SharingAnswerIn(Schema):
    answer: Literal["yes", "no", "declined"]
    fields: dict[str, str] = Field(
        default_factory=dict, description="答复方式为 fields 的事项：答复“是”时恰好给出其字段"
    )
    reason: str = Field("", max_length=services.MAX_DECLINE_REASON, description="拒绝答复时必填")


class SharingSubjectOut(Schema):
    name: str
    id_number: str
    id_masked: bool = Field(
        description="true：身份证号已遮蔽（只有数据提供单位的工作人员看到完整号码以便核对）"
    )


class SharingCheckOut(Schema):
    id: int
    state: Literal["pending", "answered", "declined"]
    state_label: str
    requester: CodeNameRef
    requested_by: str
    holder: CodeNameRef
    fact: CodeNameRef
    question: str
    answer_kind: Literal["yes_no", "fields"]
    subject: SharingSubjectOut
    particulars: dict[str, str]
    purpose: str
    case_number: str
    legal_basis: str
    replaces_item: CodeNameRef
    county: CodeNameRef
    asked_at: datetime
    deadline: date
    overdue: bool
    external: bool = Field(description="数据提供单位在平台外，经接口答复")
    last_error: str = Field(description="外部接口最近一次未取得答复的原因")
    answer: Literal["yes", "no", "declined"] | None
    fields: dict[str, str]
    reason: str
    answered_by: str
    answered_at: datetime | None
    request_hash: str
    answer_hash: str

    @staticmethod
    def of(check: SharingCheck, viewer) -> "SharingCheckOut":
        full = permissions.sees_full_id(viewer, check)
        named = full or permissions.is_party(viewer, check)
        return SharingCheckOut(
            id=check.pk,
            state=check.state,  # type: ignore[arg-type]
            state_label=check.get_state_display(),
            requester=CodeNameRef(code=check.requester_unit.code, name=check.requester_unit.name),
            requested_by=str(check.requester),
            holder=CodeNameRef(code=check.holder.code, name=check.holder.name),
            fact=CodeNameRef(code=check.fact.code, name=check.fact.name),
            question=check.fact.question,
            answer_kind=check.fact.answer_kind,  # type: ignore[arg-type]
            subject=SharingSubjectOut(
                name=check.subject_name if named else mask_name(check.subject_name),
                id_number=check.subject_id_number if full else check.subject_id_masked,
                id_masked=not full,
            ),
            particulars=permissions.particulars_for(viewer, check),
            purpose=check.purpose,
            case_number=check.case_number,
            legal_basis=check.legal_basis,
            replaces_item=CodeNameRef(code=check.replaces_item_code, name=check.replaces_item_name),
            county=CodeNameRef(code=check.county.code, name=check.county.name),
            asked_at=check.asked_at,
            deadline=check.deadline,
            overdue=selectors.is_overdue(check),
            external=check.fact.is_external,
            last_error=check.last_error,
            answer=check.answer or None,  # type: ignore[arg-type]
            fields=check.fields,
            reason=check.reason,
            answered_by=check.answered_by_name,
            answered_at=check.answered_at,
            request_hash=check.request_hash,
            answer_hash=check.answer_hash,
        )


class SharingCheckListOut(Schema):
    items: list[SharingCheckOut]
    count: int = Field(description="符合条件的核查总数")


class SharingListQuery(Schema):
    role: Literal["requester", "holder"] | None = Field(
        None, description="requester：本单位发起的；holder：发给本单位的；不填：两者"
    )
    state: Literal["pending", "answered", "declined"] | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


class AvoidedQuery(Schema):
    model_config = ConfigDict(populate_by_name=True)

    county: str = county_param("6位县级代码；不填为本人所在县")
    date_from: date | None = Field(None, alias="from", description="答复日期起 YYYY-MM-DD")
    date_to: date | None = Field(None, alias="to", description="答复日期止 YYYY-MM-DD")


class AvoidedRowOut(Schema):
    month: str = Field(description="答复所在月份 YYYY-MM")
    item: CodeNameRef
    count: int = Field(description="已答复（是／否）并替代该证明的核查数")


class AvoidedOut(Schema):
    county: CodeNameRef
    date_from: date | None
    date_to: date | None
    rows: list[AvoidedRowOut]
    total: int
