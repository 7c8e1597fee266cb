"""Background work (DESIGN.md "What the areas share"): an outbox row is written in the same
transaction as the change it reports, and one task runner does the work after commit, so a
request never waits on a mail server and a rolled-back change sends nothing.

    # an area's service, inside its @transaction.atomic
    outbox.enqueue("notify.email", {"to": ..., "subject": ..., "body": ...})

    # an area's AppConfig.ready()
    outbox.register_handler("notify.email", send_email)
    outbox.register_periodic("complaints.deadlines", every=300, run=escalate_overdue)

`run_once()` (what `jianzheng tasks run` calls; `--loop` repeats it) takes the due rows, calls
each kind's handler, and marks the row done, or keeps it pending with its error and the time of
the next try (backing off from 1 minute to 6 hours; a row is never dropped). On PostgreSQL
several runners share the table through `SELECT … FOR UPDATE SKIP LOCKED`; on SQLite (one
county, one machine) one runner is the embedded default. With JIANZHENG_CACHE=redis (a region)
a committed row also rings a doorbell in Redis, so a waiting runner starts at once instead of at
its next poll; a lost ring costs only the poll interval, since the table, not Redis, holds the
work. Periodic jobs run from the same loop; each run takes a mark in the cache for its period
(an atomic add), so however many runners share the cache a job runs once per period, and a
missed run simply runs on the next pass.

A stop (systemd's SIGTERM, Ctrl+C) is graceful: the message being handled is finished and
marked, the rest of the batch is left for the next runner, and a wait ends within a second.
A runner killed outright (SIGKILL, power loss) loses nothing either: its transaction rolls
back and the rows it held are due again: a message is delivered at least once, and after such
a crash a resident may get one mail or SMS twice, never none."""

import datetime as dt
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from jianzheng.core.models import OutboxMessage

log = logging.getLogger("jianzheng.tasks")

Handler = Callable[[dict], None]
_HANDLERS: dict[str, Handler] = {}
BACKOFF_MAX = 6 * 3600
BATCH = 100  # rows one pass takes


@dataclass(frozen=True)
class Periodic:
    name: str
    every: int
    run: Callable[[], object]


_PERIODIC: dict[str, Periodic] = {}


def register_handler(kind: str, handler: Handler) -> None:
    _HANDLERS[kind] = handler


def register_periodic(name: str, *, every: int, run: Callable[[], object]) -> None:
    _PERIODIC[name] = Periodic(name, every, run)


def enqueue(kind: str, payload: dict, *, delay: int = 0) -> OutboxMessage:
    """Write the row in the caller's transaction: it exists exactly when the change does."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler registered for outbox kind {kind!r}")
    now = timezone.now()
    message = OutboxMessage.objects.create(
        kind=kind,
        payload=payload,
        created_at=now,
        available_at=now + dt.timedelta(seconds=delay),
    )
    if not delay:
        transaction.on_commit(ring)
    return message


WAKE_KEY = "jianzheng:tasks:wake"


def _redis(read_timeout: float = 5.0):
    """The doorbell's Redis client, or None where there is no Redis (one county)."""
    if not settings.REDIS_URL:
        return None
    return _client(settings.REDIS_URL, read_timeout)


@functools.cache
def _client(url: str, read_timeout: float):
    import redis

    return redis.Redis.from_url(url, socket_timeout=read_timeout, socket_connect_timeout=5)


def ring() -> None:
    """Tell one waiting runner there is work. Never raises: the row is committed already and
    the next poll finds it."""
    client = _redis()
    if client is None:
        return
    try:
        with client.pipeline() as pipe:
            pipe.lpush(WAKE_KEY, 1).ltrim(WAKE_KEY, 0, 0).execute()
    except Exception as exc:  # redis.RedisError, or a refused connection
        log.warning("task doorbell not rung (%s); the next poll picks the work up", exc)


WAIT_SLICE = 1.0  # seconds: how soon a waiting runner notices it is asked to stop


def wait_for_work(timeout: float, *, stop: Callable[[], bool] = lambda: False) -> bool:
    """Wait up to `timeout` seconds, in slices so a stop is noticed within one; with Redis,
    wake early when a row is committed. True when a ring woke it."""
    deadline = time.monotonic() + timeout
    client = _redis(read_timeout=WAIT_SLICE + 5)
    while not stop() and (left := deadline - time.monotonic()) > 0:
        step = min(left, WAIT_SLICE)
        if client is None:
            time.sleep(step)
            continue
        try:
            if client.blpop([WAKE_KEY], timeout=step) is not None:
                return True
        except Exception as exc:
            log.warning("task doorbell unreachable (%s); polling instead", exc)
            client = None
    return False


def backoff(attempts: int) -> int:
    """Seconds before the next try after `attempts` failures: 60, 120, 240 … 6 hours."""
    return min(60 * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def _claim(limit: int) -> list[OutboxMessage]:
    due = OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, available_at__lte=timezone.now()
    ).order_by("available_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return list(due[:limit])


def _run_one(message: OutboxMessage) -> bool:
    handler = _HANDLERS.get(message.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for {message.kind}")
        handler(message.payload)
    except Exception as exc:  # a handler's failure is kept, never raised into the loop
        message.attempts += 1
        message.last_error = f"{type(exc).__name__}: {exc}"[:300]
        message.available_at = timezone.now() + dt.timedelta(seconds=backoff(message.attempts))
        message.save(update_fields=["attempts", "last_error", "available_at"])
        log.warning("outbox %s #%s failed (%s)", message.kind, message.pk, message.last_error)
        return False
    message.attempts += 1
    message.state, message.done_at, message.last_error = (
        OutboxMessage.State.DONE,
        timezone.now(),
        "",
    )
    message.save(update_fields=["attempts", "state", "done_at", "last_error"])
    return True


@dataclass(frozen=True)
class RunReport:
    done: int
    failed: int
    periodic: tuple[str, ...]


def run_periodic(*, force: bool = False) -> tuple[str, ...]:
    ran = []
    now = time.time()
    for job in sorted(_PERIODIC.values(), key=lambda j: j.name):
        key = f"tasks:periodic:{job.name}"
        # add() takes the mark only if no runner holds it: one run per period among all runners.
        try:
            due = cache.add(key, now, timeout=job.every) or force
            if force:
                cache.set(key, now, timeout=job.every)
        except Exception as exc:  # the shared cache unreachable: no runner may claim the period
            log.warning("periodic task %s skipped: cache unreachable (%s)", job.name, exc)
            continue
        if due:
            try:
                job.run()
            except Exception:
                log.exception("periodic task %s failed", job.name)
                continue
            ran.append(job.name)
    return tuple(ran)


def run_once(
    *, limit: int = BATCH, periodic: bool = True, stop: Callable[[], bool] = lambda: False
) -> RunReport:
    done = failed = 0
    with transaction.atomic():
        messages = _claim(limit)
        for message in messages:
            if stop():  # the rest stay pending; the lock on them ends with this transaction
                break
            # Each message in its own savepoint: one failure never undoes another's mark.
            with transaction.atomic():
                if _run_one(message):
                    done += 1
                else:
                    failed += 1
    ran = run_periodic() if periodic and not stop() else ()
    return RunReport(done, failed, ran)


def run_loop(*, interval: float = 5.0, stop: Callable[[], bool] = lambda: False) -> None:
    while not stop():
        report = run_once(stop=stop)
        if report.done or report.failed:
            log.info("outbox: %s done, %s failed", report.done, report.failed)
        if report.done + report.failed < BATCH:  # a full batch: more may be due, go on at once
            wait_for_work(interval, stop=stop)


def pending_count() -> int:
    return OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).count()
