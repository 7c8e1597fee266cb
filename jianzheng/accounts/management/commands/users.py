"""`jianzheng users create …`: add a staff user with their one unit and role;
`jianzheng users unlock --username U`: let a user locked out by failed sign-ins in again;
`jianzheng users reset-second-factor --username U`: an admin lost the phone with their codes."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from jianzheng.accounts import login_guard, second_factor
from jianzheng.accounts.models import User
from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.selectors import get_unit


def field_error(exc: RuleViolation) -> CommandError:
    """The service's message, naming the command-line option it came from."""
    options = ", ".join(f"--{field.replace('_', '-')}" for field in exc.fields)
    return CommandError(f"{exc.message}({options})" if options else exc.message)


class Command(BaseCommand):
    help = "工作人员账号：create 新建账号（每人属于一个单位，一个角色）；unlock 解除登录失败造成的锁定。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="新建工作人员账号")
        create.add_argument("--username", required=True, help="登录名")
        create.add_argument("--password", help="密码（至少 8 位）；省略时在终端提示输入")
        create.add_argument("--unit", required=True, help="单位代码，见 `jianzheng units list`")
        create.add_argument("--role", required=True, help=f"角色：{' | '.join(Role.values)}")
        create.add_argument("--full-name", default="", help="姓名")
        unlock = sub.add_parser("unlock", help="解除登录失败次数过多造成的锁定（所有地址）")
        unlock.add_argument("--username", required=True, help="登录名")
        reset = sub.add_parser(
            "reset-second-factor", help="停用该账号的双重验证（手机丢失时；本人登录后可重新启用）"
        )
        reset.add_argument("--username", required=True, help="登录名")

    def handle(self, *args, action: str, **options):
        if action == "reset-second-factor":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"没有登录名为 {options['username']} 的账号（--username）")
            removed = second_factor.remove(actor=None, user=user)
            self.stdout.write(
                self.style.SUCCESS(f"已停用 {user.username} 的双重验证")
                if removed
                else f"{user.username} 未启用双重验证，无需停用"
            )
            return
        if action == "unlock":
            cleared = login_guard.unlock(actor=None, username=options["username"])
            self.stdout.write(
                self.style.SUCCESS(f"已解锁 {options['username']}（清除 {cleared} 项失败计数）")
            )
            return
        unit = get_unit(options["unit"])
        if unit is None:
            raise CommandError(
                f"单位代码 {options['unit']} 不存在（--unit），见 `jianzheng units list`"
            )
        password = options["password"]
        if password is None:
            password = self.ask_password()
        try:
            user = create_user(
                actor=None,
                username=options["username"],
                password=password,
                unit=unit,
                role=options["role"],
                full_name=options["full_name"],
            )
        except RuleViolation as exc:
            raise field_error(exc) from None
        membership = user.membership
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建 {user.username}:{unit.name}({unit.code}),{membership.get_role_display()}"
            )
        )

    def ask_password(self) -> str:
        first = getpass.getpass("密码：")
        if first != getpass.getpass("再输入一次："):
            raise CommandError("两次输入的密码不一致（--password）")
        return first
