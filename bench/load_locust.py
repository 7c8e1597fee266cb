"""Mixed traffic from locust, headless, on 127.0.0.1 for a fixed time; then a count of what was
lost (issue 17, item 5). `make load` runs it.

    make load                                   # 20 s, 12 users, SQLite
    .venv/bin/python bench/load_locust.py --seconds 60 --users 24 [--locust .venv-load/bin/locust]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make load

A throwaway demo deployment behind gunicorn (bench/_harness.py, as `jianzheng serve` starts it),
the users of bench/locustfile.py (the mix of bench/traffic.py: residents searching, checking,
verifying, reporting and rating; a clerk issuing and recording plaques; officers reading the
ledger, the dashboard and the census and reporting campaign progress), then the checks of
bench/mixed_load.py: every write answered 201 (certificates, complaints, ratings, plaques,
progress reports) is in the database exactly once, every issued paper verifies, the audit chain
holds. Exit 0 only with 0 failed requests and 0 lost or phantom writes. Locust stops itself
(--run-time); the server is stopped in a finally block."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402
from bench import mixed_load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="how long (default 20)")
    parser.add_argument("--users", type=int, default=12, help="locust users (default 12)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--locust", default=str(ROOT / ".venv-load" / "bin" / "locust"))
    args = parser.parse_args()
    if not Path(args.locust).exists():
        raise SystemExit(f"{args.locust} not found: `make load` installs locust in .venv-load")
    sandbox = h.open_sandbox(demo=True)
    from django.utils import timezone

    mixed_load.BEFORE.update(mixed_load.stored_writes())
    keys = mixed_load.tokens()
    writes = Path(tempfile.mkstemp(prefix="jz-load-", suffix=".jsonl")[1])
    shared = mixed_load.Shared(timezone.localdate().isoformat(), mixed_load.targets())
    print(
        f"locust — {time.strftime('%Y-%m-%d %H:%M %Z')}; {sandbox.describe()}; gunicorn "
        f"{args.workers} workers; {args.users} users × {args.seconds} s; "
        f"load average before start {os.getloadavg()[0]:.2f}"
    )
    with h.Server(workers=args.workers) as server:
        done = subprocess.run(
            [
                args.locust,
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--run-time",
                f"{args.seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://{h.HOST}:{server.port}",
                "--only-summary",
                "--exit-code-on-error",
                "1",
            ],
            env={
                **os.environ,
                "JZ_LOAD_TOKENS": json.dumps(keys),
                "JZ_LOAD_TARGETS": json.dumps(shared.targets),
                "JZ_LOAD_WRITES": str(writes),
                "JZ_LOAD_TODAY": shared.today,
            },
            capture_output=True,
            text=True,
            timeout=args.seconds + 120,
            check=False,
        )
    print(done.stdout[-4000:])
    print("\n".join(line for line in done.stderr.splitlines() if "Traceback" not in line)[-6000:])
    for line in writes.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        shared.wrote(entry["kind"], entry["key"])
        if entry["token"]:
            shared.add_token(entry["token"])
    writes.unlink()
    holds = mixed_load.report(shared, args.seconds, latencies=False)
    ok = done.returncode == 0 and holds
    print(
        "OK: 0 failed requests, 0 lost writes" if ok else f"FAILED (locust exit {done.returncode})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
