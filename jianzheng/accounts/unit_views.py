"""Units in the back office: type-ahead for the demanding unit of a refusal, and the page where
the civil-affairs admin merges names nobody registered into the unit they mean (Units, not
strings: counts by unit stay true)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from jianzheng.accounts.permissions import (
    acts_above_county,
    can_look_up_units,
    can_merge_unit_names,
    membership_of,
    units_in_scope,
    visible_unit_names,
)
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED, RuleForm
from jianzheng.regions import selectors as regions
from jianzheng.regions.models import Unit, UnitName
from jianzheng.regions.services import merge_unit_name

SUGGEST_QUERY_LIMIT = 50


@login_required
@require_safe
def suggest(request):
    """GET ?q=杨和 or ?q=yhpcs → {"units": [{"code", "name"}]}: units near the user's own."""
    if not can_look_up_units(request.user):
        raise PermissionDenied("只有登记或查阅索要记录的工作人员可以查询单位")
    query = request.GET.get("q", "")[:SUGGEST_QUERY_LIMIT]
    found = regions.suggest_units(query, region=membership_of(request.user).unit.region)
    return JsonResponse({"units": [{"code": u.code, "name": u.name} for u in found]})


class MergeForm(RuleForm):
    unit = forms.CharField(
        label="归并到单位",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off"}),
        error_messages={"max_length": "单位名称不能超过200个字"},
    )


def _target(user, name: UnitName, text: str) -> Unit:
    """The unit picked (by code or by name), within the admin's scope and near the name's county
    (its units and those above it): a region admin never merges a 永宁县 name into a 贺兰县 unit.
    Else a field error."""
    text = text.strip()
    if not text:
        raise RuleViolation("required", "请选择要归并到的单位", field="unit")
    near = regions.units_near(name.region).values("pk")
    scope = units_in_scope(user).filter(is_active=True, pk__in=near)
    unit = scope.filter(code=text).first()
    if unit is None:
        resolved = regions.resolve_unit_name(text, region=name.region)
        unit = scope.filter(pk=resolved.pk).first() if resolved else None
    if unit is None:
        raise RuleViolation("unknown_unit", f"单位库中没有“{text}”，请从列表中选择", field="unit")
    return unit


def _page(request, *, failed: UnitName | None = None, form: MergeForm | None = None, status=200):
    names = visible_unit_names(request.user).select_related("region")
    pending = list(names.filter(unit__isnull=True).order_by("created_at", "pk"))
    merged = list(
        names.filter(unit__isnull=False)
        .select_related("unit", "merged_by")
        .order_by("-merged_at", "-pk")[:50]
    )
    counts = regions.count_name_uses(pending + merged)
    rows = sorted(({"name": n, "count": counts[n.pk]} for n in pending), key=lambda r: -r["count"])
    return render(
        request,
        "accounts/staff/unit_names.html",
        {
            "rows": rows,
            "merged": [{"name": n, "count": counts[n.pk]} for n in merged],
            "failed": failed,
            "form": form,
            "options": regions.unit_options(membership_of(request.user).unit.region),
            "show_county": acts_above_county(request.user),
        },
        status=status,
    )


def _require_merger(user) -> None:
    if not can_merge_unit_names(user):
        raise PermissionDenied("只有民政局管理员可以归并单位名称")


@login_required
@require_safe
def unit_names(request):
    _require_merger(request.user)
    return _page(request)


@login_required
@require_POST
def merge(request, pk: int):
    _require_merger(request.user)
    name = visible_unit_names(request.user).select_related("region").filter(pk=pk).first()
    if name is None:
        raise Http404("没有这个单位名称")
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            unit = _target(request.user, name, form.cleaned_data["unit"])
            merge_unit_name(actor=request.user, name=name, into=unit)
        except RuleViolation as exc:
            form.add_rule_errors(exc)
        else:
            messages.success(request, f"已将“{name.text}”归并到{unit.name}，统计已按单位重新计算。")
            return redirect("accounts_staff:unit-names")
    return _page(request, failed=name, form=form, status=REJECTED)
