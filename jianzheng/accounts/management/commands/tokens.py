"""`jianzheng tokens create | list | revoke`: bearer tokens for other systems calling /api/v1/."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jianzheng.accounts.models import ApiToken
from jianzheng.accounts.services import create_api_token, revoke_api_token


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "接口令牌：create 签发（明文只显示一次）、list 列出、revoke 吊销。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为某个账号签发令牌；明文只显示这一次")
        create.add_argument("--username", required=True, help="令牌代表的账号")
        create.add_argument("--name", default="", help="用途说明，如 政务服务平台")
        listing = sub.add_parser("list", help="列出令牌：前缀、账号、签发、最近使用、吊销")
        listing.add_argument("--username", help="只列出这个账号的令牌")
        revoke = sub.add_parser("revoke", help="按前缀吊销令牌")
        revoke.add_argument("prefix", help="令牌前缀（jz_ 开头的前 10 个字符）")

    def handle(self, *args, action: str, **options):
        {"create": self.create_token, "list": self.list_tokens, "revoke": self.revoke_token}[
            action
        ](**options)

    def create_token(self, *, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账号 {username} 不存在（--username）")
        if not user.is_active:
            raise CommandError(f"账号 {username} 已停用，不能签发令牌（--username）")
        if len(name) > 100:
            raise CommandError("用途说明不能超过100字（--name）")
        token, plain = create_api_token(actor=None, user=user, name=name)
        self.stderr.write(
            f"已为 {username} 签发令牌 {token.prefix}…；明文只显示这一次，请妥善保存："
        )
        self.stdout.write(plain)

    def list_tokens(self, *, username: str | None = None, **options):
        tokens = ApiToken.objects.select_related("user").order_by("created_at", "pk")
        if username:
            tokens = tokens.filter(user__username=username)
        self.stdout.write("前缀\t账号\t用途\t签发\t最近使用\t吊销")
        for token in tokens:
            self.stdout.write(
                "\t".join(
                    [
                        token.prefix,
                        token.user.username,
                        token.name or "-",
                        when(token.created_at),
                        when(token.last_used_at),
                        when(token.revoked_at),
                    ]
                )
            )

    def revoke_token(self, *, prefix: str, **options):
        matches = list(ApiToken.objects.filter(prefix=prefix))
        if not matches:
            raise CommandError(f"没有前缀为 {prefix} 的令牌，见 `jianzheng tokens list`")
        if len(matches) > 1:
            raise CommandError(
                f"前缀 {prefix} 对应 {len(matches)} 个令牌，无法区分；请联系维护人员"
            )
        token = matches[0]
        if token.revoked_at is not None:
            self.stdout.write(f"令牌 {prefix} 早在 {when(token.revoked_at)} 已吊销")
            return
        revoke_api_token(actor=None, token=token)
        self.stdout.write(self.style.SUCCESS(f"已吊销令牌 {prefix}({token.user.username})"))
