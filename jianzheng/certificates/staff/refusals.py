"""The refusal ledger: demands turned away (and hand-overs), a desk refusal, one record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from jianzheng.certificates import demands, permissions, rules, selectors
from jianzheng.certificates.forms import DeskRefusalForm
from jianzheng.certificates.http import require_ledger_reader
from jianzheng.certificates.staff.common import PAGE_SIZE, clerk_community
from jianzheng.certificates.staff.ledger import filter_form, keyset_page, page_query
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.core.text import text_for_viewer
from jianzheng.regions.selectors import unit_options


@login_required
@require_safe
def refusals(request):
    require_ledger_reader(request.user)
    form = filter_form(request, certificates=False)
    page, status = keyset_page(
        request,
        form,
        lambda f, cursor: selectors.list_refusals(request.user, f, cursor=cursor, limit=PAGE_SIZE),
    )
    return render(
        request,
        "certificates/staff/refusals.html",
        {
            "form": form,
            "rows": page.rows if page else [],
            "next_query": page_query(request, cursor=page.next_cursor)
            if page and page.next_cursor
            else "",
            "first_page": not request.GET.get("cursor"),
            # However a unit was written, it is counted once (二(五): the basis for exposure).
            "by_requester": selectors.count_refusals_by_requester(request.user, form.to_filter())[
                :20
            ]
            if page
            else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def refusal_new(request):
    community = clerk_community(request.user)
    form = DeskRefusalForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            refusal = demands.refuse_at_desk(
                actor=request.user, community=community, **form.cleaned_data
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = REJECTED
        else:
            messages.success(request, "已记入拒绝出具台账。")
            return redirect("certificates_staff:refusal", pk=refusal.pk)
    context = {"form": form, "unit_options": unit_options(community.region)}
    return render(request, "certificates/staff/refusal_new.html", context, status=status)


@login_required
@require_safe
def refusal_detail(request, pk: int):
    # No role check first: a user who reads no ledger finds no record (404, as for certificates).
    refusal = (
        permissions.visible_refusals(request.user)
        .select_related("community", "clerk", "item", "certificate", "requester_unit")
        .filter(pk=pk)
        .first()
    )
    if refusal is None:
        raise Http404("没有这条记录")
    item = refusal.item
    return render(
        request,
        "certificates/staff/refusal_detail.html",
        {
            "refusal": refusal,
            "note": text_for_viewer(refusal.note, viewer=request.user, writer_id=refusal.clerk_id),
            "item": item,
            "alternatives": item.alternatives.select_related("handling_unit") if item else [],
            "message": rules.refusal_message(refusal.reason, refusal.item_name),
        },
    )
