"""Mixed traffic for a fixed time on 127.0.0.1, then a count of what was lost (issue 16, item 9).

    .venv/bin/python bench/mixed_load.py [--seconds 20] [--threads 6] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/mixed_load.py

A throwaway demo deployment (bench/_harness.py) behind gunicorn, and client threads that each
loop over the mix of bench/traffic.py (residents searching, verifying, reporting and rating;
the clerk issuing and recording plaques; officers reading the ledger, the dashboard and the
census, and reporting campaign progress), every request answered before the next. Every answer
must be the one its request deserves (200/201; "invalid" for a tampered token); anything else, a
5xx or a dropped connection is an error. Afterwards every write that was answered 201 must be in
the database exactly once (no lost and no phantom rows: certificates, complaints, ratings,
plaques, progress reports), every issued paper must verify, and the audit chain must hold. Exit
0 only with 0 errors and 0 lost writes.
Request budgets are off (one client on purpose); everything stops by itself."""

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402
from bench import traffic  # noqa: E402


def tokens() -> dict[str, str]:
    from jianzheng.accounts.models import User
    from jianzheng.accounts.services import create_api_token

    return {
        name: create_api_token(actor=None, user=User.objects.get(username=name))[1]
        for name in traffic.STAFF
    }


def targets() -> dict[str, int]:
    """The demo's venue the clerk records plaques at and the campaign task (二(四), which names
    各乡镇(街道)) the township reports on."""
    from jianzheng.campaign.models import Task
    from jianzheng.campaign.reference import SEED_CODE
    from jianzheng.signage.demo import COMMUNITY, VENUE
    from jianzheng.signage.models import Venue

    return {
        "venue": Venue.objects.get(community__code=COMMUNITY, name=VENUE).pk,
        "task": Task.objects.get(campaign__code=SEED_CODE, number=4).pk,
    }


class Traffic:
    """One thread's loop; the writes it saw answered, the errors it met, its latencies."""

    def __init__(self, port: int, keys: dict[str, str], seed: int, deadline: float, shared):
        self.port, self.keys, self.deadline, self.shared = port, keys, deadline, shared
        self.random = random.Random(seed)
        self.seed = seed
        self.stopped = False

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {self.keys[token]}"
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        conn = http.client.HTTPConnection(h.HOST, self.port, timeout=30)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.dropped(f"{method} {path.split('?')[0]}", exc)
            return None, None
        finally:
            conn.close()
        self.shared.latency(f"{method} {path.split('?')[0]}", time.perf_counter() - start)
        try:
            answer = json.loads(raw) if raw[:1] in (b"{", b"[") else None
        except ValueError:
            answer = None
        return response.status, answer

    def dropped(self, what: str, exc: Exception) -> None:
        """A request that got no answer: an error here (bench/serve_crash.py expects it when
        it has just killed the server)."""
        self.shared.error(f"{what}: {type(exc).__name__}")

    def expect(self, what: str, status, wanted: int, answer=None) -> bool:
        if status != wanted:
            code = (
                (answer or {}).get("error", {}).get("code", "") if isinstance(answer, dict) else ""
            )
            self.shared.error(f"{what}: HTTP {status} {code}".rstrip())
            return False
        return True

    def run(self) -> None:
        # Each thread opens with one of every write (each thread with another one first),
        # finished even past the deadline (a loaded machine), so even a short run counts every
        # kind; `stopped` ends the loop after the request in hand (bench/serve_crash.py's kill).
        opening = [self.issue, self.rate, self.plaque, self.progress, self.complaint]
        n = 0
        while not self.stopped and (n < len(opening) or time.perf_counter() < self.deadline):
            n += 1
            if n <= len(opening):
                opening[(self.seed + n - 1) % len(opening)](n)
                continue
            roll = self.random.random()
            if roll < 0.20:
                status, _ = self.call("GET", traffic.search_path(self.random))
                self.expect("portal search", status, 200)
            elif roll < 0.30:
                status, _ = self.call("GET", traffic.CATALOGUE_CHECK)
                self.expect("catalogue check", status, 200)
            elif roll < 0.45:
                self.verify()
            elif roll < 0.57:
                self.issue(n)
            elif roll < 0.64:
                self.complaint(n)
            elif roll < 0.71:
                self.rate(n)
            elif roll < 0.77:
                self.plaque(n)
            elif roll < 0.83:
                self.progress(n)
            elif roll < 0.93:
                path = self.random.choice(traffic.REPORTS)
                status, _ = self.call("GET", path, token=self.random.choice(traffic.READERS))
                self.expect(path.rsplit("/", 1)[-1], status, 200)
            else:
                status, _ = self.call("GET", "/api/v1/certificates", token="civil_affairs_admin")
                self.expect("ledger", status, 200)

    def complaint(self, n: int) -> None:
        self.write("complaint", "POST", "/api/v1/complaints", traffic.complaint(self.shared.today))

    def plaque(self, n: int) -> None:
        body = traffic.plaque(self.shared.targets["venue"], f"{self.seed}-{n}")
        self.write("plaque", "POST", "/api/v1/plaques", body, token="yanghe_clerk")

    def progress(self, n: int) -> None:
        path = traffic.progress_path(self.shared.targets["task"])
        body = traffic.progress(f"{self.seed}-{n}")
        self.write("progress", "POST", path, body, token="yanghe_officer")

    def write(self, kind: str, method: str, path: str, body: dict, token: str | None = None):
        status, answer = self.call(method, path, body, token=token)
        if self.expect(kind, status, 201, answer):
            self.shared.wrote(kind, traffic.written_key(kind, answer))
        return answer if status == 201 else None

    def issue(self, n: int) -> None:
        answer = self.write(
            "certificate",
            "POST",
            "/api/v1/certificates",
            traffic.residence(f"{self.seed}-{n}"),
            token="yanghe_clerk",
        )
        if answer is not None:
            self.shared.add_token(answer["token"])
            self.shared.add_case(answer["serial"], answer["check_code"])

    def rate(self, n: int) -> None:
        case = self.shared.take_case(self.random)
        if case is not None:
            self.write("rating", "POST", "/api/v1/ratings", traffic.rating(*case, self.random))

    def verify(self) -> None:
        token = self.shared.some_token(self.random)
        if token is None:
            return
        forged = self.random.random() < 0.1
        if forged:
            token = traffic.forge(token)
        as_department = "police_officer" if self.random.random() < 0.5 else None
        status, answer = self.call(
            "POST", "/api/v1/verify", {"token": token, "purpose": "办理居住证"}, token=as_department
        )
        if self.expect("verify", status, 200):
            wanted = "invalid" if forged else "valid"
            if answer["status"] != wanted:
                self.shared.error(f"verify: {answer['status']} for a {wanted} token")


class Shared:
    def __init__(self, today: str, targets: dict[str, int]):
        self.lock = threading.Lock()
        self.today = today
        self.targets = targets
        self.errors: Counter = Counter()
        self.writes: dict[str, list[str]] = {kind: [] for kind in traffic.WRITES}
        self.tokens: list[str] = []
        self.unrated: list[tuple[str, str]] = []  # (serial, check code): each rated once
        self.latencies: dict[str, list[float]] = {}

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1

    def wrote(self, kind: str, key: str) -> None:
        with self.lock:
            self.writes[kind].append(key)

    def add_token(self, token: str) -> None:
        with self.lock:
            self.tokens.append(token)

    def add_case(self, serial: str, check_code: str) -> None:
        with self.lock:
            self.unrated.append((serial, check_code))

    def take_case(self, rng) -> tuple[str, str] | None:
        with self.lock:
            if not self.unrated:
                return None
            return self.unrated.pop(rng.randrange(len(self.unrated)))

    def some_token(self, rng) -> str | None:
        with self.lock:
            return rng.choice(self.tokens) if self.tokens else None

    def latency(self, path: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(path, []).append(seconds)


def stored_writes() -> dict[str, Counter]:
    """Every row of each counted kind, by the key its 201 answer named."""
    from jianzheng.campaign.models import ProgressReport
    from jianzheng.certificates.models import Certificate
    from jianzheng.complaints.models import Complaint
    from jianzheng.evaluation.models import Rating
    from jianzheng.signage.models import Plaque

    def keys(model, field: str) -> Counter:
        return Counter(str(k) for k in model.objects.values_list(field, flat=True))

    return {
        "certificate": keys(Certificate, "serial"),
        "complaint": keys(Complaint, "tracking_number"),
        "rating": keys(Rating, "case_number"),
        "plaque": keys(Plaque, "pk"),
        "progress": keys(ProgressReport, "pk"),
    }


BEFORE: dict[str, Counter] = {}  # what the demo setup wrote before the load began


def lost_writes(shared: Shared) -> dict[str, int]:
    """Answered 201 but missing, or in the database without a 201 (phantoms), per kind."""
    stored = stored_writes()
    lost = {}
    for kind in traffic.WRITES:
        answered = Counter(shared.writes[kind])
        made = stored[kind] - BEFORE.get(kind, Counter())
        lost[kind] = sum((answered - made).values()) + sum((made - answered).values())
    return lost


def report(shared: Shared, seconds: float, *, latencies: bool = True) -> bool:
    """Print what was written and whether it all holds; True when it does."""
    from django.db import connections

    connections.close_all()
    if latencies:
        requests = sum(len(v) for v in shared.latencies.values())
        print(f"{requests} requests in {seconds:g} s = {requests / seconds:.1f} req/s")
        for path, values in sorted(shared.latencies.items()):
            print(
                f"  {path:34} {len(values):6} requests  p50 "
                f"{1000 * h.percentile(values, 50):7.1f} ms"
                f"  p95 {1000 * h.percentile(values, 95):7.1f} ms"
            )
    lost = lost_writes(shared)
    counted = ", ".join(f"{len(shared.writes[kind])} {kind}" for kind in traffic.WRITES)
    print(f"writes answered 201: {counted}; lost or phantom: {lost}")
    still_valid = verify_all(shared.tokens)
    print(f"issued papers that verify afterwards: {still_valid} of {len(shared.tokens)}")
    chain = audit_holds()
    print(f"audit chain after the load: {'holds' if chain else 'BROKEN'}")
    every_kind = all(shared.writes[kind] for kind in traffic.WRITES)
    if not every_kind:
        print("some kind of write was never answered 201: the mix did not reach it")
    return not any(lost.values()) and chain and still_valid == len(shared.tokens) and every_kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long (default 20)")
    parser.add_argument("--threads", type=int, default=6, help="client threads (default 6)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--pgbouncer",
        action="store_true",
        help="PostgreSQL only: every connection through pgbouncer in transaction mode",
    )
    args = parser.parse_args()
    if args.pgbouncer:
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            parser.error("--pgbouncer needs DATABASE_URL=postgres://…")
        os.environ["JIANZHENG_BENCH_PGBOUNCER"] = "1"
    sandbox = h.open_sandbox(demo=True)
    load1 = os.getloadavg()[0]
    print(
        f"mixed load — {time.strftime('%Y-%m-%d %H:%M %Z')}; {sandbox.describe()}; gunicorn "
        f"{args.workers} workers; {args.threads} client threads × {args.seconds:g} s; "
        f"load average before start {load1:.2f}"
    )
    from django.utils import timezone

    BEFORE.update(stored_writes())
    keys = tokens()
    shared = Shared(timezone.localdate().isoformat(), targets())
    with h.Server(workers=args.workers) as server:
        deadline = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(target=Traffic(server.port, keys, seed, deadline, shared).run)
            for seed in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
    holds = report(shared, args.seconds)
    print(f"errors: {sum(shared.errors.values())} {dict(shared.errors) or ''}")
    ok = holds and not shared.errors
    print("OK: 0 errors, 0 lost writes" if ok else "FAILED")
    return 0 if ok else 1


def verify_all(tokens: list[str]) -> int:
    from jianzheng.documents.services import verify_token

    return sum(verify_token(token, log=False).status == "valid" for token in tokens)


def audit_holds() -> bool:
    from jianzheng.core.audit import verify_chain

    return verify_chain().ok


if __name__ == "__main__":
    sys.exit(main())
