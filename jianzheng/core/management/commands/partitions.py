"""`jianzheng partitions ensure [--years-ahead 2] | list`: the year partitions of the ledger, the
refusals, the verification log and the audit log on PostgreSQL (core/partitions.py)."""

from django.core.management.base import BaseCommand
from django.db import connection

from jianzheng.core import partitions


class Command(BaseCommand):
    help = (
        "按年分区（仅 PostgreSQL）：ensure 提前建好今年及以后几年的分区，并把默认分区中的记录"
        "移入其年份的分区（可重复执行，每日任务也会执行）；list 列出分区和行数"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ensure = sub.add_parser("ensure", help="建好今年及以后 --years-ahead 年的分区")
        ensure.add_argument("--years-ahead", type=int, default=partitions.YEARS_AHEAD)
        ensure.add_argument(
            "--since", type=int, default=None, help="也建好自该年起的分区（载入历史数据之前）"
        )
        sub.add_parser("list", help="列出分区和行数")

    def handle(self, *args, action: str, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite 数据库不分区，无需操作。")
            return
        if action == "list":
            for part in partitions.list_partitions():
                label = "默认分区" if part.year is None else f"{part.year} 年"
                self.stdout.write(f"{part.parent:<28} {part.name:<36} {label:<8} {part.rows} 行")
            return
        made = partitions.ensure(years_ahead=max(0, options["years_ahead"]), since=options["since"])
        if made:
            self.stdout.write(self.style.SUCCESS(f"已建分区：{'、'.join(made)}"))
        else:
            self.stdout.write("分区已齐全，无需新建。")
        for parent, rows in partitions.rows_in_default().items():
            self.stdout.write(self.style.WARNING(f"{parent} 的默认分区仍有 {rows} 行"))
