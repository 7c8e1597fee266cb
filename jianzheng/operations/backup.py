"""`jianzheng backup FILE` and `jianzheng restore FILE` (issue 16, item 7).

A backup is one encrypted file holding everything a county needs to carry on after losing its
machine: the database (SQLite's online backup API, so it is taken while the site runs; PostgreSQL
`pg_dump --format=custom`), and the data folder's secrets that are not in the database: signing
keys, the audit checkpoint key and journal, the session secret, the sharing adapter's secrets,
and residents' uploaded files. A manifest lists each member with its SHA-256 and the audit
chain's head at backup time.

Encryption: the tar stream is cut into 1 MiB chunks, each sealed with AES-256-GCM (the STREAM
construction: a random 7-byte nonce prefix, a 4-byte chunk counter and a last-chunk flag in each
nonce, so a chunk moved, dropped or a file cut short fails to open). The key is scrypt(passphrase,
random salt, N=2^17, r=8, p=1). The passphrase comes from JIANZHENG_BACKUP_PASSPHRASE, a file
(--passphrase-file) or the terminal; a lost passphrase is a lost backup.

Restore goes into an empty database and an empty data folder only: it never merges into or
overwrites a running county."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jianzheng.core.errors import RuleViolation

MAGIC = b"JZBACKUP1\n"
CHUNK = 1024 * 1024
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
# What of the data folder goes with the database (the database file itself is taken apart).
DATA_MEMBERS = ("keys", "audit", "secret_key", "sharing", "uploads")
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(RuleViolation):
    def __init__(self, code: str, message: str, *, field: str = "file"):
        super().__init__(code, message, field=field)


# ---------------------------------------------------------------- the sealed stream


def _key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise BackupError("passphrase_required", "请提供备份口令", field="passphrase")
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode())


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def seal(source: IO[bytes], target: IO[bytes], passphrase: str) -> None:
    salt, prefix = os.urandom(16), os.urandom(7)
    aead = AESGCM(_key(passphrase, salt))
    target.write(MAGIC + salt + prefix)
    counter, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        target.write(aead.encrypt(_nonce(prefix, counter, last), chunk, MAGIC))
        if last:
            return
        counter, chunk = counter + 1, following


def unseal(source: IO[bytes], target: IO[bytes], passphrase: str) -> None:
    head = source.read(len(MAGIC) + 16 + 7)
    if not head.startswith(MAGIC) or len(head) < len(MAGIC) + 23:
        raise BackupError("not_a_backup", "这不是 jianzheng 备份文件")
    salt, prefix = head[len(MAGIC) : len(MAGIC) + 16], head[len(MAGIC) + 16 :]
    aead = AESGCM(_key(passphrase, salt))
    counter, sealed = 0, source.read(CHUNK + 16)
    while True:
        following = source.read(CHUNK + 16)
        last = not following
        try:
            target.write(aead.decrypt(_nonce(prefix, counter, last), sealed, MAGIC))
        except InvalidTag:
            raise BackupError(
                "cannot_decrypt", "无法解密：口令不对，或备份文件已损坏、不完整"
            ) from None
        if last:
            return
        counter, sealed = counter + 1, following


# ---------------------------------------------------------------- backup


@dataclass(frozen=True)
class Made:
    path: Path
    members: int
    audit_entries: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(folder: Path) -> Path:
    if connection.vendor == "sqlite":
        target = folder / SQLITE_NAME
        connection.ensure_connection()
        raw = connection.connection
        with sqlite3.connect(target) as copy:
            raw.backup(copy)
        copy.close()
        return target
    if connection.vendor == "postgresql":
        target = folder / PG_NAME
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
        return target
    raise BackupError("unsupported_database", f"不支持备份 {connection.vendor} 数据库")


def _pg_env() -> tuple[dict, str]:
    config = settings.DATABASES["default"]
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if config.get(key):
            env[variable] = str(config[key])
    return env, config["NAME"]


def _run_pg(program: str, *args: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(
            "pg_tools_missing", f"找不到 {program}：请安装 PostgreSQL 客户端（postgresql-client）"
        )
    env, name = _pg_env()
    done = subprocess.run(
        [program, *args, f"--dbname={name}"], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BackupError("pg_failed", f"{program} 失败：{done.stderr.strip()[:500]}")


def _data_members() -> Iterator[tuple[Path, str]]:
    data = Path(settings.DATA_DIR)
    for name in DATA_MEMBERS:
        root = data / name
        if root.is_file():
            yield root, f"data/{name}"
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    yield path, f"data/{path.relative_to(data).as_posix()}"


def make_backup(target: Path, passphrase: str) -> Made:
    from jianzheng.core.models import AuditHead

    if target.exists():
        raise BackupError("file_exists", f"{target} 已存在：备份不会覆盖已有文件")
    head = AuditHead.objects.filter(id=1).first()
    with tempfile.TemporaryDirectory(prefix="jianzheng-backup-") as scratch:
        folder = Path(scratch)
        database = _dump_database(folder)
        members = [(database, database.name), *_data_members()]
        manifest = {
            "format": 1,
            "made_at": timezone.now().isoformat(timespec="seconds"),
            "database": connection.vendor,
            "audit_head": {"last_id": head.last_id, "last_hash": head.last_hash} if head else None,
            "members": {name: _sha256(path) for path, name in members},
        }
        plain = folder / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            blob = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            for path, name in members:
                tar.add(path, arcname=name, recursive=False)
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with plain.open("rb") as source, os.fdopen(fd, "wb") as sink:
                seal(source, sink, passphrase)
            partial.rename(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Made(target, len(members), head.last_id if head else 0)


# ---------------------------------------------------------------- restore


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _data_folder_is_empty() -> bool:
    data = Path(settings.DATA_DIR)
    return not any((data / name).exists() for name in DATA_MEMBERS if name != "secret_key")


def restore_backup(source: Path, passphrase: str) -> dict:
    """Open, check every member against the manifest, then load the database and the data
    folder's files. Returns the manifest."""
    if not source.is_file():
        raise BackupError("file_not_found", f"找不到备份文件 {source}")
    with tempfile.TemporaryDirectory(prefix="jianzheng-restore-") as scratch:
        folder = Path(scratch)
        plain = folder / "backup.tar"
        with source.open("rb") as sealed, plain.open("wb") as sink:
            unseal(sealed, sink, passphrase)
        out = folder / "out"
        with tarfile.open(plain) as tar:
            tar.extractall(out, filter="data")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        for name, digest in manifest["members"].items():
            if _sha256(out / name) != digest:
                raise BackupError("corrupt_member", f"备份中的 {name} 与清单不符")
        if manifest["database"] != connection.vendor:
            raise BackupError(
                "wrong_database",
                f"这是 {manifest['database']} 数据库的备份，当前数据库是 {connection.vendor}",
            )
        if not _database_is_empty():
            raise BackupError("database_not_empty", "目标数据库不是空的：只能恢复到新建的空数据库")
        if not _data_folder_is_empty():
            raise BackupError(
                "data_not_empty", f"数据目录 {settings.DATA_DIR} 中已有密钥或文件：请用新的空目录"
            )
        _load_database(out)
        _load_data(out / "data")
    return manifest


def _load_database(out: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(out / SQLITE_NAME) as copy:
            copy.backup(connection.connection)
        copy.close()
    else:
        _run_pg("pg_restore", "--no-owner", "--exit-on-error", str(out / PG_NAME))


def _load_data(folder: Path) -> None:
    if not folder.exists():
        return
    data = Path(settings.DATA_DIR)
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        target = data / path.relative_to(folder)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        target.chmod(0o600)
