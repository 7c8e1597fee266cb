"""A bench script run from a test, as an operator runs it: its own process, on the suite's
database engine (a bench makes and drops its own PostgreSQL database, connecting through the
server's maintenance database; on SQLite it makes its own file), none of the suite's settings."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, *args: str, timeout: int = 600) -> str:
    """Runs bench/`script` to its end and returns what it printed; a failure shows its tail."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/postgres"))
    else:
        env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout
