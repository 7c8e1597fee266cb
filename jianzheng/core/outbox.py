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
county, one machine) one runner is the embedded default. Periodic jobs run from the same loop;
their last run is kept in the cache (a missed run simply runs on the next pass)."""

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from jianzheng.core.models import OutboxMessage

log = logging.getLogger("jianzheng.tasks")

Handler = Callable[[dict], None]
_HANDLERS: dict[str, Handler] = {}
BACKOFF_MAX = 6 * 3600


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
    return OutboxMessage.objects.create(
        kind=kind,
        payload=payload,
        created_at=now,
        available_at=now + dt.timedelta(seconds=delay),
    )


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
        last = cache.get(key)
        if force or last is None or now - last >= job.every:
            cache.set(key, now, timeout=None)
            try:
                job.run()
            except Exception:
                log.exception("periodic task %s failed", job.name)
                continue
            ran.append(job.name)
    return tuple(ran)


def run_once(*, limit: int = 100, periodic: bool = True) -> RunReport:
    done = failed = 0
    with transaction.atomic():
        messages = _claim(limit)
        for message in messages:
            # Each message in its own savepoint: one failure never undoes another's mark.
            with transaction.atomic():
                if _run_one(message):
                    done += 1
                else:
                    failed += 1
    ran = run_periodic() if periodic else ()
    return RunReport(done, failed, ran)


def run_loop(*, interval: float = 5.0, stop: Callable[[], bool] = lambda: False) -> None:
    while not stop():
        report = run_once()
        if report.done or report.failed:
            log.info("outbox: %s done, %s failed", report.done, report.failed)
        time.sleep(interval)


def pending_count() -> int:
    return OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).count()
