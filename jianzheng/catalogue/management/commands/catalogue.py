import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.catalogue.importexport import export_catalogue, load_payloads
from jianzheng.catalogue.selectors import current_version
from jianzheng.catalogue.services import import_catalogue
from jianzheng.core.errors import RuleViolation


class Command(BaseCommand):
    help = "证明事项清单：导入、导出、使到期版本生效"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从 xlsx/csv 导入（先校验全部行，全部成功才写入）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--reason", default="批量导入证明事项清单", help="变更理由")
        imp.add_argument(
            "--legal-basis", default="永民发〔2020〕91号 三（三）一", help="法律政策依据"
        )
        imp.add_argument(
            "--effective",
            type=dt.date.fromisoformat,
            default=None,
            help="生效日期 YYYY-MM-DD，默认今天",
        )
        imp.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        exp = sub.add_parser("export", help="导出到 xlsx/csv（与导入格式相同）")
        exp.add_argument("file", type=Path)
        sub.add_parser("apply-due", help="使生效日期已到的版本生效（每天运行）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except RuleViolation as exc:
            details = "\n".join(f"  {field}: {message}" for field, message in exc.fields.items())
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from None

    def _import(self, file, reason, legal_basis, effective, dry_run, **_):
        payloads = load_payloads(file)
        if dry_run:
            self.stdout.write(f"校验通过：{len(payloads)} 行，未写入（--dry-run）")
            return
        version = import_catalogue(
            actor=None,
            payloads=payloads,
            reason=reason,
            legal_basis=legal_basis,
            effective_date=effective,
        )
        if version is None:
            self.stdout.write(f"{len(payloads)} 行与现行清单一致，无变化")
        else:
            state = "已生效" if version.is_in_force else f"将于 {version.effective_date} 生效"
            self.stdout.write(f"已导入 {len(payloads)} 行，发布为第 {version.number} 版，{state}")

    def _export(self, file, **_):
        count = export_catalogue(file)
        version = current_version()
        label = f"第 {version.number} 版" if version else "无版本"
        self.stdout.write(f"已导出 {count} 项({label})到 {file}")
