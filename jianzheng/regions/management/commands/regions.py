"""`jianzheng regions import FILE.csv`: add or rename regions from `code,name,parent code` rows."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core.errors import RuleViolation
from jianzheng.regions.services import import_regions, parse_region_csv


def read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030: what Excel on a Chinese desktop saves."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise CommandError(f"{path} 既不是 UTF-8 也不是 GBK 编码的文本文件") from None


class Command(BaseCommand):
    help = "行政区划：import FILE.csv 导入（代码,名称,上级代码）；有一行出错则一行也不导入。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser(
            "import", help="导入区划 CSV：代码,名称,上级代码（表头可有可无）"
        )
        importing.add_argument("file", type=Path, help="CSV 文件路径")

    def handle(self, *args, action: str, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        try:
            count = import_regions(actor=None, rows=parse_region_csv(read_text(file)))
        except RuleViolation as exc:
            for where, problem in exc.fields.items():
                self.stderr.write(f"  {where}: {problem}")
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"已导入 {count} 行区划"))
