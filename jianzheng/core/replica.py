"""Reads that tolerate lag go to a streaming replica (issue 17, item 3; docs/scaling.md).

With `DATABASE_REPLICA_URL` set (PostgreSQL only) the settings add a `replica` database alias,
this router and `ReplicaMiddleware`. Without it (one county, SQLite) none of this is loaded and
every query goes where it always went.

What may be read from the replica is opted in, never guessed:

- a GET or HEAD request whose path starts with one of `JIANZHENG_REPLICA_PATHS` (the public
  verification pages, the catalogue, the ledger and other list pages by default);
- code inside `with tolerates_lag():` (the verification service's registry read, so a POST to
  /api/v1/verify reads the registry from the replica too).

Everything else, every write, and every read while the primary has a transaction open (a read
inside `transaction.atomic` must see that transaction) goes to the primary. Sessions, the
database cache and second-factor devices are never read from the replica.

Read-your-writes: the first write of a request pins the rest of the request to the primary, and
the middleware then sets a cookie (`jz_primary`, the time it expires) that pins that browser's
reads for `JIANZHENG_REPLICA_PIN_SECONDS` (5 s) more. The cookie carries no secret: forging one
only makes its holder read from the primary.

The replica is used only while it is healthy: a probe (one query on the replica, at most once
every `JIANZHENG_REPLICA_CHECK_SECONDS` per process, 1 s) asks whether it is a standby that is
streaming and has replayed what it received, else how far its last replayed commit is behind;
beyond `JIANZHENG_REPLICA_MAX_LAG` (2 s), or unreachable, reads go to the primary until a later
probe finds it well. A lag-tolerant GET whose replica query fails in the middle (the replica died
between two probes) is answered again from the primary, so a replica going away costs no error.
"""

import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger("jianzheng.replica")

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "jz_primary"
# Never from the replica: what a request reads to know who is asking, or counts.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "otp_totp", "django_otp"})
# Writes that do not pin: rows the writer never reads back in the next seconds (a verification's
# own log row, a page view's audit entry). Their model labels, "app_label.ModelName" lower-case.
NON_PINNING_WRITES = frozenset(
    {"documents.verificationlog", "core.auditentry", "core.audithead", "accounts.apitoken"}
)

T = TypeVar("T")


@dataclass
class _Context:
    tolerant: bool = False  # reads here may come from the replica
    pinned: bool = False  # … but this request (or browser) wrote: read from the primary
    wrote: bool = False  # a pinning write happened in this request: set the cookie
    used_replica: bool = False


_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "jianzheng_replica", default=None
)


def configured() -> bool:
    return REPLICA in settings.DATABASES


# ---------------------------------------------------------------- health


LAG_SQL = """
SELECT pg_is_in_recovery(),
       pg_last_wal_receive_lsn() IS NOT NULL,
       CASE WHEN pg_last_wal_receive_lsn() IS NULL
                 OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


@dataclass(frozen=True)
class Verdict:
    usable: bool
    reason: str
    lag: float | None
    until: float  # time.monotonic() after which it is probed again


_lock = threading.Lock()
_verdict: Verdict | None = None


def probe() -> Verdict:
    """Ask the replica now (one query); never raises."""
    now = time.monotonic()
    check = settings.REPLICA_CHECK_SECONDS
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, streaming, lag = cursor.fetchone()
    except Exception as exc:  # refused, timed out, shut down
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        return Verdict(False, f"unreachable: {type(exc).__name__}", None, now + check)
    lag = float(lag or 0)
    if in_recovery and not streaming:
        return Verdict(False, "not streaming from the primary", lag, now + check)
    if lag > settings.REPLICA_MAX_LAG:
        return Verdict(False, f"lagging {lag:.1f} s", lag, now + check)
    return Verdict(True, "ok", lag, now + check)


def verdict() -> Verdict:
    """The cached verdict, probing when it is older than JIANZHENG_REPLICA_CHECK_SECONDS."""
    global _verdict
    current = _verdict
    if current is not None and time.monotonic() < current.until:
        return current
    with _lock:
        current = _verdict
        if current is not None and time.monotonic() < current.until:
            return current
        fresh = probe()
        if current is None or current.usable != fresh.usable:
            level = logging.INFO if fresh.usable else logging.WARNING
            log.log(
                level,
                "read replica %s (%s)",
                "in use" if fresh.usable else "not used",
                fresh.reason,
            )
        _verdict = fresh
        return fresh


def mark_unusable(reason: str) -> None:
    """A query on the replica failed: read from the primary until the next probe."""
    global _verdict
    with contextlib.suppress(Exception):
        connections[REPLICA].close()
    with _lock:
        _verdict = Verdict(False, reason, None, time.monotonic() + settings.REPLICA_CHECK_SECONDS)
    log.warning("read replica not used (%s)", reason)


def forget_verdict() -> None:
    """Probe again on the next read (tests, and after an operator fixed the replica)."""
    global _verdict
    with _lock:
        _verdict = None


# ---------------------------------------------------------------- marking reads


@contextlib.contextmanager
def tolerates_lag() -> Iterator[None]:
    """Reads inside may come from the replica (unless this request or browser wrote)."""
    outer = _context.get()
    inner = _Context(tolerant=True, pinned=bool(outer and (outer.pinned or outer.wrote)))
    token = _context.set(inner)
    try:
        yield
    finally:
        _context.reset(token)
        if outer is not None:
            outer.wrote = outer.wrote or inner.wrote
            outer.used_replica = outer.used_replica or inner.used_replica


def read(fn: Callable[[], T]) -> T:
    """`fn()` with lag-tolerant reads; if the replica fails under it, `fn()` again from the
    primary. For reads only: `fn` must not write."""
    if not configured():
        return fn()
    with tolerates_lag():
        ctx = _context.get()
        try:
            return fn()
        except DatabaseError as exc:
            if ctx is None or not ctx.used_replica:
                raise
            mark_unusable(f"query failed: {type(exc).__name__}")
    return fn()


def alias_for_read(model=None) -> str:
    ctx = _context.get()
    if ctx is None or not ctx.tolerant or ctx.pinned or ctx.wrote:
        return PRIMARY
    if model is not None and model._meta.app_label in PRIMARY_ONLY_APPS:
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:
        return PRIMARY
    if not verdict().usable:
        return PRIMARY
    ctx.used_replica = True
    return REPLICA


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return alias_for_read(model)

    def db_for_write(self, model, **hints) -> str:
        ctx = _context.get()
        if ctx is not None and model._meta.label_lower not in NON_PINNING_WRITES:
            ctx.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY


# ---------------------------------------------------------------- the request


def _pinned_by_cookie(request) -> bool:
    raw = request.COOKIES.get(PIN_COOKIE, "")
    try:
        return float(raw) > time.time()
    except ValueError:
        return False


def _lag_tolerant(request) -> bool:
    return request.method in {"GET", "HEAD"} and request.path.startswith(
        tuple(settings.REPLICA_PATHS)
    )


class ReplicaMiddleware:
    """Marks a request lag-tolerant or not, pins a browser that wrote, retries a GET the replica
    failed under on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ctx = _Context(tolerant=_lag_tolerant(request), pinned=_pinned_by_cookie(request))
        request._replica_context = ctx
        token = _context.set(ctx)
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        if ctx.wrote:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_exception(self, request, exception):
        ctx = getattr(request, "_replica_context", None)
        if (
            ctx is None
            or not isinstance(exception, DatabaseError)
            or not ctx.used_replica
            or ctx.wrote
            or request.method not in {"GET", "HEAD"}
            or getattr(request, "_replica_retried", False)
        ):
            return None
        mark_unusable(f"query failed: {type(exception).__name__}")
        request._replica_retried = True
        ctx.pinned = True
        return self.get_response(request)
