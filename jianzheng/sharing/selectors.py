"""Reads of the sharing area: a unit's checks, a holder's inbox, a resident's own checks, and the
certificates avoided (二(六): "让信息多跑路、群众少跑腿", counted)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jianzheng.accounts.permissions import membership_of, scope_region
from jianzheng.catalogue import selectors as catalogue
from jianzheng.core import workdays
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import UnknownCounty, county_by_code, county_of, default_county
from jianzheng.sharing import integrity, permissions
from jianzheng.sharing.models import SharedFact, SharingCheck

ROLES = ("requester", "holder")


def replaced_item_names(user, fact: SharedFact | None) -> dict[str, str]:
    """The names the user's county's list in force gives the items `fact` replaces (an item the
    list no longer holds is left out)."""
    if fact is None:
        return {}
    county = county_of(membership_of(user).unit.region)
    names = {}
    for code in fact.replaces:
        try:
            found = catalogue.item_in_force(code, county=county)
        except RuleViolation:
            continue
        if found.item is not None:
            names[code] = found.item.name
    return names


def _related(checks: QuerySet[SharingCheck]) -> QuerySet[SharingCheck]:
    return checks.select_related("requester_unit", "requester", "holder", "fact", "answered_by")


def list_checks(user, *, role: str = "", state: str = "") -> QuerySet[SharingCheck]:
    """The user's unit's checks: asked by it (`requester`), addressed to it (`holder`), or
    both; an auditor's: every check of the units in scope (role then filters by their unit)."""
    checks = permissions.visible_checks(user)
    membership = membership_of(user)
    if role == "requester" and membership is not None:
        checks = checks.filter(requester_unit=membership.unit)
    elif role == "holder" and membership is not None:
        checks = checks.filter(holder=membership.unit)
    if state:
        checks = checks.filter(state=state)
    return _related(checks)


def get_check(user, pk: int) -> SharingCheck | None:
    return _related(permissions.visible_checks(user)).filter(pk=pk).first()


def count_pending_for_holder(user) -> int:
    membership = membership_of(user)
    if membership is None:
        return 0
    return SharingCheck.objects.filter(
        holder=membership.unit, state=SharingCheck.State.PENDING
    ).count()


def is_overdue(check: SharingCheck, *, on: dt.date | None = None) -> bool:
    return check.is_pending and check.deadline < (on or workdays.today())


def days_left(check: SharingCheck) -> int:
    return workdays.working_days_left(check.deadline)


def checks_of_subject(id_number: str, name: str) -> QuerySet[SharingCheck]:
    """Exactly the checks about this person: number and name together (a wrong name with the
    right number finds nothing)."""
    key = integrity.subject_key(id_number, name)
    return _related(SharingCheck.objects.filter(subject_key=key)).order_by("-asked_at", "-pk")


# ------------------------------------------------------------------------- certificates avoided


@dataclass(frozen=True)
class Avoided:
    month: str  # "2026-12"
    item_code: str
    item_name: str
    count: int


def certificates_avoided(
    county: Region, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[Avoided]:
    """Per item and month of the answer: checks answered yes or no (a decline replaced nothing)
    whose request named the proof it replaced. Commitments will add their count here."""
    if date_from and date_to and date_from > date_to:
        raise RuleViolation("invalid_range", "起始日期不能晚于截止日期", field="from")
    checks = SharingCheck.objects.filter(county=county, state=SharingCheck.State.ANSWERED)
    tz = timezone.get_current_timezone()
    if date_from:
        start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
        checks = checks.filter(answered_at__gte=start)
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        checks = checks.filter(answered_at__lt=end)
    rows = (
        checks.annotate(month=TruncMonth("answered_at", tzinfo=tz))
        .values("month", "replaces_item_code", "replaces_item_name")
        .annotate(count=Count("pk"))
        .order_by("month", "replaces_item_code", "replaces_item_name")
    )
    merged: dict[tuple[str, str], Avoided] = {}
    for row in rows:
        month = row["month"].strftime("%Y-%m")
        key = (month, row["replaces_item_code"])
        before = merged.get(key)
        merged[key] = Avoided(
            month,
            row["replaces_item_code"],
            before.item_name if before else row["replaces_item_name"],
            row["count"] + (before.count if before else 0),
        )
    return list(merged.values())


def county_for_reader(user, code: str = "") -> Region | None:
    """The county whose counts this staff member reads: the named one if it lies in their
    subtree or contains their unit (None: out of scope, 404), else their own county."""
    region = scope_region(user)
    if region is None:
        return None
    if not code:
        own = county_of(region)
        if own.level == Region.Level.COUNTY:
            return own
        found = default_county()
        if found is None:
            raise RuleViolation("county_required", "请选择县（市、区）", field="county", status=400)
        code = found.code
    try:
        county = county_by_code(code)
    except UnknownCounty:
        raise RuleViolation(
            "unknown_county", f"未知的县（市、区）代码：{code}", field="county", status=400
        ) from None
    inside = county.path.startswith(region.path) or region.path.startswith(county.path)
    return county if inside else None
