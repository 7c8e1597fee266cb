"""`jianzheng restore FILE`: a backup into an empty database and an empty data folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core.errors import RuleViolation
from jianzheng.operations.backup import restore_backup
from jianzheng.operations.passphrase import add_passphrase_argument, read_passphrase


class Command(BaseCommand):
    help = "恢复备份：只恢复到新建的空数据库和空数据目录，不会覆盖正在使用的数据。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="jianzheng backup 生成的备份文件")
        add_passphrase_argument(parser)

    def handle(self, *args, file: Path, passphrase_file: Path | None, **options):
        try:
            manifest = restore_backup(file, read_passphrase(passphrase_file, confirm=False))
        except RuleViolation as exc:
            raise CommandError(exc.message) from None
        head = manifest.get("audit_head") or {"last_id": 0}
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复 {manifest['made_at']} 的备份（审计日志 {head['last_id']} 条）。"
                "请运行 `jianzheng migrate` 与 `jianzheng audit verify`。"
            )
        )
