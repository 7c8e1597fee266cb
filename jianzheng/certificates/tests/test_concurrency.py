"""Serials stay unique and gap-free when several server processes issue at once.

Real processes on the real test database (threads would share one SQLite connection's
locking and prove nothing). Module level imports stay Django-free: each spawned child imports
this module before it has set Django up."""

import multiprocessing
import os
from urllib.parse import quote

import pytest

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

PROCESSES = 4
PER_PROCESS = 10


def database_url(settings_dict: dict) -> str:
    """The URL of the database this test runs on, for processes that parse DATABASE_URL."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings_dict['NAME']}"


def issue_in_child(env: dict, count: int, start, results) -> None:
    try:
        results.put(("ok", _issue_many(env, count, start)))
    except BaseException as exc:  # reported to the parent, which fails the test with it
        start.abort()  # the siblings stop waiting for this one
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _issue_many(env: dict, count: int, start) -> list[str]:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from jianzheng.accounts.models import User
    from jianzheng.certificates.services import issue_certificate
    from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
    from jianzheng.regions.models import Unit

    try:
        clerk = User.objects.select_related("membership__unit").get(username="yanghe_clerk")
        community = Unit.objects.get(code="640121100001")
        start.wait(timeout=120)  # everyone starts issuing together
        return [
            issue_certificate(
                actor=clerk,
                community=community,
                item="YN-B03",
                facts=dict(RESIDENCE_FACTS),
                checks=CHECKS,
                purpose="办理居住证",
                requester="永宁县公安局杨和派出所",
            ).serial
            for _ in range(count)
        ]
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_parallel_processes_get_unique_gap_free_serials(
    catalogue, keys, yanghe_clerk, yanghe, settings
):
    from django.db import connection

    from jianzheng.certificates.models import Certificate

    env = {
        "DJANGO_SETTINGS_MODULE": "jianzheng.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "JIANZHENG_DATA_DIR": str(settings.DATA_DIR),  # where the `keys` fixture put the key
        "JIANZHENG_PII_KEY": settings.PII_KEY,  # the suite's key-encryption key (conftest.py)
    }
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    results = context.Queue()
    children = [
        context.Process(target=issue_in_child, args=(env, PER_PROCESS, start, results))
        for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=300) for _ in children]
    for child in children:
        child.join(timeout=60)
    assert [kind for kind, _ in outcomes] == ["ok"] * PROCESSES, outcomes

    total = PROCESSES * PER_PROCESS
    returned = sorted(serial for _, serials in outcomes for serial in serials)
    stored = sorted(Certificate.objects.filter(community=yanghe).values_list("serial", flat=True))
    assert len(stored) == total and returned == stored
    assert [serial.rsplit("-", 1)[1] for serial in stored] == [
        f"{n:06d}" for n in range(1, total + 1)
    ]
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == list(
        range(1, total + 1)
    )
