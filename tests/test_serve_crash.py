"""kill -9 of gunicorn (master and workers) while it answers mixed writes, twice, then a restart
(bench/serve_crash.py, issue 17 item 5): every write answered 201 is there exactly once, nothing
is half-written (tests/backup_harness.py `integrity`), `jianzheng audit verify` holds, and the
restarted server answers and takes writes again; on the suite's database engine."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.in_pass("sqlite", "postgresql")  # on the database DATABASE_URL names
def test_killing_the_server_mid_writes_loses_no_acknowledged_write_and_it_serves_again():
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # The bench makes its own database; it connects through the server's maintenance one.
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/postgres"))
    else:
        env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "bench/serve_crash.py", "--kills", "2", "--seconds", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "OK: every acknowledged write there once" in run.stdout
    assert run.stdout.count("lost 0 ") == 3  # after each kill and after the last round
    assert run.stdout.count("killed 3 processes (master + workers)") == 2
