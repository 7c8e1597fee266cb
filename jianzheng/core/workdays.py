"""Working days (工作日): the one calendar every deadline counts with — post-checks, data-sharing
answers, complaints, work-item reviews, rating follow-ups.

A day is a working day Monday to Friday unless the State Council's notice for its year makes it a
holiday; a weekend day the notice makes a working day in exchange (调休上班) is one. The notices are
data (`CalendarDay`), shipped for the years we have and imported each November for the next
(`jianzheng calendar import`). For a year with no notice loaded the calendar falls back to the
plain week and says so (`years_without_notice`), so a deadline is never silently wrong without a
warning somewhere.

Counting follows the usual wording "自受理之日起 N 个工作日内": the day of the event is not
counted, the first working day after it is day 1, and the deadline is the end of day N.

Tests freeze "today" with time-machine; nothing here reads the clock except `today()`."""

import csv
import datetime as dt
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from jianzheng.core import audit
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.models import CalendarDay

CSV_FIELDS = ("date", "kind", "name", "source")
# How long a process trusts the calendar it holds before asking the database again.
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def add(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (`start` itself not counted); 0 → `start`."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        while days:
            day += dt.timedelta(days=1)
            days -= self.is_working_day(day)
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


_held: tuple[tuple, float, WorkCalendar] | None = None


def calendar() -> WorkCalendar:
    """The calendar as the database holds it, re-read when it changes (at most every minute)."""
    global _held
    now = time.monotonic()
    if _held is not None and now - _held[1] < CACHE_SECONDS:
        return _held[2]
    key = tuple(CalendarDay.objects.aggregate(n=Count("pk"), last=Max("pk")).values())
    if _held is None or _held[0] != key:
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        for day, kind in CalendarDay.objects.values_list("day", "kind"):
            (workdays if kind == CalendarDay.Kind.WORKDAY else holidays).add(day)
        years = frozenset(d.year for d in holidays | workdays)
        _held = (key, now, WorkCalendar(frozenset(holidays), frozenset(workdays), years))
    else:
        _held = (key, now, _held[2])
    return _held[2]


def forget_cached_calendar() -> None:
    global _held
    _held = None


def today() -> dt.date:
    return timezone.localdate()


def is_working_day(day: dt.date) -> bool:
    return calendar().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The deadline `days` working days after `start` (e.g. 15 for a rating follow-up)."""
    return calendar().add(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return calendar().between(start, end)


def working_days_left(deadline: dt.date, *, on: dt.date | None = None) -> int:
    """Working days from `on` (today) to `deadline`; negative when overdue by that many."""
    on = on or today()
    if deadline >= on:
        return working_days_between(on, deadline)
    return -working_days_between(deadline, on)


def years_without_notice(start: dt.date, end: dt.date) -> list[int]:
    """Years between the two days for which no notice is loaded: counted as plain weeks."""
    known = calendar().years
    return [year for year in range(start.year, end.year + 1) if year not in known]


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int

    @property
    def summary(self) -> str:
        return f"新增 {self.added} 天，修改 {self.changed} 天，未变 {self.unchanged} 天"


def parse_calendar_csv(text: str) -> list[dict]:
    """Rows of date,kind,name,source; every problem named by its line, all at once."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [f for f in CSV_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise RuleViolation(
            "invalid_calendar", f"缺少列：{'、'.join(missing)}（应为 {','.join(CSV_FIELDS)}）"
        )
    errors, rows, seen = FieldErrors(), [], set()
    for line, raw in enumerate(reader, start=2):
        where = f"第{line}行"
        try:
            day = dt.date.fromisoformat((raw["date"] or "").strip())
        except ValueError:
            errors.add(f"line_{line}", f"{where}：日期应为 YYYY-MM-DD")
            continue
        kind = (raw["kind"] or "").strip()
        name = (raw["name"] or "").strip()
        source = (raw["source"] or "").strip()
        if kind not in CalendarDay.Kind.values:
            errors.add(f"line_{line}", f"{where}：类型只能是 holiday（放假）或 workday（调休上班）")
        elif kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
            errors.add(f"line_{line}", f"{where}：{day} 本是工作日，不能列为调休上班")
        elif not name or not source:
            errors.add(f"line_{line}", f"{where}：请填写名称和依据（通知名称、文号）")
        elif day in seen:
            errors.add(f"line_{line}", f"{where}：{day} 重复")
        else:
            seen.add(day)
            rows.append({"day": day, "kind": kind, "name": name[:40], "source": source[:200]})
    errors.raise_if_any("invalid_calendar", "节假日安排文件有误")
    return rows


@transaction.atomic
def import_calendar(rows: Iterable[dict], *, actor=None) -> ImportResult:
    """Add or correct days; a day already there with the same facts is left alone. Idempotent."""
    added = changed = unchanged = 0
    for row in rows:
        existing = CalendarDay.objects.filter(day=row["day"]).first()
        if existing is None:
            CalendarDay.objects.create(**row)
            added += 1
        elif (existing.kind, existing.name, existing.source) != (
            row["kind"],
            row["name"],
            row["source"],
        ):
            for key in ("kind", "name", "source"):
                setattr(existing, key, row[key])
            existing.save()
            changed += 1
        else:
            unchanged += 1
    result = ImportResult(added, changed, unchanged)
    if added or changed:
        audit.record(
            actor=actor,
            action="calendar.import",
            summary={"added": added, "changed": changed},
        )
    # This process sees the change at once; others within CACHE_SECONDS.
    forget_cached_calendar()
    transaction.on_commit(forget_cached_calendar)
    return result
