"""kill -9 of gunicorn (master and workers) while it answers mixed writes, twice, then a restart
(bench/serve_crash.py, issue 17 item 5): every write answered 201 is there exactly once, nothing
is half-written (tests/backup_harness.py `integrity`), `jianzheng audit verify` holds, and the
restarted server answers and takes writes again; on the suite's database engine."""

import pytest

from tests.bench_runs import run_bench


# A county on one machine; on PostgreSQL the numbers are the bench's (docs/performance.md).
@pytest.mark.in_pass("sqlite")
def test_killing_the_server_mid_writes_loses_no_acknowledged_write_and_it_serves_again():
    out = run_bench("serve_crash.py", "--kills", "2", "--seconds", "1")
    assert "OK: every acknowledged write there once" in out
    assert out.count("lost 0 ") == 3  # after each kill and after the last round
    assert out.count("killed 3 processes (master + workers)") == 2
