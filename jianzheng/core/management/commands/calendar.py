"""`jianzheng calendar import FILE.csv` / `calendar show YEAR`: the State Council's yearly holiday
notice as data (jianzheng.core.workdays). Each November, when the next year's notice is out, an
operator imports it: date,kind,name,source with kind holiday (放假) or workday (调休上班)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core import workdays
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import CalendarDay


class Command(BaseCommand):
    help = "工作日历：import 导入国务院办公厅节假日安排（CSV），show 查看某年的安排。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="导入 CSV：date,kind,name,source")
        load.add_argument("file", type=Path)
        show = sub.add_parser("show", help="列出某年的放假和调休上班日")
        show.add_argument("year", type=int)

    def handle(self, *args, action: str, **options):
        if action == "import":
            path: Path = options["file"]
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"无法读取 {path}：{exc}") from exc
            try:
                result = workdays.import_calendar(workdays.parse_calendar_csv(text))
            except RuleViolation as exc:
                lines = "\n".join(exc.fields.values())
                raise CommandError(f"{exc.message}\n{lines}".rstrip()) from exc
            self.stdout.write(self.style.SUCCESS(f"已导入：{result.summary}"))
            return
        year = options["year"]
        days = CalendarDay.objects.filter(day__year=year)
        if not days.exists():
            self.stdout.write(f"{year} 年没有导入节假日安排：期限按周一至周五计算。")
            return
        sources = dict.fromkeys(days.values_list("source", flat=True))
        for day in days:
            weekday = "一二三四五六日"[day.day.weekday()]
            self.stdout.write(
                f"{day.day:%Y-%m-%d}（周{weekday}） {day.get_kind_display()} {day.name}"
            )
        self.stdout.write(f"依据：{'；'.join(sources)}")
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        self.stdout.write(
            f"全年工作日：{workdays.working_days_between(start - dt.timedelta(1), end)} 天"
        )
