"""`jianzheng keys create | list | export FILE`: the county's signing keys."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.documents import selectors
from jianzheng.documents.services import create_signing_key, keys_dir
from jianzheng.documents.signing import key_path


class Command(BaseCommand):
    help = "签名密钥：create 生成新密钥（旧密钥停止签名、继续用于核验）；list 列出；export FILE 导出公钥"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("create", help="生成新的签名密钥，私钥写入 DATA_DIR/keys/（权限 0600）")
        sub.add_parser("list", help="列出全部密钥")
        export = sub.add_parser("export", help="把全部公钥写成 keys.json，供离线核验")
        export.add_argument("file")

    def handle(self, *args, action, **options):
        if action == "create":
            key = create_signing_key(actor=None)
            path = key_path(keys_dir(), key.kid)
            self.stdout.write(f"已生成签名密钥 {key.kid} ({key.algorithm})，私钥：{path}")
            self.stdout.write("请把私钥文件纳入备份；丢失后新文书需用新密钥签名。")
        elif action == "list":
            for key in selectors.list_signing_keys():
                state = f"已停用 {key.retired_at:%Y-%m-%d}" if key.retired_at else "签名中"
                here = "本机有私钥" if key_path(keys_dir(), key.kid).exists() else "本机无私钥"
                self.stdout.write(
                    f"{key.kid}  {key.algorithm}  {key.created_at:%Y-%m-%d %H:%M}  {state}  {here}"
                )
        else:
            document = selectors.public_keys_document()
            if not document["keys"]:
                raise CommandError("尚无签名密钥，请先运行 `jianzheng keys create`")
            try:
                Path(options["file"]).write_text(
                    json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                )
            except OSError as exc:
                raise CommandError(f"无法写入 {options['file']}:{exc}") from None
            self.stdout.write(f"已导出 {len(document['keys'])} 个公钥到 {options['file']}")
