"""The ledger (台账): certificates in the user's scope, filtered, exported; one certificate with
its verifications and history; its PDF; revocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from jianzheng.accounts.permissions import membership_of, scope_region, units_in_scope
from jianzheng.catalogue import selectors as catalogue
from jianzheng.certificates import exports, permissions, selectors, services
from jianzheng.certificates.forms import LedgerFilterForm, RevokeForm
from jianzheng.certificates.http import certificate_pdf, require_ledger_reader
from jianzheng.certificates.models import Certificate, CheckMethod
from jianzheng.certificates.staff.common import PAGE_SIZE, certificate_or_404
from jianzheng.certificates.staff.history import history_row
from jianzheng.core.audit import entries_for
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.core.text import text_for_viewer
from jianzheng.documents.selectors import list_verifications
from jianzheng.documents.tokens import verify_url
from jianzheng.regions.models import Unit


def filter_form(request, *, certificates: bool = True) -> LedgerFilterForm:
    communities = units_in_scope(request.user).filter(kind=Unit.Kind.COMMUNITY).order_by("code")
    items = catalogue.items_in_force_under(scope_region(request.user)).order_by("code")
    return LedgerFilterForm(
        request.GET, communities=communities, items=items, certificates=certificates
    )


@login_required
@require_safe
def export_ledger(request):
    """/staff/certificates/export.xlsx: the user's own scope, the ledger page's filters."""
    require_ledger_reader(request.user)
    form = filter_form(request)
    if not form.is_valid():
        problems = "；".join(
            f"{form[k].label}：{v[0]}" for k, v in form.errors.items() if k in form.fields
        )
        return HttpResponse(
            problems or "筛选条件有误", status=400, content_type="text/plain; charset=utf-8"
        )
    return exports.ledger_download(request.user, form.to_filter())


def page_query(request, **changes) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def keyset_page(request, form, list_rows):
    """Run the selector for a valid filter form; a bad cursor is shown like a bad filter."""
    if not form.is_valid():
        return None, 400
    try:
        return list_rows(form.to_filter(), cursor=request.GET.get("cursor") or None), 200
    except RuleViolation as exc:
        form.add_rule_errors(exc)
        return None, 400


@login_required
@require_safe
def ledger(request):
    require_ledger_reader(request.user)
    form = filter_form(request)
    page, status = keyset_page(
        request,
        form,
        lambda f, cursor: selectors.list_certificates(
            request.user, f, cursor=cursor, limit=PAGE_SIZE
        ),
    )
    rows = []
    for certificate in page.rows if page else []:
        seen = selectors.holder_for_viewer(request.user, certificate)
        rows.append(
            {"certificate": certificate, "holder_name": seen.name, "holder_id": seen.id_number}
        )
    return render(
        request,
        "certificates/staff/ledger.html",
        {
            "form": form,
            "rows": rows,
            "next_query": page_query(request, cursor=page.next_cursor)
            if page and page.next_cursor
            else "",
            "export_query": page_query(request),
            "first_page": not request.GET.get("cursor"),
            "can_issue": membership_of(request.user) is not None
            and permissions.can_issue(request.user, membership_of(request.user).unit),
        },
        status=status,
    )


def _detail_context(request, certificate: Certificate, revoke_form: RevokeForm) -> dict:
    full = permissions.can_see_full_id(request.user, certificate)
    labels = {spec["name"]: spec["label"] for spec in certificate.template["fields"]}
    shown = selectors.certificate_for_viewer(request.user, certificate).facts
    facts = [(labels.get(name, name), value) for name, value in shown.items()]
    return {
        "certificate": certificate,
        "facts": facts,
        "checks": [
            {
                "label": _check_label(c["method"]),
                "note": text_for_viewer(
                    c.get("note", ""), viewer=request.user, writer_id=certificate.issued_by_id
                ),
            }
            for c in certificate.checks
        ],
        # Only to the clerks who hand the paper out (docs/security.md).
        "verify_url": verify_url(certificate.document.token) if full else "",
        "can_download": full,
        "can_revoke": certificate.status == Certificate.Status.ISSUED
        and permissions.can_revoke(request.user, certificate),
        "revoke_form": revoke_form,
        "history": [history_row(entry) for entry in entries_for(certificate)],
        "verifications": list_verifications(certificate.document)[:50],
    }


def _check_label(method: str) -> str:
    return CheckMethod(method).label if method in CheckMethod.values else method


@login_required
@require_safe
def detail(request, serial: str):
    certificate = certificate_or_404(request.user, serial)
    return render(
        request,
        "certificates/staff/detail.html",
        _detail_context(request, certificate, RevokeForm()),
    )


@login_required
@require_safe
def pdf(request, serial: str):
    original = request.GET.get("original") == "1"
    return certificate_pdf(
        request.user, certificate_or_404(request.user, serial), original=original
    )


@login_required
@require_POST
def revoke(request, serial: str):
    certificate = certificate_or_404(request.user, serial)
    if not permissions.can_revoke(request.user, certificate):
        raise PermissionDenied("只有出具社区的工作者或民政局管理员可以撤销证明")
    form = RevokeForm(request.POST)
    status = REJECTED
    if form.is_valid():
        try:
            services.revoke_certificate(
                actor=request.user,
                certificate=certificate,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = exc.status
        else:
            status = None
    if status is not None:
        context = _detail_context(request, certificate, form)
        return render(request, "certificates/staff/detail.html", context, status=status)
    messages.success(
        request,
        f"证明 {certificate.serial} 已撤销，核验页面将显示“已撤销”，下载的证明加盖“已撤销”。",
    )
    return redirect("certificates_staff:detail", serial=certificate.serial)
