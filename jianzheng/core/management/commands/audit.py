"""`jianzheng audit verify`: recompute the audit log's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core.audit import verify_chain


class Command(BaseCommand):
    help = "审计日志：verify 重新计算哈希链，确认没有记录被修改或删除。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计日志哈希链；完整时退出码 0,否则 1")

    def handle(self, *args, action: str, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"审计日志不完整，问题出在第 {report.broken_id} 条：{report.reason}"
                f"（此前 {report.checked} 条完好）",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：{report.checked} 条"))
