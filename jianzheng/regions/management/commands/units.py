"""`jianzheng units list [--kind …]`: one unit a line, code first, for scripts and eyes."""

from django.core.management.base import BaseCommand, CommandError

from jianzheng.regions.models import Unit
from jianzheng.regions.selectors import list_units


class Command(BaseCommand):
    help = "单位：list 列出单位（代码<TAB>名称<TAB>类型）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="列出单位，每行一个")
        listing.add_argument("--kind", help=f"只列出一种单位：{' | '.join(Unit.Kind.values)}")

    def handle(self, *args, action: str, kind: str | None = None, **options):
        if kind is not None and kind not in Unit.Kind.values:
            choices = ",".join(f"{value}({label})" for value, label in Unit.Kind.choices)
            raise CommandError(f"未知的单位类型 {kind!r}(--kind)，可选：{choices}")
        for unit in list_units(kind=kind):
            self.stdout.write(f"{unit.code}\t{unit.name}\t{unit.get_kind_display()}")
