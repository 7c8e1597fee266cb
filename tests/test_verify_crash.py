"""kill -9 of every server process in the middle of verifications loses no log row and stores
none twice (bench/verify_crash.py, issue 17 item 2): on the suite's database engine."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.in_pass("sqlite", "postgresql")  # on the database DATABASE_URL names
def test_killing_the_servers_mid_load_loses_no_verification_row():
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/postgres"))
    else:
        env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "bench/verify_crash.py", "--seconds", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "OK: every answered verification is logged, none twice" in run.stdout
