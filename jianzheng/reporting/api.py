"""The census and the dashboard over HTTP (read-only, scoped to the caller's subtree)."""

from django.core.exceptions import PermissionDenied
from ninja import Query, Router

from jianzheng.accounts.api_auth import bearer
from jianzheng.accounts.permissions import scope_region
from jianzheng.core.errors import RuleViolation
from jianzheng.core.schemas import CodeNameRef, errors
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import county_of
from jianzheng.reporting import census, exports, panels, permissions
from jianzheng.reporting.schemas import (
    CensusIssuedOut,
    CensusIssuedQuery,
    CensusIssuedRowOut,
    DashboardOut,
    DashboardPanelOut,
    DashboardRowOut,
    LegalBasesOut,
    LegalBasesQuery,
    LegalBasisRowOut,
    ReportQuery,
)
from jianzheng.reporting.scope import parse_period, resolve_scope

ABOVE_COUNTY = (Region.Level.PROVINCE, Region.Level.CITY)

census_router = Router(tags=["reporting"], auth=bearer)
dashboard_router = Router(tags=["reporting"], auth=bearer)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader(user):
    if not permissions.can_read(user):
        raise PermissionDenied("无权查看统计")


def _ref(region: Region) -> CodeNameRef:
    return CodeNameRef(code=region.code, name=region.name)


@census_router.get(
    "/issued",
    response={200: CensusIssuedOut, **errors(401, 403, 404, 422)},
    summary="出具证明情况清单（三(二)）",
    openapi_extra={
        "responses": {
            200: {
                "description": "format=json 或 format=xlsx",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def issued(request, query: Query[CensusIssuedQuery]):
    """Per community each proof issued (count, revoked, hand-over), its legal basis and form, and
    the refusals. A scope outside the caller's subtree: 404."""
    _reader(request.user)
    scope = resolve_scope(request.user, query.scope)
    period = parse_period(query.date_from, query.date_to)
    table = census.issued_census(scope, period)
    if query.format == "xlsx":
        return exports.xlsx_response(table, f"census-issued-{scope.code}")
    rows = [
        CensusIssuedRowOut(
            township=r[0],
            community=r[1],
            item_code=r[2],
            item_name=r[3],
            issued=r[4],
            revoked=r[5],
            handover=r[6],
            refused=r[7],
            legal_basis=r[8],
            form=r[9],
        )
        for r in table.rows
    ]
    return CensusIssuedOut(
        scope=_ref(scope),
        **{"from": period.start, "to": period.end},
        rows=rows,
        issued=sum(r.issued for r in rows),
        refused=sum(r.refused for r in rows),
    )


@census_router.get(
    "/legal-bases",
    response={200: LegalBasesOut, **errors(401, 403, 404, 422)},
    summary="法规政策规定清单（三(二)）",
)
def legal_bases(request, query: Query[LegalBasesQuery]):
    """Each law or policy on the county's list in force with the proofs it requires of
    committees, retained or cancelled. A county outside the caller's subtree: 404."""
    _reader(request.user)
    own = scope_region(request.user)
    home = county_of(own) if own and own.level not in ABOVE_COUNTY else None
    if query.county and home is not None and query.county == home.code:
        scope = home  # a township's or community's own county list is theirs to read
    else:
        scope = resolve_scope(request.user, query.county or None)
    if scope.level != Region.Level.COUNTY:
        if query.county or scope.level in ABOVE_COUNTY:
            raise RuleViolation("county_required", "请指定本辖区内的县（区）代码", field="county")
        scope = county_of(scope)
    table = census.legal_bases_census(scope)
    return LegalBasesOut(
        county=_ref(scope),
        rows=[
            LegalBasisRowOut(
                title=r[0], level=r[1], article=r[2], item_code=r[3], item_name=r[4], status=r[5]
            )
            for r in table.rows
        ],
    )


@dashboard_router.get(
    "", response={200: DashboardOut, **errors(401, 403, 404, 422)}, summary="统计看板"
)
def dashboard(request, query: Query[ReportQuery]):
    _reader(request.user)
    scope = resolve_scope(request.user, query.scope)
    period = parse_period(query.date_from, query.date_to)
    shown = panels.build_panels(request.user, scope, period)
    return DashboardOut(
        scope=_ref(scope),
        **{"from": period.start, "to": period.end},
        panels=[
            DashboardPanelOut(
                key=p.spec.key,
                title=p.table.title,
                summary=p.summary,
                columns=p.table.header,
                rows=[DashboardRowOut(label=str(r[0]), count=int(r[1])) for r in p.table.rows],
            )
            for p in shown
        ],
    )
