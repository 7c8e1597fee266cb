"""Behind pgbouncer in transaction mode (issue 17, item 3): the day's mixed traffic through a real
pgbouncer with fewer server connections than the app has clients, so one client's consecutive
transactions land on different server connections. Any session state the app came to rely on (a
prepared statement, a session `SET`, an advisory lock, a cursor held across transactions) would
show here as an error or a lost write (bench/mixed_load.py --pgbouncer, bench/_pgbouncer.py)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench._pgbouncer import missing_reason
from bench.traffic import WRITES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.in_pass("postgresql")
def test_mixed_traffic_through_pgbouncer_in_transaction_mode_loses_nothing():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("pgbouncer stands in front of PostgreSQL: run with DATABASE_URL=postgres://…")
    if reason := missing_reason():
        pytest.skip(reason)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    parts = urlsplit(os.environ["DATABASE_URL"])
    env["DATABASE_URL"] = urlunsplit(parts._replace(path="/postgres"))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "bench/mixed_load.py", "--seconds", "5", "--threads", "4", "--pgbouncer"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "through pgbouncer (transaction mode" in run.stdout
    assert "OK: 0 errors, 0 lost writes" in run.stdout
    zero = ", ".join(f"{kind!r}: 0" for kind in WRITES)
    assert f"lost or phantom: {{{zero}}}" in run.stdout
