"""Request budgets for the doors anyone can knock on: staff login (password guessing) and
certificate verification (each check writes a log row, and SQLite has one writer).

Counted per client address in Django's cache. The default cache is per process, so with N
workers a client gets up to N budgets; several servers should share a cache (CACHES)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse

# (method or None for any, path prefix, requests, seconds)
RULES = (
    ("POST", "/staff/login/", 10, 60),
    (None, "/v/", 120, 60),
    (None, "/V/", 120, 60),
    ("POST", "/api/v1/verify", 600, 60),
)


def _rule(request):
    for method, prefix, limit, seconds in RULES:
        if (method is None or request.method == method) and request.path.startswith(prefix):
            return prefix, limit, seconds
    return None


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rule = _rule(request) if settings.THROTTLE_ENABLED else None
        if rule is not None:
            prefix, limit, seconds = rule
            window = int(time.time() // seconds)
            key = f"throttle:{prefix}:{request.META.get('REMOTE_ADDR', '')}:{window}"
            cache.add(key, 0, timeout=seconds * 2)
            try:
                count = cache.incr(key)
            except ValueError:  # evicted between add and incr
                count = 1
            if count > limit:
                return _too_many(request, seconds)
        return self.get_response(request)


def _too_many(request, seconds: int):
    message = "请求过于频繁，请稍后再试"
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "too_many_requests", "message": message, "fields": {}}},
            status=429,
        )
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response
