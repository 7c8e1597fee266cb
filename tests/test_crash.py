"""kill -9 while writing (issue 16, item 9): a process issuing certificates, recording refusals,
asking sharing checks and revoking, and writing in the areas that came after (a resident's
rating; a plaque with its photo and its rectification with the photo afterwards; a progress
report with its evidence file and a supervision finding), in turn, is killed with SIGKILL at a
random moment, twice, on SQLite and on PostgreSQL. After each crash nothing is half-written: every
certificate has its PDF and signed document, serials have no gaps, no signed document lacks its
certificate, every area's row is whole with its one audit entry and its files' bytes on disk, a
file a killed transaction left behind is the orphan sweeper's, the audit chain and every area's
audit checks hold (`jianzheng audit verify` too), every sharing check's hashes hold, and every
write the process saw committed is there exactly once.

The areas' writes share the certificates' writer and its kills (tests/backup_harness.py `churn`):
one process start and one setup per database for every area, so CI pays only for their writes."""

import json
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_backup import HARNESS, JIANZHENG, county, run
from tests.test_upgrade import postgres_server

# What the writer logs after each commit → where the integrity report lists it.
REPORTED_AS = {
    "certificate": "certificates",
    "demand": "demands",
    "sharing": "sharing",
    "revoked": "revoked",
    "rating": "rating",
    "plaque": "plaque",
    "rectified": "rectified",
    "progress": "progress",
    "finding": "finding",
}
AREAS = ("rating", "plaque", "rectified", "progress", "finding")
ROUND_ENDS_WITH = "finding"  # the last write of a round: every kind has been written once


def crash_twice(tmp_path: Path, env: dict) -> None:
    run(JIANZHENG, "setup", "--demo", env=env)
    log = tmp_path / "committed.log"
    seed = secrets.randbits(32)
    rng = random.Random(seed)
    for attempt in range(2):
        writer = subprocess.Popen(
            [sys.executable, str(HARNESS), "churn", str(log)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        seen = len(_lines(log))
        deadline = time.monotonic() + 240
        while not any(line.startswith(ROUND_ENDS_WITH) for line in _lines(log)[seen:]):
            assert writer.poll() is None, writer.stderr.read().decode()
            assert time.monotonic() < deadline, "the writer made no progress"
            time.sleep(0.2)
        time.sleep(rng.uniform(0, 1.5))  # somewhere inside a write
        writer.send_signal(signal.SIGKILL)
        writer.wait()

        report_file = tmp_path / f"integrity-{attempt}.json"
        run(sys.executable, HARNESS, "integrity", report_file, env=env)
        report = json.loads(report_file.read_text())
        assert report["problems"] == [], (f"seed {seed}", report["problems"])
        for line in _lines(log):
            kind, ident = line.split(" ", 1)
            found = report[REPORTED_AS[kind]].count(ident)
            assert found == 1, f"seed {seed}: committed {line!r} is there {found} times"
        assert all(report[kind] for kind in AREAS), report  # a whole round of them, at least
        assert "审计日志完整" in run(JIANZHENG, "audit", "verify", env=env).stdout


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    # The last line may be cut by the kill: only whole lines were committed and reported.
    text = path.read_text(encoding="utf-8")
    return [line for line in text.split("\n")[:-1] if line]


@pytest.mark.in_pass("sqlite")
def test_a_writer_killed_on_sqlite_leaves_nothing_half_written(tmp_path):
    crash_twice(tmp_path, county(tmp_path, "data", f"sqlite:///{tmp_path / 'crash.sqlite3'}"))


@pytest.mark.in_pass("postgresql")
def test_a_writer_killed_on_postgresql_leaves_nothing_half_written(tmp_path):
    import psycopg
    from psycopg import sql

    server = postgres_server()
    name = f"crash_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        auth = server["user"] + (f":{server['password']}" if server["password"] else "")
        url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
        crash_twice(tmp_path, county(tmp_path, "data", url))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
