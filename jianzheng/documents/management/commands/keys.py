"""`jianzheng keys create [--county CODE] | list | export FILE`: the counties' signing keys.
`jianzheng keys rotate-pii [--drop-old]`: a new key-encryption key for personal data at rest
(core/pii.py), every data key re-wrapped by it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianzheng.core import pii, pii_rotation
from jianzheng.core.errors import RuleViolation
from jianzheng.documents import selectors
from jianzheng.documents.services import create_signing_key, keys_dir
from jianzheng.documents.signing import key_path
from jianzheng.regions.selectors import UnknownCounty, counties, county_by_code


class Command(BaseCommand):
    help = (
        "签名密钥（每个县（市、区）一把）：create 生成新密钥（该县旧密钥停止签名、继续用于核验）；"
        "list 列出；export FILE 导出公钥"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create", help="生成新的签名密钥，私钥写入 DATA_DIR/keys/（权限 0600）"
        )
        create.add_argument(
            "--county", help="县（市、区）6位代码，如 640121；只有一个县时可省略", default=None
        )
        create.add_argument(
            "--alg",
            choices=["es256", "sm2"],
            default=None,
            help="签名算法：es256（ECDSA P-256，通用 PDF 阅读器可验）或 sm2（SM2/SM3 国密）；"
            "不填则沿用该县当前算法，新县为 es256",
        )
        sub.add_parser("list", help="列出全部密钥")
        export = sub.add_parser("export", help="把全部公钥写成 keys.json，供离线核验")
        export.add_argument("file")
        rotate = sub.add_parser(
            "rotate-pii",
            help="轮换个人信息加密密钥：生成新密钥（或用 JIANZHENG_PII_KEY 中排在最前的新密钥），"
            "把全部数据密钥改由它加密；密文本身不重新加密",
        )
        rotate.add_argument(
            "--drop-old", action="store_true", help="轮换完成后从密钥文件删去旧密钥"
        )

    def handle(self, *args, action, **options):
        if action == "create":
            alg = options.get("alg")
            self._create(options.get("county"), alg.upper() if alg else None)
        elif action == "rotate-pii":
            try:
                done = pii_rotation.rotate(drop_old=options.get("drop_old", False))
            except pii.PiiError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"个人信息加密密钥已轮换为 {done['kid']}：{done['rewrapped']} 个数据密钥已重新加密"
                + (f"；已删去旧密钥 {'、'.join(done['dropped'])}" if done["dropped"] else "")
            )
        elif action == "list":
            for key in selectors.list_signing_keys():
                state = f"已停用 {key.retired_at:%Y-%m-%d}" if key.retired_at else "签名中"
                if key.county is None:
                    owner, state = "未归属县", "仅用于核验"
                else:
                    owner = f"{key.county.code} {key.county.name}"
                here = "本机有私钥" if key_path(keys_dir(), key.kid).exists() else "本机无私钥"
                self.stdout.write(
                    f"{key.kid}  {key.algorithm}  {owner}  {key.created_at:%Y-%m-%d %H:%M}  "
                    f"{state}  {here}"
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

    def _create(self, code: str | None, algorithm: str | None) -> None:
        try:
            county = county_by_code(code) if code is not None else None
            key = create_signing_key(county=county, actor=None, algorithm=algorithm)
        except UnknownCounty as exc:
            known = "、".join(f"{c.code} {c.name}" for c in counties()) or "（尚无）"
            raise CommandError(f"未知的县（市、区）代码：{exc.code}。可选：{known}") from None
        except RuleViolation as exc:
            raise CommandError(exc.message) from None
        assert key.county is not None
        path = key_path(keys_dir(), key.kid)
        self.stdout.write(
            f"已为 {key.county.code} {key.county.name} 生成签名密钥 {key.kid} ({key.algorithm})，"
            f"私钥：{path}"
        )
        self.stdout.write("该县此前的密钥停止签名、继续用于核验；其他县的密钥不变。")
        self.stdout.write("请把私钥文件纳入备份；丢失后新文书需用新密钥签名。")
