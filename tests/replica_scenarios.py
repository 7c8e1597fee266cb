"""What tests/test_replica.py watches, run in a process of its own whose settings point at the
real primary + standby pair (DATABASE_URL, DATABASE_REPLICA_URL): the suite's own process is
bound to its test database. `python -m tests.replica_scenarios NAME` prints one JSON object of
observations as its last line; the test asserts on it. JIANZHENG_REPLICA_PAIR describes the pair
(tests/replica_cluster.py) so a scenario can pause replay or stop the standby."""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianzheng.settings")

import django  # noqa: E402

django.setup()

from django.db import connections, router  # noqa: E402
from django.test import Client  # noqa: E402

from jianzheng.core import replica  # noqa: E402
from jianzheng.documents.models import SignedDocument  # noqa: E402
from tests.replica_cluster import ClusterPair  # noqa: E402

PAIR = ClusterPair.from_description(os.environ["JIANZHENG_REPLICA_PAIR"])
ISSUE = {
    "item": "YN-B03",
    "community": "640121100001",
    "facts": {
        "holder_name": "马小花",
        "holder_id_number": "640121199003071232",
        "gender": "男",
        "address": "永宁县杨和镇示例路1号",
        "since": "2019-05-01",
        "tenure": "租住",
    },
    "checks": [{"method": "home_visit", "note": "入户查看"}],
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
}


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def clerk_headers() -> dict:
    from jianzheng.accounts.models import User
    from jianzheng.accounts.services import create_api_token

    clerk = User.objects.get(username="yanghe_clerk")
    return {"authorization": f"Bearer {create_api_token(actor=None, user=clerk)[1]}"}


def issue(client: Client, headers: dict) -> dict:
    answer = client.post(
        "/api/v1/certificates", json.dumps(ISSUE), content_type="application/json", headers=headers
    )
    assert answer.status_code == 201, answer.content[:300]
    return answer.json()


def routing() -> dict:
    with replica.tolerates_lag():
        tolerant = router.db_for_read(SignedDocument)
        tolerant_standby = in_recovery(tolerant)
    plain = router.db_for_read(SignedDocument)
    with replica.tolerates_lag():
        SignedDocument.objects.filter(serial="none").update(subject_code="x")  # a write, 0 rows
        after_write = router.db_for_read(SignedDocument)
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get("/list")  # the public catalogue, a lag-tolerant page
    return {
        "tolerant_alias": tolerant,
        "tolerant_reads_standby": tolerant_standby,
        "plain_alias": plain,
        "plain_reads_standby": in_recovery(plain),
        "alias_after_write": after_write,
        "catalogue_page": page.status_code,
        "catalogue_page_cookie": replica.PIN_COOKIE in page.cookies,
    }


def read_your_writes() -> dict:
    headers = clerk_headers()
    PAIR.wait_replayed()  # the token and users are on the standby before it stops replaying
    PAIR.pause_replay()
    try:
        clerk = Client(HTTP_HOST="127.0.0.1")
        made = issue(clerk, headers)
        serial = made["serial"]
        cookie = clerk.cookies.get(replica.PIN_COOKIE)
        own_detail = clerk.get(f"/api/v1/certificates/{serial}", headers=headers)
        own_list = clerk.get("/api/v1/certificates", headers=headers)
        on_standby = SignedDocument.objects.using(replica.REPLICA).filter(serial=serial).exists()
        other = Client(HTTP_HOST="127.0.0.1")  # same clerk's token, another program: no cookie
        other_detail = other.get(f"/api/v1/certificates/{serial}", headers=headers)
        verdict = replica.verdict()
        time.sleep(float(os.environ["JIANZHENG_REPLICA_PIN_SECONDS"]) + 0.2)
        after_window = clerk.get(f"/api/v1/certificates/{serial}", headers=headers)
    finally:
        PAIR.resume_replay()
    PAIR.wait_replayed()
    caught_up = clerk.get(f"/api/v1/certificates/{serial}", headers=headers)
    return {
        "cookie_set": cookie is not None,
        "own_detail": own_detail.status_code,
        "own_list_has_it": serial in [row["serial"] for row in own_list.json()["items"]],
        "on_standby_while_paused": on_standby,
        "other_detail": other_detail.status_code,
        "replica_usable": verdict.usable,
        "after_window": after_window.status_code,
        "after_catch_up": caught_up.status_code,
    }


def lag_bound() -> dict:
    PAIR.wait_replayed()
    with replica.tolerates_lag():
        before = router.db_for_read(SignedDocument)
    PAIR.pause_replay()
    try:
        PAIR.sql(PAIR.primary_port, "create table if not exists lag_probe (n int)", "jz")
        PAIR.sql(PAIR.primary_port, "insert into lag_probe values (1)", "jz")
        time.sleep(float(os.environ["JIANZHENG_REPLICA_MAX_LAG"]) + 0.5)
        with replica.tolerates_lag():
            lagging = router.db_for_read(SignedDocument)
        reason = replica.verdict().reason
        page = Client(HTTP_HOST="127.0.0.1").get("/list")
    finally:
        PAIR.resume_replay()
    PAIR.wait_replayed()
    time.sleep(float(os.environ["JIANZHENG_REPLICA_CHECK_SECONDS"]) + 0.1)
    with replica.tolerates_lag():
        after = router.db_for_read(SignedDocument)
    return {
        "before": before,
        "lagging": lagging,
        "reason": reason,
        "page": page.status_code,
        "after": after,
    }


def replica_gone() -> dict:
    headers = clerk_headers()
    client = Client(HTTP_HOST="127.0.0.1")
    token = issue(client, headers)["token"]
    PAIR.wait_replayed()
    anonymous = Client(HTTP_HOST="127.0.0.1")

    def rounds() -> list[int]:
        statuses = []
        for _ in range(3):
            statuses.append(anonymous.get("/list").status_code)
            statuses.append(
                anonymous.get("/api/v1/catalogue/items?q=居住&county=640121").status_code
            )
            answer = anonymous.post(
                "/api/v1/verify", json.dumps({"token": token}), content_type="application/json"
            )
            statuses.append(answer.status_code if answer.json()["status"] == "valid" else -1)
            page = anonymous.get(f"/v/{token}")
            statuses.append(page.status_code if "有效" in page.content.decode() else -1)
        return statuses

    with_standby = rounds()
    with replica.tolerates_lag():
        used_before = router.db_for_read(SignedDocument)
    PAIR.stop_standby()
    try:
        without = rounds()
        with replica.tolerates_lag():
            used_after = router.db_for_read(SignedDocument)
        reason = replica.verdict().reason
    finally:
        PAIR.start_standby()
    return {
        "with_standby": with_standby,
        "used_before": used_before,
        "without_standby": without,
        "used_after": used_after,
        "reason": reason,
    }


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]]()))
