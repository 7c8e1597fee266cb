"""Request budgets for the doors anyone can knock on: staff login (password guessing),
certificate verification (each check writes a log row, and SQLite has one writer), and later
the public complaint form. Areas register their own budget; core knows none of them:

    # documents/apps.py
    def ready(self):
        register_budget("verify-page", prefix="/v/", limit=120, period=60)

A budget is `limit` requests per `period` seconds per client address (core.clientaddr), over a
sliding window of two buckets. Requests are counted in buckets of `period` seconds; one is let
through while this bucket's count plus the part of the previous bucket's that still lies within
the last `period` seconds (assumed evenly spread, rounded up) is below the limit. So a burst just
before a bucket boundary still counts just after it, as a fixed window would forget, and a client
costs two integers, where a log of timestamps would cost one per request.

Counts live in Django's default cache: per process with the local cache (N workers give a client
up to N budgets, fine for one county), shared by every server with JIANZHENG_CACHE=database or
redis. A refused request is not counted and writes nothing, so a flood costs one cache read a
request. Redis counts with INCR, so a budget holds exactly however many workers race. Django's
database cache has no atomic increment (its incr() is a read and a write), so there requests of
one client racing on different workers may be counted once: under a parallel flood a budget
stretches by at most the number of workers racing."""

import ipaddress
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse, JsonResponse

from jianzheng.core.clientaddr import client_address, parse_address

log = logging.getLogger("jianzheng.throttle")

# The time source, in seconds. Tests replace it with a clock they move by hand.
clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Budget:
    name: str
    prefix: str
    limit: int
    period: int
    method: str | None  # None: every method


_BUDGETS: dict[str, Budget] = {}


def register_budget(
    name: str, *, prefix: str, limit: int, period: int, method: str | None = None
) -> Budget:
    """`limit` requests per `period` seconds per client to paths starting with `prefix`.
    Registering a name again replaces its budget (tests, autoreload)."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise ValueError(f"budget name must be lowercase letters, digits and '-': {name!r}")
    if not prefix.startswith("/"):
        raise ValueError(f"budget prefix must be a path: {prefix!r}")
    if limit < 1 or period < 1:
        raise ValueError("a budget needs at least one request in at least one second")
    budget = Budget(name, prefix, limit, period, method.upper() if method else None)
    _BUDGETS[name] = budget
    return budget


def budget_for(method: str, path: str) -> Budget | None:
    """The budget of the longest matching prefix, one for this method before one for every
    method on the same prefix, so registration order never matters."""
    matching = [
        budget
        for budget in _BUDGETS.values()
        if (budget.method is None or budget.method == method) and path.startswith(budget.prefix)
    ]
    return max(
        matching, key=lambda budget: (len(budget.prefix), budget.method is not None), default=None
    )


def take(budget: Budget, client: str, now: float) -> int | None:
    """Count one request at `now`: None if it is within the budget, else the seconds until the
    budget lets one through again (the request is then not counted)."""
    period_ms = budget.period * 1000
    # Whole milliseconds keep the rounding exact: 3 × 40/60 must be 2, not 2.0000000000000004.
    bucket, offset = divmod(int(now * 1000), period_ms)
    current_key = f"throttle:{budget.name}:{client}:{bucket}"
    previous_key = f"throttle:{budget.name}:{client}:{bucket - 1}"
    counts = cache.get_many([previous_key, current_key])
    previous, current = counts.get(previous_key, 0), counts.get(current_key, 0)
    share = _ceil_div(previous * (period_ms - offset), period_ms)
    if share + current < budget.limit:
        # Kept until the end of the next bucket, which still reads it as its previous one.
        if not _atomic_counts():
            cache.set(current_key, current + 1, timeout=2 * budget.period)
            return None
        cache.add(current_key, 0, timeout=2 * budget.period)
        current = cache.incr(current_key)
        if share + current <= budget.limit:
            return None
        cache.decr(current_key)  # another worker took the last place first: not counted
        current -= 1
    return _ceil_div(_wait_ms(budget.limit, period_ms, offset, previous, current), 1000)


def _atomic_counts() -> bool:
    return isinstance(caches["default"], RedisCache)


def _wait_ms(limit: int, period_ms: int, offset: int, previous: int, current: int) -> int:
    """Milliseconds from `offset` until the share of old requests drops below the limit."""
    if current < limit:  # later in this bucket, as the previous bucket's share shrinks
        return period_ms - (limit - current - 1) * period_ms // previous - offset
    # in the next bucket, as this bucket's share shrinks (the next bucket is still empty)
    return period_ms - offset + period_ms - (limit - 1) * period_ms // current


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def client_key(request) -> str:
    """The client's address; IPv6 clients by their /64, since a customer is given a /64 or more
    and counting single addresses would hand them 2^64 budgets."""
    address = client_address(request)
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return address


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        budget = budget_for(request.method, request.path) if settings.THROTTLE_ENABLED else None
        if budget is not None:
            wait = _take_or_let_through(budget, request)
            if wait is not None:
                return _too_many(request, wait)
        return self.get_response(request)


def _take_or_let_through(budget: Budget, request) -> int | None:
    """A shared cache that cannot be reached (a region's Redis down) lets requests through
    rather than refusing every resident: budgets are a brake on floods, and the login guard,
    which stops password guessing, keeps its counts in the database."""
    try:
        return take(budget, client_key(request), clock())
    except Exception as exc:  # redis.ConnectionError and kin; the cache backend's own types
        log.warning("request budget %s not counted: cache unreachable (%s)", budget.name, exc)
        return None


def _too_many(request, seconds: int):
    message = f"请求过于频繁，请 {seconds} 秒后再试"
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "too_many_requests", "message": message, "fields": {}}},
            status=429,
        )
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def spend(request, name: str, *, limit: int, period: int) -> None:
    """A budget one view spends itself, where a path prefix would also catch staff requests
    (the public complaint form and `POST /api/v1/complaints` share their prefix with staff
    actions). Raises RuleViolation 429 `too_many_requests` when spent; counts nothing then."""
    from jianzheng.core.errors import RuleViolation

    if not settings.THROTTLE_ENABLED:
        return
    wait = _take_or_let_through(Budget(name, "/", limit, period, None), request)
    if wait is not None:
        raise RuleViolation(
            "too_many_requests",
            f"请求过于频繁，请 {wait} 秒后再试",
            status=429,
            details={"retry_after": wait},
        )
