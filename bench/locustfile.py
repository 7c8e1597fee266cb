"""Locust users for bench/load_locust.py: the same day's mix as bench/mixed_load.py, driven by a
standard load tool (issue 17, item 5). Runs in its own virtual environment (`make load` makes
.venv-load with the pinned locust): it imports nothing of jianzheng and talks HTTP only.

bench/load_locust.py passes, in the environment:
  JZ_LOAD_TOKENS   JSON {"yanghe_clerk": …, "police_officer": …, "civil_affairs_admin": …}
  JZ_LOAD_WRITES   a file each answered write is appended to, one JSON line ({"kind", "key", "token"}),
                   so the parent can count lost and phantom rows afterwards
  JZ_LOAD_TODAY    the server's date (complaints are dated)
Every answer must be the one its request deserves; anything else is a locust failure."""

import json
import os
import random
import threading
from urllib.parse import quote

from locust import HttpUser, between, task

TOKENS = json.loads(os.environ.get("JZ_LOAD_TOKENS", "{}"))
WRITES = os.environ.get("JZ_LOAD_WRITES", os.devnull)
TODAY = os.environ.get("JZ_LOAD_TODAY", "")
QUERIES = ["居住", "jzzm", "婚姻状况", "健在证明"]
RESIDENCE = {
    "item": "YN-B03",
    "community": "640121100001",
    "checks": [{"method": "home_visit", "note": "入户查看"}],
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
}
COMPLAINT = {
    "unit": "640121-YH",
    "item": "GJ1-10",
    "place": "杨和支行柜台",
    "description": "办理养老金代领时柜台要求先到社区开健在证明。",
    "county": "640121",
}
_lock = threading.Lock()
_issued_tokens: list[str] = []


def _wrote(kind: str, key: str, token: str = "") -> None:
    with _lock, open(WRITES, "a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": kind, "key": key, "token": token}) + "\n")


def _bearer(name: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


class Resident(HttpUser):
    """Looks a proof up, verifies a paper (1 in 10 mistyped or forged), files a report."""

    weight = 3
    wait_time = between(0.05, 0.2)

    @task(5)
    def search(self):
        self.client.get("/search?q=" + quote(random.choice(QUERIES)), name="/search")

    @task(3)
    def check(self):
        self.client.get(
            "/api/v1/catalogue/check?county=640121&name=" + quote("健在证明"),
            name="/api/v1/catalogue/check",
        )

    @task(4)
    def verify(self):
        with _lock:
            token = random.choice(_issued_tokens) if _issued_tokens else None
        if token is None:
            return
        forged = random.random() < 0.1
        if forged:
            middle = len(token) // 2
            token = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
        with self.client.post(
            "/api/v1/verify", json={"token": token}, name="/api/v1/verify", catch_response=True
        ) as response:
            wanted = "invalid" if forged else "valid"
            if response.status_code == 200 and response.json().get("status") != wanted:
                response.failure(f"{response.json().get('status')} for a {wanted} token")

    @task(2)
    def report(self):
        with self.client.post(
            "/api/v1/complaints",
            json={**COMPLAINT, "date": TODAY},
            name="/api/v1/complaints",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")
            else:
                _wrote("complaint", response.json()["tracking_number"])


class Clerk(HttpUser):
    """Issues 居(租)住证明 at the community's desk; an officer reads the ledger between."""

    weight = 1
    wait_time = between(0.1, 0.3)

    @task(3)
    def issue(self):
        facts = {
            "holder_name": "马小花",
            "holder_id_number": "640121199003071232",
            "gender": "男",
            "address": f"永宁县杨和镇示例路{random.randrange(10**6)}号",
            "since": "2019-05-01",
            "tenure": "租住",
        }
        with self.client.post(
            "/api/v1/certificates",
            json={**RESIDENCE, "facts": facts},
            headers=_bearer("yanghe_clerk"),
            name="/api/v1/certificates [issue]",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")
                return
            answer = response.json()
            _wrote("certificate", answer["serial"], answer["token"])
            with _lock:
                _issued_tokens.append(answer["token"])

    @task(1)
    def ledger(self):
        self.client.get(
            "/api/v1/certificates",
            headers=_bearer("civil_affairs_admin"),
            name="/api/v1/certificates [ledger]",
        )
