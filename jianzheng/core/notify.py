"""Notifications to residents who left a contact, always through the outbox (core.outbox), so a
request never waits and a refused connection is retried later, never lost.

- Email: SMTP with the deployment's own settings (JIANZHENG_SMTP_HOST, _PORT, _USER, _PASSWORD,
  _TLS, JIANZHENG_MAIL_FROM). Deliberately not Django's EMAIL_BACKEND, which test runners swap.
- SMS: one gateway interface, `SmsGateway.send(phone, text)`. `JIANZHENG_SMS_URL` set: the
  HTTP gateway POSTs `{"phone", "text"}` as JSON there (bearer `JIANZHENG_SMS_TOKEN`) and takes
  any 2xx as sent; unset: messages are appended to `DATA_DIR/sms-outbox.log` for an operator to
  forward (a county without an SMS contract). docs/notifications.md describes both."""

import json
import urllib.request
from email.message import EmailMessage
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from jianzheng.core import outbox

EMAIL, SMS = "notify.email", "notify.sms"


def send_email(payload: dict) -> None:
    import smtplib

    message = EmailMessage()
    message["From"] = settings.MAIL_FROM
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message.set_content(payload["body"])
    with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT, timeout=10) as smtp:
        if settings.SMTP_TLS:
            smtp.starttls()
        if settings.SMTP_USER:
            smtp.login(settings.SMTP_USER, settings.SMTP_PASSWORD)
        smtp.send_message(message)


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class HttpSmsGateway:
    def __init__(self, url: str, token: str = ""):
        self.url, self.token = url, token

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (operator's URL)
            if not 200 <= answer.status < 300:
                raise OSError(f"SMS gateway answered {answer.status}")


class FileSmsGateway:
    def send(self, phone: str, text: str) -> None:
        path = settings.DATA_DIR / "sms-outbox.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as out:
            out.write(
                json.dumps(
                    {"at": timezone.now().isoformat(), "phone": phone, "text": text},
                    ensure_ascii=False,
                )
                + "\n"
            )


def sms_gateway() -> SmsGateway:
    if settings.SMS_URL:
        return HttpSmsGateway(settings.SMS_URL, settings.SMS_TOKEN)
    return FileSmsGateway()


def send_sms(payload: dict) -> None:
    sms_gateway().send(payload["phone"], payload["text"])


def register() -> None:
    outbox.register_handler(EMAIL, send_email)
    outbox.register_handler(SMS, send_sms)


def email(*, to: str, subject: str, body: str):
    """Queue an email in the caller's transaction."""
    return outbox.enqueue(EMAIL, {"to": to, "subject": subject, "body": body})


def sms(*, phone: str, text: str):
    return outbox.enqueue(SMS, {"phone": phone, "text": text})
