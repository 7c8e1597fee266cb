"""The adapter for holders outside the platform (docs/sharing-adapter.md): a pending check of a
fact with an `endpoint` is POSTed there as signed JSON, and a signed answer is recorded exactly as
a holder's officer would record it. Anything else — no secret, a timeout, a refused connection,
an unsigned or malformed answer — leaves the check pending with the error noted; an answer is
written whole or not at all.

There is no background runner yet: `jianzheng sharing dispatch` (a cron line) calls
`dispatch_pending()`."""

import hashlib
import hmac
import json
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jianzheng.core.errors import RuleViolation
from jianzheng.sharing import services
from jianzheng.sharing.models import SharingCheck

SIGNATURE = "X-Jianzheng-Signature"
REQUEST_ID = "X-Jianzheng-Request-Id"


class ExchangeError(Exception):
    """Why no answer was recorded this time (kept on the check as `last_error`); `retry`: a
    timeout or a lost connection, which a second try may get past."""

    def __init__(self, message: str, *, retry: bool = False):
        super().__init__(message)
        self.retry = retry


def secrets_dir() -> Path:
    return Path(settings.DATA_DIR) / "sharing"


def secret_for(holder_code: str) -> bytes:
    """`<data folder>/sharing/<holder code>.secret`, one line, shared with that holder."""
    path = secrets_dir() / f"{holder_code}.secret"
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except OSError:
        raise ExchangeError(f"缺少与 {holder_code} 共享的密钥文件 {path}") from None
    if len(secret) < 16:
        raise ExchangeError(f"{path} 中的密钥太短（至少16个字符）")
    return secret.encode()


def sign(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def request_id(check: SharingCheck) -> str:
    """Stable for a check: the holder answers a repeated id with its first answer."""
    return f"jz-{check.pk}-{check.request_hash[:16]}"


def request_document(check: SharingCheck) -> dict:
    return {
        "request_id": request_id(check),
        "request_hash": check.request_hash,
        "fact": check.fact.code,
        "subject": {"name": check.subject_name, "id_number": check.subject_id_number},
        "particulars": check.particulars,
        "purpose": check.purpose,
        "case_number": check.case_number,
        "legal_basis": check.legal_basis,
        "requester": {"code": check.requester_unit.code, "name": check.requester_unit.name},
        "asked_at": check.asked_at.isoformat(),
    }


def _tls_context(holder_code: str) -> ssl.SSLContext | None:
    """Mutual TLS when `<holder code>.crt` and `.key` lie beside the secret."""
    cert, key = secrets_dir() / f"{holder_code}.crt", secrets_dir() / f"{holder_code}.key"
    if not (cert.exists() and key.exists()):
        return None
    context = ssl.create_default_context()
    context.load_cert_chain(cert, key)
    return context


def _post(url: str, body: bytes, headers: dict, holder_code: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    timeout = settings.SHARING_ADAPTER_TIMEOUT
    context = _tls_context(holder_code) if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            return response.read(64 * 1024), response.headers.get(SIGNATURE, "")
    except urllib.error.HTTPError as exc:
        raise ExchangeError(f"外部接口答复 HTTP {exc.code}") from None
    except (TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise ExchangeError(f"外部接口 {timeout} 秒内无答复", retry=True) from None
        raise ExchangeError(f"无法连接外部接口：{reason}", retry=True) from None


def _parse(check: SharingCheck, raw: bytes, signature: str, secret: bytes) -> services.Answer:
    if not hmac.compare_digest(signature, sign(secret, raw)):
        raise ExchangeError("外部接口的答复签名不正确或缺失")
    try:
        document = json.loads(raw)
    except ValueError:
        raise ExchangeError("外部接口的答复不是 JSON") from None
    if not isinstance(document, dict) or document.get("request_id") != request_id(check):
        raise ExchangeError("外部接口的答复不是对本次请求的答复（request_id 不符）")
    fields = document.get("fields") or {}
    reason = document.get("reason") or ""
    if not isinstance(fields, dict) or not isinstance(reason, str):
        raise ExchangeError("外部接口的答复格式有误（fields 应为对象，reason 应为文字）")
    try:
        return services.clean_answer(check.fact, str(document.get("answer", "")), fields, reason)
    except RuleViolation as exc:
        detail = "；".join(exc.fields.values()) or exc.message
        raise ExchangeError(f"外部接口的答复不符合核查事项：{detail}") from None


def exchange(check: SharingCheck) -> services.Answer:
    """One request, retried on a timeout or a lost connection up to SHARING_ADAPTER_RETRIES
    times; the same request id every time, so a holder that already answered answers again."""
    secret = secret_for(check.holder.code)
    body = json.dumps(request_document(check), ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE: sign(secret, body),
        REQUEST_ID: request_id(check),
    }
    attempts = 1 + settings.SHARING_ADAPTER_RETRIES
    for attempt in range(attempts):
        try:
            raw, signature = _post(check.fact.endpoint, body, headers, check.holder.code)
        except ExchangeError as exc:
            if not exc.retry or attempt + 1 == attempts:
                raise
            time.sleep(settings.SHARING_ADAPTER_BACKOFF * (attempt + 1))
            continue
        return _parse(check, raw, signature, secret)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class DispatchResult:
    answered: int = 0
    failed: int = 0


def dispatch_pending(*, limit: int = 100) -> DispatchResult:
    """Ask the external holders for the pending checks of theirs, oldest first."""
    result = DispatchResult()
    pending = (
        SharingCheck.objects.filter(state=SharingCheck.State.PENDING)
        .exclude(fact__endpoint="")
        .select_related("fact", "holder", "requester_unit", "requester", "county")
        .order_by("asked_at", "pk")[:limit]
    )
    for check in pending:
        try:
            given = exchange(check)
            services.record_external_answer(check=check, given=given)
        except ExchangeError as exc:
            services.note_dispatch_failure(check, f"{timezone.localtime():%m-%d %H:%M} {exc}")
            result.failed += 1
        except RuleViolation as exc:  # answered meanwhile (409): nothing to do
            services.note_dispatch_failure(check, exc.message)
            result.failed += 1
        else:
            result.answered += 1
    return result
