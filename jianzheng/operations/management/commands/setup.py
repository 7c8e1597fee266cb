"""`jianzheng setup [--demo]`: create or upgrade the database and load the reference data.

Safe to run again: it adds only what is missing and changes nothing already there. The steps
are what the apps registered (`core.registry.register_reference_data`), in their order."""

import os
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from jianzheng.accounts.demo import DEMO_LOGINS
from jianzheng.core import pii
from jianzheng.core.pdf import font_status
from jianzheng.core.registry import reference_data
from jianzheng.operations.serving import DEFAULT_HOST, DEFAULT_PORT
from jianzheng.regions.models import Unit


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
        made = pii.ensure_kek()  # before the migrations that seal existing personal data
        if made:
            self.stdout.write(
                f"个人信息加密密钥 {made} 已生成：{pii.kek_path()}（权限 0600，随备份保存）"
            )
        self.stdout.write("1. 数据库迁移")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=0)  # only acts with JIANZHENG_CACHE=database

        for number, step in enumerate(reference_data(demo=demo), start=2):
            self.stdout.write(f"{number}. {step.title}")
            self.stdout.write(f"   {step.load(demo=demo)}")

        self.stdout.write("")
        self.report_font()
        if demo:
            self.report_logins()
        self.report_address()

    def report_font(self) -> None:
        status = font_status()
        if status.ok:
            self.stdout.write(self.style.SUCCESS(f"PDF 中文字体：{status.message}"))
        else:
            # Not fatal: everything but the printable PDF works, and the message names the package.
            self.stdout.write(
                self.style.ERROR(f"PDF 中文字体缺失，证明无法生成 PDF:{status.message}")
            )

    def report_logins(self) -> None:
        units = dict(
            Unit.objects.filter(code__in=[d.unit_code for d in DEMO_LOGINS]).values_list(
                "code", "name"
            )
        )
        present = set(get_user_model().objects.values_list("username", flat=True))
        rows = [["用户名", "密码", "单位", "角色"]]
        rows += [
            [d.username, d.password, units.get(d.unit_code, d.unit_code), d.role.label]
            for d in DEMO_LOGINS
            if d.username in present
        ]
        self.stdout.write("演示账号（仅供试用，正式使用前请停用）：")
        self.stdout.write(table(rows))

    def report_address(self) -> None:
        # Setup serves nothing: the address is serve's, which is JIANZHENG_PUBLIC_URL when the
        # operator set one and otherwise whatever --host and --port serve is given.
        if os.environ.get("JIANZHENG_PUBLIC_URL"):
            address, note = settings.PUBLIC_URL, ""
        else:
            address = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
            note = "（默认地址；jianzheng serve --host、--port 可改）"
        self.stdout.write(self.style.SUCCESS(f"完成。运行 jianzheng serve 后访问 {address}/{note}"))
        self.stdout.write(f"工作人员登录 {address}{settings.LOGIN_URL}")
