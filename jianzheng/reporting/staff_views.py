"""The dashboard and the census pages (staff, scoped to the viewer's subtree). Read-only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from jianzheng.accounts.permissions import scope_region
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region
from jianzheng.reporting import census as census_tables
from jianzheng.reporting import charts, exports, panels, permissions
from jianzheng.reporting.scope import Period, parse_period, resolve_scope


def _reader(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied("无权查看统计")


def _scope_and_period(request):
    scope = resolve_scope(request.user, request.GET.get("scope"))
    try:
        period = parse_period(request.GET.get("from"), request.GET.get("to"))
        error = ""
    except RuleViolation as exc:
        period, error = Period(None, None), "；".join(exc.fields.values()) or exc.message
    return scope, period, error


def _scopes(user):
    own = scope_region(user)
    if own is None:
        return []
    return (
        Region.objects.filter(path__startswith=own.path)
        .exclude(level=Region.Level.COMMUNITY)
        .order_by("path")
    )


@login_required
@require_safe
def dashboard(request):
    _reader(request)
    scope, period, error = _scope_and_period(request)
    view = "table" if request.GET.get("view") == "table" else "chart"
    shown = panels.build_panels(request.user, scope, period)
    query = request.GET.copy()
    query.pop("view", None)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "scope": scope,
            "period": period,
            "error": error,
            "view": view,
            "panels": [(p, charts.bar_chart(p.table)) for p in shown],
            "scopes": _scopes(request.user),
            "query": query.urlencode(),
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
def panel_xlsx(request, key: str):
    _reader(request)
    spec = panels.panel(key)
    if spec is None:
        raise Http404
    scope, period, error = _scope_and_period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    table = spec.build(request.user, scope, period)
    if table is None:
        raise Http404
    return exports.xlsx_response(table, f"dashboard-{key}-{scope.code}")


@login_required
@require_safe
def census(request):
    _reader(request)
    scope, period, error = _scope_and_period(request)
    return render(
        request,
        "reporting/census.html",
        {
            "scope": scope,
            "period": period,
            "error": error,
            "issued": census_tables.issued_census(scope, period),
            "plaques": [build(scope, period) for build in census_tables.PLAQUE_CENSUS],
            "scopes": _scopes(request.user),
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )


def _send(table, fmt: str, name: str):
    if fmt == "xlsx":
        return exports.xlsx_response(table, name)
    if fmt == "pdf":
        return exports.pdf_response(table, name)
    raise Http404


@login_required
@require_safe
def census_issued(request, fmt: str):
    _reader(request)
    scope, period, error = _scope_and_period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    return _send(census_tables.issued_census(scope, period), fmt, f"census-issued-{scope.code}")


@login_required
@require_safe
def census_legal_bases(request, fmt: str):
    _reader(request)
    scope, _period, _error = _scope_and_period(request)
    return _send(
        census_tables.legal_bases_for_scope(scope), fmt, f"census-legal-bases-{scope.code}"
    )
