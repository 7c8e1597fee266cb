"""Back-office pages of 社区挂牌和上墙 (二(四), 三(三)): compliance in scope, a venue's inventory with
its violations and their clauses, recording, rectifying with an after-photo, the township's
sign-off, the papers, the county's rule set. Parse → authorise → call → render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.core.uploads import file_response
from jianzheng.regions.selectors import county_of
from jianzheng.signage import http, pdf, permissions, selectors, services
from jianzheng.signage.forms import (
    AwardForm,
    PlaqueForm,
    PostingForm,
    RectifyForm,
    RemovalForm,
    RoomsForm,
    RuleSetForm,
    VenueForm,
)
from jianzheng.signage.models import Photo, Plaque, RectificationTask, RuleSet, Venue

# Several forms share one page: their inputs get ids of their own (names stay the services').
POSTING_IDS, AWARD_IDS = "id_posting_%s", "id_award_%s"


def _reader(user) -> None:
    if not permissions.can_read(user):
        raise PermissionDenied("无权查看社区挂牌和上墙情况")


def _venue_or_404(user, pk: int) -> Venue:
    found = permissions.visible_venues(user).select_related("community__region").filter(pk=pk)
    venue = found.first()
    if venue is None:
        raise Http404("没有这个活动场所")
    return venue


def _task_or_404(user, pk: int) -> RectificationTask:
    task = (
        RectificationTask.objects.filter(venue__in=permissions.visible_venues(user), pk=pk)
        .select_related("venue__community__region")
        .first()
    )
    if task is None:
        raise Http404("没有这项整改任务")
    return task


def _recorder(user, venue: Venue) -> None:
    if not permissions.can_record(user, venue.community):
        raise PermissionDenied("只有本社区的工作人员可以登记和整改")


@login_required
@require_safe
def overview(request):
    _reader(request.user)
    unit = http.unit_for(request.user, request.GET.get("unit", ""))
    result = selectors.compliance(unit.region)
    tasks = list(selectors.tasks_in(unit.region).exclude(state="signed_off")[:200])
    for task in tasks:
        setattr(task, "overdue", selectors.is_overdue(task))  # noqa: B010
    return render(
        request,
        "signage/staff/overview.html",
        {
            "unit": unit,
            "result": result,
            "tasks": tasks,
            "rule_set": selectors.rule_set_for(unit.region),
            "is_clerk": permissions.is_clerk(request.user),
            "can_load_rules": permissions.can_load_rules(request.user),
            "form": VenueForm(),
        },
    )


@login_required
@require_POST
def venue_new(request):
    if not permissions.is_clerk(request.user):
        raise PermissionDenied("只有社区工作人员可以登记活动场所")
    form = VenueForm(request.POST)
    if form.is_valid():
        try:
            venue = services.create_venue(
                actor=request.user, community=request.user.membership.unit, **form.cleaned_data
            )
        except RuleViolation as exc:
            form.add_rule_errors(exc)
        else:
            return redirect("signage_staff:venue", pk=venue.pk)
    messages.error(request, "；".join(str(e[0]) for e in form.errors.values()))
    return redirect("signage_staff:overview")


def _venue_page(request, venue: Venue, status: int = 200, **forms):
    photos = Photo.objects.filter(venue=venue).select_related("file")
    tasks = list(RectificationTask.objects.filter(venue=venue).order_by("-pk"))
    for task in tasks:
        setattr(task, "overdue", selectors.is_overdue(task))  # noqa: B010
        # Before: the subject's photos when it was recorded, and any taken for the task.
        before = [
            ("整改前", p)
            for p in photos
            if p.stage == Photo.Stage.RECORD
            and (
                (task.plaque_id and p.plaque_id == task.plaque_id)
                or (task.posting_id and p.posting_id == task.posting_id)
                or (task.award_id and p.award_id == task.award_id)
            )
        ]
        own = [(p.get_stage_display(), p) for p in photos if p.task_id == task.pk]
        setattr(task, "photo_list", before + own)  # noqa: B010
    plaques = list(selectors.plaques(venue))
    with_task = {t.plaque_id for t in tasks if t.state == RectificationTask.State.OPEN}
    for p in plaques:
        setattr(p, "photo_list", [x for x in photos if x.plaque_id == p.pk])  # noqa: B010
        setattr(p, "has_task", p.pk in with_task)  # noqa: B010
    can_record = permissions.can_record(request.user, venue.community)
    context = {
        "venue": venue,
        "violations": selectors.violations(venue),
        "plaques": plaques,
        "postings": selectors.postings(venue),
        "awards": selectors.awards(venue),
        "tasks": tasks,
        "can_record": can_record,
        "can_sign_off": any(permissions.can_sign_off(request.user, t) for t in tasks),
        "plaque_form": forms.get("plaque_form") or PlaqueForm(),
        "posting_form": forms.get("posting_form") or PostingForm(auto_id=POSTING_IDS),
        "award_form": forms.get("award_form") or AwardForm(auto_id=AWARD_IDS),
        "rooms_form": forms.get("rooms_form") or RoomsForm(rooms=venue.rooms),
        "rectify_form": forms.get("rectify_form") or RectifyForm(),
        "rectify_task": forms.get("rectify_task"),
        "removal_form": forms.get("removal_form") or RemovalForm(),
        "removal_plaque": forms.get("removal_plaque"),
    }
    return render(request, "signage/staff/venue.html", context, status=status)


@login_required
@require_safe
def venue_detail(request, pk: int):
    return _venue_page(request, _venue_or_404(request.user, pk))


def _record(request, pk: int, form_class, key: str, service, success: str, ids: str = "id_%s"):
    venue = _venue_or_404(request.user, pk)
    _recorder(request.user, venue)
    form = form_class(request.POST, request.FILES, auto_id=ids)
    if form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            made = service(actor=request.user, venue=venue, photos=[photo] if photo else [], **data)
        except RuleViolation as exc:
            form.add_rule_errors(exc)
        else:
            found = [v for v in selectors.violations(venue) if v.subject_id == made.pk]
            if found:
                messages.warning(request, f"已登记。{found[0].message}")
            else:
                messages.success(request, success)
            return redirect("signage_staff:venue", pk=venue.pk)
    return _venue_page(request, venue, REJECTED, **{key: form})


@login_required
@require_POST
def plaque_new(request, pk: int):
    return _record(
        request, pk, PlaqueForm, "plaque_form", services.record_plaque, "已登记，符合规定。"
    )


@login_required
@require_POST
def posting_new(request, pk: int):
    return _record(
        request, pk, PostingForm, "posting_form", services.record_posting, "已登记，符合规定。"
    )


@login_required
@require_POST
def award_new(request, pk: int):
    return _record(
        request, pk, AwardForm, "award_form", services.record_award, "已登记，符合规定。"
    )


@login_required
@require_POST
def venue_rooms(request, pk: int):
    venue = _venue_or_404(request.user, pk)
    _recorder(request.user, venue)
    form = RoomsForm(request.POST, rooms=venue.rooms)
    if form.is_valid():
        try:
            services.set_rooms(actor=request.user, venue=venue, rooms=form.rooms())
        except RuleViolation as exc:
            form.add_rule_errors(exc)
        else:
            messages.success(request, "已保存引导牌房间号。")
            return redirect("signage_staff:venue", pk=venue.pk)
    return _venue_page(request, venue, REJECTED, rooms_form=form)


def _act_on_venue(request, form, call, *, venue: Venue, success: str):
    """Run a venue form's service: back to the venue page with its message when it is done or
    already was (409), None to show the form again with the service's errors."""
    if not form.is_valid():
        return None
    try:
        call()
    except RuleViolation as exc:
        if exc.status != 409:
            form.add_rule_errors(exc)
            return None
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("signage_staff:venue", pk=venue.pk)


@login_required
@require_POST
def plaque_removal(request, pk: int):
    plaque = Plaque.objects.filter(
        venue__in=permissions.visible_venues(request.user), pk=pk
    ).first()
    if plaque is None:
        raise Http404("没有这块牌子")
    _recorder(request.user, plaque.venue)
    # The page has a form per plaque: the error summary links to this plaque's input.
    form = RemovalForm(request.POST, auto_id=f"removal_%s_{plaque.pk}")
    done = _act_on_venue(
        request,
        form,
        lambda: services.remove_plaque(actor=request.user, plaque=plaque, **form.cleaned_data),
        venue=plaque.venue,
        success=f"已撤除“{plaque.text}”。",
    )
    return done or _venue_page(
        request, plaque.venue, REJECTED, removal_form=form, removal_plaque=plaque.pk
    )


@login_required
@require_POST
def task_rectify(request, pk: int):
    task = _task_or_404(request.user, pk)
    _recorder(request.user, task.venue)
    form = RectifyForm(request.POST, request.FILES)
    done = _act_on_venue(
        request,
        form,
        lambda: services.rectify(actor=request.user, task=task, **form.cleaned_data),
        venue=task.venue,
        success="已整改，等待乡镇（街道）确认。",
    )
    return done or _venue_page(
        request, task.venue, REJECTED, rectify_form=form, rectify_task=task.pk
    )


@login_required
@require_POST
def task_sign_off(request, pk: int):
    task = _task_or_404(request.user, pk)
    if not permissions.can_sign_off(request.user, task):
        raise PermissionDenied("只有乡镇（街道）可以确认整改")
    try:
        services.sign_off(actor=request.user, task=task)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认整改。")
    return redirect("signage_staff:venue", pk=task.venue_id)


@login_required
@require_safe
def photo(request, pk: int):
    found = (
        Photo.objects.filter(venue__in=permissions.visible_venues(request.user), pk=pk)
        .select_related("file")
        .first()
    )
    if found is None:
        raise Http404("没有这张照片")
    return file_response(
        found.file, download_name=f"signage-photo-{found.pk}.{found.file.path.rsplit('.', 1)[-1]}"
    )


def _community(user, code: str):
    community = permissions.visible_communities(user).filter(code=code).first()
    if community is None:
        raise Http404("没有这个村（社区）")
    return community


@login_required
@require_safe
def guide_board(request, community: str):
    found = _community(request.user, community)
    return http.pdf_response(pdf.guide_board(found), f"guide-board-{found.code}.pdf")


@login_required
@require_safe
def handbook(request, community: str):
    found = _community(request.user, community)
    return http.pdf_response(pdf.handbook(found), f"handbook-{found.code}.pdf")


@login_required
@require_safe
def census_xlsx(request):
    _reader(request.user)
    unit = http.unit_for(request.user, request.GET.get("unit", ""))
    return FileResponse(
        io.BytesIO(pdf.census_xlsx(unit.region)),
        as_attachment=True,
        filename=f"plaque-census-{unit.code}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_safe
def census_pdf(request):
    _reader(request.user)
    unit = http.unit_for(request.user, request.GET.get("unit", ""))
    return http.pdf_response(pdf.census_pdf(unit.region), f"plaque-census-{unit.code}.pdf")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rule_set(request):
    if not permissions.can_load_rules(request.user):
        raise PermissionDenied("只有县级民政、组织部门可以设置挂牌规则")
    county = county_of(request.user.membership.unit.region)
    form = RuleSetForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.load_rule_set(
                    actor=request.user,
                    county=county,
                    data=form.cleaned_data["file"].read(2_000_000),
                )
            except RuleViolation as exc:
                form.add_rule_errors(exc)
            else:
                messages.success(request, "已启用本县挂牌规则，替代默认规则。")
                return redirect("signage_staff:rules")
        status = REJECTED
    return render(
        request,
        "signage/staff/rules.html",
        {
            "form": form,
            "county": county,
            "own": RuleSet.objects.filter(county=county).first(),
            "rule_set": selectors.rule_set_for(county),
        },
        status=status,
    )
