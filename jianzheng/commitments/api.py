"""告知承诺制 over HTTP, for departments' 政务服务 platforms and the credit platform (二(七)).
Thin: parse → authorise → call → serialise; the rules are in services / postchecks / credit."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Query, Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.commitments import credit, exports, permissions, postchecks, selectors, services
from jianzheng.commitments.http import commitment_pdf
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.commitments.schemas import (
    CommitmentCreatedOut,
    CommitmentIn,
    CommitmentOut,
    CreditExportOut,
    CreditExportQuery,
    CreditListQuery,
    CreditRecordListOut,
    CreditRecordOut,
    FindingConfirmationIn,
    FindingNoticeIn,
    ObjectionIn,
    PostCheckListOut,
    PostCheckOut,
    PostCheckQuery,
    PostCheckResultIn,
    RepairIn,
    WithdrawIn,
)
from jianzheng.core.schemas import errors
from jianzheng.documents.tokens import verify_url

router = Router(tags=["commitments"], auth=bearer)
checks_router = Router(tags=["commitments"], auth=bearer)
credit_router = Router(tags=["commitments"], auth=bearer)

PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def _commitment(user, serial: str) -> Commitment:
    commitment = selectors.get_commitment(user, serial)
    if commitment is None:
        raise Http404
    return commitment


@router.post(
    "", response={201: CommitmentCreatedOut, **errors(401, 403, 409, 422)}, summary="提交告知承诺书"
)
def create(request, payload: CommitmentIn):
    """The applicant's commitment submitted through the department's platform (the applicant
    ticked every clause there). 422 naming the field; 409 `credit_blocked` (with
    `details.ends_on`) when the applicant has an active false-commitment record."""
    if not permissions.can_record_commitment(request.user):
        raise PermissionDenied("只有部门的令牌可以提交告知承诺书")
    commitment = services.make_commitment(
        actor=request.user, via_platform=True, **payload.model_dump()
    )
    return Status(
        201,
        CommitmentCreatedOut(
            serial=commitment.serial,
            token=commitment.document.token,
            verify_url=verify_url(commitment.document.token),
            pdf_url=f"/api/v1/commitments/{commitment.serial}/pdf",
            check_code=getattr(commitment, "check_code", ""),
            sampled=commitment.sampled,
        ),
    )


@router.get(
    "/{serial}", response={200: CommitmentOut, **errors(401, 404)}, summary="一份告知承诺书"
)
def get_commitment(request, serial: str):
    return CommitmentOut.of(_commitment(request.user, serial), request.user)


@router.get(
    "/{serial}/pdf",
    response=errors(401, 403, 404),
    summary="告知承诺书 PDF(application/pdf)",
    openapi_extra={"responses": {200: {"description": "签名的告知承诺书", "content": PDF}}},
)
def get_pdf(request, serial: str):
    commitment = _commitment(request.user, serial)
    if not permissions.can_handle_commitment(request.user, commitment):
        raise PermissionDenied("告知承诺书原件只由作出决定的部门调阅")
    return commitment_pdf(commitment)


@router.post(
    "/{serial}/withdraw",
    response={200: CommitmentOut, **errors(401, 403, 404, 409, 422)},
    summary="撤回告知承诺",
)
def withdraw(request, serial: str, payload: WithdrawIn):
    """Before the decision only (409 `already_decided`); the paper then verifies as withdrawn."""
    commitment = services.withdraw_commitment(
        actor=request.user, commitment=_commitment(request.user, serial), reason=payload.reason
    )
    return CommitmentOut.of(commitment, request.user)


@router.post(
    "/{serial}/decision",
    response={200: CommitmentOut, **errors(401, 403, 404, 409)},
    summary="登记部门已作出决定",
)
def decide(request, serial: str):
    """The department decided the case on this commitment: it can no longer be withdrawn.
    Only the deciding department; already decided or withdrawn: 409 `not_open`."""
    commitment = services.decide_commitment(
        actor=request.user, commitment=_commitment(request.user, serial)
    )
    return CommitmentOut.of(commitment, request.user)


@checks_router.get(
    "", response={200: PostCheckListOut, **errors(401, 403, 422)}, summary="事后核查队列"
)
def list_checks(request, query: Query[PostCheckQuery]):
    if not permissions.can_read_commitments(request.user):
        raise PermissionDenied("无权查看事后核查")
    checks = selectors.list_post_checks(request.user, state=query.state)
    rows = list(checks[query.offset : query.offset + query.limit])
    return PostCheckListOut(items=[PostCheckOut.of(c) for c in rows], count=checks.count())


def _check(user, pk: int) -> PostCheck:
    check = selectors.get_post_check(user, pk)
    if check is None:
        raise Http404
    return check


@checks_router.post(
    "/{id}/result",
    response={200: PostCheckOut, **errors(401, 403, 404, 409, 422)},
    summary="登记事后核查结果",
)
def record_result(request, id: int, payload: PostCheckResultIn):
    """When (now), by whom (the token's user), basis, fulfilled, how; findings and evidence when
    untrue. Already recorded: 409."""
    check = postchecks.record_result(
        actor=request.user, check=_check(request.user, id), **payload.model_dump()
    )
    return PostCheckOut.of(check)


@checks_router.post(
    "/{id}/notice",
    response={200: PostCheckOut, **errors(401, 403, 404, 409, 422)},
    summary="告知申请人核查不实",
)
def notify(request, id: int, payload: FindingNoticeIn):
    """The applicant is told the commitment was found untrue; the answer period (5 working days,
    `answer_deadline`) starts. Only an untrue result: 409 `not_untrue`."""
    check = postchecks.notify_finding(
        actor=request.user, check=_check(request.user, id), method=payload.notice_method
    )
    return PostCheckOut.of(check)


@checks_router.post(
    "/{id}/confirmation",
    response={200: PostCheckOut, **errors(401, 403, 404, 409, 422)},
    summary="认定虚假承诺或采纳申辩",
)
def confirm(request, id: int, payload: FindingConfirmationIn):
    """After the applicant was told and could answer: `upheld` true creates the credit record;
    false clears the finding on the answer. Before the answer period ends an answer is required
    (422 naming `answer`); not yet told: 409 `not_notified`."""
    check = postchecks.confirm_finding(
        actor=request.user, check=_check(request.user, id), **payload.model_dump()
    )
    return PostCheckOut.of(check)


@credit_router.get(
    "/export",
    response={200: CreditExportOut, **errors(401, 403, 422)},
    summary="导出信用记录（信用信息共享平台）",
    openapi_extra={
        "responses": {
            200: {
                "description": "format=json：records 列表；format=csv：同样的字段，中文表头",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export(request, query: Query[CreditExportQuery]):
    """Fields modelled on 双公示 / 信用中国 (docs/commitments.md); full ID numbers only for the
    platform's authorised receiver accounts."""
    if not permissions.can_read_credit(request.user):
        raise PermissionDenied("无权导出信用记录")
    records = selectors.list_credit_records(request.user).select_related("commitment", "county")
    rows = exports.credit_rows(records, with_ids=selectors.receives_id_numbers(request.user))
    if query.format == "csv":
        return HttpResponse(exports.credit_csv(rows), content_type="text/csv; charset=utf-8")
    return CreditExportOut(records=rows)


@credit_router.get(
    "", response={200: CreditRecordListOut, **errors(401, 403, 422)}, summary="信用记录"
)
def list_records(request, query: Query[CreditListQuery]):
    if not permissions.can_read_credit(request.user):
        raise PermissionDenied("无权查看信用记录")
    records = selectors.list_credit_records(request.user, state=query.state)
    rows = list(records[query.offset : query.offset + query.limit])
    return CreditRecordListOut(items=[CreditRecordOut.of(r) for r in rows], count=records.count())


def _record(user, pk: int) -> CreditRecord:
    record = selectors.get_credit_record(user, pk)
    if record is None:
        raise Http404
    return record


@credit_router.post(
    "/{id}/repair",
    response={200: CreditRecordOut, **errors(401, 403, 404, 409, 422)},
    summary="信用修复",
)
def repair(request, id: int, payload: RepairIn):
    record = credit.repair_record(
        actor=request.user, record=_record(request.user, id), basis=payload.basis
    )
    return CreditRecordOut.of(record)


@credit_router.post(
    "/{id}/objection",
    response={200: CreditRecordOut, **errors(401, 403, 404, 409, 422)},
    summary="处理异议",
)
def objection(request, id: int, payload: ObjectionIn):
    record = _record(request.user, id)
    credit.decide_objection(actor=request.user, record=record, **payload.model_dump())
    record.refresh_from_db()
    return CreditRecordOut.of(record)


@credit_router.post(
    "/{id}/publish",
    response={200: CreditRecordOut, **errors(401, 403, 404, 409)},
    summary="公开信用记录",
)
def publish(request, id: int):
    return CreditRecordOut.of(
        credit.publish_record(actor=request.user, record=_record(request.user, id))
    )
