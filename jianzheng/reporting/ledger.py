"""The ledger's counts for a scope and period: from the rollup (certificates.LedgerRollup, kept
in the issuing, revoking and refusing transactions) when the period is whole months, else
counted from the ledger itself, with the revoked among those days from
certificates.LedgerRevokedDay (kept by the revoking transaction). Either way the numbers equal
direct counts of the ledger."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from jianzheng.certificates.models import Certificate, Demand, LedgerRevokedDay, LedgerRollup
from jianzheng.regions.models import Region
from jianzheng.reporting.scope import Period, communities


@dataclass(frozen=True)
class Count4:
    community_id: int
    month: dt.date
    item_code: str
    item_name: str
    issued: int
    revoked: int
    handover: int
    refused: int


def whole_months(period: Period) -> bool:
    if period.start and period.start.day != 1:
        return False
    if period.end:
        last = calendar.monthrange(period.end.year, period.end.month)[1]
        if period.end.day != last:
            return False
    return True


def _from_rollup(scope: Region, period: Period) -> list[Count4]:
    rows = LedgerRollup.objects.filter(community__region__path__startswith=scope.path)
    if period.start:
        rows = rows.filter(month__gte=period.start)
    if period.end:
        rows = rows.filter(month__lte=period.end.replace(day=1))
    rows = rows.values("community_id", "month", "item_code", "item_name").annotate(
        i=Sum("issued"), r=Sum("revoked"), h=Sum("handover"), f=Sum("refused")
    )
    return [
        Count4(
            x["community_id"],
            x["month"],
            x["item_code"],
            x["item_name"],
            x["i"],
            x["r"],
            x["h"],
            x["f"],
        )
        for x in rows
        if x["i"] or x["f"]
    ]


def _direct(scope: Region, period: Period) -> list[Count4]:
    """Issued and hand-overs counted from the ledger's rows, the revoked among them from
    LedgerRevokedDay: revocation lives on each row's signed document, and reading it here cost a
    look-up per row (14.2 s for 31 days at 10 M rows, docs/performance.md)."""
    units = communities(scope).values("pk")
    certificates = Certificate.objects.filter(community__in=units)
    revoked = LedgerRevokedDay.objects.filter(community__in=units)
    refusals = Demand.objects.filter(community__in=units, outcome=Demand.Outcome.REFUSED)
    if period.start:
        certificates = certificates.filter(issued_on__gte=period.start)
        revoked = revoked.filter(issued_on__gte=period.start)
        refusals = refusals.filter(requested_on__gte=period.start)
    if period.end:
        certificates = certificates.filter(issued_on__lte=period.end)
        revoked = revoked.filter(issued_on__lte=period.end)
        refusals = refusals.filter(requested_on__lte=period.end)
    found: dict[tuple, list[int]] = {}
    for row in (
        certificates.annotate(m=TruncMonth("issued_on"))
        .values("community_id", "m", "item__code", "item_name")
        .annotate(i=Count("id"), h=Count("id", filter=Q(is_handover=True)))
    ):
        key = (row["community_id"], row["m"], row["item__code"], row["item_name"])
        found[key] = [row["i"], 0, row["h"], 0]
    for row in (
        revoked.annotate(m=TruncMonth("issued_on"))
        .values("community_id", "m", "item_code", "item_name")
        .annotate(n=Sum("revoked"))
    ):
        key = (row["community_id"], row["m"], row["item_code"], row["item_name"])
        found.setdefault(key, [0, 0, 0, 0])[1] += row["n"]
    for row in (
        refusals.annotate(m=TruncMonth("requested_on"))
        .values("community_id", "m", "item__code", "item_name")
        .annotate(n=Count("id"))
    ):
        key = (row["community_id"], row["m"], row["item__code"] or "", row["item_name"])
        found.setdefault(key, [0, 0, 0, 0])[3] += row["n"]
    return [Count4(*key, *counts) for key, counts in found.items()]


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def ledger_counts(scope: Region, period: Period) -> list[Count4]:
    """Whole months from the rollup; the part-months at either end of the period counted from
    the ledger (a few weeks of rows at most, through the date indexes)."""
    if whole_months(period):
        return _from_rollup(scope, period)
    start, end = period.start, period.end
    if start and end and (start.year, start.month) == (end.year, end.month):
        return _direct(scope, period)
    parts: list[Count4] = []
    if start and start.day != 1:
        parts += _direct(scope, Period(start, _month_end(start)))
        start = _month_end(start) + dt.timedelta(days=1)
    if end and end != _month_end(end):
        parts += _direct(scope, Period(end.replace(day=1), end))
        end = end.replace(day=1) - dt.timedelta(days=1)
    if start is None or end is None or start <= end:
        parts += _from_rollup(scope, Period(start, end))
    return parts
