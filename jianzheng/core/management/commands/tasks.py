"""`jianzheng tasks run [--loop] [--interval S]`: the one task runner (core.outbox).
`jianzheng tasks status`: what is waiting and what failed last."""

import signal
import threading

from django.core.management.base import BaseCommand

from jianzheng.core import journal, outbox
from jianzheng.core.models import OutboxMessage


class Command(BaseCommand):
    help = "后台任务：run [--loop] 发送待发消息并执行定期任务；status 查看待发消息"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run")
        run.add_argument("--loop", action="store_true", help="一直运行，每隔 --interval 秒一轮")
        run.add_argument("--interval", type=float, default=5.0)
        sub.add_parser("status")

    def handle(self, *args, action, **options):
        if action == "status":
            pending = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING)
            self.stdout.write(f"待发送 {pending.count()} 条")
            for name in journal.names():
                # This server's journal files (core.journal): written, not yet in the database.
                self.stdout.write(f"本机日志 {name} 待入库 {journal.backlog(name)} 字节")
            for message in pending.exclude(last_error="")[:20]:
                self.stdout.write(
                    f"  #{message.pk} {message.kind} 已尝试 {message.attempts} 次，"
                    f"下次 {message.available_at:%Y-%m-%d %H:%M}：{message.last_error}"
                )
            return
        if options["loop"]:
            stopping = threading.Event()

            def ask_to_stop(signum, frame):
                stopping.set()

            # systemd stops the service with SIGTERM: finish the message in hand, then leave.
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, ask_to_stop)
            self.stdout.write(f"任务循环已启动，每 {options['interval']} 秒一轮（Ctrl+C 退出）")
            self.stdout.flush()
            outbox.run_loop(interval=options["interval"], stop=stopping.is_set)
            self.stdout.write("任务循环已停止：手上的任务已做完，其余留待下次")
            return
        report = outbox.run_once()
        self.stdout.write(
            f"已完成 {report.done} 条，失败待重试 {report.failed} 条"
            + (f"；定期任务：{'、'.join(report.periodic)}" if report.periodic else "")
        )
