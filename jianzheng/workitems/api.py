"""社区工作事项准入 over HTTP (二(二)): the public lists; departments' requests, 民政局's decisions,
the agreements; the community's record of what was pushed onto it. Thin: parse → authorise →
call → serialise; the rules are in services and rules."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.accounts.permissions import units_in_scope
from jianzheng.catalogue.counties import county_for
from jianzheng.core.schemas import CodeNameRef, errors
from jianzheng.regions.models import Unit
from jianzheng.workitems import permissions, selectors, services
from jianzheng.workitems.schemas import (
    ServiceAgreementListOut,
    ServiceAgreementOut,
    ServiceAgreementQuery,
    WorkItemDecisionIn,
    WorkItemListOut,
    WorkItemOut,
    WorkItemQuery,
    WorkItemRequestIn,
    WorkItemRequestOut,
    WorkPushIn,
    WorkPushListOut,
    WorkPushOut,
    WorkPushQuery,
)

items_router = Router(tags=["workitems"])
requests_router = Router(tags=["workitems"], auth=bearer)
agreements_router = Router(tags=["workitems"], auth=bearer)
pushes_router = Router(tags=["workitems"], auth=bearer)


@items_router.get(
    "", response={200: WorkItemListOut, **errors(400, 422)}, summary="社区工作事项清单（公开）"
)
def list_items(request, query: Query[WorkItemQuery]):
    """The county's three lists (its own and the region's above it): 依法履职事项 `duty`,
    协助政府工作事项 `assistance`, 负面清单 `negative`."""
    county = county_for(query.county)
    items = [WorkItemOut.of(i) for i in selectors.county_items(county, category=query.category)]
    return WorkItemListOut(
        county=CodeNameRef(code=county.code, name=county.name), items=items, count=len(items)
    )


@requests_router.post(
    "",
    response={201: WorkItemRequestOut, **errors(401, 403, 422)},
    summary="申请社区工作事项准入",
)
def submit(request, payload: WorkItemRequestIn):
    """201 with `state`: `pending` (due by `deadline`), `refused` at once when it matches a
    negative item (`negative_item`), `emergency` when exempt from prior approval (reviewed later).
    422 naming the field: no legal basis or funding for assistance work, a term ending before it
    starts, communities outside the applicant's area."""
    made = services.submit_request(actor=request.user, **payload.model_dump())
    return Status(201, WorkItemRequestOut.of(made))


@requests_router.post(
    "/{id}/decision",
    response={200: WorkItemRequestOut, **errors(401, 403, 404, 409, 422)},
    summary="审核准入申请（民政局；会签；突发事件事后审查）",
)
def decide(request, id: int, payload: WorkItemDecisionIn):
    """民政局 approves (creating the service agreement and its signed paper) or rejects, with
    reasons; where the county configures it 组织部 co-signs after. An emergency's review: approve
    (it was one) or reject (the work is withdrawn). Own unit's request: 403; decided: 409."""
    found = selectors.get_request(request.user, id)
    if found is None:
        raise Http404
    decided = services.decide_request(actor=request.user, request=found, **payload.model_dump())
    return WorkItemRequestOut.of(decided)


@agreements_router.get(
    "",
    response={200: ServiceAgreementListOut, **errors(401, 403, 422)},
    summary="社区服务协议",
)
def list_agreements(request, query: Query[ServiceAgreementQuery]):
    if not (permissions.can_read_requests(request.user) or permissions.is_clerk(request.user)):
        raise PermissionDenied("无权查看社区服务协议")
    rows = selectors.list_agreements(
        request.user, community=query.community, department=query.department
    )
    page = list(rows[query.offset : query.offset + query.limit])
    return ServiceAgreementListOut(
        items=[ServiceAgreementOut.of(a) for a in page], count=rows.count()
    )


@pushes_router.post(
    "",
    response={201: WorkPushOut, **errors(401, 403, 404, 422)},
    summary="社区登记推送的工作任务（接受或拒绝）",
)
def record(request, payload: WorkPushIn):
    """One action: 201 with `decision` accepted (admitted, with its agreement) or refused (not
    admitted, a negative item, or its agreement lapsed) and the reason. Another community: 404."""
    code = payload.community.strip()
    community = (
        units_in_scope(request.user).filter(code=code, kind=Unit.Kind.COMMUNITY).first()
        if code
        else None
    )
    if community is None:
        raise Http404
    push = services.record_push(
        actor=request.user,
        community=community,
        department=payload.department,
        title=payload.title,
        work_item=payload.work_item,
    )
    return Status(201, WorkPushOut.of(push))


@pushes_router.get(
    "", response={200: WorkPushListOut, **errors(401, 403, 422)}, summary="推送给社区的工作任务"
)
def list_pushes(request, query: Query[WorkPushQuery]):
    """A department sees the pushes communities recorded against it (its refusals); a clerk their
    community's; civil affairs and auditors their county's."""
    if not permissions.can_read_pushes(request.user):
        raise PermissionDenied("无权查看推送给社区的工作任务")
    rows = selectors.list_pushes(
        request.user, department=query.department.strip(), decision=query.decision or ""
    )
    page = list(rows[query.offset : query.offset + query.limit])
    return WorkPushListOut(items=[WorkPushOut.of(p) for p in page], count=rows.count())
