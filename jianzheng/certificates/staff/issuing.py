"""Issuing (出具证明): pick a retained item, fill in its template, preview, issue; a request the
rules refuse is shown with its alternatives and recorded with the requester."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.search import clean_query, normalize
from jianzheng.certificates import demands, rules, services
from jianzheng.certificates.forms import IssueForm, RefusalRequestForm
from jianzheng.certificates.http import pdf_response
from jianzheng.certificates.models import Demand
from jianzheng.certificates.staff.common import clerk_community
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.regions.selectors import unit_options


def _issue_url(**query) -> str:
    return f"{reverse('certificates_staff:issue')}?{urlencode(query)}"


@login_required
@require_safe
def issue_start(request):
    """Step 1: pick a retained item; asking for anything else shows the refusal instead."""
    clerk_community(request.user)
    asked = request.GET.get("item", "").strip()[:100]
    q = request.GET.get("q", "")
    county = rules.county_for(clerk_community(request.user))
    try:
        if asked:
            decision = rules.decide(asked, county=county)
            if decision.allowed:
                return redirect("certificates_staff:issue-item", code=decision.item.code)
            return _render_refusal(request, decision, RefusalRequestForm(initial={"item": asked}))
        query, error = clean_query(q), ""
    except RuleViolation as exc:
        # e.g. a name several items share: list them and let the clerk choose.
        q, error = asked or q, exc.message
        query = normalize(asked) if exc.code == "ambiguous_item" else ""
    result = catalogue.search_items(
        query, county=county, status=CertificateItem.Status.RETAINED, limit=200
    )
    return render(
        request,
        "certificates/staff/issue_start.html",
        {"result": result, "q": q[:200], "error": error},
        status=REJECTED if error else 200,
    )


def _render_refusal(request, decision, form, *, status=200):
    item = decision.item
    community = clerk_community(request.user)
    return render(
        request,
        "certificates/staff/refusal_notice.html",
        {
            "decision": decision,
            "message": decision.message,
            "item": item,
            "alternatives": item.alternatives.all() if item else [],
            "form": form,
            "handover_possible": rules.handover_available(item, county=rules.county_for(community)),
            "unit_options": unit_options(community.region),
        },
        status=status,
    )


@login_required
@require_POST
def issue_refuse(request):
    """The clerk logs the request they turn away; the service records it (with the demanding
    unit) and answers with the alternatives to tell the resident."""
    community = clerk_community(request.user)
    county = rules.county_for(community)
    form = RefusalRequestForm(request.POST)
    form.is_valid()
    asked = (form.cleaned_data.get("item") or "").strip()
    purpose = form.cleaned_data.get("purpose") or ""
    try:
        if asked and rules.decide(asked, county=county).allowed:
            # A retained item after all: go and fill in its facts.
            return redirect(_issue_url(item=asked))
        refusal = demands.refuse_at_desk(
            actor=request.user,
            community=community,
            item=asked,
            requester=form.cleaned_data.get("requester") or "",
            note=f"用途：{purpose}" if purpose else "",
        )
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        try:
            decision = rules.decide(asked or "—", county=county)
        except RuleViolation:  # several items by that name: the form says so beside the field
            decision = rules.Decision(None, asked, refusal_reason=Demand.Reason.NOT_LISTED)
        return _render_refusal(request, decision, form, status=REJECTED)
    messages.success(request, "已记入拒绝出具台账。")
    return redirect("certificates_staff:refusal", pk=refusal.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def issue_form(request, code: str):
    return _issue(request, code, handover=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handover_form(request, code: str):
    return _issue(request, code, handover=True)


def _issue(request, code: str, *, handover: bool):
    """Step 2: the item's template as a form; 预览 returns the watermarked PDF, 出具 issues."""
    community = clerk_community(request.user)
    county = rules.county_for(community)
    item = catalogue.get_item(code, county=county)
    if item is None or (handover and not rules.handover_applicable(item)):
        raise Http404("没有这个证明事项")
    if handover and not rules.handover_enabled(item, county=county):
        closed = rules.Decision(item, item.name, refusal_reason=Demand.Reason.HANDOVER_DISABLED)
        return _render_refusal(request, closed, RefusalRequestForm(initial={"item": item.name}))
    if request.method != "POST" and (item.is_retained == handover):
        # A cancelled item's normal form (or a retained item's hand-over form) does not exist.
        return redirect(_issue_url(item=item.code))
    if not item.template:
        return render(request, "certificates/staff/no_template.html", {"item": item})
    form = IssueForm(request.POST or None, template=item.template, handover=handover)
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = dict(actor=request.user, community=community, item=item.code)
        kwargs.update(form.service_kwargs())
        try:
            if request.POST.get("action") == "preview":
                return pdf_response(
                    services.preview_certificate(**kwargs), f"{item.code}-preview.pdf"
                )
            outcome = services.issue_certificate(**kwargs)
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = exc.status if exc.status >= 500 else REJECTED  # 503: the paper failed
        else:
            if isinstance(outcome, services.Refused):
                messages.error(request, outcome.decision.message)
                return redirect("certificates_staff:refusal", pk=outcome.refusal.pk)
            certificate = outcome
            # The check code is shown this once (then only its hash is kept); it is printed on
            # the paper beside the serial.
            messages.success(
                request,
                f"已出具{certificate.item_name}，编号 {certificate.serial}，"
                f"校验码 {certificate.check_code}（已印在证明上，与二维码同样可用于核验）。",
            )
            return redirect("certificates_staff:detail", serial=certificate.serial)
    if form.errors and status < 500:
        status = REJECTED
    return render(
        request,
        "certificates/staff/issue_form.html",
        {"item": item, "form": form, "handover": handover, "community": community},
        status=status,
    )
