import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jianzheng.catalogue.importexport import export_catalogue, load_payloads
from jianzheng.catalogue.models import Catalogue
from jianzheng.catalogue.services import default_catalogue, ensure_catalogue, import_catalogue
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import UnknownCounty, county_by_code


def _catalogue(county: str, level: str) -> Catalogue:
    """--level nation | region, else --county CODE, else the default (the only) county."""
    if level == "nation":
        return ensure_catalogue(None)
    if level == "region":
        region = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code").first()
        if region is None:
            raise CommandError("还没有自治区一级的行政区划")
        return ensure_catalogue(region)
    if county:
        try:
            return ensure_catalogue(county_by_code(county))
        except UnknownCounty:
            raise CommandError(f"未知的县（市、区）代码：{county}") from None
    return default_catalogue()


def _which(parser):
    parser.add_argument("--county", default="", help="县（市、区）代码，默认唯一的县")
    parser.add_argument(
        "--level",
        choices=["county", "region", "nation"],
        default="county",
        help="清单层级：county（默认）、region（自治区）、nation（国家第一批）",
    )


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
        imp.add_argument(
            "--approval-reference", default="", help="新增保留事项的自治区批准文号（三(四)）"
        )
        imp.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        _which(imp)
        exp = sub.add_parser("export", help="导出到 xlsx/csv（与导入格式相同）")
        exp.add_argument("file", type=Path)
        _which(exp)
        sub.add_parser("apply-due", help="使生效日期已到的版本生效（每天运行）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except RuleViolation as exc:
            details = "\n".join(f"  {field}: {message}" for field, message in exc.fields.items())
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from None

    def _import(self, file, reason, legal_basis, effective, dry_run, county, level, **options):
        payloads = load_payloads(file)
        catalogue = _catalogue(county, level)
        if dry_run:
            self.stdout.write(f"校验通过：{len(payloads)} 行，未写入（--dry-run）")
            return
        version = import_catalogue(
            actor=None,
            catalogue=catalogue,
            payloads=payloads,
            approval_reference=options.get("approval_reference", ""),
            reason=reason,
            legal_basis=legal_basis,
            effective_date=effective,
        )
        if version is None:
            self.stdout.write(f"{len(payloads)} 行与{catalogue.label}现行内容一致，无变化")
        else:
            state = "已生效" if version.is_in_force else f"将于 {version.effective_date} 生效"
            self.stdout.write(
                f"已导入 {len(payloads)} 行，发布为{catalogue.label}第 {version.number} 版，{state}"
            )

    def _export(self, file, county, level, **_):
        catalogue = _catalogue(county, level)
        count = export_catalogue(file, catalogue=catalogue)
        version = catalogue.versions.filter(effective_date__lte=timezone.localdate()).first()
        label = f"第 {version.number} 版" if version else "无版本"
        self.stdout.write(f"已导出{catalogue.label} {count} 项({label})到 {file}")
