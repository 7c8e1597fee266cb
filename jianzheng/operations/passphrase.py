"""Where `backup` and `restore` get the passphrase: JIANZHENG_BACKUP_PASSPHRASE, a file, or the
terminal (asked twice when making a backup). Never an argument: it would sit in the shell's
history and in every process listing."""

import getpass
import os
from pathlib import Path

from django.core.management.base import CommandError

ENV = "JIANZHENG_BACKUP_PASSPHRASE"


def add_passphrase_argument(parser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        help=f"从文件读取备份口令（第一行）；也可用环境变量 {ENV}，都没有时在终端输入",
    )


def read_passphrase(path: Path | None, *, confirm: bool) -> str:
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError):
            raise CommandError(f"无法从 {path} 读取备份口令（--passphrase-file）") from None
    if os.environ.get(ENV):
        return os.environ[ENV]
    first = getpass.getpass("备份口令：")
    if confirm and first != getpass.getpass("再输入一次："):
        raise CommandError("两次输入的口令不一致")
    return first  # its length is checked when a backup is made (operations.backup)
