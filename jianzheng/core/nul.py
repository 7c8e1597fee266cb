"""No NUL character reaches the database through the API. PostgreSQL refuses one in any text (a
500 if it got that far), SQLite would keep it, and no name, address or note ever needs one. The
pages' forms refuse them already (Django's form fields, the search's control-character check); the
API's JSON bodies (raw or as the escape \\u0000), query strings and paths are checked here, before
any view. A file upload is binary and is not read; a body over the size limit is left to Django's
own 413."""

import json
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

MESSAGE = "请求中含有空字符（NUL），未处理；请删除后重试"


def carries_nul(request) -> bool:
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    if request.content_type != "application/json":
        return False
    try:
        body = request.body
    except RequestDataTooBig:
        return False
    return b"\x00" in body or (b"\\u0000" in body.lower() and _decoded_nul(body))


def _decoded_nul(body: bytes) -> bool:
    """`\\u0000` in the bytes may be an escaped backslash followed by "u0000": decide on the
    parsed value (a body that does not parse is the view's to refuse)."""
    try:
        return _holds_nul(json.loads(body))
    except ValueError:
        return False


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if "\x00" in request.path:  # no object is named with one: there is none such
            return JsonResponse(
                {"error": {"code": "not_found", "message": "未找到", "fields": {}}}, status=404
            )
        if carries_nul(request):
            return JsonResponse(
                {"error": {"code": "invalid_characters", "message": MESSAGE, "fields": {}}},
                status=422,
            )
        return self.get_response(request)
