"""kill -9 of every server process in the middle of verifications loses no log row and stores
none twice (bench/verify_crash.py, issue 17 item 2): on the suite's database engine."""

import pytest

from tests.bench_runs import run_bench


@pytest.mark.in_pass("sqlite", "postgresql")  # on the database DATABASE_URL names
def test_killing_the_servers_mid_load_loses_no_verification_row():
    out = run_bench("verify_crash.py", "--seconds", "2")
    assert "OK: every answered verification is logged, none twice" in out
