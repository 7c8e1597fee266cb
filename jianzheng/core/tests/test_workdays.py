"""Deadlines count working days from the State Council's notices, make-up workdays included."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.core import workdays
from jianzheng.core.apps import load_calendar
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry, CalendarDay

D = dt.date


@pytest.fixture
def official(db):
    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    yield
    workdays.forget_cached_calendar()


def test_a_weekend_worked_in_exchange_is_a_working_day_and_the_spring_festival_is_not(official):
    # 2026: 春节 2月15日–23日 放假, 2月14日（周六）上班.
    assert workdays.is_working_day(D(2026, 2, 14))
    assert not workdays.is_working_day(D(2026, 2, 16))  # a Monday inside the holiday
    assert not workdays.is_working_day(D(2026, 2, 21))  # an ordinary Saturday
    assert workdays.is_working_day(D(2026, 2, 24))


def test_counting_starts_the_day_after_and_skips_the_holiday(official):
    # Accepted on Friday 13 Feb 2026: day 1 is the make-up Saturday, day 2 the Tuesday after.
    assert workdays.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert workdays.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    # 15 working days from 30 Sep 2026 run through 国庆 (1–7 Oct off, Sat 10 Oct worked).
    assert workdays.add_working_days(D(2026, 9, 30), 15) == D(2026, 10, 27)
    assert workdays.add_working_days(D(2026, 9, 30), 0) == D(2026, 9, 30)


def test_the_same_span_in_plain_weeks_would_be_wrong(official):
    """Without the notice 15 working days from 30 Sep end on 21 Oct: a week too early."""
    plain = workdays.WorkCalendar(frozenset(), frozenset(), frozenset())
    assert plain.add(D(2026, 9, 30), 15) == D(2026, 10, 21)
    assert workdays.add_working_days(D(2026, 9, 30), 15) != plain.add(D(2026, 9, 30), 15)


def test_days_left_turn_negative_when_overdue(official):
    deadline = D(2026, 2, 24)
    assert workdays.working_days_left(deadline, on=D(2026, 2, 13)) == 2
    assert workdays.working_days_left(deadline, on=deadline) == 0
    assert workdays.working_days_left(deadline, on=D(2026, 2, 26)) == -2


def test_a_year_without_a_notice_is_named(official):
    assert workdays.years_without_notice(D(2026, 12, 1), D(2027, 1, 31)) == [2027]
    assert workdays.years_without_notice(D(2024, 1, 1), D(2026, 12, 31)) == []


def test_importing_the_next_notice_moves_deadlines_and_is_audited(official, tmp_path, capsys):
    audited = AuditEntry.objects.filter(action="calendar.import").count()
    before = workdays.add_working_days(D(2026, 12, 31), 1)
    assert before == D(2027, 1, 1)  # unknown year: a plain Friday
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text(
        "date,kind,name,source\n2027-01-01,holiday,元旦,国务院办公厅关于2027年部分节假日安排的通知\n",
        encoding="utf-8",
    )
    call_command("calendar", "import", str(csv_file))
    assert "新增 1 天" in capsys.readouterr().out
    assert workdays.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert AuditEntry.objects.filter(action="calendar.import").count() == audited + 1
    # The same file again changes nothing and writes no audit entry.
    call_command("calendar", "import", str(csv_file))
    assert "未变 1 天" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="calendar.import").count() == audited + 1


def test_a_bad_file_names_every_line_and_writes_nothing(official, tmp_path):
    count = CalendarDay.objects.count()
    text = (
        "date,kind,name,source\n"
        "2027-02-30,holiday,春节,通知\n"  # no such day
        "2027-02-08,workday,春节调休上班,通知\n"  # a Monday is a working day already
        "2027-02-09,vacation,春节,通知\n"
        "2027-02-10,holiday,,通知\n"
    )
    with pytest.raises(RuleViolation) as caught:
        workdays.parse_calendar_csv(text)
    messages = list(caught.value.fields.values())
    assert [m.split("：")[0] for m in messages] == ["第2行", "第3行", "第4行", "第5行"]
    assert "本是工作日" in messages[1]
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="第2行"):
        call_command("calendar", "import", str(bad))
    assert CalendarDay.objects.count() == count


def test_show_lists_a_year_and_its_working_day_count(official, capsys):
    call_command("calendar", "show", "2026")
    out = capsys.readouterr().out
    assert "2026-02-14（周六） 调休上班" in out
    total = sum(workdays.is_working_day(D(2026, 1, 1) + dt.timedelta(days=n)) for n in range(365))
    assert f"全年工作日：{total} 天" in out
    assert 245 <= total <= 252
    call_command("calendar", "show", "2030")
    assert "没有导入节假日安排" in capsys.readouterr().out
