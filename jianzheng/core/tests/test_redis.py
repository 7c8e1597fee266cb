"""A region's Redis (JIANZHENG_CACHE=redis): request budgets counted atomically by every server,
periodic jobs run once among all task runners, and a committed outbox row waking a runner."""

import os
import threading

import pytest
from django.db import transaction

from jianzheng.core import outbox, throttle

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def region_redis(settings, monkeypatch):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(
            "Redis is not answering at 127.0.0.1:6379: install and start redis-server "
            "(.ci/run does) to run the region's shared-cache and doorbell tests"
        )
    prefix = f"jztest-{os.getpid()}"
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    # Each xdist worker rings its own doorbell.
    monkeypatch.setattr(outbox, "WAKE_KEY", f"{prefix}:tasks:wake")
    yield client
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def test_a_committed_row_wakes_a_runner_and_a_rolled_back_one_does_not(
    db, region_redis, django_capture_on_commit_callbacks
):
    outbox.register_handler("test.ok", lambda payload: None)

    class Undo(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        outbox.enqueue("test.ok", {})
        raise Undo
    assert outbox.wait_for_work(0.5) is False

    woken = []
    runner = threading.Thread(target=lambda: woken.append(outbox.wait_for_work(30)))
    runner.start()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue("test.ok", {})
    runner.join(40)
    assert woken == [True]
    assert outbox.run_once(periodic=False).done == 1


def test_a_periodic_job_runs_once_among_runners_sharing_redis(region_redis, monkeypatch):
    monkeypatch.setattr(outbox, "_PERIODIC", {})
    runs = []
    outbox.register_periodic("test.region-tick", every=3600, run=lambda: runs.append(1))
    # Each thread has its own cache connection, as two servers would.
    runners = [threading.Thread(target=outbox.run_periodic) for _ in range(4)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert runs == [1]
    assert outbox.run_periodic() == ()
    assert outbox.run_periodic(force=True) == ("test.region-tick",)
    assert runs == [1, 1]


def test_a_budget_holds_exactly_under_a_parallel_flood(region_redis):
    budget = throttle.Budget("test-flood", "/", 25, 60, None)
    allowed = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        allowed.extend(1 for _ in range(10) if throttle.take(budget, "203.0.113.7", 1000.0) is None)

    workers = [threading.Thread(target=worker) for _ in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(allowed) == 25
    assert throttle.take(budget, "203.0.113.7", 1000.0) is not None  # the 26th is refused
    assert throttle.take(budget, "198.51.100.1", 1000.0) is None  # another client is untouched


def test_without_redis_the_runner_sleeps_and_polls(settings):
    settings.REDIS_URL = None
    outbox.ring()  # nothing to ring, nothing raised
    assert outbox.wait_for_work(0.01) is False


def test_when_the_regions_redis_is_down_residents_still_get_through_and_readyz_says_why(
    client, catalogue, keys, settings, monkeypatch
):
    pytest.importorskip("redis")
    closed = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    settings.REDIS_URL = closed
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": closed}
    }
    monkeypatch.setattr(outbox, "_PERIODIC", {})
    runs = []
    outbox.register_periodic("test.down", every=60, run=lambda: runs.append(1))

    page = client.get("/verify/")  # a throttled public door
    assert page.status_code == 200
    assert outbox.run_periodic() == () and runs == []  # no runner can claim the period
    outbox.ring()  # the row is in the table; the next poll takes it
    body = client.get("/readyz").json()
    assert body["status"] == "not_ready"
    assert "Redis" in body["checks"]["cache"]["reason"] and closed not in str(body)
