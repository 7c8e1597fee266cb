"""The one place API errors become `{"error": {"code", "message", "fields"}}`."""

import functools
import logging
import re

from django.apps import apps
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import models
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jianzheng.core.errors import RuleViolation

log = logging.getLogger(__name__)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _field_name(loc) -> str:
    # ninja locations look like ("body", "payload", "facts", "name") or ("query", "county"):
    # drop the plumbing in front only, since a field may itself be called `body` (a posting's).
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form"):
        parts.pop(0)
    if parts and parts[0] == "payload":  # the view's parameter
        parts.pop(0)
    return ".".join(parts) or "request"


# Pydantic's messages are English; clients and clerks read Chinese. An unknown type says 无效
# (the field is still named) rather than show English.
PYDANTIC_MESSAGES = {
    "missing": "必填",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "list_type": "应为列表",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "string_too_short": "至少 {min_length} 个字",
    "string_too_long": "不能超过 {max_length} 个字",
    "json_invalid": "不是有效的 JSON",
    "extra_forbidden": "不能有这一项",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "too_short": "太短",
    "too_long": "太长",
    "value_error": "无效",
}
CHOICE_ERRORS = {"literal_error", "enum"}
QUOTED = re.compile(r"'([^']*)'")


@functools.cache
def _choice_sets() -> tuple[dict[str, str], ...]:
    """Every model field's choices, code → Chinese label: the schemas accept the same codes."""
    sets = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices:
                sets.append({str(code): str(label) for code, label in field.flatchoices})
        # Choices a model declares for a property (Certificate.Status reads its document).
        for value in vars(model).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                sets.append({str(code): str(label) for code, label in value.choices})
    return tuple(sets)


def _allowed(expected: str) -> str:
    """ "'retained' or 'cancelled'" → “保留”（retained）或“取消…”（cancelled）: clerks read the
    label, programs send the code. The labels come from the field whose choices hold every code
    (one code, "cancelled", means different things on different models)."""
    codes = QUOTED.findall(expected)
    labels = next((s for s in _choice_sets() if set(codes) <= s.keys()), {})
    named = [f"“{labels[code]}”（{code}）" if code in labels else code for code in codes]
    if not named:
        return "列出的值之一"
    return named[0] if len(named) == 1 else "、".join(named[:-1]) + "或" + named[-1]


def _message(err: dict) -> str:
    if err.get("type") in CHOICE_ERRORS:
        return "只能是" + _allowed(str((err.get("ctx") or {}).get("expected", "")))
    template = PYDANTIC_MESSAGES.get(err.get("type", ""))
    if template is None:
        return "无效"
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split("{")[0].strip() or "无效"


def install(api) -> None:
    @api.exception_handler(RuleViolation)
    def rule_violation(request, exc: RuleViolation):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        fields = {}
        for err in exc.errors:
            fields.setdefault(_field_name(err.get("loc", ())), _message(err))
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

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(
            request, error_body("too_large", "请求体太大（不超过 10 MB）"), status=413
        )

    @api.exception_handler(Exception)
    def server_error(request, exc):
        log.exception("unhandled API error")
        return api.create_response(
            request, error_body("server_error", "服务器内部错误"), status=500
        )
