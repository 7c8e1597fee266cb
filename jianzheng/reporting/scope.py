"""The scope and period every report is asked for: a region code at or below the viewer's own
(community, township, county, city, region) and an optional date range. Out of the viewer's
subtree (or unknown) is 404, as everywhere."""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from jianzheng.accounts.permissions import scope_region
from jianzheng.core.errors import FieldErrors
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of


@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date | None

    @property
    def label(self) -> str:
        if not self.start and not self.end:
            return "全部时间"
        return f"{self.start or '最早'}至{self.end or '今'}"


def parse_date(value, *, field: str, label: str, problems: FieldErrors) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(field, f"{label}应为日期，如2020-09-01")
        return None


def parse_period(start, end) -> Period:
    problems = FieldErrors()
    first = parse_date(start, field="from", label="起始日期", problems=problems)
    last = parse_date(end, field="to", label="截止日期", problems=problems)
    if first and last and first > last:
        problems.add("from", "起始日期不能晚于截止日期")
    problems.raise_if_any("invalid_range", "统计期间有误")
    return Period(first, last)


def resolve_scope(user, code: str | None) -> Region:
    """The region `code` names, when it lies in `user`'s subtree; the user's own without one."""
    own = scope_region(user)
    if own is None:
        raise Http404
    if not code:
        return own
    region = Region.objects.filter(code=str(code)).first()
    if region is None or not region.path.startswith(own.path):
        raise Http404
    return region


def communities(scope: Region):
    return Unit.objects.filter(kind=Unit.Kind.COMMUNITY, region__path__startswith=scope.path)


def counties(scope: Region) -> list[Region]:
    """The counties a scope covers: every county below a city or region, else its own."""
    if scope.level in (Region.Level.PROVINCE, Region.Level.CITY):
        return list(Region.objects.filter(level=Region.Level.COUNTY, path__startswith=scope.path))
    return [county_of(scope)]
