"""One id per request, in every log line it causes and in the `X-Request-Id` answer header, so a
resident's "it said 出错了 at 10:02" can be found in the logs (issue 17, item 5). A request id a
trusted proxy sent is kept (JIANZHENG_TRUSTED_PROXIES), any other is replaced.

`JsonFormatter` writes each record as one JSON object a line (JIANZHENG_LOG_FORMAT=json), with
the time, level, logger, message, request id, and the method, path and status of a request."""

import contextvars
import json
import logging
import re
import secrets
import time

from django.conf import settings

from jianzheng.core.clientaddr import is_trusted, parse_address

current_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("jianzheng.request")


def _incoming_id(request) -> str | None:
    offered = request.headers.get("X-Request-Id", "")
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if offered and VALID.match(offered) and peer and is_trusted(peer, settings.TRUSTED_PROXIES):
        return offered
    return None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming_id(request) or secrets.token_hex(8)
        token = current_id.set(request_id)
        request.request_id = request_id
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-Id"] = request_id
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round(1000 * (time.perf_counter() - start), 1),
                },
            )
            return response
        finally:
            current_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_id.get()
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({f: getattr(record, f) for f in self.FIELDS if hasattr(record, f)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
