"""A bounded load of mixed traffic on 127.0.0.1 (issue 16, item 9): residents searching,
verifying, reporting and rating, the clerk issuing and recording plaques, officers reading the
ledger, the dashboard and the census and reporting campaign progress, all at once for a few
seconds against gunicorn, then every write answered 201 (certificates, complaints, ratings,
plaques, progress reports) is in the database exactly once, every paper verifies and the audit
chain holds (bench/mixed_load.py; longer runs are a bench)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.traffic import WRITES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.in_pass("sqlite", "postgresql")  # on the database DATABASE_URL names
def test_mixed_traffic_ends_with_no_errors_and_no_lost_writes():
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # The bench makes its own database; it connects through the server's maintenance one.
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/postgres"))
    else:
        env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "bench/mixed_load.py", "--seconds", "6", "--threads", "4"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "OK: 0 errors, 0 lost writes" in run.stdout
    zero = ", ".join(f"{kind!r}: 0" for kind in WRITES)
    assert f"lost or phantom: {{{zero}}}" in run.stdout
