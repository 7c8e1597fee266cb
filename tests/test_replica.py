"""A real primary and hot standby (tests/replica_cluster.py): reads that tolerate lag are served
by the standby, a clerk reads back their own write at once though the standby has stopped
replaying, a standby lagging too far or gone is left for the primary without a single error.

Each scenario runs in a process of its own configured for the pair (tests/replica_scenarios.py);
the pair and its demo data are made once per session (≈ 15 s)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.replica_cluster import cluster_pair  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parent.parent
on_postgres = pytest.mark.in_pass("postgresql")  # SQLite has no replica


@pytest.fixture(scope="session")
def pair_env(cluster_pair, tmp_path_factory):  # noqa: F811
    cluster_pair.sql(cluster_pair.primary_port, "create database jz")
    env = {
        **os.environ,
        "DATABASE_URL": cluster_pair.primary_url("jz"),
        "DATABASE_REPLICA_URL": cluster_pair.standby_url("jz"),
        "JIANZHENG_DATA_DIR": str(tmp_path_factory.mktemp("replica-data")),
        "JIANZHENG_THROTTLE": "false",
        "JIANZHENG_HOLDER_KDF": "10,8,1",
        "JIANZHENG_REPLICA_PAIR": cluster_pair.describe(),
        "JIANZHENG_REPLICA_PIN_SECONDS": "2",
        "JIANZHENG_REPLICA_MAX_LAG": "1",
        "JIANZHENG_REPLICA_CHECK_SECONDS": "0.5",
        "JIANZHENG_LOG_LEVEL": "ERROR",
    }
    jianzheng = str(Path(sys.executable).with_name("jianzheng"))
    subprocess.run(
        [jianzheng, "setup", "--demo"], env=env, check=True, capture_output=True, timeout=300
    )
    cluster_pair.wait_replayed()
    return env


def scenario(env: dict, name: str, **overrides: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.replica_scenarios", name],
        env={**env, **overrides},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_county_on_sqlite_has_no_replica_and_is_told_so_if_it_names_one(tmp_path):
    env = {**os.environ, "JIANZHENG_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    code = "from django.conf import settings as s; print(sorted(s.DATABASES), s.DATABASE_ROUTERS)"
    plain = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "jianzheng.settings"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert plain.stdout.strip() == "['default'] []"
    refused = subprocess.run(
        [sys.executable, "-c", "import jianzheng.settings"],
        env={**env, "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5432/x"},
        capture_output=True, text=True,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "DATABASE_REPLICA_URL needs PostgreSQL" in refused.stderr


@on_postgres
def test_a_read_that_tolerates_lag_is_answered_by_the_standby_and_any_other_by_the_primary(
    pair_env,
):
    seen = scenario(pair_env, "routing")
    assert seen["tolerant_alias"] == "replica"
    assert seen["tolerant_reads_standby"] is True
    assert seen["plain_alias"] == "default"
    assert seen["plain_reads_standby"] is False
    assert seen["alias_after_write"] == "default"
    assert seen["catalogue_page"] == 200
    assert seen["catalogue_page_cookie"] is False  # reading pins nobody


@on_postgres
def test_a_clerk_reads_back_a_certificate_they_just_issued_though_the_standby_has_not_got_it(
    pair_env,
):
    # A lag bound of an hour: the paused standby stays in use, so the lag is real.
    seen = scenario(
        pair_env, "read_your_writes", JIANZHENG_REPLICA_MAX_LAG="3600",
        JIANZHENG_REPLICA_CHECK_SECONDS="3600",
    )  # fmt: skip
    assert seen["cookie_set"] is True
    assert seen["own_detail"] == 200
    assert seen["own_list_has_it"] is True
    assert seen["on_standby_while_paused"] is False
    assert seen["replica_usable"] is True
    # The same token from another program (no cookie) reads the standby, which has not got it;
    # so does the clerk once the window is over; both find it when the standby has caught up.
    assert seen["other_detail"] == 404
    assert seen["after_window"] == 404
    assert seen["after_catch_up"] == 200


@on_postgres
def test_a_standby_lagging_beyond_the_bound_is_left_for_the_primary_until_it_catches_up(pair_env):
    seen = scenario(pair_env, "lag_bound")
    assert seen["before"] == "replica"
    assert seen["lagging"] == "default"
    assert seen["reason"].startswith("lagging")
    assert seen["page"] == 200
    assert seen["after"] == "replica"


@on_postgres
def test_a_standby_going_away_costs_no_error_and_reads_come_from_the_primary(pair_env):
    seen = scenario(pair_env, "replica_gone")
    assert seen["used_before"] == "replica"
    assert set(seen["with_standby"]) == {200}
    assert set(seen["without_standby"]) == {200}
    assert seen["used_after"] == "default"
    assert seen["reason"].startswith(("unreachable", "query failed"))
