"""Public pages of 监督举报 (二(五)): the report form (phone-first, no login), the confirmation
that shows the secret once, following a case by number and secret (POST only, then the session
remembers it), the channels per level, exposure notices with their feed and open data, and the
Open311 GeoReport v2 reads. Parse → call → render; the rules are complaints.services'."""

import csv
import io
import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.counties import county_choices
from jianzheng.catalogue.portal import portal_county
from jianzheng.complaints import selectors, services
from jianzheng.complaints.api import FOLLOW_BUDGET, REPORT_BUDGET
from jianzheng.complaints.channels import all_channels, channels_for
from jianzheng.complaints.forms import MessageForm, ReportForm, TrackForm
from jianzheng.complaints.models import Complaint, Level
from jianzheng.core import registry, residents, throttle
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import REJECTED
from jianzheng.regions.selectors import county_by_code, unit_options

AREA = "complaints"


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@portal_county
def report(request, *, county):
    code = request.POST.get("item_code") or request.GET.get("item", "")
    item = catalogue.get_item(code[:32], county=county) if code else None
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                throttle.spend(request, "complaint-report", **REPORT_BUDGET)
                made = services.submit_complaint(
                    county=county, **form.to_service(item_code=item.code if item else "")
                )
            except RuleViolation as exc:
                if exc.status == 429:
                    return HttpResponse(
                        exc.message, status=429, content_type="text/plain; charset=utf-8"
                    )
                form.add_rule_errors(exc)
                status = REJECTED
            else:
                residents.grant(request.session, AREA, made.complaint.tracking_number)
                return _no_store(
                    render(
                        request,
                        "complaints/submitted.html",
                        {
                            "complaint": made.complaint,
                            "secret": made.secret,
                            "duplicate": made.likely_duplicate,
                        },
                    )
                )
        else:
            status = REJECTED
    elif item is not None:
        form.initial["item_name"] = item.name
    return render(
        request,
        "complaints/report.html",
        {
            "form": form,
            "item": item,
            "units": unit_options(county),
            "items": catalogue.items_in_force(county=county),
            "channels": channels_for(county),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """Number and secret by POST only: a secret never enters a URL (or a log)."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                throttle.spend(request, "complaint-follow", **FOLLOW_BUDGET)
            except RuleViolation as exc:
                return HttpResponse(
                    exc.message, status=429, content_type="text/plain; charset=utf-8"
                )
            complaint = services.follow(
                form.cleaned_data["tracking_number"], form.cleaned_data["secret"]
            )
            if complaint is not None:
                residents.grant(request.session, AREA, complaint.tracking_number)
                return redirect("complaints:case", number=complaint.tracking_number)
            form.add_error(None, "举报编号或查询码不正确")
        status = REJECTED
        form.data = form.data.copy()
        form.data["secret"] = ""  # never echoed
    return _no_store(render(request, "complaints/track.html", {"form": form}, status=status))


def _granted_case(request, number: str) -> Complaint:
    number = residents.normalize_number(number)
    if not residents.granted(request.session, AREA, number):
        raise Http404
    complaint = (
        Complaint.objects.select_related("joined_to", "handling_region")
        .filter(tracking_number=number)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


@require_http_methods(["GET", "HEAD", "POST"])
def case(request, number: str):
    if not residents.granted(request.session, AREA, residents.normalize_number(number)):
        return redirect("complaints:track")
    complaint = _granted_case(request, number)
    form = MessageForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_message(
                    complaint=complaint,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data.get("files") or [],
                )
            except RuleViolation as exc:
                form.add_rule_errors(exc)
                status = REJECTED
            else:
                return redirect("complaints:case", number=complaint.tracking_number)
        else:
            status = REJECTED
    main = complaint.joined_to or complaint
    context = {
        "complaint": complaint,
        "main": main,
        "handled_by": services.handler_name(main.handling_region),
        "overdue": services.is_overdue(main),
        "events": selectors.public_timeline(complaint),
        "form": form,
        "duplicate": services.find_duplicate(complaint) if not complaint.joined_to_id else None,
        # What the reporter may do next (rate the handling): the areas above register it.
        "actions": registry.case_actions("complaint", complaint.tracking_number),
    }
    return _no_store(render(request, "complaints/case.html", context, status=status))


@require_POST
def join(request, number: str):
    complaint = _granted_case(request, number)
    into = Complaint.objects.filter(tracking_number=request.POST.get("into", "")[:40]).first()
    if into is None:
        raise Http404
    try:
        services.join_duplicate(complaint=complaint, into=into)
    except RuleViolation as exc:
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    return redirect("complaints:case", number=complaint.tracking_number)


@require_safe
def hotlines(request):
    return render(request, "complaints/hotlines.html", {"channels": all_channels()})


def _notice_filters(request):
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    county = None
    if request.GET.get("county"):
        try:
            county = county_by_code(request.GET["county"][:6])
        except Exception:
            raise Http404 from None
    return level, county


@require_safe
def notices(request):
    level, county = _notice_filters(request)
    return render(
        request,
        "complaints/notices.html",
        {
            "notices": selectors.public_notices(level=level, county=county)[:200],
            "level": level,
            "county_filter": county,
            "levels": Level.choices,
            "counties": county_choices(),
        },
    )


@require_safe
def notices_feed(request):
    level, county = _notice_filters(request)
    feed = Atom1Feed(
        title="村（社区）证明事项监督举报 曝光通报",
        link=request.build_absolute_uri(reverse("complaints:notices")),
        description="永民发〔2020〕91号 二（五）三级公开曝光",
        language="zh-hans",
        feed_url=request.build_absolute_uri(request.get_full_path()),
    )
    for notice in selectors.public_notices(level=level, county=county)[:100]:
        link = request.build_absolute_uri(reverse("complaints:notices")) + f"#n-{notice.pk}"
        feed.add_item(
            title=f"{notice.number}：{notice.unit_name}索要“{notice.item_name}”",
            link=link,
            unique_id=link,
            description=f"{notice.finding}\n整改情况：{notice.rectification or '—'}",
            pubdate=notice.published_at,
            author_name=notice.publisher_name,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


@require_safe
def notices_csv(request):
    level, county = _notice_filters(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "通报编号",
            "层级",
            "发布机关",
            "县（市、区）",
            "被通报单位",
            "单位代码",
            "索要的证明",
            "发生日期",
            "查实情况",
            "整改情况",
            "发布时间",
        ]
    )
    for notice in selectors.public_notices(level=level, county=county):
        row = selectors.notice_row(notice)
        writer.writerow(
            [
                row["number"],
                row["level_label"],
                row["publisher"],
                row["county"]["name"],
                row["unit"]["name"],
                row["unit"]["code"],
                row["item_name"],
                row["date"],
                row["finding"],
                row["rectification"],
                row["published_at"],
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="exposure-notices.csv"'
    return response


@require_safe
def notices_json(request):
    level, county = _notice_filters(request)
    rows = [selectors.notice_row(n) for n in selectors.public_notices(level=level, county=county)]
    return JsonResponse(
        {"generated_at": timezone.now().isoformat(timespec="seconds"), "notices": rows},
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def open311_services(request):
    return HttpResponse(
        json.dumps([selectors.OPEN311_SERVICE], ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )


@require_safe
def open311_requests(request):
    status = request.GET.get("status", "")
    rows = selectors.open311_requests(status=status if status in ("open", "closed") else "")
    return HttpResponse(
        json.dumps(rows, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
