"""Behind pgbouncer in transaction mode (issue 17, item 3): the day's mixed traffic through a real
pgbouncer with fewer server connections than the app has clients, so one client's consecutive
transactions land on different server connections. Any session state the app came to rely on (a
prepared statement, a session `SET`, an advisory lock, a cursor held across transactions) would
show here as an error or a lost write (bench/mixed_load.py --pgbouncer, bench/_pgbouncer.py)."""

import os

import pytest

from bench._pgbouncer import missing_reason
from bench.traffic import WRITES
from tests.bench_runs import run_bench


@pytest.mark.in_pass("postgresql")
def test_mixed_traffic_through_pgbouncer_in_transaction_mode_loses_nothing():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("pgbouncer stands in front of PostgreSQL: run with DATABASE_URL=postgres://…")
    if reason := missing_reason():
        pytest.skip(reason)
    out = run_bench("mixed_load.py", "--seconds", "5", "--threads", "4", "--pgbouncer")
    assert "through pgbouncer (transaction mode" in out
    assert "OK: 0 errors, 0 lost writes" in out
    zero = ", ".join(f"{kind!r}: 0" for kind in WRITES)
    assert f"lost or phantom: {{{zero}}}" in out
