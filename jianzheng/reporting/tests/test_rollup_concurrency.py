"""The rollup stays equal to direct counts when several server processes issue at once and a
certificate is revoked (real processes, as certificates/tests/test_concurrency.py)."""

import multiprocessing

import pytest

from jianzheng.certificates.tests.test_concurrency import database_url, issue_in_child

pytestmark = pytest.mark.pdf
PROCESSES, PER_PROCESS = 3, 4


@pytest.mark.django_db(transaction=True)
def test_rollups_equal_direct_counts_after_concurrent_issuing_and_a_revocation(
    catalogue, keys, yanghe_clerk, yanghe, civil_affairs_admin, settings
):
    from django.db import connection

    from jianzheng.certificates import rollup
    from jianzheng.certificates.models import Certificate, LedgerRollup
    from jianzheng.certificates.services import revoke_certificate

    env = {
        "DJANGO_SETTINGS_MODULE": "jianzheng.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "JIANZHENG_DATA_DIR": str(settings.DATA_DIR),
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
    revoke_certificate(
        actor=civil_affairs_admin,
        certificate=Certificate.objects.first(),
        category="wrong_information",
        reason="填错",
    )
    total = PROCESSES * PER_PROCESS
    row = LedgerRollup.objects.get(community=yanghe)
    assert (row.issued, row.revoked) == (total, 1)
    assert rollup.rollup_counts() == rollup.direct_counts()
    assert rollup.verify() == []
