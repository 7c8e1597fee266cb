"""Backups (issue 16, item 7): `jianzheng backup FILE` on a county that has issued and revoked
papers, `jianzheng restore FILE` into a fresh database and an empty data folder, and everything
still holds there: the audit chain against its signed checkpoint, the papers online (valid and
revoked), their PDFs offline with the published keys. On SQLite and on PostgreSQL, each in child
processes on databases of their own, so the suite's test database is never touched."""

import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.test_upgrade import postgres_server

HARNESS = Path(__file__).parent / "backup_harness.py"
JIANZHENG = Path(sys.executable).parent / "jianzheng"
PASSPHRASE = "correct horse battery staple"
THIS_YEAR = dt.datetime.now(ZoneInfo("Asia/Shanghai")).year


def run(*args, env: dict, ok: bool = True, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if ok:
        assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done


def county(tmp_path: Path, name: str, database_url: str) -> dict:
    data = tmp_path / name
    data.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jianzheng.settings",
        "DATABASE_URL": database_url,
        "JIANZHENG_DATA_DIR": str(data),
        "JIANZHENG_THROTTLE": "0",
        "JIANZHENG_BACKUP_PASSPHRASE": PASSPHRASE,
    }
    env.pop("JIANZHENG_SECRET_KEY", None)
    env.pop("JIANZHENG_PII_KEY", None)  # the suite's; a county keeps its own in keys/
    return env


def back_up_and_restore(tmp_path: Path, old: dict, new: dict) -> None:
    run(JIANZHENG, "setup", "--demo", env=old)
    papers = tmp_path / "papers.json"
    run(sys.executable, HARNESS, "issue", papers, env=old)
    run(JIANZHENG, "audit", "checkpoint", env=old)
    before = json.loads(run(sys.executable, HARNESS, "look", papers, env=old).stdout)
    keys = tmp_path / "keys.json"
    run(JIANZHENG, "keys", "export", keys, env=old)
    backup = tmp_path / "county.jzbackup"
    made = run(JIANZHENG, "backup", backup, env=old).stdout
    assert "已备份到" in made

    # The file holds nothing readable: not the holder's ID number, not a private key.
    sealed = backup.read_bytes()
    assert b"640121199003071232" not in sealed and b"PRIVATE KEY" not in sealed

    wrong = run(
        JIANZHENG, "restore", backup, env={**new, "JIANZHENG_BACKUP_PASSPHRASE": "x" * 16}, ok=False
    )
    assert wrong.returncode != 0 and "无法解密" in wrong.stderr
    cut = tmp_path / "cut.jzbackup"
    cut.write_bytes(sealed[: len(sealed) - 100])
    assert "无法解密" in run(JIANZHENG, "restore", cut, env=new, ok=False).stderr

    restored = run(JIANZHENG, "restore", backup, env=new).stdout
    assert "已恢复" in restored
    again = run(JIANZHENG, "restore", backup, env=new, ok=False)
    assert "目标数据库不是空的" in again.stderr  # never over a county in use

    # The key-encryption key of personal data came along in keys/ (sealed in the backup), so
    # the ID numbers read back below; the database alone holds none of them in the clear.
    kek = Path(new["JIANZHENG_DATA_DIR"]) / "keys" / "pii-kek.json"
    assert kek.is_file() and kek.stat().st_mode & 0o777 == 0o600
    assert (
        kek.read_bytes() == (Path(old["JIANZHENG_DATA_DIR"]) / "keys" / "pii-kek.json").read_bytes()
    )
    run(JIANZHENG, "migrate", "--no-input", env=new)
    if new["DATABASE_URL"].startswith("postgres"):
        # The restored ledger is partitioned as the old was, its papers in this year's partition.
        listed = run(JIANZHENG, "partitions", "list", env=new).stdout.splitlines()
        year = next(line for line in listed if f"certificates_certificate_y{THIS_YEAR} " in line)
        assert not year.endswith(" 0 行"), listed
    audit = run(JIANZHENG, "audit", "verify", env=new).stdout
    assert "与 1 个已签名的检查点一致" in audit  # the checkpoint key came along
    after = json.loads(run(sys.executable, HARNESS, "look", papers, env=new).stdout)
    assert after == before
    assert sorted(v["status"] for v in after.values()) == ["revoked", "valid"]
    assert {v["holder_id_number"] for v in after.values()} == {"640121199003071232"}
    assert all(v["pdf_unchanged"] for v in after.values())
    for paper in json.loads(papers.read_text()):
        # Offline with the keys alone (no revocation list): the signatures still hold.
        offline = run(JIANZHENG, "verify", paper["pdf"], "--keys", keys, env=new).stdout
        assert offline.startswith("有效 VALID") and "PDF 签名与证明内容一致" in offline, offline
    # The restored county signs on: its key came along too.
    run(sys.executable, HARNESS, "issue", tmp_path / "more.json", env=new)


@pytest.mark.in_pass("sqlite")
def test_a_sqlite_county_backs_up_and_restores_into_a_fresh_folder(tmp_path):
    old = county(tmp_path, "old", f"sqlite:///{tmp_path / 'old.sqlite3'}")
    new = county(tmp_path, "new", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    back_up_and_restore(tmp_path, old, new)


@pytest.mark.in_pass("postgresql")
def test_a_postgresql_county_backs_up_and_restores_into_a_fresh_database(tmp_path):
    import psycopg
    from psycopg import sql

    server = postgres_server()
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("install postgresql-client (pg_dump, pg_restore) to test backups on PostgreSQL")
    names = [f"backup_{secrets.token_hex(4)}" for _ in range(2)]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        auth = server["user"] + (f":{server['password']}" if server["password"] else "")
        url = f"postgres://{auth}@{server['host']}:{server['port']}/"
        old = county(tmp_path, "old", url + names[0])
        new = county(tmp_path, "new", url + names[1])
        back_up_and_restore(tmp_path, old, new)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for name in names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@pytest.mark.parametrize("size", [0, 1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 7])
def test_the_sealed_stream_opens_to_exactly_what_went_in(size):
    import io

    from jianzheng.operations.backup import seal, unseal

    plain = os.urandom(size)
    sealed, opened = io.BytesIO(), io.BytesIO()
    seal(io.BytesIO(plain), sealed, PASSPHRASE)
    unseal(io.BytesIO(sealed.getvalue()), opened, PASSPHRASE)
    assert opened.getvalue() == plain


def test_a_chunk_dropped_from_the_middle_fails_to_open():
    import io

    from jianzheng.core.errors import RuleViolation
    from jianzheng.operations.backup import CHUNK, MAGIC, seal, unseal

    sealed = io.BytesIO()
    seal(io.BytesIO(os.urandom(3 * CHUNK)), sealed, PASSPHRASE)
    data, head, block = sealed.getvalue(), len(MAGIC) + 23, CHUNK + 16
    dropped = data[:head] + data[head + block :]  # the first chunk gone
    with pytest.raises(RuleViolation, match="无法解密"):
        unseal(io.BytesIO(dropped), io.BytesIO(), PASSPHRASE)


def test_a_file_cut_exactly_at_a_chunk_boundary_fails_to_open():
    """The cut stream ends on a whole chunk, but not on the one sealed as the last."""
    import io

    from jianzheng.core.errors import RuleViolation
    from jianzheng.operations.backup import CHUNK, MAGIC, seal, unseal

    sealed = io.BytesIO()
    seal(io.BytesIO(os.urandom(3 * CHUNK + 7)), sealed, PASSPHRASE)
    cut = sealed.getvalue()[: len(MAGIC) + 23 + 2 * (CHUNK + 16)]
    with pytest.raises(RuleViolation, match="无法解密"):
        unseal(io.BytesIO(cut), io.BytesIO(), PASSPHRASE)


def test_a_short_passphrase_makes_no_backup(tmp_path, db, settings):
    from jianzheng.core.errors import RuleViolation
    from jianzheng.operations.backup import make_backup

    settings.DATA_DIR = tmp_path
    with pytest.raises(RuleViolation, match="至少 12 个字符"):
        make_backup(tmp_path / "b.jzbackup", "short")
    assert not list(tmp_path.glob("b.jzbackup*"))
