"""The one place API errors become `{"error": {"code", "message", "fields"}}`."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jianzheng.core.errors import RuleViolation

log = logging.getLogger(__name__)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _field_name(loc) -> str:
    # ninja locations look like ("body", "payload", "facts", "name"); drop the plumbing.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "request"


def install(api) -> None:
    @api.exception_handler(RuleViolation)
    def rule_violation(request, exc: RuleViolation):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        fields = {}
        for err in exc.errors:
            fields.setdefault(_field_name(err.get("loc", ())), err.get("msg", "无效"))
        return api.create_response(
            request, error_body("invalid_input", "请求内容不正确", fields), status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, error_body("unauthenticated", "令牌缺失、无效或已撤销"), status=401
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(
            request, error_body("forbidden", str(exc) or "无权执行此操作"), status=403
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body("not_found", "未找到"), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # Not JSON at all is bad input like any other: one status (422) for clients to handle.
            return api.create_response(
                request,
                error_body("invalid_json", "请求体不是有效的 JSON", {"request": "无法解析"}),
                status=422,
            )
        return api.create_response(
            request, error_body("http_error", str(exc)), status=exc.status_code
        )

    @api.exception_handler(Exception)
    def server_error(request, exc):
        log.exception("unhandled API error")
        return api.create_response(
            request, error_body("server_error", "服务器内部错误"), status=500
        )
