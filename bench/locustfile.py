"""Locust users for bench/load_locust.py: the day's mix of bench/traffic.py (shared with
bench/mixed_load.py), driven by a standard load tool (issue 17, item 5). Runs in its own virtual
environment (`make load` makes .venv-load with the pinned locust): it imports nothing of
jianzheng and talks HTTP only.

bench/load_locust.py passes, in the environment:
  JZ_LOAD_TOKENS   JSON {"yanghe_clerk": …, "yanghe_officer": …, "police_officer": …,
                   "civil_affairs_admin": …}
  JZ_LOAD_TARGETS  JSON {"venue": …, "task": …}: where plaques are recorded, which task is reported
  JZ_LOAD_WRITES   a file each answered write is appended to, one JSON line ({"kind", "key", "token"}),
                   so the parent can count lost and phantom rows afterwards
  JZ_LOAD_TODAY    the server's date (complaints are dated)
Every answer must be the one its request deserves; anything else is a locust failure."""

import json
import os
import random
import sys
import threading

from locust import HttpUser, between, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import traffic  # noqa: E402  (bench/traffic.py: standard library only)

TOKENS = json.loads(os.environ.get("JZ_LOAD_TOKENS", "{}"))
TARGETS = json.loads(os.environ.get("JZ_LOAD_TARGETS", '{"venue": 0, "task": 0}'))
WRITES = os.environ.get("JZ_LOAD_WRITES", os.devnull)
TODAY = os.environ.get("JZ_LOAD_TODAY", "")
_lock = threading.Lock()
_issued_tokens: list[str] = []
_unrated: list[tuple[str, str]] = []  # (serial, check code) of papers not rated yet: once each


def _wrote(kind: str, answer: dict, token: str = "") -> None:
    line = {"kind": kind, "key": traffic.written_key(kind, answer), "token": token}
    with _lock, open(WRITES, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def _bearer(name: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


def _post(user: HttpUser, kind: str, path: str, body: dict, *, name: str, as_=None):
    """POST a write; a 201 is logged for the count afterwards, anything else is a failure."""
    headers = _bearer(as_) if as_ else {}
    with user.client.post(
        path, json=body, headers=headers, name=name, catch_response=True
    ) as response:
        if response.status_code != 201:
            response.failure(f"HTTP {response.status_code}")
            return None
        answer = response.json()
        _wrote(kind, answer, answer.get("token", "") if kind == "certificate" else "")
        return answer


class Resident(HttpUser):
    """Looks a proof up, verifies a paper (1 in 10 mistyped or forged), files a report, rates
    a paper they were issued."""

    weight = 3
    wait_time = between(0.05, 0.2)

    @task(5)
    def search(self):
        self.client.get(traffic.search_path(random), name="/search")

    @task(3)
    def check(self):
        self.client.get(traffic.CATALOGUE_CHECK, name="/api/v1/catalogue/check")

    @task(4)
    def verify(self):
        with _lock:
            token = random.choice(_issued_tokens) if _issued_tokens else None
        if token is None:
            return
        forged = random.random() < 0.1
        if forged:
            token = traffic.forge(token)
        with self.client.post(
            "/api/v1/verify", json={"token": token}, name="/api/v1/verify", catch_response=True
        ) as response:
            wanted = "invalid" if forged else "valid"
            if response.status_code == 200 and response.json().get("status") != wanted:
                response.failure(f"{response.json().get('status')} for a {wanted} token")

    @task(2)
    def report(self):
        _post(
            self,
            "complaint",
            "/api/v1/complaints",
            traffic.complaint(TODAY),
            name="/api/v1/complaints",
        )

    @task(2)
    def rate(self):
        with _lock:
            case = _unrated.pop(random.randrange(len(_unrated))) if _unrated else None
        if case is not None:
            body = traffic.rating(*case, random)
            _post(self, "rating", "/api/v1/ratings", body, name="/api/v1/ratings")


class Clerk(HttpUser):
    """Issues 居(租)住证明 at the community's desk and records plaques; the county reads the
    ledger between."""

    weight = 1
    wait_time = between(0.1, 0.3)

    @task(3)
    def issue(self):
        body = traffic.residence(str(random.randrange(10**6)))
        answer = _post(
            self,
            "certificate",
            "/api/v1/certificates",
            body,
            name="/api/v1/certificates [issue]",
            as_="yanghe_clerk",
        )
        if answer is not None:
            with _lock:
                _issued_tokens.append(answer["token"])
                _unrated.append((answer["serial"], answer["check_code"]))

    @task(1)
    def plaque(self):
        body = traffic.plaque(TARGETS["venue"], str(random.randrange(10**6)))
        _post(self, "plaque", "/api/v1/plaques", body, name="/api/v1/plaques", as_="yanghe_clerk")

    @task(1)
    def ledger(self):
        self.client.get(
            "/api/v1/certificates",
            headers=_bearer("civil_affairs_admin"),
            name="/api/v1/certificates [ledger]",
        )


class Officer(HttpUser):
    """The township and the county read the dashboard and the census; the township reports
    progress on its campaign task."""

    weight = 1
    wait_time = between(0.1, 0.3)

    @task(3)
    def read(self):
        path = random.choice(traffic.REPORTS)
        self.client.get(path, headers=_bearer(random.choice(traffic.READERS)), name=path)

    @task(1)
    def progress(self):
        _post(
            self,
            "progress",
            traffic.progress_path(TARGETS["task"]),
            traffic.progress(str(random.randrange(10**6))),
            name="/api/v1/tasks/{id}/progress",
            as_="yanghe_officer",
        )
