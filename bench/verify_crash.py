"""Verifications under load, then kill -9 of every server process: is every log row there?

    .venv/bin/python bench/verify_crash.py [--seconds 3] [--threads 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/verify_crash.py

A throwaway demo deployment (bench/_harness.py), a few certificates, gunicorn (2 workers) with
the verification log in its journal (JIANZHENG_VERIFICATION_LOG=journal, fdatasync in batches;
core/journal.py). Client threads POST /api/v1/verify (1 in 10 tampered) and count every 200
answer; after `--seconds`, while they are still sending, the master and its workers get SIGKILL
(no shutdown, nothing flushed). Then the task runner's flush runs, twice. Every answered
verification must have its row (answered <= rows), nothing may be made up (rows <= sent), and the
second flush must store nothing (no row twice). Exit 0 only then; tests/test_verify_crash.py runs
it on both databases."""

import argparse
import http.client
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ["JIANZHENG_VERIFICATION_LOG"] = "journal"
os.environ["JIANZHENG_JOURNAL_FSYNC"] = "batch"

from bench import _harness as h  # noqa: E402
from bench.verify_endpoint import VERIFY_PATH, bodies, issue_certificates  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="load before the kill (3)")
    parser.add_argument("--threads", type=int, default=4, help="client connections (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    args = parser.parse_args()

    h.open_sandbox(demo=True)
    from jianzheng.core import journal
    from jianzheng.documents.models import VerificationLog
    from jianzheng.documents.services import VERIFICATION_JOURNAL

    mix = [json.dumps(b).encode() for b in bodies(issue_certificates(3))]
    before = VerificationLog.objects.count()
    sent = answered = 0
    errors_after_kill = 0
    lock = threading.Lock()
    killed = threading.Event()
    stop = threading.Event()

    def client(offset: int) -> None:
        nonlocal sent, answered, errors_after_kill
        conn = http.client.HTTPConnection(h.HOST, server.port, timeout=10)
        i = offset
        while not stop.is_set():
            body = mix[i % len(mix)]
            i += 1
            with lock:
                sent += 1
            try:
                conn.request("POST", VERIFY_PATH, body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                with lock:
                    errors_after_kill += killed.is_set()
                if killed.is_set():
                    return
                conn = http.client.HTTPConnection(h.HOST, server.port, timeout=10)
                continue
            if response.status == 200 and json.loads(raw)["status"] in {"valid", "invalid"}:
                with lock:
                    answered += 1

    server = h.Server(workers=args.workers)
    with server:
        assert server.process is not None
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.threads)]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        killed.set()
        processes = server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    backlog = journal.backlog(VERIFICATION_JOURNAL)
    stored = journal.flush(VERIFICATION_JOURNAL)
    again = journal.flush(VERIFICATION_JOURNAL)
    rows = VerificationLog.objects.count() - before
    print(
        f"killed {processes} processes (master + workers) with SIGKILL after {args.seconds:.0f} s"
    )
    print(f"requests sent {sent}, answered 200 {answered}; journal backlog {backlog} bytes")
    print(f"flush stored {stored} rows, a second flush {again}; log rows now {rows}")
    ok = answered > 0 and answered <= rows <= sent and again == 0 and stored == rows
    print(
        "OK: every answered verification is logged, none twice" if ok else "LOST OR DUPLICATED ROWS"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
