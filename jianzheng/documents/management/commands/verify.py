"""`jianzheng verify <pdf|token|url> --keys keys.json [--revoked revoked.json]`: offline.

Needs no database and no network: it reads only the files it is given and never touches the
ORM (system checks are off too, so a machine with no database configured can run it). A PDF is
also checked for its own PAdES signature by the token's key and for carrying the facts the
token signed (documents.pdfsign); papers with a version 1 token predate both and say so.
Exit 0 valid, 1 revoked or invalid, 2 unusable input."""

import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from jianzheng.documents.pdfsign import PDF_REASONS, verify_pdf_contents
from jianzheng.documents.tokens import (
    TokenError,
    extract_token,
    parse_keys_document,
    verify_revocation_list,
    verify_token_offline,
)

# The PDF contract: jianzheng's PDFs carry the token in the document info /Keywords as
# `jianzheng-token=<TOKEN>`; ReportLab writes the info dictionary uncompressed.
PDF_TOKEN = re.compile(rb"jianzheng-token=([A-Z2-7]+)")
LOOKS_LIKE_TOKEN = re.compile(r"(?i)([A-Z2-7]{40,}|.*/V/[A-Z2-7]+/?)")

REASONS = {
    "malformed": "核验码不完整或已被改动 token malformed or altered",
    "malformed_payload": "核验码内容无法识别 payload unreadable",
    "unknown_key": "签名密钥不在公钥文件中 signed by an unknown key",
    "bad_signature": "签名不符 signature does not verify",
    "pdf_unsigned": f"{PDF_REASONS['pdf_unsigned']} PDF not signed",
    "pdf_broken": f"{PDF_REASONS['pdf_broken']} PDF changed after signing",
    "pdf_foreign_key": f"{PDF_REASONS['pdf_foreign_key']} PDF signed by another key",
    "facts_mismatch": f"{PDF_REASONS['facts_mismatch']} facts differ from the signed ones",
}


class Unusable(Exception):
    pass


class Command(BaseCommand):
    help = "离线核验文书（PDF、核验码或核验网址），不需要数据库和网络"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("source", help="PDF 文件、核验码或核验网址")
        parser.add_argument("--keys", required=True, help="公钥文件 keys.json")
        parser.add_argument("--revoked", help="撤销清单 revoked.json（可选）")

    def handle(self, *args, source, keys, revoked=None, **options):
        try:
            token, pdf = self._token(source)
            public_keys = parse_keys_document(self._json(keys, "公钥文件 keys file"))
            revocations = {}
            if revoked:
                revocations = verify_revocation_list(
                    self._json(revoked, "撤销清单 revocation list"), public_keys
                )
        except (Unusable, ValueError) as exc:
            self.stderr.write(f"无法核验 unusable input: {exc}")
            raise SystemExit(2) from None
        try:
            parsed, claims = verify_token_offline(token, public_keys)
        except TokenError as exc:
            self.stdout.write(f"无效 INVALID · {REASONS.get(exc.code, exc.code)}")
            raise SystemExit(1) from None
        note = ""
        if pdf is not None:
            verdict = verify_pdf_contents(
                pdf, claims, kid=parsed.kid, public_key=public_keys[parsed.kid].public_key
            )
            if verdict.reason is not None:
                self.stdout.write(f"无效 INVALID · {REASONS[verdict.reason]}")
                raise SystemExit(1)
            note = (
                " · 旧版证明：PDF 未签名，内容未核对 legacy paper, PDF contents not covered"
                if verdict.legacy
                else " · PDF 签名与证明内容一致 PDF signature and facts verified"
            )
        dates = f"出具 issued {claims.issued_on:%Y-%m-%d} · 有效期至 valid until " + (
            f"{claims.valid_until:%Y-%m-%d}" if claims.valid_until else "长期 open-ended"
        )
        facts = f"编号 serial {claims.serial} · 单位 issuer {claims.issuer_code} · {dates}"
        county = public_keys[parsed.kid].county
        if county:  # keys.json names whose key it is
            facts += f" · 签名密钥 key {parsed.kid}（{county}）"
        entry = revocations.get(claims.serial)
        if entry is not None:
            self.stdout.write(
                f"已撤销 REVOKED · {facts} · 撤销于 revoked {entry.get('revoked_at')}"
            )
            raise SystemExit(1)
        if claims.valid_until is not None and claims.valid_until < timezone.localdate():
            self.stdout.write(f"无效 INVALID · 已过有效期 expired · {facts}")
            raise SystemExit(1)
        checked = "已核对撤销清单" if revoked else "未提供撤销清单 revocations not checked"
        self.stdout.write(f"有效 VALID · {facts} · {checked}{note}")

    def _token(self, source: str) -> tuple[str, bytes | None]:
        path = Path(source)
        try:
            is_file = path.is_file()
        except OSError:  # a token is longer than a file name may be
            is_file = False
        if is_file:
            data = path.read_bytes()
            if not data.startswith(b"%PDF"):
                raise Unusable(f"{source} 不是 PDF 文件 not a PDF")
            match = PDF_TOKEN.search(data)
            if match is None:
                raise Unusable(f"{source} 中没有 jianzheng 核验码 no jianzheng token in PDF")
            return match.group(1).decode("ascii"), data
        if LOOKS_LIKE_TOKEN.fullmatch(source.strip()):
            return extract_token(source), None
        raise Unusable(f"文件不存在，也不是核验码 no such file and not a token: {source}")

    def _json(self, filename: str, label: str):
        try:
            return json.loads(Path(filename).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise Unusable(f"{label} {filename}: {exc}") from None
