"""`jianzheng backup FILE`: the database and the data folder's keys in one encrypted file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core.errors import RuleViolation
from jianzheng.operations.backup import make_backup
from jianzheng.operations.passphrase import add_passphrase_argument, read_passphrase


class Command(BaseCommand):
    help = (
        "备份：数据库（SQLite 在线备份；PostgreSQL 用 pg_dump）与数据目录中的签名密钥、审计检查点、"
        "会话密钥、共享接口密钥和上传文件，加密写入一个文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件（不会覆盖已有文件）")
        add_passphrase_argument(parser)

    def handle(self, *args, file: Path, passphrase_file: Path | None, **options):
        try:
            made = make_backup(file, read_passphrase(passphrase_file, confirm=True))
        except RuleViolation as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {made.path}：{made.members} 个部分，审计日志 {made.audit_entries} 条"
                "（口令丢失则无法恢复，请另行妥善保管）"
            )
        )
