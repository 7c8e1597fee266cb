"""Plaques, wall postings and awards over HTTP (二(四), 三(三)): the inventory, compliance with
each violation's `rule`, `clause` and `message`, and the guide board. Thin: parse → authorise →
call → serialise; the rules are in rules.py and services.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Query, Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.core.schemas import CodeNameRef, errors
from jianzheng.signage import http, pdf, permissions, selectors, services
from jianzheng.signage.models import AwardDisplay, Plaque, WallPosting
from jianzheng.signage.schemas import (
    AwardIn,
    AwardListOut,
    AwardOut,
    AwardRecordedOut,
    ComplianceOut,
    ComplianceQuery,
    PlaqueIn,
    PlaqueListOut,
    PlaqueOut,
    PlaqueRecordedOut,
    SignageQuery,
    SignageViolationOut,
    VenueComplianceOut,
    VenueRef,
    WallPostingIn,
    WallPostingListOut,
    WallPostingOut,
    WallPostingRecordedOut,
)

plaques_router = Router(tags=["signage"], auth=bearer)
postings_router = Router(tags=["signage"], auth=bearer)
awards_router = Router(tags=["signage"], auth=bearer)

PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def _reader(user) -> None:
    if not permissions.can_read(user):
        raise PermissionDenied("无权查看社区挂牌和上墙情况")


def _venue(user, pk: int):
    venue = (
        permissions.visible_venues(user).select_related("community__region").filter(pk=pk).first()
    )
    if venue is None:
        raise Http404
    return venue


def _listed(user, model, query: SignageQuery):
    _reader(user)
    unit = http.unit_for(user, query.unit)
    rows = (
        model.objects.filter(venue__in=selectors.venues_in(unit.region), removed_on__isnull=True)
        .select_related("venue__community")
        .order_by("venue_id", "pk")
    )
    if query.venue:
        rows = rows.filter(venue=_venue(user, query.venue))
    return rows, list(rows[query.offset : query.offset + query.limit])


def _violations(venue) -> list[SignageViolationOut]:
    return [SignageViolationOut.of(v) for v in selectors.violations(venue)]


@plaques_router.get(
    "", response={200: PlaqueListOut, **errors(401, 403, 404, 422)}, summary="社区牌子清单"
)
def list_plaques(request, query: Query[SignageQuery]):
    """The plaques hanging now in the venues of `unit` (default: the user's own unit)."""
    rows, page = _listed(request.user, Plaque, query)
    return PlaqueListOut(items=[PlaqueOut.of(p) for p in page], count=rows.count())


@plaques_router.post(
    "",
    response={201: PlaqueRecordedOut, **errors(401, 403, 404, 422)},
    summary="登记一块牌子（本社区工作人员）",
)
def record_plaque(request, payload: PlaqueIn):
    """201 with the venue's `violations` now (a fourth plaque beside the door: `door-side-plaques`,
    三(三)二); each violation opens a rectification task. Another community's venue: 404 or 403."""
    venue = _venue(request.user, payload.venue)
    made = services.record_plaque(
        actor=request.user, venue=venue, **payload.model_dump(exclude={"venue"})
    )
    return Status(
        201, PlaqueRecordedOut(**PlaqueOut.of(made).model_dump(), violations=_violations(venue))
    )


@plaques_router.get(
    "/compliance",
    response={200: ComplianceOut, **errors(401, 403, 404, 422)},
    summary="挂牌和上墙合规情况（场所、社区、乡镇、县）",
)
def compliance(request, query: Query[ComplianceQuery]):
    """Every venue of `unit` with its violations, each with `rule`, `clause` and `message`."""
    _reader(request.user)
    unit = http.unit_for(request.user, query.unit)
    result = selectors.compliance(unit.region)
    return ComplianceOut(
        unit=CodeNameRef(code=unit.code, name=unit.name),
        rule_set=selectors.rule_set_for(unit.region).name,
        compliant_venues=result.compliant,
        total_venues=result.total,
        compliant=result.is_compliant,
        venues=[
            VenueComplianceOut(
                venue=VenueRef.of(v.venue),
                compliant=v.compliant,
                violations=[SignageViolationOut.of(x) for x in v.violations],
            )
            for v in result.venues
        ],
    )


@plaques_router.get(
    "/guide-board/{community}.pdf",
    response=errors(401, 403, 404, 422, 503),
    summary="社区(村)服务工作机构引导牌 PDF（40cm×60cm）",
    openapi_extra={"responses": {200: {"description": "引导牌，原大 400mm×600mm", "content": PDF}}},
)
def guide_board(request, community: str) -> HttpResponse:
    """A community outside the user's scope, or a user who reads no signage: 404."""
    found = permissions.visible_communities(request.user).filter(code=community).first()
    if found is None:
        raise Http404
    return http.pdf_response(pdf.guide_board(found), f"guide-board-{found.code}.pdf")


@postings_router.get(
    "", response={200: WallPostingListOut, **errors(401, 403, 404, 422)}, summary="上墙制度清单"
)
def list_postings(request, query: Query[SignageQuery]):
    rows, page = _listed(request.user, WallPosting, query)
    return WallPostingListOut(items=[WallPostingOut.of(p) for p in page], count=rows.count())


@postings_router.post(
    "",
    response={201: WallPostingRecordedOut, **errors(401, 403, 404, 422)},
    summary="登记一项上墙制度",
)
def record_posting(request, payload: WallPostingIn):
    """Only `notice` may stay on the wall (三(三)三): `internal` and `policy` answer a violation
    and go into the service handbook once put right."""
    venue = _venue(request.user, payload.venue)
    made = services.record_posting(
        actor=request.user, venue=venue, **payload.model_dump(exclude={"venue"})
    )
    return Status(
        201,
        WallPostingRecordedOut(
            **WallPostingOut.of(made).model_dump(), violations=_violations(venue)
        ),
    )


@awards_router.get(
    "", response={200: AwardListOut, **errors(401, 403, 404, 422)}, summary="奖状奖牌清单"
)
def list_awards(request, query: Query[SignageQuery]):
    rows, page = _listed(request.user, AwardDisplay, query)
    return AwardListOut(items=[AwardOut.of(a) for a in page], count=rows.count())


@awards_router.post(
    "",
    response={201: AwardRecordedOut, **errors(401, 403, 404, 422)},
    summary="登记一项奖状奖牌及其展示位置",
)
def record_award(request, payload: AwardIn):
    """`wall` is a violation (三(三)四); a display board or an honour room is fine."""
    venue = _venue(request.user, payload.venue)
    made = services.record_award(
        actor=request.user, venue=venue, **payload.model_dump(exclude={"venue"})
    )
    return Status(
        201, AwardRecordedOut(**AwardOut.of(made).model_dump(), violations=_violations(venue))
    )
