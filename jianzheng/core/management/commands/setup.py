"""`jianzheng setup [--demo]`: create or upgrade the database and load the reference data.

Safe to run again: it adds only what is missing and changes nothing already there."""

import importlib
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from jianzheng.accounts.demo import DEMO_LOGINS, create_demo_users
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.reference import load_reference_regions


def optional(module: str, name: str):
    """A function from a module that may not be written yet, or None.

    Only the module itself being absent is tolerated: a broken import inside it still fails."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None
    return getattr(found, name, None)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[list[str]]) -> str:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


class Command(BaseCommand):
    help = "建库（迁移）并载入参考数据；--demo 另建演示账号。可重复执行，不会重复写入。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="载入示例社区并创建演示账号（密码会打印出来）"
        )

    def handle(self, *args, demo: bool, verbosity: int, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write("1. 数据库迁移")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=0)  # only acts with JIANZHENG_CACHE=database

        self.stdout.write("2. 行政区划与单位")
        load_reference_regions(actor=None, demo=demo)
        self.stdout.write(f"   区划 {Region.objects.count()} 个，单位 {Unit.objects.count()} 个")

        self.stdout.write("3. 证明事项清单")
        load_catalogue = optional("jianzheng.catalogue.reference", "load_reference_catalogue")
        if load_catalogue is None:
            self.stdout.write(self.style.WARNING("   证明事项清单载入程序尚未提供，已跳过"))
        else:
            version = load_catalogue(actor=None, demo=demo)
            current = (
                f"已发布{version}" if version else "清单已存在，未改动（清单只通过变更申请修改）"
            )
            self.stdout.write(f"   {current}")

        self.stdout.write("4. 签名密钥")
        self.ensure_signing_key()

        logins = []
        if demo:
            self.stdout.write("5. 演示账号")
            created = create_demo_users(actor=None)
            self.stdout.write(
                f"   新建 {len(created)} 个，已有 {len(DEMO_LOGINS) - len(created)} 个"
            )
            logins = DEMO_LOGINS

        self.stdout.write("")
        self.report_font()
        self.report_logins(logins)

    def ensure_signing_key(self) -> None:
        # CALL SITE (documents app): certificates cannot be signed without a key, so a fresh
        # machine gets one here; ensure_signing_key creates one only when none can sign.
        ensure = optional("jianzheng.documents.services", "ensure_signing_key")
        if ensure is None:
            self.stdout.write(self.style.WARNING("   签名模块尚未提供，未创建密钥"))
            return
        key = ensure(actor=None)
        self.stdout.write(f"   当前签名密钥 {key}（私钥在 {settings.DATA_DIR / 'keys'}，请备份）")

    def report_font(self) -> None:
        font_status = optional("jianzheng.core.pdf", "font_status")
        if font_status is None:
            return
        status = font_status()
        if status.ok:
            self.stdout.write(self.style.SUCCESS(f"PDF 中文字体：{status.message}"))
        else:
            # Not fatal: everything but the printable PDF works, and the message names the package.
            self.stdout.write(
                self.style.ERROR(f"PDF 中文字体缺失，证明无法生成 PDF:{status.message}")
            )

    def report_logins(self, logins) -> None:
        if logins:
            units = dict(
                Unit.objects.filter(code__in=[d.unit_code for d in logins]).values_list(
                    "code", "name"
                )
            )
            User = get_user_model()
            present = set(User.objects.values_list("username", flat=True))
            rows = [["用户名", "密码", "单位", "角色"]]
            rows += [
                [d.username, d.password, units.get(d.unit_code, d.unit_code), d.role.label]
                for d in logins
                if d.username in present
            ]
            self.stdout.write("演示账号（仅供试用，正式使用前请停用）：")
            self.stdout.write(table(rows))
        self.stdout.write(self.style.SUCCESS(f"完成。网址 {settings.PUBLIC_URL}/"))
        self.stdout.write(f"工作人员登录 {settings.PUBLIC_URL}{settings.LOGIN_URL}")
