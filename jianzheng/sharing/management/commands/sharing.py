"""`jianzheng sharing dispatch`: ask the holders outside the platform for their pending checks
(docs/sharing-adapter.md). There is no background runner yet: run it from cron, e.g. every
five minutes. `jianzheng sharing facts` lists what each holder answers; `jianzheng sharing
connect HOLDER URL` points a holder's facts at its exchange (`--off` to answer on the platform)."""

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core import audit
from jianzheng.sharing.adapter import dispatch_pending, secrets_dir
from jianzheng.sharing.models import SharedFact


class Command(BaseCommand):
    help = "信息共享核查：dispatch 向平台外的数据提供单位发送待答复的核查；facts 列出核查事项；connect 设置外部接口。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        dispatch = sub.add_parser("dispatch", help="发送待答复的外部核查（可由 cron 定时执行）")
        dispatch.add_argument("--limit", type=int, default=100)
        sub.add_parser("facts", help="列出各单位提供的核查事项")
        connect = sub.add_parser("connect", help="设置某单位核查事项的外部接口地址")
        connect.add_argument("holder", help="单位代码，如 640121-GAJ")
        connect.add_argument("url", nargs="?", default="", help="https://… 接口地址")
        connect.add_argument("--off", action="store_true", help="取消外部接口，由平台内答复")

    def handle(self, *args, action: str, **options):
        if action == "dispatch":
            result = dispatch_pending(limit=options["limit"])
            self.stdout.write(f"已答复 {result.answered} 项，未取得答复 {result.failed} 项")
        elif action == "facts":
            for fact in SharedFact.objects.select_related("holder"):
                where = f" → {fact.endpoint}" if fact.endpoint else ""
                self.stdout.write(f"{fact.holder.code}/{fact.code}\t{fact.name}{where}")
        else:
            self._connect(options["holder"], options["url"], off=options["off"])

    def _connect(self, holder: str, url: str, *, off: bool):
        if not off and not url.startswith(("https://", "http://")):
            raise CommandError("请给出 https:// 开头的接口地址，或用 --off 取消")
        facts = SharedFact.objects.filter(holder__code=holder)
        if not facts.exists():
            raise CommandError(f"单位 {holder} 没有登记核查事项")
        facts.update(endpoint="" if off else url)
        audit.record(
            actor=None,
            actor_name="operator",
            action="sharing.connect",
            target=("regions.unit", holder),
            summary={"endpoint": "" if off else url},
        )
        secret = secrets_dir() / f"{holder}.secret"
        note = "" if off or secret.exists() else f"；请将共享密钥写入 {secret}"
        self.stdout.write(
            f"{holder} 的核查事项已{'改由平台内答复' if off else '接入 ' + url}{note}"
        )
