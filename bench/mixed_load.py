"""Mixed traffic for a fixed time on 127.0.0.1, then a count of what was lost (issue 16, item 9).

    .venv/bin/python bench/mixed_load.py [--seconds 20] [--threads 6] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/mixed_load.py

A throwaway demo deployment (bench/_harness.py) behind gunicorn, and client threads that each
loop over a mix of what a county sees in a day, every request answered before the next:
  residents:  the portal's search page, the catalogue API, verifying a paper (1 in 10 tampered),
              filing a complaint against a unit that demanded a cancelled proof;
  clerks:     issuing a 居(租)住证明 through the API;
  officers:   reading the ledger, verifying as a department.
Every answer must be the one its request deserves (200/201; "invalid" for a tampered token);
anything else, a 5xx or a dropped connection is an error. Afterwards every write that was
answered 201 must be in the database exactly once (no lost and no phantom rows), every issued
paper must verify, and the audit chain must hold. Exit 0 only with 0 errors and 0 lost writes.
Request budgets are off (one client on purpose); everything stops by itself."""

import argparse
import http.client
import json
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

RESIDENCE = {
    "item": "YN-B03",
    "community": "640121100001",
    "checks": [{"method": "home_visit", "note": "入户查看"}],
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
}
QUERIES = ["居住", "jzzm", "婚姻状况", "健在证明"]
COMPLAINT = {
    "unit": "640121-YH",
    "item": "GJ1-10",
    "place": "杨和支行柜台",
    "description": "办理养老金代领时柜台要求先到社区开健在证明。",
    "county": "640121",
}


def tokens() -> dict[str, str]:
    from jianzheng.accounts.models import User
    from jianzheng.accounts.services import create_api_token

    return {
        name: create_api_token(actor=None, user=User.objects.get(username=name))[1]
        for name in ("yanghe_clerk", "police_officer", "civil_affairs_admin")
    }


class Traffic:
    """One thread's loop; the writes it saw answered, the errors it met, its latencies."""

    def __init__(self, port: int, keys: dict[str, str], seed: int, deadline: float, shared):
        self.port, self.keys, self.deadline, self.shared = port, keys, deadline, shared
        self.random = random.Random(seed)
        self.seed = seed

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
            self.shared.error(f"{method} {path.split('?')[0]}: {type(exc).__name__}")
            return None, None
        finally:
            conn.close()
        self.shared.latency(f"{method} {path.split('?')[0]}", time.perf_counter() - start)
        try:
            answer = json.loads(raw) if raw[:1] in (b"{", b"[") else None
        except ValueError:
            answer = None
        return response.status, answer

    def expect(self, what: str, status, wanted: int, answer=None) -> bool:
        if status != wanted:
            code = (
                (answer or {}).get("error", {}).get("code", "") if isinstance(answer, dict) else ""
            )
            self.shared.error(f"{what}: HTTP {status} {code}".rstrip())
            return False
        return True

    def run(self) -> None:
        n = 0
        while time.perf_counter() < self.deadline:
            n += 1
            roll = self.random.random()
            if roll < 0.25:
                status, _ = self.call("GET", "/search?q=" + quote(self.random.choice(QUERIES)))
                self.expect("portal search", status, 200)
            elif roll < 0.40:
                status, _ = self.call(
                    "GET", "/api/v1/catalogue/check?county=640121&name=" + quote("健在证明")
                )
                self.expect("catalogue check", status, 200)
            elif roll < 0.60:
                self.verify()
            elif roll < 0.75:
                self.issue(n)
            elif roll < 0.85:
                status, answer = self.call(
                    "POST", "/api/v1/complaints", {**COMPLAINT, "date": self.shared.today}
                )
                if self.expect("complaint", status, 201, answer):
                    self.shared.wrote("complaint", answer["tracking_number"])
            else:
                status, _ = self.call("GET", "/api/v1/certificates", token="civil_affairs_admin")
                self.expect("ledger", status, 200)

    def issue(self, n: int) -> None:
        facts = {
            "holder_name": "马小花",
            "holder_id_number": "640121199003071232",
            "gender": "男",
            "address": f"永宁县杨和镇示例路{self.seed}-{n}号",
            "since": "2019-05-01",
            "tenure": "租住",
        }
        status, answer = self.call(
            "POST", "/api/v1/certificates", {**RESIDENCE, "facts": facts}, token="yanghe_clerk"
        )
        if self.expect("issue", status, 201, answer):
            self.shared.wrote("certificate", answer["serial"])
            self.shared.add_token(answer["token"])

    def verify(self) -> None:
        token = self.shared.some_token(self.random)
        if token is None:
            return
        forged = self.random.random() < 0.1
        if forged:
            middle = len(token) // 2
            token = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
        as_department = "police_officer" if self.random.random() < 0.5 else None
        status, answer = self.call(
            "POST", "/api/v1/verify", {"token": token, "purpose": "办理居住证"}, token=as_department
        )
        if self.expect("verify", status, 200):
            wanted = "invalid" if forged else "valid"
            if answer["status"] != wanted:
                self.shared.error(f"verify: {answer['status']} for a {wanted} token")


class Shared:
    def __init__(self, today: str):
        self.lock = threading.Lock()
        self.today = today
        self.errors: Counter = Counter()
        self.writes: dict[str, list[str]] = {"certificate": [], "complaint": []}
        self.tokens: list[str] = []
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

    def some_token(self, rng) -> str | None:
        with self.lock:
            return rng.choice(self.tokens) if self.tokens else None

    def latency(self, path: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(path, []).append(seconds)


def lost_writes(shared: Shared) -> dict[str, int]:
    """Answered 201 but missing, or in the database without a 201 (phantoms), per kind."""
    from jianzheng.certificates.models import Certificate
    from jianzheng.complaints.models import Complaint

    answered = {
        "certificate": Counter(shared.writes["certificate"]),
        "complaint": Counter(shared.writes["complaint"]),
    }
    stored = {
        "certificate": Counter(Certificate.objects.values_list("serial", flat=True)),
        "complaint": Counter(
            Complaint.objects.exclude(tracking_number__in=DEMO_COMPLAINTS).values_list(
                "tracking_number", flat=True
            )
        ),
    }
    return {
        kind: sum((answered[kind] - stored[kind]).values())
        + sum((stored[kind] - answered[kind]).values())
        for kind in answered
    }


DEMO_COMPLAINTS: list[str] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long (default 20)")
    parser.add_argument("--threads", type=int, default=6, help="client threads (default 6)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()
    sandbox = h.open_sandbox(demo=True)
    load1 = __import__("os").getloadavg()[0]
    print(
        f"mixed load — {time.strftime('%Y-%m-%d %H:%M %Z')}; {sandbox.describe()}; gunicorn "
        f"{args.workers} workers; {args.threads} client threads × {args.seconds:g} s; "
        f"load average before start {load1:.2f}"
    )
    from django.utils import timezone

    from jianzheng.complaints.models import Complaint

    DEMO_COMPLAINTS.extend(Complaint.objects.values_list("tracking_number", flat=True))
    keys = tokens()
    shared = Shared(timezone.localdate().isoformat())
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
    from django.db import connections

    connections.close_all()
    requests = sum(len(v) for v in shared.latencies.values())
    print(f"{requests} requests in {args.seconds:g} s = {requests / args.seconds:.1f} req/s")
    for path, values in sorted(shared.latencies.items()):
        print(
            f"  {path:34} {len(values):6} requests  p50 {1000 * h.percentile(values, 50):7.1f} ms"
            f"  p95 {1000 * h.percentile(values, 95):7.1f} ms"
        )
    lost = lost_writes(shared)
    issued = len(shared.writes["certificate"])
    filed = len(shared.writes["complaint"])
    print(
        f"writes answered 201: {issued} certificates, {filed} complaints; lost or phantom: {lost}"
    )
    still_valid = verify_all(shared.tokens)
    print(f"issued papers that verify afterwards: {still_valid} of {len(shared.tokens)}")
    chain = audit_holds()
    print(f"audit chain after the load: {'holds' if chain else 'BROKEN'}")
    print(f"errors: {sum(shared.errors.values())} {dict(shared.errors) or ''}")
    ok = not shared.errors and not any(lost.values()) and chain
    ok = ok and still_valid == len(shared.tokens) and issued > 0 and filed > 0
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
