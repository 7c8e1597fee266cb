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
MIN_PASSPHRASE = 12
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


class SealingWriter(io.RawIOBase):
    """A file to write plaintext into; `target` receives the sealed stream. A chunk is sealed
    only once more data follows it (or at close, flagged last), so a cut file never ends on a
    chunk that says it is the last."""

    def __init__(self, target: IO[bytes], passphrase: str):
        salt, self._prefix = os.urandom(16), os.urandom(7)
        self._aead = AESGCM(_key(passphrase, salt))
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        target.write(MAGIC + salt + self._prefix)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        self._target.write(
            self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk, MAGIC)
        )
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


class UnsealingReader(io.RawIOBase):
    """The plaintext of a sealed stream, a chunk at a time; a wrong passphrase, a changed, moved
    or missing chunk, or a stream that stops before its last chunk raises BackupError."""

    def __init__(self, source: IO[bytes], passphrase: str):
        head = source.read(len(MAGIC) + 23)
        if not head.startswith(MAGIC) or len(head) < len(MAGIC) + 23:
            raise BackupError("not_a_backup", "这不是 jianzheng 备份文件")
        salt, self._prefix = head[len(MAGIC) : len(MAGIC) + 16], head[len(MAGIC) + 16 :]
        self._aead = AESGCM(_key(passphrase, salt))
        self._source = source
        self._counter = 0
        self._plain = b""
        self._pending = source.read(CHUNK + 16)
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        following = self._source.read(CHUNK + 16)
        last = not following
        try:
            self._plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, last), self._pending, MAGIC
            )
        except InvalidTag:
            raise BackupError(
                "cannot_decrypt", "无法解密：口令不对，或备份文件已损坏、不完整"
            ) from None
        self._counter += 1
        self._pending = following
        self._done = last

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._plain and not self._done:
            self._next_chunk()
        n = min(len(buffer), len(self._plain))
        buffer[:n] = self._plain[:n]
        self._plain = self._plain[n:]
        return n


def seal(source: IO[bytes], target: IO[bytes], passphrase: str) -> None:
    with SealingWriter(target, passphrase) as sink:
        shutil.copyfileobj(source, sink, CHUNK)


def unseal(source: IO[bytes], target: IO[bytes], passphrase: str) -> None:
    shutil.copyfileobj(UnsealingReader(source, passphrase), target, CHUNK)


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


def _scratch(prefix: str) -> tempfile.TemporaryDirectory:
    """Plain copies (the database, private keys) stay inside the data folder (0700), never in a
    shared /tmp."""
    data = Path(settings.DATA_DIR)
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=data)


def make_backup(target: Path, passphrase: str) -> Made:
    from jianzheng.core.models import AuditHead

    if target.exists():
        raise BackupError("file_exists", f"{target} 已存在：备份不会覆盖已有文件")
    check_passphrase(passphrase)
    with _scratch(".backup-") as scratch:
        folder = Path(scratch)
        # The data folder's files first, then the database: a checkpoint made in between then
        # signs a head the copied database holds (it is newer), never one it lacks.
        members = []
        for path, name in _data_members():
            copy = folder / name
            copy.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            members.append((copy, name))
        head = AuditHead.objects.filter(id=1).first()
        database = _dump_database(folder)
        members.insert(0, (database, database.name))
        manifest = {
            "format": 1,
            "made_at": timezone.now().isoformat(timespec="seconds"),
            "database": connection.vendor,
            "audit_head": {"last_id": head.last_id, "last_hash": head.last_hash} if head else None,
            "members": {name: _sha256(path) for path, name in members},
        }
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(fd, "wb") as sink,
                SealingWriter(sink, passphrase) as sealed,
                tarfile.open(fileobj=sealed, mode="w|") as tar,
            ):
                blob = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(blob)
                tar.addfile(info, io.BytesIO(blob))
                for path, name in members:
                    tar.add(path, arcname=name, recursive=False)
            partial.rename(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Made(target, len(members), head.last_id if head else 0)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise BackupError(
            "weak_passphrase", f"备份口令至少 {MIN_PASSPHRASE} 个字符", field="passphrase"
        )


# ---------------------------------------------------------------- restore


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _data_folder_is_empty() -> bool:
    data = Path(settings.DATA_DIR)
    return not any((data / name).exists() for name in DATA_MEMBERS if name != "secret_key")


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _unpack(source: Path, passphrase: str, out: Path) -> dict:
    """The manifest first, then only the regular files it lists, each checked: nothing else of
    the archive is ever written."""
    with source.open("rb") as sealed:
        plain = io.BufferedReader(UnsealingReader(sealed, passphrase), CHUNK)
        try:
            with tarfile.open(fileobj=plain, mode="r|") as tar:
                manifest, written = None, set()
                for member in tar:
                    if manifest is None:
                        if member.name != "manifest.json" or not member.isreg():
                            raise BackupError("bad_backup", "备份文件缺少清单（manifest.json）")
                        manifest = json.loads(tar.extractfile(member).read())  # type: ignore[union-attr]
                        continue
                    name = member.name
                    if not (member.isreg() and _safe_name(name) and name in manifest["members"]):
                        raise BackupError("bad_backup", f"备份中有清单以外的内容：{name}")
                    target = out / name
                    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                    with target.open("wb") as fh:
                        shutil.copyfileobj(tar.extractfile(member), fh, CHUNK)  # type: ignore[misc]
                    if _sha256(target) != manifest["members"][name]:
                        raise BackupError("corrupt_member", f"备份中的 {name} 与清单不符")
                    written.add(name)
        except tarfile.TarError:
            raise BackupError("bad_backup", "备份文件内容无法读取") from None
    if manifest is None:
        raise BackupError("bad_backup", "备份文件缺少清单（manifest.json）")
    if missing := set(manifest["members"]) - written:
        raise BackupError("bad_backup", f"备份文件不完整，缺少：{'、'.join(sorted(missing))}")
    return manifest


def restore_backup(source: Path, passphrase: str) -> dict:
    """Open, check every member against the manifest, then load the database and the data
    folder's files. Returns the manifest."""
    if not source.is_file():
        raise BackupError("file_not_found", f"找不到备份文件 {source}")
    if not _database_is_empty():
        raise BackupError("database_not_empty", "目标数据库不是空的：只能恢复到新建的空数据库")
    if not _data_folder_is_empty():
        raise BackupError(
            "data_not_empty", f"数据目录 {settings.DATA_DIR} 中已有密钥或文件：请用新的空目录"
        )
    with _scratch(".restore-") as scratch:
        out = Path(scratch)
        manifest = _unpack(source, passphrase, out)
        if manifest["database"] != connection.vendor:
            raise BackupError(
                "wrong_database",
                f"这是 {manifest['database']} 数据库的备份，当前数据库是 {connection.vendor}",
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
