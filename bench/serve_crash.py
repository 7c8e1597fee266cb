"""Mixed writes over HTTP, kill -9 of gunicorn, restart: every acknowledged write there once?

    .venv/bin/python bench/serve_crash.py [--kills 2] [--seconds 4] [--threads 4] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/serve_crash.py

Issue 17 item 5, issue 16 item 9. A throwaway demo deployment (bench/_harness.py) behind gunicorn
and the client threads of bench/mixed_load.py sending the mix of bench/traffic.py (certificates,
complaints, ratings, plaques and progress reports among the reads). After `--seconds`, at a
moment a write is in flight, the master and every worker get SIGKILL (no shutdown, no rollback
sent, nothing flushed); then, with no server running:

- every write answered 201 so far is in the database exactly once (lost 0, twice 0);
- a write stored without its 201 (committed as the server died) is one the client sent and saw
  cut off: never more of them than writes in doubt, and each one whole;
- nothing is half-written and the audit chain holds: tests/backup_harness.py `integrity` (each
  certificate with its PDF and signed document, serials without gaps, each area row with its one
  audit entry, stored files as hashed, orphans swept) and `jianzheng audit verify`;

then gunicorn starts again on the same data (SQLite recovers its WAL, PostgreSQL has rolled the
dead connections' transactions back) and the load goes on. After the last kill a final round
on the restarted server, until every kind of write has been answered 201 at least once, must
end with 0 errors; it stops gently and the same checks run once more, with every issued paper
verifying. Requests cut by a kill fail on the client side: that is expected and counted, any
other error fails the run. Exit 0 only when everything holds; on a failure the data folder (and
the PostgreSQL database) are kept for a look. tests/test_serve_crash.py runs it on the suite's
database."""

import argparse
import importlib.util
import io
import json
import os
import random
import secrets
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402
from bench import mixed_load as m  # noqa: E402
from bench import traffic  # noqa: E402


class Shared(m.Shared):
    """What mixed_load keeps, plus the writes sent, those in flight, and the errors of requests
    a kill cut off (expected) apart from the others (a failure)."""

    def __init__(self, today: str, targets: dict[str, int]):
        super().__init__(today, targets)
        self.sent: Counter = Counter()
        self.in_flight = 0
        self.killing = False
        self.cut = 0  # requests a kill cut off

    def acknowledged(self) -> int:
        with self.lock:
            return sum(len(keys) for keys in self.writes.values())

    def every_kind(self) -> bool:
        with self.lock:
            return all(self.writes.values())


class Traffic(m.Traffic):
    def dropped(self, what: str, exc: Exception) -> None:
        if not self.shared.killing:
            return super().dropped(what, exc)
        with self.shared.lock:
            self.shared.cut += 1

    def expect(self, what: str, status, wanted: int, answer=None) -> bool:
        if status is None and self.shared.killing:
            return False  # cut off by the kill, counted above; an answer is still judged
        return super().expect(what, status, wanted, answer)

    def write(self, kind: str, method: str, path: str, body: dict, token: str | None = None):
        with self.shared.lock:
            self.shared.sent[kind] += 1
            self.shared.in_flight += 1
        try:
            return super().write(kind, method, path, body, token=token)
        finally:
            with self.shared.lock:
                self.shared.in_flight -= 1


def load_round(shared: Shared, keys, args, number: int, *, kill: bool, rng) -> str:
    """One server's life: start it, send the mix, then kill it mid-write (or stop it gently)."""
    before = shared.acknowledged()
    with h.Server(workers=args.workers) as server:
        loops = [
            Traffic(
                server.port, keys, args.threads * number + t, time.perf_counter() + 3600, shared
            )
            for t in range(args.threads)
        ]
        threads = [threading.Thread(target=loop.run) for loop in loops]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds * rng.uniform(0.7, 1.0))
        # Not before this server has taken a write (a restarted one must), and while one is
        # in flight, so the kill can cut a write in half; the last round goes on until every
        # kind of write has been answered 201 (on a busy machine a short run may not get there).
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up and (
            shared.acknowledged() == before
            or (shared.in_flight == 0 if kill else not shared.every_kind())
        ):
            time.sleep(0.005)
        in_flight = shared.in_flight
        shared.killing = kill
        for loop in loops:
            loop.stopped = True  # each thread ends after the request it is in
        what = "stopped gently (SIGTERM)"
        if kill:
            killed = server.kill()
            what = f"killed {killed} processes (master + workers) with {in_flight} writes in flight"
        for thread in threads:
            thread.join(timeout=60)
        shared.killing = False
    return what


def writes_hold(shared: Shared) -> tuple[bool, str]:
    """Acknowledged writes each there once; rows stored without a 201 within the writes in doubt."""
    stored = m.stored_writes()
    lost, twice, unacknowledged, in_doubt = {}, {}, {}, {}
    for kind in traffic.WRITES:
        answered = Counter(shared.writes[kind])
        made = stored[kind] - m.BEFORE.get(kind, Counter())
        lost[kind] = sum((answered - made).values())
        twice[kind] = sum(1 for count in made.values() if count > 1)
        unacknowledged[kind] = sum((made - answered).values())
        in_doubt[kind] = shared.sent[kind] - len(shared.writes[kind])
    acknowledged = ", ".join(f"{len(shared.writes[kind])} {kind}" for kind in traffic.WRITES)
    ok = (
        not any(lost.values())
        and not any(twice.values())
        and all(unacknowledged[kind] <= in_doubt[kind] for kind in traffic.WRITES)
    )
    return ok, (
        f"answered 201: {acknowledged}; lost {sum(lost.values())} {lost}; twice "
        f"{sum(twice.values())}; stored without a 201 {sum(unacknowledged.values())} "
        f"(writes in doubt {sum(in_doubt.values())})"
    )


def whole(folder: Path, check: int) -> tuple[bool, str]:
    """tests/backup_harness.py `integrity` and `jianzheng audit verify`, run in this process
    while no server is running (so no transaction is in flight)."""
    from django.core.management import CommandError, call_command
    from django.db import connections

    spec = importlib.util.spec_from_file_location(
        "backup_harness", h.ROOT / "tests" / "backup_harness.py"
    )
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    out = folder / f"integrity-{check}.json"
    harness.integrity(out)
    problems = json.loads(out.read_text())["problems"]
    try:
        call_command("audit", "verify", stdout=io.StringIO())
        audit = "holds"
    except CommandError as exc:
        audit = f"BROKEN: {exc}"
    connections.close_all()
    return not problems and audit == "holds", (
        f"half-written: {len(problems)} {problems[:5] if problems else ''}; "
        f"`jianzheng audit verify` {audit}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2, help="servers killed (default 2)")
    parser.add_argument("--seconds", type=float, default=4.0, help="load before each kill (4)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--seed", type=int, default=None, help="of the kill moments")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else secrets.randbits(32)
    sandbox = h.open_sandbox(demo=True)
    load1 = os.getloadavg()[0]
    print(
        f"serve crash — {time.strftime('%Y-%m-%d %H:%M %Z')}; {sandbox.describe()}; gunicorn "
        f"{args.workers} workers; {args.threads} client threads; {args.kills} kills after "
        f"≈{args.seconds:g} s each, then a final round; seed {seed}; load average {load1:.2f}"
    )
    ok = False
    try:
        ok = crash_and_restart(sandbox, args, random.Random(seed))
    finally:
        if not ok:  # what the kills left, for a look
            os.environ["JIANZHENG_BENCH_KEEP"] = "1"
            kept = f" and PostgreSQL database {sandbox.drop_database}" * bool(sandbox.drop_database)
            sandbox.drop_database = None
            print(f"kept {sandbox.data_dir}{kept} for a look")
    print(
        "OK: every acknowledged write there once, nothing half-written, the restarted server serves"
        if ok
        else "FAILED"
    )
    return 0 if ok else 1


def crash_and_restart(sandbox: h.Sandbox, args, rng: random.Random) -> bool:
    from django.utils import timezone

    m.BEFORE.update(m.stored_writes())
    keys = m.tokens()
    shared = Shared(timezone.localdate().isoformat(), m.targets())
    database_file = sqlite_file(sandbox)
    started = time.perf_counter()
    ok = True
    for number in range(args.kills + 1):
        kill = number < args.kills
        acknowledged = shared.acknowledged()
        what = load_round(shared, keys, args, number, kill=kill, rng=rng)
        acknowledged = shared.acknowledged() - acknowledged
        label = f"kill {number + 1}" if kill else "after the restart"
        print(
            f"{label}: {acknowledged} writes answered 201, then {what}; requests cut off by "
            f"kills so far {shared.cut}"
        )
        if sqlite_file(sandbox) != database_file:
            print(f"  the SQLite file is not the one the run began with: {sqlite_file(sandbox)}")
            return False
        errors = sum(shared.errors.values())
        writes_ok, writes = writes_hold(shared)
        print(f"  {writes}")
        whole_ok, integrity = whole(sandbox.data_dir, number)
        print(f"  {integrity}; other errors {errors} {dict(shared.errors) or ''}")
        ok = ok and writes_ok and whole_ok and not errors and acknowledged > 0
    valid = m.verify_all(shared.tokens)
    print(f"issued papers that verify afterwards: {valid} of {len(shared.tokens)}")
    every_kind = shared.every_kind()
    if not every_kind:
        print("some kind of write was never answered 201: the mix did not reach it")
    print(f"kills, restarts and checks took {time.perf_counter() - started:.1f} s")
    return ok and valid == len(shared.tokens) and every_kind


def sqlite_file(sandbox: h.Sandbox) -> tuple[int, int] | str | None:
    """The database file's identity (device, inode), to tell a crash's damage from the file
    being removed or replaced under the run; None on PostgreSQL."""
    if not sandbox.database_url.startswith("sqlite"):
        return None
    try:
        found = os.stat(sandbox.database_url.removeprefix("sqlite:///"))
    except FileNotFoundError:
        return "missing"
    return found.st_dev, found.st_ino


if __name__ == "__main__":
    sys.exit(main())
