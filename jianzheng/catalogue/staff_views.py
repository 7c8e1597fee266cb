"""Back office for the catalogue: 永民发〔2020〕91号 三(四) — departments apply, the civil-affairs
bureau reviews and approves (four eyes), and a published version brings changes into force.
Every rule is in services/permissions; these views only parse, authorise, call and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.catalogue import permissions, selectors, services
from jianzheng.catalogue.forms import ProposalForm, PublishForm, ReviewForm, diff_rows
from jianzheng.catalogue.models import CertificateItem, ChangeRequest
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.search import clean_query
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED

Kind = ChangeRequest.Kind


def _home(user):
    """The list a staff member works on: their county's, or the region's (None: the default)."""
    return permissions.home_region(user)


def _item_or_404(user, code: str) -> CertificateItem:
    item = selectors.get_item(code, county=_home(user))
    if item is None:
        raise Http404("没有这个证明事项")
    return item


def _change_or_404(user, pk: int) -> ChangeRequest:
    change = selectors.get_change_request(user, pk)
    if change is None:
        raise Http404("没有这个变更申请")
    return change


@login_required
@require_safe
def items(request):
    try:
        query, error = clean_query(request.GET.get("q", "")), ""
    except RuleViolation as exc:
        query, error = "", exc.message
    result = selectors.search_items(query, county=_home(request.user), limit=500)
    return render(
        request,
        "catalogue/staff/items.html",
        {
            "result": result,
            "q": request.GET.get("q", "")[:200],
            "error": error,
            "can_propose": permissions.can_propose_change(request.user),
            "version": selectors.current_version(county=_home(request.user)),
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
def item_detail(request, code: str):
    return render(
        request,
        "catalogue/staff/item.html",
        {
            "item": _item_or_404(request.user, code),
            "can_propose": permissions.can_propose_change(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request, kind: str, code: str | None = None):
    item = _item_or_404(request.user, code) if code else None
    if not permissions.can_propose_change(request.user):
        raise PermissionDenied
    payload = item_to_payload(item) if item else None
    form = ProposalForm(request.POST or None, kind=kind, payload=payload)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.propose_change(
                actor=request.user,
                kind=kind,
                item_code=code or "",
                payload=None if kind == Kind.REMOVE else form.payload(),
                reason=data["reason"],
                legal_basis=data["legal_basis"],
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
        else:
            messages.success(request, f"变更申请 #{change.pk} 已提交，等待民政局审核")
            return redirect("catalogue_staff:change", pk=change.pk)
    return render(
        request,
        "catalogue/staff/propose.html",
        {
            "form": form,
            "item": item,
            "kind": kind,
            "kind_label": Kind(kind).label,
        },
        status=REJECTED if form.errors else 200,
    )


@login_required
@require_safe
def changes(request):
    if not permissions.can_read_change_requests(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in ChangeRequest.Status.values else ""
    page = Paginator(selectors.list_change_requests(request.user, status=status or None), 50)
    return render(
        request,
        "catalogue/staff/changes.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "status": status,
            "statuses": ChangeRequest.Status.choices,
            "can_publish": permissions.can_publish_version(request.user),
        },
    )


def _render_change(request, change: ChangeRequest, *, errors=None, status=200):
    before = item_to_payload(change.item) if change.item and change.item.is_active else None
    after = change.payload if change.kind != Kind.REMOVE else None
    # A removal's diff would repeat the whole item against blanks; the page says "移出" instead.
    if change.status == ChangeRequest.Status.PUBLISHED or change.kind == Kind.REMOVE:
        rows = []
    else:
        rows = diff_rows(before, after, selectors.diff_payloads(before, after))
    return render(
        request,
        "catalogue/staff/change.html",
        {
            "change": change,
            "rows": rows,
            "errors": errors or {},
            "posted": request.POST,
            "can_review": permissions.can_review_change(request.user, change),
            "can_approve": permissions.can_approve_change(request.user, change),
            "can_region_approve": permissions.can_approve_for_region(request.user, change),
            "waiting": permissions.waiting_for_another_admin(request.user, change),
            "needs_reference": services.needs_approval_reference(change),
        },
        status=status,
    )


@login_required
@require_safe
def change_detail(request, pk: int):
    return _render_change(request, _change_or_404(request.user, pk))


@login_required
@require_POST
def review(request, pk: int):
    change = _change_or_404(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.review_change(
            actor=request.user, change=change, accept=accept, note=form.cleaned_data["note"]
        )
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _render_change(request, change, errors=form.first_errors(), status=REJECTED)
    messages.success(request, "已审核通过，等待批准" if accept else "已驳回该申请")
    return redirect("catalogue_staff:change", pk=pk)


@login_required
@require_POST
def decide(request, pk: int):
    change = _change_or_404(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    form = ReviewForm(request.POST)
    form.is_valid()
    if change.status == ChangeRequest.Status.AWAITING_REGION:
        return _decide_for_region(request, change, approve, form)
    try:
        services.decide_change(
            actor=request.user,
            change=change,
            approve=approve,
            note=form.cleaned_data["note"],
            approval_reference=form.cleaned_data["approval_reference"],
        )
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _render_change(request, change, errors=form.first_errors(), status=REJECTED)
    change.refresh_from_db()
    if change.status == ChangeRequest.Status.AWAITING_REGION:
        messages.success(request, "已批准，待自治区民政厅批准后发布")
    else:
        messages.success(request, "已批准，待发布新版本" if approve else "已驳回该申请")
    return redirect("catalogue_staff:change", pk=pk)


def _decide_for_region(request, change: ChangeRequest, approve: bool, form):
    """三(四): the region admin's step on a county's new proof, through the same form."""
    try:
        services.approve_for_region(
            actor=request.user, change=change, approve=approve, note=form.cleaned_data["note"]
        )
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return _render_change(request, change, errors=form.first_errors(), status=REJECTED)
    messages.success(request, "自治区已批准，待县民政局发布" if approve else "已驳回该申请")
    return redirect("catalogue_staff:change", pk=change.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request):
    if not permissions.can_publish_version(request.user):
        raise PermissionDenied
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_version(
                actor=request.user,
                effective_date=form.cleaned_data["effective_date"],
                summary=form.cleaned_data["summary"],
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
        else:
            messages.success(request, f"已发布{version}，生效日期 {version.effective_date}")
            return redirect("catalogue:version", number=version.number)
    errors = form.first_errors() if form.is_bound else {}
    return render(
        request,
        "catalogue/staff/publish.html",
        {
            "approved": selectors.list_change_requests(request.user, status="approved").filter(
                catalogue__region=_home(request.user)
            ),
            "errors": errors,
            "posted": request.POST,
            "today": timezone.localdate().isoformat(),
            "version": selectors.current_version(county=_home(request.user)),
        },
        status=REJECTED if errors else 200,
    )
