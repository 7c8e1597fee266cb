"""`jianzheng serve` as an operator starts it: a real gunicorn on a free local port."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JIANZHENG = Path(sys.executable).with_name("jianzheng")
pytestmark = pytest.mark.in_pass("sqlite")  # serves a SQLite county of its own


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A SQLite database as `jianzheng setup` leaves it (so the portal has its county), in its
    own data folder, served by `jianzheng serve`."""
    data = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"JIANZHENG_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "jianzheng.settings"}
    subprocess.run(
        [str(JIANZHENG), "setup"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    port = _free_port()
    log = open(data / "serve.log", "w+b")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [str(JIANZHENG), "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("jianzheng serve did not start:\n" + log.read().decode())
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_a_5000_character_search_is_refused_in_chinese_not_by_gunicorn(served):
    status, page = _get(served, "/search?q=" + "a" * 5000)
    assert status == 400
    assert "查询内容不能超过" in page and "URI" not in page


def test_a_5000_character_address_is_answered_in_chinese(served):
    status, page = _get(served, "/items/" + "A" * 5000)
    assert status == 404 and "URI" not in page
    assert "没有" in page or "找不到" in page or "未找到" in page
