from pathlib import Path

from django.apps import AppConfig

OFFICIAL_CALENDAR = Path(__file__).parent / "data" / "official-calendar.csv"


class CoreConfig(AppConfig):
    name = "jianzheng.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from jianzheng.core import notify
        from jianzheng.core.registry import register_reference_data

        notify.register()
        register_reference_data("calendar", order=5, title="工作日历", load=load_calendar)


def load_calendar(*, demo: bool) -> str:
    """The State Council's holiday notices shipped with the package (core/data)."""
    from jianzheng.core import workdays

    rows = workdays.parse_calendar_csv(OFFICIAL_CALENDAR.read_text(encoding="utf-8"))
    workdays.import_calendar(rows)
    years = sorted(workdays.calendar().years)
    return f"节假日安排：{'、'.join(map(str, years))} 年" if years else "节假日安排：无"
