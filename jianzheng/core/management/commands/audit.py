"""`jianzheng audit verify | checkpoint`: check the audit log; sign its head."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core import checkpoints
from jianzheng.core.audit import run_audit_checks, verify_chain


class Command(BaseCommand):
    help = (
        "审计日志：verify 重新计算哈希链并与已签名的检查点核对，确认没有记录被修改或删除；"
        "checkpoint 用数据库之外保存的密钥签署当前链头（每日定时执行，也可随时执行）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计日志；完整时退出码 0,否则 1")
        verify.add_argument(
            "--checkpoints",
            type=Path,
            help="另外保存的检查点（audit-checkpoints.json 或 checkpoints.jsonl 的副本）",
        )
        verify.add_argument(
            "--public-key",
            help="信任的检查点公钥（audit checkpoint 打印的）；默认读取本机数据目录中的密钥",
        )
        sub.add_parser("checkpoint", help="签署当前链头，写入数据库和数据目录中的检查点日志")

    def handle(self, *args, action: str, **options):
        if action == "checkpoint":
            try:
                made = checkpoints.make_checkpoint()
            except checkpoints.ChainBroken as exc:
                raise CommandError(f"审计日志不完整，未签署检查点：{exc}", returncode=1) from None
            public = checkpoints.local_public_key()
            assert public is not None
            self.stdout.write(
                self.style.SUCCESS(f"已签署检查点：第 {made.last_id} 条，{made.last_hash[:16]}…")
            )
            # Written with "=": a base64url key may begin with "-", which argparse would take
            # for an option of its own.
            key = checkpoints.public_key_text(public)
            self.stdout.write(f"检查点公钥（请另行保存，核验时写成 --public-key=公钥）：{key}")
            return
        self._verify(options["checkpoints"], options["public_key"])

    def _verify(self, extra_file: Path | None, key_text: str | None) -> None:
        try:
            public = checkpoints.parse_public_key(key_text) if key_text else None
            extra = checkpoints.from_file(extra_file) if extra_file else []
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"无法读取检查点或公钥：{exc}", returncode=2) from None
        public = public or checkpoints.local_public_key()
        marks = checkpoints.trusted_marks(public, extra) if public else None
        report = verify_chain(marks.marks if marks else ())
        problems = []
        if not report.ok:
            problems.append(
                f"审计日志不完整，问题出在第 {report.broken_id} 条：{report.reason}"
                f"（此前 {report.checked} 条完好）"
            )
        if marks and marks.refused:
            problems.append(f"{marks.refused} 个检查点的签名不符（被伪造或改动），已忽略")
        if marks and marks.other_keys:
            self.stdout.write(
                f"另有 {marks.other_keys} 个检查点由其他密钥签署（其他服务器或旧密钥），未用于核对"
            )
        problems += [
            f"第 {f.entry_id} 条：{f.message}" if f.entry_id else f.message
            for f in run_audit_checks()
        ]
        if problems:
            raise CommandError("\n".join(problems), returncode=1)
        held = (
            f"，与 {report.marks} 个已签名的检查点一致"
            if public
            else "（本机没有检查点密钥，未与检查点核对：请用 --public-key）"
        )
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：{report.checked} 条{held}"))
