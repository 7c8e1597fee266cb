"""信息共享核查 over HTTP, for departments' own systems (二(六)). Thin: parse → authorise → call →
serialise; the rules are in sharing.services, the scope in sharing.permissions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.accounts.permissions import is_staff_member
from jianzheng.core.schemas import CodeNameRef, errors
from jianzheng.sharing import permissions, selectors, services
from jianzheng.sharing.models import SharingCheck
from jianzheng.sharing.schemas import (
    AvoidedOut,
    AvoidedQuery,
    AvoidedRowOut,
    SharingAnswerIn,
    SharingCheckIn,
    SharingCheckListOut,
    SharingCheckOut,
    SharingListQuery,
)

router = Router(tags=["sharing"], auth=bearer)


def _check(user, pk: int) -> SharingCheck:
    check = selectors.get_check(user, pk)
    if check is None:
        raise Http404
    return check


@router.post(
    "", response={201: SharingCheckOut, **errors(401, 403, 422)}, summary="发起信息共享核查"
)
def ask(request, payload: SharingCheckIn):
    """Asks the holder to confirm one fact (201, state `pending`). Missing purpose, case number,
    legal basis or replaced item, an unknown holder or fact, a fact the holder does not answer,
    an invalid ID number: 422 naming the field, nothing written."""
    check = services.ask_check(actor=request.user, **payload.model_dump())
    return Status(201, SharingCheckOut.of(check, request.user))


@router.get(
    "", response={200: SharingCheckListOut, **errors(401, 403, 422)}, summary="信息共享核查记录"
)
def list_checks(request, query: Query[SharingListQuery]):
    """The checks of the caller's unit (asked by it, addressed to it); an auditor's: of every
    unit in scope."""
    if not permissions.can_read(request.user):
        raise PermissionDenied("无权查看信息共享核查")
    checks = selectors.list_checks(request.user, role=query.role or "", state=query.state or "")
    rows = list(checks[query.offset : query.offset + query.limit])
    return SharingCheckListOut(
        items=[SharingCheckOut.of(c, request.user) for c in rows], count=checks.count()
    )


@router.get(
    "/avoided",
    response={200: AvoidedOut, **errors(400, 401, 403, 404, 422)},
    summary="因信息共享核查而免开的证明",
)
def avoided(request, query: Query[AvoidedQuery]):
    """Per month and item: checks answered yes or no that replaced a proof. A county outside
    the caller's scope is 404."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    county = selectors.county_for_reader(request.user, query.county)
    if county is None:
        raise Http404
    rows = selectors.certificates_avoided(county, date_from=query.date_from, date_to=query.date_to)
    return AvoidedOut(
        county=CodeNameRef(code=county.code, name=county.name),
        date_from=query.date_from,
        date_to=query.date_to,
        rows=[
            AvoidedRowOut(
                month=r.month, item=CodeNameRef(code=r.item_code, name=r.item_name), count=r.count
            )
            for r in rows
        ],
        total=sum(r.count for r in rows),
    )


@router.get("/{id}", response={200: SharingCheckOut, **errors(401, 404)}, summary="一项核查")
def get_check(request, id: int):
    return SharingCheckOut.of(_check(request.user, id), request.user)


@router.post(
    "/{id}/answer",
    response={200: SharingCheckOut, **errors(401, 403, 404, 409, 422)},
    summary="答复信息共享核查",
)
def answer(request, id: int, payload: SharingAnswerIn):
    """The holder answers yes / no / declined (with a reason); a `fields` fact's yes gives
    exactly its fields. Answered already: 409 `already_answered`."""
    check = services.answer_check(
        actor=request.user,
        check=_check(request.user, id),
        answer=payload.answer,
        fields=payload.fields,
        reason=payload.reason,
    )
    return SharingCheckOut.of(check, request.user)
