"""Back-office pages of 监督举报: the cases in scope, one case (move it, assign it, publish a
notice), its evidence (served only here, after the permission check), and the ranking of units
that still demand cancelled proofs. Parse → authorise → call → render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.accounts.permissions import counties_in_scope, scope_region
from jianzheng.accounts.roles import Role
from jianzheng.complaints import permissions, selectors, services
from jianzheng.complaints.forms import AssignForm, NoticeForm, TransitionForm
from jianzheng.complaints.models import Complaint, Evidence
from jianzheng.core import uploads
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.core.text import mask_phone, scrub_personal_data
from jianzheng.regions.models import Unit, UnitName


def _case_or_404(user, pk: int) -> Complaint:
    complaint = selectors.get_complaint(user, pk)
    if complaint is None:
        raise Http404("没有这件举报")
    return complaint


@login_required
@require_safe
def complaint_list(request):
    if not permissions.can_read_any(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    state = state if state in Complaint.State.values else ""
    overdue = request.GET.get("overdue") == "1"
    rows = list(
        selectors.list_complaints(request.user, state=state, overdue=True if overdue else None)[
            :200
        ]
    )
    for row in rows:
        row.overdue = services.is_overdue(row)  # type: ignore[attr-defined]
    return render(
        request,
        "complaints/staff/list.html",
        {"rows": rows, "state": state, "overdue": overdue, "states": Complaint.State.choices},
    )


def _people(complaint: Complaint) -> list:
    return list(
        get_user_model()
        .objects.filter(
            membership__role=Role.CIVIL_AFFAIRS_ADMIN,
            membership__unit__region=complaint.handling_region,
            is_active=True,
        )
        .order_by("username")
    )


def _detail_context(request, complaint: Complaint, **forms) -> dict:
    user = request.user
    moves = [
        m
        for m in services.MOVES.get(complaint.state, ())
        if permissions.can_move(user, complaint, m)
    ]
    if complaint.joined_to_id:
        moves = []
    contact = permissions.can_see_contact(user, complaint)
    return {
        "complaint": complaint,
        "overdue": services.is_overdue(complaint),
        "handled_by": services.handler_name(complaint.handling_region),
        "events": complaint.events.select_related("actor").all(),
        "evidence": complaint.evidence.select_related("file", "demand__community").all(),
        "joined": complaint.joined.all(),
        # The resident's narrative may carry numbers: as written only to whoever may contact
        # the resident (and so sees their phone anyway), masked for every other reader.
        "description": complaint.description
        if contact
        else scrub_personal_data(complaint.description),
        "phone": complaint.contact_phone if contact else mask_phone(complaint.contact_phone),
        "email": complaint.contact_email
        if contact
        else ("已留" if complaint.contact_email else ""),
        "transition_form": forms.get("transition_form")
        or (TransitionForm(moves=moves) if moves else None),
        "assign_form": forms.get("assign_form")
        or (
            AssignForm(people=_people(complaint))
            if permissions.is_handler(user, complaint)
            else None
        ),
        "notice_form": forms.get("notice_form")
        or (
            NoticeForm(
                initial={"finding": complaint.finding, "rectification": complaint.rectification}
            )
            if permissions.can_publish(user, complaint)
            and complaint.state in services.PUBLISHABLE
            and not hasattr(complaint, "notice")
            else None
        ),
        "notice": getattr(complaint, "notice", None),
    }


@login_required
@require_safe
def complaint_detail(request, pk: int):
    complaint = _case_or_404(request.user, pk)
    return render(request, "complaints/staff/detail.html", _detail_context(request, complaint))


@login_required
@require_POST
def complaint_transition(request, pk: int):
    complaint = _case_or_404(request.user, pk)
    moves = list(services.MOVES.get(complaint.state, ()))
    form = TransitionForm(request.POST, moves=moves)
    status = REJECTED
    if form.is_valid():
        try:
            services.transition(actor=request.user, complaint=complaint, **form.cleaned_data)
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = exc.status if exc.status == 409 else REJECTED
        else:
            messages.success(request, "已办理。")
            return redirect("complaints_staff:detail", pk=pk)
    context = _detail_context(request, complaint, transition_form=form)
    return render(request, "complaints/staff/detail.html", context, status=status)


@login_required
@require_POST
def complaint_assign(request, pk: int):
    complaint = _case_or_404(request.user, pk)
    if not permissions.is_handler(request.user, complaint):
        raise PermissionDenied("只有办理机关可以指定承办人")
    people = _people(complaint)
    form = AssignForm(request.POST, people=people)
    if form.is_valid():
        assignee = next(p for p in people if str(p.pk) == form.cleaned_data["assignee"])
        services.assign(actor=request.user, complaint=complaint, assignee=assignee)
        messages.success(request, f"已指定承办人：{assignee}")
        return redirect("complaints_staff:detail", pk=pk)
    context = _detail_context(request, complaint, assign_form=form)
    return render(request, "complaints/staff/detail.html", context, status=REJECTED)


@login_required
@require_POST
def complaint_publish(request, pk: int):
    complaint = _case_or_404(request.user, pk)
    if not permissions.can_publish(request.user, complaint):
        raise PermissionDenied("只有本级民政部门可以发布通报")
    form = NoticeForm(request.POST)
    status = REJECTED
    if form.is_valid():
        try:
            notice = services.publish_notice(
                actor=request.user, complaint=complaint, **form.cleaned_data
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
            status = exc.status if exc.status == 409 else REJECTED
        else:
            messages.success(request, f"已发布通报：{notice.number}")
            return redirect("complaints_staff:detail", pk=pk)
    context = _detail_context(request, complaint, notice_form=form)
    return render(request, "complaints/staff/detail.html", context, status=status)


@login_required
@require_safe
def evidence_file(request, pk: int, evidence_id: int):
    """A reporter's file: only for those who may see the case (404 otherwise)."""
    complaint = _case_or_404(request.user, pk)
    evidence = (
        Evidence.objects.filter(pk=evidence_id, complaint=complaint, file__isnull=False)
        .select_related("file")
        .first()
    )
    if evidence is None or evidence.file is None:
        raise Http404
    return uploads.file_response(
        evidence.file,
        download_name=f"{complaint.tracking_number}-{evidence.pk}.{evidence.file.path.rsplit('.', 1)[-1]}",
    )


def _month(request) -> str:
    month = request.GET.get("month") or request.POST.get("month") or f"{timezone.localdate():%Y-%m}"
    try:
        selectors.month_bounds(month)
    except ValueError:
        return f"{timezone.localdate():%Y-%m}"
    return month[:7]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def refusals(request):
    if not permissions.can_rank_refusals(request.user):
        raise PermissionDenied("只有民政部门和督查人员可以查看")
    counties = counties_in_scope(request.user)
    code = (
        request.GET.get("county")
        or request.POST.get("county")
        or (counties[0].code if counties else "")
    )
    county = next((c for c in counties if c.code == code), None)
    if county is None:
        raise Http404
    month = _month(request)
    if request.method == "POST":
        unit = (
            Unit.objects.filter(code=request.POST.get("unit", "")).first()
            if request.POST.get("unit")
            else None
        )
        name = (
            UnitName.objects.filter(pk=request.POST.get("name_id") or 0, region=county).first()
            if not unit
            else None
        )
        try:
            case = services.open_case_from_refusals(
                actor=request.user,
                county=county,
                unit=unit,
                name=name,
                item_name=request.POST.get("item_name", "")[:100],
                month=month,
            )
        except RuleViolation as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已立案 {case.tracking_number}，拒绝出具记录已附为证据。")
            return redirect("complaints_staff:detail", pk=case.pk)
    return render(
        request,
        "complaints/staff/refusals.html",
        {
            "rows": selectors.rank_refusing_units(county, month),
            "county": county,
            "counties": counties,
            "month": month,
            "can_open": permissions.can_open_from_refusals(request.user),
            "region": scope_region(request.user),
        },
    )
