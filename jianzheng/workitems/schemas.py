"""The work-item area's API shapes (names unique across the API: tests/test_openapi.py)."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from jianzheng.core.schemas import CodeNameRef, choice_param, filled
from jianzheng.workitems import fields, selectors
from jianzheng.workitems.fields import MAX_FUNDING, MAX_HOURS
from jianzheng.workitems.models import ServiceAgreement, WorkItem, WorkItemRequest, WorkPush

Category = Literal["duty", "assistance", "negative"]


class WorkItemQuery(Schema):
    county: str = Field("", description="6-digit county code; none: the deployment's default")
    category: Category | None = None


class WorkItemOut(Schema):
    code: str
    category: Category
    category_label: str
    name: str
    description: str
    legal_basis: str = Field(description="duty: the article; assistance: its legal basis")
    department: CodeNameRef | None = Field(description="the responsible department, if any")
    level: CodeNameRef = Field(description="whose list it is on: the county, or the region above")

    @staticmethod
    def of(item: WorkItem) -> "WorkItemOut":
        return WorkItemOut(
            code=item.code,
            category=item.category,  # type: ignore[arg-type]
            category_label=item.get_category_display(),
            name=item.name,
            description=item.description,
            legal_basis=item.legal_basis,
            department=CodeNameRef(code=item.department.code, name=item.department.name)
            if item.department
            else None,
            level=CodeNameRef(code=item.region.code, name=item.region.name),
        )


class WorkItemListOut(Schema):
    county: CodeNameRef
    items: list[WorkItemOut]
    count: int


# workitems.fields.clean_amount: not negative, within the maximum, so many decimal places at most;
# a number or its decimal string (the service reads either).
HOURS_PATTERN = r"^(?:(?:[0-9]{1,2}|[1-6][0-9]{2}|7[0-3][0-9]|74[0-3])(?:\.[0-9])?|744(?:\.0)?)$"
FUNDING_PATTERN = r"^(?:0|[1-9][0-9]{0,9})(?:\.[0-9]{1,2})?$"


def _amount(pattern: str, maximum: float, step: float) -> dict:
    return {
        "anyOf": [
            {"type": "string", "pattern": pattern},
            {"type": "number", "minimum": 0, "maximum": maximum, "multipleOf": step},
        ]
    }


def _request_body(schema: dict, model) -> None:
    # workitems.services refuses each of them blank, naming it (二(五)).
    filled("title", "reason")(schema, model)
    # 权随责走、费随事转: unless it is a sudden emergency, the request cites its legal basis and
    # pays: funding above 0 and how it is paid. An emergency names the event instead.
    schema["if"] = {"properties": {"emergency": {"const": ""}}}
    schema["then"] = {
        "required": ["legal_basis", "funding_method"],
        "properties": {
            "legal_basis": {"pattern": r"\S"},
            "funding_method": {"pattern": r"\S"},
            "funding_amount": {
                "anyOf": [
                    {"type": "string", "pattern": "[1-9]"},
                    {"type": "number", "exclusiveMinimum": 0},
                ]
            },
        },
    }
    schema["else"] = {
        "required": ["emergency_reason"],
        "properties": {"emergency_reason": {"pattern": r"\S"}},
    }


class WorkItemRequestIn(Schema):
    model_config = {"json_schema_extra": _request_body}

    kind: str = choice_param(
        WorkItemRequest.Kind.values, "item: 新增协助政府工作事项; task: 一次性工作任务"
    )
    title: str = Field(
        "", max_length=fields.MAX_TITLE, description="what the community is asked to do"
    )
    reason: str = Field("", max_length=fields.MAX_REASON, description="why")
    legal_basis: str = Field(
        "", max_length=fields.MAX_LEGAL_BASIS, description="required unless an emergency"
    )
    communities: list[str] = Field(description="12-digit community codes")
    hours_per_month: str | int | float = Field(
        description="expected workload, hours per month, e.g. 6 or 7.5 (one decimal at most)",
        json_schema_extra=_amount(HOURS_PATTERN, float(MAX_HOURS), 0.1),
    )
    funding_amount: str | int | float = Field(
        description="service funding offered, yuan, e.g. 3000.00; above 0 unless an emergency",
        json_schema_extra=_amount(FUNDING_PATTERN, float(MAX_FUNDING), 0.01),
    )
    funding_method: str = Field(
        "", max_length=fields.MAX_FUNDING_METHOD, description="how the funding is paid"
    )
    term_start: str = Field(description="YYYY-MM-DD", json_schema_extra={"format": "date"})
    term_end: str = Field(
        description="YYYY-MM-DD, not before term_start", json_schema_extra={"format": "date"}
    )
    emergency: str = choice_param(
        ["", *WorkItemRequest.Emergency.values],
        "public_safety / public_health / disaster: exempt from prior approval",
        "",
    )
    emergency_reason: str = Field("", max_length=fields.MAX_EMERGENCY_REASON)


class WorkItemDecisionIn(Schema):
    decision: str = Field(
        description="approve / reject (for an emergency: its review after the fact)"
    )
    reason: str = Field("", max_length=fields.MAX_DECISION_REASON)


class AgreementBriefOut(Schema):
    number: str
    verify_url: str
    term_end: dt.date


class WorkItemRequestOut(Schema):
    id: int
    number: str
    kind: Literal["item", "task"]
    state: Literal[
        "pending", "cosign", "approved", "rejected", "refused", "emergency", "upheld", "overturned"
    ]
    state_label: str
    department: CodeNameRef
    title: str
    legal_basis: str
    communities: list[CodeNameRef]
    hours_per_month: str
    funding_amount: str
    term_start: dt.date
    term_end: dt.date
    emergency: str
    deadline: dt.date | None = Field(description="the decision (or an emergency's review) is due")
    overdue: bool
    negative_item: CodeNameRef | None = Field(description="the negative item it was refused by")
    decision_reason: str
    work_item: str | None = Field(description="the admitted item's code, once admitted")
    agreement: AgreementBriefOut | None

    @staticmethod
    def of(request: WorkItemRequest) -> "WorkItemRequestOut":
        from jianzheng.documents.tokens import verify_url

        agreement = selectors.agreement_of(request)
        item = WorkItem.objects.filter(source_request=request).first()
        negative = request.negative_item
        return WorkItemRequestOut(
            id=request.pk,
            number=request.number,
            kind=request.kind,  # type: ignore[arg-type]
            state=request.state,  # type: ignore[arg-type]
            state_label=request.get_state_display(),
            department=CodeNameRef(code=request.department.code, name=request.department.name),
            title=request.title,
            legal_basis=request.legal_basis,
            communities=[CodeNameRef(code=c.code, name=c.name) for c in request.communities.all()],
            hours_per_month=str(request.hours_per_month),
            funding_amount=str(request.funding_amount),
            term_start=request.term_start,
            term_end=request.term_end,
            emergency=request.emergency,
            deadline=request.deadline,
            overdue=selectors.is_overdue(request),
            negative_item=CodeNameRef(code=negative.code, name=negative.name) if negative else None,
            decision_reason=request.cosign_reason or request.decision_reason,
            work_item=item.code if item else None,
            agreement=AgreementBriefOut(
                number=agreement.number,
                verify_url=verify_url(agreement.document.token),
                term_end=agreement.term_end,
            )
            if agreement
            else None,
        )


class ServiceAgreementQuery(Schema):
    community: str = Field("", description="12-digit community code")
    department: str = Field("", description="unit code of the department (party A)")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


class ServiceAgreementOut(Schema):
    number: str
    work_item: CodeNameRef
    department: CodeNameRef
    communities: list[CodeNameRef]
    scope: str
    funding_amount: str
    funding_method: str
    funding_paid: str = Field(description="recorded as paid so far")
    term_start: dt.date
    term_end: dt.date
    state: Literal["in_force", "pending", "lapsed", "revoked"]
    verify_url: str

    @staticmethod
    def of(agreement: ServiceAgreement) -> "ServiceAgreementOut":
        from jianzheng.documents.tokens import verify_url

        paid = getattr(agreement, "paid", None)
        return ServiceAgreementOut(
            number=agreement.number,
            work_item=CodeNameRef(code=agreement.work_item.code, name=agreement.work_item.name),
            department=CodeNameRef(code=agreement.department.code, name=agreement.department.name),
            communities=[
                CodeNameRef(code=c.code, name=c.name) for c in agreement.communities.all()
            ],
            scope=agreement.scope,
            funding_amount=str(agreement.funding_amount),
            funding_method=agreement.funding_method,
            funding_paid=str(selectors.yuan(paid)),
            term_start=agreement.term_start,
            term_end=agreement.term_end,
            state=selectors.agreement_state(agreement),  # type: ignore[arg-type]
            verify_url=verify_url(agreement.document.token),
        )


class ServiceAgreementListOut(Schema):
    items: list[ServiceAgreementOut]
    count: int


class WorkPushIn(Schema):
    community: str = Field(description="12-digit code of the clerk's own community")
    department: str = Field(description="unit code of the department or township pushing it")
    title: str = Field("", max_length=fields.MAX_PUSH_TITLE)
    work_item: str = Field("", max_length=80, description="the admitted item's code, if named")


class WorkPushOut(Schema):
    id: int
    community: CodeNameRef
    department: CodeNameRef
    title: str
    work_item: str | None
    decision: Literal["accepted", "refused"]
    reason_code: Literal["duty", "admitted", "emergency", "not_admitted", "negative", "lapsed"]
    reason: str
    cited_item: CodeNameRef | None = Field(description="the negative item a refusal cites")
    agreement: str | None
    recorded_at: dt.datetime

    @staticmethod
    def of(push: WorkPush) -> "WorkPushOut":
        cited = push.cited_item
        return WorkPushOut(
            id=push.pk,
            community=CodeNameRef(code=push.community.code, name=push.community.name),
            department=CodeNameRef(code=push.department.code, name=push.department.name),
            title=push.title,
            work_item=push.work_item.code if push.work_item else None,
            decision=push.decision,  # type: ignore[arg-type]
            reason_code=push.reason_code,  # type: ignore[arg-type]
            reason=push.reason,
            cited_item=CodeNameRef(code=cited.code, name=cited.name)
            if cited and cited.category == WorkItem.Category.NEGATIVE
            else None,
            agreement=push.agreement.number if push.agreement else None,
            recorded_at=push.recorded_at,
        )


class WorkPushQuery(Schema):
    department: str = Field("", description="unit code: only pushes by this department")
    decision: Literal["accepted", "refused"] | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


class WorkPushListOut(Schema):
    items: list[WorkPushOut]
    count: int
