"""`jianzheng ledger export FILE`: the whole ledger (every community) as an .xlsx workbook."""

import datetime as dt
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.certificates.exports import write_ledger_xlsx
from jianzheng.certificates.selectors import LedgerFilter
from jianzheng.regions.models import Unit


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD:{raw}") from None


class Command(BaseCommand):
    help = "台账：export FILE.xlsx 导出出具证明与拒绝出具记录（运维人员，全部社区）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="导出台账为 .xlsx（两个工作表：出具证明、拒绝出具）")
        export.add_argument("file", help="输出文件，如 ledger-2026.xlsx")
        export.add_argument("--community", default="", help="只导出该社区（单位代码）")
        export.add_argument("--from", dest="date_from", default="", help="起始日期 YYYY-MM-DD")
        export.add_argument("--to", dest="date_to", default="", help="截止日期 YYYY-MM-DD")

    def handle(self, *args, file: str, community: str, date_from: str, date_to: str, **options):
        if community and not Unit.objects.filter(code=community).exists():
            raise CommandError(f"没有单位代码为 {community} 的单位")
        filters = LedgerFilter(
            date_from=_date(date_from) if date_from else None,
            date_to=_date(date_to) if date_to else None,
            community=community,
        )
        path = Path(file)
        # Written beside the target and renamed: a failed export never leaves half a workbook.
        partial = path.with_name(f".{path.name}.partial")
        try:
            with partial.open("wb") as fileobj:
                certificates, refusals = write_ledger_xlsx(None, filters, fileobj)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"无法写入 {path}:{exc}") from None
        self.stdout.write(
            self.style.SUCCESS(f"已导出 {path}：出具证明 {certificates} 条，拒绝出具 {refusals} 条")
        )
