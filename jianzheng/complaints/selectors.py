"""Reads of the complaints area: staff lists (from `visible_complaints`), the public timeline,
the refusal ranking, exposure notices and the Open311 rows."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from jianzheng.certificates.models import Demand
from jianzheng.complaints import permissions
from jianzheng.complaints.models import Complaint, ComplaintEvent, ExposureNotice, Level
from jianzheng.core import workdays
from jianzheng.regions.models import Region, Unit

ACTIVE = (
    Complaint.State.RECEIVED,
    Complaint.State.ACCEPTED,
    Complaint.State.ANSWERED,
    Complaint.State.VERIFIED,
)


def list_complaints(user, *, state: str = "", overdue: bool | None = None) -> QuerySet[Complaint]:
    qs = permissions.visible_complaints(user).filter(joined_to__isnull=True)
    qs = qs.select_related("county", "accused_unit", "handling_region", "assignee")
    if state:
        qs = qs.filter(state=state)
    today = workdays.today()
    if overdue is True:
        qs = qs.filter(state__in=ACTIVE, due_on__lt=today)
    elif overdue is False:
        qs = qs.exclude(state__in=ACTIVE, due_on__lt=today)
    return qs.annotate(n_joined=Count("joined"))


def get_complaint(user, pk: int) -> Complaint | None:
    return (
        permissions.visible_complaints(user)
        .select_related("county", "accused_unit", "handling_region", "item", "joined_to")
        .filter(pk=pk)
        .first()
    )


def count_waiting(user) -> int:
    """Cases waiting for this user: to handle at their level, or to answer about their unit."""
    qs = permissions.visible_complaints(user).filter(joined_to__isnull=True)
    from jianzheng.accounts.permissions import membership_of, scope_region

    membership = membership_of(user)
    if membership is None:
        return 0
    mine = Q(accused_unit=membership.unit, state=Complaint.State.ACCEPTED)
    if permissions.can_handle_any(user):
        region = scope_region(user)
        mine |= Q(handling_region=region, state__in=ACTIVE)
    return qs.filter(mine).count()


def public_timeline(complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter's tracking page shows: the main case's public updates."""
    main = complaint.joined_to or complaint
    return list(main.events.exclude(public_text="").order_by("at", "id"))


# ------------------------------------------------------------------- refusals as evidence


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(f"{month}-01")
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, end


def refusals_of_month(county: Region, month: str) -> QuerySet[Demand]:
    """Refusals of cancelled proofs recorded in the county's communities that month."""
    start, end = month_bounds(month)
    return Demand.objects.filter(
        community__region__path__startswith=county.path,
        reason=Demand.Reason.CANCELLED,
        requested_on__gte=start,
        requested_on__lt=end,
    ).select_related("item", "community", "requester_unit", "requester_name")


@dataclass(frozen=True)
class RankRow:
    unit_code: str
    name_id: int | None
    name: str
    item_name: str
    count: int
    open_case: str


def rank_refusing_units(county: Region, month: str) -> list[RankRow]:
    """Units that still demand cancelled proofs, most refusals first (二(五)): by the linked
    unit, else by the kept name, so a unit is counted once however it was written."""
    qs = refusals_of_month(county, month).order_by()
    rows = []
    for code, name, item, n in (
        qs.filter(requester_unit__isnull=False)
        .values_list("requester_unit__code", "requester_unit__name", "item_name")
        .annotate(n=Count("pk"))
    ):
        rows.append(RankRow(code, None, name, item, n, ""))
    for name_id, name, item, n in (
        qs.filter(requester_unit__isnull=True)
        .values_list(
            "requester_name_id", Coalesce("requester_name__text", "requester"), "item_name"
        )
        .annotate(n=Count("pk"))
    ):
        rows.append(RankRow("", name_id, name, item, n, ""))
    open_cases = {
        (
            c.accused_unit.code if c.accused_unit else c.accused_name_id,
            c.item_name,
        ): c.tracking_number
        for c in Complaint.objects.filter(
            county=county, source=Complaint.Source.REFUSALS, state__in=ACTIVE
        ).select_related("accused_unit")
    }
    rows = [
        RankRow(
            r.unit_code,
            r.name_id,
            r.name,
            r.item_name,
            r.count,
            open_cases.get((r.unit_code or r.name_id, r.item_name), ""),
        )
        for r in rows
    ]
    return sorted(rows, key=lambda r: (-r.count, r.name, r.item_name))


# ------------------------------------------------------------------------- exposure notices


def public_notices(*, level: str = "", county: Region | None = None) -> QuerySet[ExposureNotice]:
    qs = ExposureNotice.objects.select_related("region", "county", "unit")
    if level in Level.values:
        qs = qs.filter(level=level)
    if county is not None:
        qs = qs.filter(county=county)
    return qs.order_by("-published_at", "-id")


def notice_row(notice: ExposureNotice) -> dict:
    """The open-data row of a notice: public fields only (the feed, CSV, JSON and API)."""
    return {
        "number": notice.number,
        "level": notice.level,
        "level_label": notice.get_level_display(),
        "publisher": notice.publisher_name,
        "county": {"code": notice.county.code, "name": notice.county.name},
        "unit": {"code": notice.unit.code if notice.unit else "", "name": notice.unit_name},
        "item_name": notice.item_name,
        "date": notice.happened_on.isoformat(),
        "finding": notice.finding,
        "rectification": notice.rectification,
        "published_at": notice.published_at.isoformat(timespec="seconds"),
    }


# --------------------------------------------------------------------------- Open311 reads

OPEN311_SERVICE = {
    "service_code": "unreasonable-proof",
    "service_name": "索要不合理或已取消的证明",
    "description": "政府部门、公用企事业单位和服务机构要求居民群众找村（社区）开具不合理证明（永民发〔2020〕91号 二（五））",
    "metadata": False,
    "type": "realtime",
    "keywords": "证明,社区万能章,监督举报",
    "group": "监督举报",
}


def open311_requests(*, status: str = "", limit: int = 200) -> list[dict]:
    """GeoReport v2 requests: number, status, the proof, the handling body, dates; never the
    reporter, the place or the text; the accused unit only once a notice names it."""
    qs = Complaint.objects.filter(joined_to__isnull=True).select_related(
        "handling_region", "notice"
    )
    closed = (Complaint.State.CLOSED, Complaint.State.NOT_ACCEPTED)
    if status == "open":
        qs = qs.exclude(state__in=closed)
    elif status == "closed":
        qs = qs.filter(state__in=closed)
    rows = []
    for complaint in qs.order_by("-received_at")[:limit]:
        notice = getattr(complaint, "notice", None)
        rows.append(
            {
                "service_request_id": complaint.tracking_number,
                "status": "closed" if complaint.state in closed else "open",
                "status_notes": complaint.get_state_display(),
                "service_name": OPEN311_SERVICE["service_name"],
                "service_code": OPEN311_SERVICE["service_code"],
                "description": f"索要“{complaint.item_name}”"
                + (f"（{notice.unit_name}，{notice.number}）" if notice else ""),
                "agency_responsible": _agency(complaint),
                "requested_datetime": complaint.received_at.isoformat(timespec="seconds"),
                "updated_datetime": complaint.updated_at.isoformat(timespec="seconds"),
            }
        )
    return rows


def _agency(complaint: Complaint) -> str:
    return handler_name(complaint.handling_region)


def handler_name(region: Region) -> str:
    """The civil-affairs body at `region` (永宁县民政局, 银川市民政局, 宁夏回族自治区民政厅)."""
    bureau = Q(name__endswith="民政局") | Q(name__endswith="民政厅")
    unit = Unit.objects.filter(bureau, region=region, is_active=True).order_by("code").first()
    return unit.name if unit else f"{region.name}民政部门"
