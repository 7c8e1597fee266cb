"""The ledger over HTTP for other systems (政务服务平台, departments' own systems).

Handlers parse → authorise → call → serialise; every rule lives in certificates.services and
the scope in certificates.permissions, exactly as for the staff pages."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from ninja import Query, Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.accounts.permissions import unit_in_scope
from jianzheng.certificates import demands, selectors, services
from jianzheng.certificates.http import certificate_pdf, require_ledger_reader
from jianzheng.certificates.schemas import (
    CertificateDetailOut,
    CertificateOut,
    CertificatePageOut,
    IssueCertificateIn,
    LedgerQuery,
    RecordRefusalIn,
    RefusalOut,
    RefusalPageOut,
    RevokeCertificateIn,
)
from jianzheng.core.schemas import errors
from jianzheng.regions.models import Unit

router = Router(tags=["certificates"], auth=bearer)
refusals_router = Router(tags=["certificates"], auth=bearer)


def _community(user, code: str) -> Unit:
    """Unknown and out-of-scope units look the same (404); in scope but not allowed is the
    service's PermissionDenied (403)."""
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is None or not unit_in_scope(user, unit):
        raise Http404
    return unit


def _certificate(user, serial: str):
    certificate = selectors.get_certificate(user, serial)
    if certificate is None:
        raise Http404
    return certificate


@router.post(
    "", response={201: CertificateOut, **errors(401, 403, 404, 413, 422, 503)}, summary="出具证明"
)
def issue(request, payload: IssueCertificateIn):
    """A retained item is issued (201). A cancelled or unlisted item is refused with 422
    `item_not_retained`: the refusal is recorded and `error.details.alternatives` says what
    replaces the proof. A character no font can print is 422 `unprintable_character` naming
    the field; a paper that cannot be drawn at all is 503 `pdf_unavailable`, with nothing
    written."""
    outcome = services.issue_certificate(
        actor=request.user,
        community=_community(request.user, payload.community),
        item=payload.item,
        facts=payload.facts,
        checks=[check.dict() for check in payload.checks],
        purpose=payload.purpose,
        requester=payload.requester,
        handover=payload.handover,
    )
    if isinstance(outcome, services.Refused):
        raise outcome.error  # the refusal is already recorded
    return Status(201, CertificateOut.of(outcome, request.user))


@router.get("", response={200: CertificatePageOut, **errors(401, 403, 422)}, summary="出具证明台账")
def list_certificates(request, query: Query[LedgerQuery]):
    require_ledger_reader(request.user)
    page = selectors.list_certificates(
        request.user, query.to_filter(), cursor=query.cursor, limit=query.limit
    )
    prefetch_related_objects(page.rows, "document")
    return CertificatePageOut(
        items=[CertificateOut.of(c, request.user) for c in page.rows],
        next_cursor=page.next_cursor,
    )


@router.get(
    "/{serial}", response={200: CertificateDetailOut, **errors(401, 404)}, summary="一份证明"
)
def get_certificate(request, serial: str):
    return CertificateDetailOut.of(_certificate(request.user, serial), request.user)


@router.get(
    "/{serial}/pdf",
    response=errors(401, 403, 404),
    summary="证明 PDF(application/pdf)",
    openapi_extra={
        "responses": {
            200: {
                "description": "证明 PDF（含完整身份证号）；已撤销的加盖“已撤销”及日期，"
                "?original=true 取出具时的原件",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_pdf(request, serial: str, original: bool = False):
    """A revoked certificate's paper comes stamped 已撤销 with the date; ?original=true gives
    the issuing clerks the paper as issued."""
    return certificate_pdf(request.user, _certificate(request.user, serial), original=original)


@router.post(
    "/{serial}/revoke",
    response={200: CertificateOut, **errors(401, 403, 404, 409, 413, 422)},
    summary="撤销证明",
)
def revoke(request, serial: str, payload: RevokeCertificateIn):
    certificate = services.revoke_certificate(
        actor=request.user,
        certificate=_certificate(request.user, serial),
        category=payload.category,
        reason=payload.reason,
    )
    return CertificateOut.of(certificate, request.user)


@refusals_router.get(
    "", response={200: RefusalPageOut, **errors(401, 403, 422)}, summary="拒绝出具台账"
)
def list_refusals(request, query: Query[LedgerQuery]):
    require_ledger_reader(request.user)
    page = selectors.list_refusals(
        request.user, query.to_filter(), cursor=query.cursor, limit=query.limit
    )
    return RefusalPageOut(
        items=[RefusalOut.of(r, viewer=request.user) for r in page.rows],
        next_cursor=page.next_cursor,
    )


@refusals_router.post(
    "", response={201: RefusalOut, **errors(401, 403, 404, 413, 422)}, summary="登记拒绝出具"
)
def record_refusal(request, payload: RecordRefusalIn):
    refusal = demands.refuse_at_desk(
        actor=request.user,
        community=_community(request.user, payload.community),
        item=payload.item,
        requester=payload.requester,
        note=payload.note,
        requested_on=payload.requested_on,
    )
    return Status(201, RefusalOut.of(refusal, viewer=request.user))
