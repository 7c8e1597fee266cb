"""A bounded load of mixed traffic on 127.0.0.1 (issue 16, item 9): residents searching,
verifying, reporting and rating, the clerk issuing and recording plaques, officers reading the
ledger, the dashboard and the census and reporting campaign progress, all at once for a few
seconds against gunicorn, then every write answered 201 (certificates, complaints, ratings,
plaques, progress reports) is in the database exactly once, every paper verifies and the audit
chain holds (bench/mixed_load.py; longer runs are a bench)."""

import pytest

from bench.traffic import WRITES
from tests.bench_runs import run_bench


@pytest.mark.in_pass("sqlite", "postgresql")  # on the database DATABASE_URL names
def test_mixed_traffic_ends_with_no_errors_and_no_lost_writes():
    out = run_bench("mixed_load.py", "--seconds", "6", "--threads", "4")
    assert "OK: 0 errors, 0 lost writes" in out
    zero = ", ".join(f"{kind!r}: 0" for kind in WRITES)
    assert f"lost or phantom: {{{zero}}}" in out
