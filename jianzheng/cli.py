"""`jianzheng`: the operator's command, the project's manage.py under a real name."""

import os
import sys

# The operator's commands, shown first by `jianzheng --help`.
COMMANDS = {
    "setup": "建库并载入参考数据（--demo 加载示例县与演示账号）；可重复执行",
    "serve": "启动网站与接口服务（--host, --port, --workers）",
    "regions": "regions import FILE.csv：导入区划（代码,名称,上级代码）",
    "units": "units list [--kind community|township|department|county|enterprise]",
    "users": "users create --username U --password P --unit CODE --role ROLE [--full-name] | unlock --username U",
    "tokens": "tokens create --username U [--name] | list [--username U] | revoke PREFIX",
    "catalogue": "catalogue import FILE | export FILE",
    "keys": "keys create | list | export FILE：签名密钥（私钥只存于数据目录）",
    "verify": "verify PDF或核验码 --keys keys.json [--revoked revoked.json]：离线核验",
    "ledger": "ledger export FILE.xlsx [--community CODE] [--from] [--to]：导出台账",
    "audit": "audit verify | checkpoint：校验审计日志（与已签名的检查点核对）；签署链头",
    "backup": "backup FILE [--passphrase-file F]：数据库与数据目录中的密钥加密备份",
    "restore": "restore FILE [--passphrase-file F]：恢复到新建的空数据库和空数据目录",
    "sharing": "sharing dispatch | facts | connect HOLDER URL：信息共享核查的外部接口",
    "partitions": "partitions ensure [--years-ahead 2] | list：PostgreSQL 按年分区（提前建好）",
    "tasks": "tasks run [--loop] | status：发送通知（邮件、短信）并办理逾期举报的上提",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianzheng.settings")
    from django.core.management import execute_from_command_line

    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"} and len(argv) == 2:
        print("usage: jianzheng <command> [options]\n\n减证 jianzheng — operator commands:")
        for name, text in COMMANDS.items():
            print(f"  {name:<11} {text}")
        print(
            "\n`jianzheng <command> --help` for a command's options;"
            " `jianzheng help --all` lists Django's commands too."
        )
        return
    if argv[1:3] == ["help", "--all"]:
        argv = argv[:2]
    execute_from_command_line(["jianzheng", *argv[1:]])


if __name__ == "__main__":
    main()
