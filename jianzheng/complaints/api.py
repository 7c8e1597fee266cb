"""监督举报 over HTTP (二(五)). Public: report (JSON, or multipart with `files`), follow with the
secret in `X-Complaint-Secret` (never in the URL), add information; staff: list, move a case;
everyone: the exposure notices. Thin: the rules are in complaints.services."""

import json

from django.http import Http404
from ninja import Query, Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.catalogue.counties import county_for
from jianzheng.complaints import selectors, services
from jianzheng.complaints.models import Complaint
from jianzheng.complaints.schemas import (
    ComplaintCreatedOut,
    ComplaintEventOut,
    ComplaintIn,
    ComplaintListOut,
    ComplaintListQuery,
    ComplaintMessageIn,
    ComplaintMessageOut,
    ComplaintPublicOut,
    ComplaintRowOut,
    ComplaintTransitionIn,
    ExposureNoticeListOut,
    ExposureNoticeOut,
    ExposureNoticeQuery,
)
from jianzheng.core import throttle
from jianzheng.core.errors import RuleViolation
from jianzheng.core.schemas import CodeNameRef, errors

router = Router(tags=["complaints"])
notices_router = Router(tags=["complaints"])

SECRET_HEADER = "HTTP_X_COMPLAINT_SECRET"
# Per client address: reports and follow-ups anyone can send (issue 11: a flood is refused).
REPORT_BUDGET = {"limit": 10, "period": 3600}
FOLLOW_BUDGET = {"limit": 60, "period": 600}

_JSON_BODY = ComplaintIn.model_json_schema()
_MULTIPART_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _JSON_BODY},
            "multipart/form-data": {
                "schema": {
                    **_JSON_BODY,
                    "description": "the fields of ComplaintIn, plus up to 5 files as `files`",
                    "properties": {
                        **_JSON_BODY["properties"],
                        "files": {
                            "type": "array",
                            "maxItems": services.MAX_FILES,
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            },
        },
    }
}


def _body(request) -> tuple[dict, list]:
    if request.content_type == "multipart/form-data":
        return request.POST.dict(), request.FILES.getlist("files")
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise RuleViolation("invalid_input", "请求体不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise RuleViolation("invalid_input", "请求体应为 JSON 对象")
    return data, []


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RuleViolation("invalid_input", f"{key} 应为字符串", field=key)
    return value


@router.post(
    "",
    response={201: ComplaintCreatedOut, **errors(400, 413, 422, 429)},
    summary="举报索要不合理证明的单位（无需登录）",
    openapi_extra=_MULTIPART_BODY,
)
def report(request):
    """201 with `tracking_number` and `secret` (the only time the secret is shown). Every bad
    field is named at once (422); evidence of the wrong type (by content), too large, or with a
    path in its name refuses the whole report; nothing is written. 10 reports an hour per
    address (429)."""
    throttle.spend(request, "complaint-report", **REPORT_BUDGET)
    data, files = _body(request)
    fields = {key: _text(data, key) for key in ComplaintIn.model_fields}
    county = county_for(fields.pop("county") or None)
    made = services.submit_complaint(county=county, files=files, **fields)
    case = made.complaint
    return Status(
        201,
        ComplaintCreatedOut(
            tracking_number=case.tracking_number,
            secret=made.secret,
            state=case.state,
            due_on=case.due_on,
            item_status=case.item_status,
            likely_duplicate=made.likely_duplicate.tracking_number
            if made.likely_duplicate
            else None,
            evidence=case.evidence.count(),
        ),
    )


def _followed(request, tracking_number: str) -> Complaint:
    throttle.spend(request, "complaint-follow", **FOLLOW_BUDGET)
    complaint = services.follow(tracking_number, request.META.get(SECRET_HEADER, ""))
    if complaint is None:
        raise Http404
    return complaint


def public_view(complaint: Complaint) -> ComplaintPublicOut:
    main = complaint.joined_to or complaint
    return ComplaintPublicOut(
        tracking_number=complaint.tracking_number,
        state=main.state,
        state_label=main.get_state_display(),
        handled_by=services.handler_name(main.handling_region),
        level=main.level,
        due_on=main.due_on,
        overdue=services.is_overdue(main),
        unit=main.accused_label,
        item_name=main.item_name,
        item_status=main.item_status,
        date=main.happened_on,
        joined_to=main.tracking_number if complaint.joined_to_id else None,
        decision_reason=main.decision_reason,
        redirect_to=main.redirect_to,
        events=[
            ComplaintEventOut(at=e.at.isoformat(timespec="seconds"), text=e.public_text)
            for e in selectors.public_timeline(complaint)
        ],
    )


@router.get(
    "/{tracking_number}",
    response={200: ComplaintPublicOut, **errors(404, 429)},
    summary="查询举报进度（请求头 X-Complaint-Secret）",
)
def follow(request, tracking_number: str):
    """The public timeline of one report. A wrong or missing secret: 404, as for no report."""
    return public_view(_followed(request, tracking_number))


_MESSAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ComplaintMessageIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "description": "`text`, plus up to 5 evidence files as `files`",
                    "properties": {
                        "text": {"type": "string"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            },
        },
    }
}


@router.post(
    "/{tracking_number}/messages",
    response={201: ComplaintMessageOut, **errors(404, 413, 422, 429)},
    summary="补充情况或证据（请求头 X-Complaint-Secret；证据用 multipart 的 files）",
    openapi_extra=_MESSAGE_BODY,
)
def add_message(request, tracking_number: str):
    """New information (JSON `{"text"}`), or with evidence files (multipart `text` + `files`,
    checked like the report's). On a case not accepted, found unfounded or closed it reopens it."""
    complaint = _followed(request, tracking_number)
    data, files = _body(request)
    services.add_message(complaint=complaint, text=_text(data, "text"), files=files)
    main = Complaint.objects.get(pk=(complaint.joined_to_id or complaint.pk))
    return Status(
        201,
        ComplaintMessageOut(
            tracking_number=complaint.tracking_number,
            state=main.state,
            evidence=main.evidence.count(),
        ),
    )


def staff_row(complaint: Complaint) -> ComplaintRowOut:
    unit = complaint.accused_unit
    return ComplaintRowOut(
        id=complaint.pk,
        tracking_number=complaint.tracking_number,
        state=complaint.state,
        state_label=complaint.get_state_display(),
        level=complaint.level,
        county=CodeNameRef(code=complaint.county.code, name=complaint.county.name),
        unit=CodeNameRef(code=unit.code if unit else "", name=complaint.accused_label),
        item_name=complaint.item_name,
        item_status=complaint.item_status,
        date=complaint.happened_on,
        due_on=complaint.due_on,
        overdue=services.is_overdue(complaint),
        received_at=complaint.received_at.isoformat(timespec="seconds"),
        source=complaint.source,
    )


@router.get(
    "",
    response={200: ComplaintListOut, **errors(401, 422)},
    auth=bearer,
    summary="举报列表（工作人员）",
)
def list_complaints(request, query: Query[ComplaintListQuery]):
    """The cases in the caller's scope (the accused unit: those about itself)."""
    if query.state and query.state not in Complaint.State.values:
        raise RuleViolation("invalid_state", f"没有“{query.state[:20]}”这个状态", field="state")
    rows = selectors.list_complaints(request.user, state=query.state, overdue=query.overdue)
    page = list(rows[query.offset : query.offset + query.limit])
    return ComplaintListOut(items=[staff_row(c) for c in page], count=rows.count())


@router.post(
    "/{id}/transition",
    response={200: ComplaintRowOut, **errors(401, 403, 404, 409, 422)},
    auth=bearer,
    summary="办理举报：转到下一状态",
)
def transition(request, id: int, payload: ComplaintTransitionIn):
    """`to`: accepted / not_accepted (note = why) / answered (the accused unit's answer) /
    verified (the finding) / rectified / unfounded / closed / received (reopen). A move the
    workflow does not allow: 409 `transition_not_allowed` with `details.allowed`."""
    complaint = selectors.get_complaint(request.user, id)
    if complaint is None:
        raise Http404
    complaint = services.transition(
        actor=request.user,
        complaint=complaint,
        to=payload.to,
        note=payload.note,
        redirect_to=payload.redirect_to,
    )
    return staff_row(complaint)


@notices_router.get(
    "", response={200: ExposureNoticeListOut, **errors(400, 422)}, summary="曝光通报（公开）"
)
def exposure_notices(request, query: Query[ExposureNoticeQuery]):
    county = county_for(query.county) if query.county else None
    notices = selectors.public_notices(level=query.level, county=county)
    page = notices[query.offset : query.offset + query.limit]
    return ExposureNoticeListOut(
        items=[ExposureNoticeOut(**selectors.notice_row(n)) for n in page], count=notices.count()
    )
