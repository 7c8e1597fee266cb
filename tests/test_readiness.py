"""`/readyz` says whether this server may take traffic, and why not (issue 17, item 5); every
answer carries a request id, and the JSON log line names it."""

import json
import logging

from jianzheng.core.requestlog import JsonFormatter, RequestIdFilter


def test_a_county_that_can_sign_is_ready(client, catalogue, keys):
    response = client.get("/readyz")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "keys", "font", "disk", "pii"}
    assert all(check["ok"] for check in body["checks"].values())


def test_a_server_without_the_private_key_is_not_ready_and_says_which_county(
    client, catalogue, keys, settings
):
    for path in (settings.DATA_DIR / "keys").glob("*.pem"):
        path.unlink()
    response = client.get("/readyz")
    assert response.status_code == 503
    keys_check = response.json()["checks"]["keys"]
    assert keys_check["ok"] is False and "永宁县" in keys_check["reason"]
    assert str(settings.DATA_DIR) not in response.content.decode()  # no paths to the public


def test_a_full_disk_is_not_ready(client, catalogue, keys, settings):
    settings.MIN_FREE_MB = 10**9
    body = client.get("/readyz").json()
    assert body["status"] == "not_ready" and not body["checks"]["disk"]["ok"]


def test_every_answer_has_a_request_id_and_a_proxys_is_kept_only_when_trusted(client, db, settings):
    import ipaddress

    own = client.get("/healthz")["X-Request-Id"]
    assert len(own) == 16
    offered = {"HTTP_X_REQUEST_ID": "from-the-proxy-1234"}
    assert client.get("/healthz", **offered)["X-Request-Id"] != "from-the-proxy-1234"
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    assert client.get("/healthz", **offered)["X-Request-Id"] == "from-the-proxy-1234"


def test_the_json_log_line_carries_the_request_id(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="jianzheng.request"):
        response = client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "jianzheng.request")
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert line["request_id"] == response["X-Request-Id"]
