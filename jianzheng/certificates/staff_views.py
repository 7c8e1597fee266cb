"""Back office for certificates (出具证明) and the ledger (台账): parse → authorise → call a
service or selector → render. Rules live in certificates.rules/services; scope in permissions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.accounts.permissions import membership_of, units_in_scope
from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.search import clean_query, normalize
from jianzheng.certificates import exports, permissions, rules, selectors, services
from jianzheng.certificates import refusals as refusal_services
from jianzheng.certificates.forms import (
    DeskRefusalForm,
    HandoverSwitchForm,
    IssueForm,
    LedgerFilterForm,
    RefusalRequestForm,
    RevokeForm,
    add_rule_errors,
)
from jianzheng.certificates.models import Certificate, CheckMethod, Refusal
from jianzheng.core.audit import entries_for
from jianzheng.core.errors import RuleViolation
from jianzheng.core.text import mask_id_number, mask_name
from jianzheng.documents.selectors import list_verifications
from jianzheng.documents.tokens import verify_url
from jianzheng.regions.models import Unit

BASE = "/staff/certificates/"
PAGE_SIZE = 50


def _clerk_community(user) -> Unit:
    """The community a clerk issues for: their own (membership.unit), nobody else's."""
    membership = membership_of(user)
    if membership is None or not permissions.can_issue(user, membership.unit):
        raise PermissionDenied("只有社区（村）工作者可以出具证明")
    return membership.unit


def _require_ledger_reader(user) -> None:
    if not permissions.can_read_ledger(user):
        raise PermissionDenied("您的角色不能查看证明台账")


def _certificate_or_404(user, serial: str) -> Certificate:
    certificate = selectors.get_certificate(user, serial)
    if certificate is None:
        raise Http404("没有这份证明")
    return certificate


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------------ issuing


@login_required
@require_safe
def issue_start(request):
    """Step 1: pick a retained item; asking for anything else shows the refusal instead."""
    _clerk_community(request.user)
    asked = request.GET.get("item", "").strip()[:100]
    q = request.GET.get("q", "")
    try:
        if asked:
            decision = rules.decide(asked)
            if decision.allowed:
                return redirect(f"{BASE}issue/{decision.item.code}/")
            return _render_refusal(request, decision, RefusalRequestForm(initial={"item": asked}))
        query, error = clean_query(q), ""
    except RuleViolation as exc:
        # e.g. a name several items share: list them and let the clerk choose.
        q, error = asked or q, exc.message
        query = normalize(asked) if exc.code == "ambiguous_item" else ""
    result = catalogue.search_items(query, status=CertificateItem.Status.RETAINED, limit=200)
    return render(
        request,
        "certificates/staff/issue_start.html",
        {"result": result, "q": q[:200], "error": error},
        status=400 if error else 200,
    )


def _render_refusal(request, decision, form, *, status=200):
    item = decision.item
    return render(
        request,
        "certificates/staff/refusal_notice.html",
        {
            "decision": decision,
            "message": rules.refusal_message(decision),
            "item": item,
            "alternatives": item.alternatives.all() if item else [],
            "form": form,
            "handover_possible": rules.handover_available(item),
        },
        status=status,
    )


@login_required
@require_POST
def issue_refuse(request):
    """The clerk logs the request they turn away; the service records it (with the demanding
    unit) and answers with the alternatives to tell the resident."""
    community = _clerk_community(request.user)
    form = RefusalRequestForm(request.POST)
    form.is_valid()
    asked = (form.cleaned_data.get("item") or "").strip()
    purpose = form.cleaned_data.get("purpose") or ""
    try:
        if asked and rules.decide(asked).allowed:
            # A retained item after all: go and fill in its facts.
            return redirect(f"{BASE}issue/?{urlencode({'item': asked})}")
        refusal = refusal_services.record_refusal(
            actor=request.user,
            community=community,
            item=asked,
            demanded_by=form.cleaned_data.get("requester") or "",
            note=f"用途：{purpose}" if purpose else "",
        )
    except RuleViolation as exc:
        exc.fields = {("requester" if k == "demanded_by" else k): v for k, v in exc.fields.items()}
        add_rule_errors(form, exc)
        try:
            decision = rules.decide(asked or "—")
        except RuleViolation:  # several items by that name: the form says so beside the field
            decision = rules.Decision(None, asked, refusal_reason=Refusal.Reason.NOT_LISTED)
        return _render_refusal(request, decision, form, status=422)
    messages.success(request, "已记入拒绝出具台账。")
    return redirect(f"{BASE}refusals/{refusal.pk}/")


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
    community = _clerk_community(request.user)
    item = catalogue.get_item(code)
    if item is None or (handover and not rules.handover_applicable(item)):
        raise Http404("没有这个证明事项")
    if handover and not rules.handover_enabled(item):
        closed = rules.Decision(item, item.name, refusal_reason=Refusal.Reason.HANDOVER_DISABLED)
        return _render_refusal(request, closed, RefusalRequestForm(initial={"item": item.name}))
    if request.method != "POST" and (item.is_retained == handover):
        # A cancelled item's normal form (or a retained item's hand-over form) does not exist.
        return redirect(f"{BASE}issue/?{urlencode({'item': item.code})}")
    if not item.template:
        return render(request, "certificates/staff/no_template.html", {"item": item})
    form = IssueForm(request.POST or None, template=item.template, handover=handover)
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = dict(actor=request.user, community=community, item=item.code)
        kwargs.update(form.service_kwargs())
        try:
            if request.POST.get("action") == "preview":
                return _pdf(services.preview_certificate(**kwargs), f"{item.code}-preview.pdf")
            certificate = services.issue_certificate(**kwargs)
        except RuleViolation as exc:
            refusal_id = exc.details.get("refusal_id")
            if exc.code == "item_not_retained" and refusal_id:
                messages.error(request, exc.message)
                return redirect(f"{BASE}refusals/{refusal_id}/")
            add_rule_errors(form, exc)
        else:
            messages.success(request, f"已出具{certificate.item_name}，编号 {certificate.serial}。")
            return redirect(f"{BASE}{certificate.serial}/")
    if form.errors:
        status = 422
    return render(
        request,
        "certificates/staff/issue_form.html",
        {"item": item, "form": form, "handover": handover, "community": community},
        status=status,
    )


# ------------------------------------------------------------------------------------- ledger


def _filter_form(request, *, certificates: bool = True) -> LedgerFilterForm:
    communities = units_in_scope(request.user).filter(kind=Unit.Kind.COMMUNITY).order_by("code")
    items = catalogue.listed_items().order_by("code")
    return LedgerFilterForm(
        request.GET, communities=communities, items=items, certificates=certificates
    )


@login_required
@require_safe
def export_ledger(request):
    """/staff/certificates/export.xlsx: the user's own scope, the ledger page's filters."""
    _require_ledger_reader(request.user)
    form = _filter_form(request)
    if not form.is_valid():
        problems = "；".join(
            f"{form[k].label}：{v[0]}" for k, v in form.errors.items() if k in form.fields
        )
        return HttpResponse(
            problems or "筛选条件有误", status=400, content_type="text/plain; charset=utf-8"
        )
    return exports.ledger_download(request.user, form.to_filter())


def _query(request, **changes) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def _keyset_page(request, form, list_rows):
    """Run the selector for a valid filter form; a bad cursor is shown like a bad filter."""
    if not form.is_valid():
        return None, 400
    try:
        return list_rows(form.to_filter(), cursor=request.GET.get("cursor") or None), 200
    except RuleViolation as exc:
        add_rule_errors(form, exc)
        return None, 400


@login_required
@require_safe
def ledger(request):
    _require_ledger_reader(request.user)
    form = _filter_form(request)
    page, status = _keyset_page(
        request,
        form,
        lambda f, cursor: selectors.list_certificates(
            request.user, f, cursor=cursor, limit=PAGE_SIZE
        ),
    )
    rows = []
    for certificate in page.rows if page else []:
        full = permissions.can_see_full_id(request.user, certificate)
        rows.append(
            {
                "certificate": certificate,
                "holder_name": certificate.holder_name
                if full
                else mask_name(certificate.holder_name),
                "holder_id": certificate.holder_id_number
                if full
                else mask_id_number(certificate.holder_id_number),
            }
        )
    return render(
        request,
        "certificates/staff/ledger.html",
        {
            "form": form,
            "rows": rows,
            "next_query": _query(request, cursor=page.next_cursor)
            if page and page.next_cursor
            else "",
            "export_query": _query(request),
            "first_page": not request.GET.get("cursor"),
            "can_issue": membership_of(request.user) is not None
            and permissions.can_issue(request.user, membership_of(request.user).unit),
        },
        status=status,
    )


def _detail_context(request, certificate: Certificate, revoke_form: RevokeForm) -> dict:
    full = permissions.can_see_full_id(request.user, certificate)
    labels = {spec["name"]: spec["label"] for spec in certificate.template["fields"]}
    shown = selectors.facts_for(request.user, certificate)
    facts = [(labels.get(name, name), value) for name, value in shown.items()]
    return {
        "certificate": certificate,
        "facts": facts,
        "checks": [
            {"label": _check_label(c["method"]), "note": c.get("note", "")}
            for c in certificate.checks
        ],
        "verify_url": verify_url(certificate.document.token),
        "can_download": full,
        "can_revoke": certificate.status == Certificate.Status.ISSUED
        and permissions.can_revoke(request.user, certificate),
        "revoke_form": revoke_form,
        "history": [_history_row(entry) for entry in entries_for(certificate)],
        "verifications": list_verifications(certificate.document)[:50],
    }


AUDIT_ACTIONS = {"certificate.issued": "出具", "certificate.revoked": "撤销"}
AUDIT_FIELDS = {
    "serial": "编号",
    "item": "事项",
    "handover": "工作衔接",
    "holder": "持有人",
    "requester": "索要单位",
    "reason": "原因",
}


def _history_row(entry) -> dict:
    details = []
    for key, value in entry.summary.items():
        if isinstance(value, bool):
            value = "是" if value else "否"
        details.append(f"{AUDIT_FIELDS.get(key, key)}：{value}")
    return {
        "at": entry.at,
        "actor": entry.actor_name,
        "action": AUDIT_ACTIONS.get(entry.action, entry.action),
        "details": "；".join(details),
    }


def _check_label(method: str) -> str:
    return CheckMethod(method).label if method in CheckMethod.values else method


@login_required
@require_safe
def detail(request, serial: str):
    certificate = _certificate_or_404(request.user, serial)
    return render(
        request,
        "certificates/staff/detail.html",
        _detail_context(request, certificate, RevokeForm()),
    )


@login_required
@require_safe
def pdf(request, serial: str):
    certificate = _certificate_or_404(request.user, serial)
    # The paper carries the full ID number: only the issuing community downloads it (DESIGN.md).
    if not permissions.can_see_full_id(request.user, certificate):
        raise PermissionDenied("只有出具社区的工作者可以下载证明原件")
    return _pdf(certificate.pdf.content, f"{certificate.serial}.pdf")


@login_required
@require_POST
def revoke(request, serial: str):
    certificate = _certificate_or_404(request.user, serial)
    if not permissions.can_revoke(request.user, certificate):
        raise PermissionDenied("只有出具社区的工作者或民政局管理员可以撤销证明")
    form = RevokeForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            services.revoke_certificate(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except RuleViolation as exc:
            add_rule_errors(form, exc)
            status = exc.status
        else:
            status = None
    if status is not None:
        context = _detail_context(request, certificate, form)
        return render(request, "certificates/staff/detail.html", context, status=status)
    messages.success(request, f"证明 {certificate.serial} 已撤销，核验页面将显示“已撤销”。")
    return redirect(f"{BASE}{certificate.serial}/")


# ------------------------------------------------------------------------------------ refusals


@login_required
@require_safe
def refusals(request):
    _require_ledger_reader(request.user)
    form = _filter_form(request, certificates=False)
    page, status = _keyset_page(
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
            "next_query": _query(request, cursor=page.next_cursor)
            if page and page.next_cursor
            else "",
            "first_page": not request.GET.get("cursor"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def refusal_new(request):
    community = _clerk_community(request.user)
    form = DeskRefusalForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            refusal = refusal_services.record_refusal(
                actor=request.user, community=community, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_rule_errors(form, exc)
            status = 422
        else:
            messages.success(request, "已记入拒绝出具台账。")
            return redirect(f"{BASE}refusals/{refusal.pk}/")
    return render(request, "certificates/staff/refusal_new.html", {"form": form}, status=status)


@login_required
@require_safe
def refusal_detail(request, pk: int):
    _require_ledger_reader(request.user)
    refusal = (
        permissions.visible_refusals(request.user)
        .select_related("community", "clerk", "item", "certificate")
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
            "item": item,
            "alternatives": item.alternatives.select_related("handling_unit") if item else [],
            "Reason": Refusal.Reason,
        },
    )


# ----------------------------------------------------------------------------------- hand-over


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handover_switches(request):
    """永民发〔2020〕91号 四(三): the admin closes the exception once the alternative works."""
    if not permissions.can_manage_handover(request.user):
        raise PermissionDenied("只有民政局管理员可以开关工作衔接例外")
    form, status = HandoverSwitchForm(request.POST or None), 200
    if request.method == "POST":
        code = request.POST.get("item", "")
        item = None if code == "*" else catalogue.get_item(code)
        if code != "*" and item is None:
            raise Http404("没有这个证明事项")
        if form.is_valid():
            try:
                refusal_services.set_handover(
                    actor=request.user,
                    item=item,
                    enabled=form.cleaned_data["enabled"] == "on",
                    reason=form.cleaned_data["reason"],
                )
            except RuleViolation as exc:
                add_rule_errors(form, exc)
            else:
                messages.success(request, "工作衔接例外的开关已更新。")
                return redirect(f"{BASE}handover/")
        status = 422
    switches = selectors.handover_switches()
    county = switches.get(None)
    items = catalogue.list_items(status=CertificateItem.Status.CANCELLED).filter(national_batch=1)
    rows = [
        {
            "item": item,
            "switch": switches.get(item.pk),
            "on": switches.get(item.pk) is None or switches[item.pk].enabled,
        }
        for item in items
    ]
    return render(
        request,
        "certificates/staff/handover.html",
        {
            "county": county,
            "county_on": county is None or county.enabled,
            "rows": rows,
            "form": form,
            "failed_item": request.POST.get("item", "") if form.errors else "",
        },
        status=status,
    )
