"""Durable local journals: a row the answer must not wait for, kept on this server's disk and
inserted in batches by the task runner (issue 17, item 2; docs/scaling.md).

A verification is answered from the registry (a replica's, in a region) and a signature check;
the policy wants every check logged, but the log row need not hold the answer up or need the
primary. So the request appends one JSON line to a journal file and answers; the task runner
moves the lines into the database:

    # an area's AppConfig.ready()
    journal.register("verifications", store=insert_rows)   # store(list[dict]) in a transaction

    # the request
    journal.append("verifications", {...})                   # one write(2) + fdatasync(2)

Files: `DATA_DIR/journal/<name>/<host>-<pid>-<hour>.jsonl`, one per writing process and hour,
opened O_APPEND and mode 0600. A line is written with one write(2) before the answer goes out,
so a killed process loses nothing; fdatasync(2) makes it survive a power cut too, each line
(JIANZHENG_JOURNAL_FSYNC=always) or every 50 ms for all lines since (batch, the default: group
commit, as PostgreSQL's commit_delay; an fdatasync costs 2–7 ms on this machine's disk).

Nothing is lost or stored twice: `flush()` reads a file from the offset stored for it in
`JournalOffset`, up to its last complete line, and in one transaction stores those rows and moves
the offset past them. A crash before the commit stores nothing and moves nothing; the next flush
does it again. A line cut short by a power cut stays unread at the end of its file. A file no
process writes any more (its hour is over), read to the end, is deleted with its offset.

Each server flushes its own files: the periodic job is named after the host, so with a shared
cache (Redis) every server's task runner still runs its own. Run `jianzheng-tasks` on every app
server."""

import contextlib
import datetime as dt
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

log = logging.getLogger("jianzheng.journal")

HOST = socket.gethostname().replace("/", "_").replace("-", "_") or "host"
READ_BYTES = 4 * 1024 * 1024  # one flush of one file reads at most this much
FLUSH_EVERY = 2  # seconds, as a periodic job of the task runner


@dataclass(frozen=True)
class Journal:
    name: str
    store: Callable[[list[dict]], object]


_JOURNALS: dict[str, Journal] = {}


@dataclass(frozen=True)
class _Open:
    pid: int
    data_dir: str
    until: float  # time.time() when this file's hour is over
    path: str
    fd: int


_open: dict[str, _Open] = {}  # name -> this process's file for this hour
_open_lock = threading.Lock()


def register(name: str, *, store: Callable[[list[dict]], object]) -> None:
    _JOURNALS[name] = Journal(name, store)


def names() -> list[str]:
    return sorted(_JOURNALS)


def folder(name: str) -> Path:
    return Path(settings.DATA_DIR) / "journal" / name


def _fd(name: str) -> int:
    """This process's file for this hour (after a fork or on the hour, a new one). The common
    case is three comparisons: building the path for every line cost ≈ 20 µs a verification."""
    current = _open.get(name)
    now = time.time()
    if (
        current is not None
        and now < current.until
        and current.pid == os.getpid()
        and current.data_dir == str(settings.DATA_DIR)
    ):
        return current.fd
    with _open_lock:
        hour = time.strftime("%Y%m%d%H", time.gmtime(now))
        path = str(folder(name) / f"{HOST}-{os.getpid()}-{hour}.jsonl")
        current = _open.get(name)
        if current is not None and current.pid == os.getpid() and current.path == path:
            return current.fd
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        if current is not None and current.pid == os.getpid():
            os.fdatasync(current.fd)  # last hour's file: synced before it is let go
            _dirty.discard(current.fd)
            os.close(current.fd)
        until = (now // 3600 + 1) * 3600
        _open[name] = _Open(os.getpid(), str(settings.DATA_DIR), until, path, fd)
        return fd


_dirty: set[int] = set()
_syncer_pid = 0
SYNC_EVERY = 0.05  # seconds between a batch's fdatasync calls (JIANZHENG_JOURNAL_FSYNC=batch)


def _sync_loop() -> None:
    while True:
        time.sleep(SYNC_EVERY)
        with _open_lock:
            fds = list(_dirty)
            _dirty.clear()
        for fd in fds:
            with contextlib.suppress(OSError):  # closed on the hour after its own last sync
                os.fdatasync(fd)


def _mark_dirty(fd: int) -> None:
    global _syncer_pid
    with _open_lock:
        _dirty.add(fd)
        if _syncer_pid != os.getpid():  # first line of this process (or of a forked worker)
            _syncer_pid = os.getpid()
            threading.Thread(target=_sync_loop, name="journal-fsync", daemon=True).start()


def append(name: str, record: dict) -> None:
    """One line. Once this returns, a killed process loses nothing (the kernel holds the line);
    against a power cut: JIANZHENG_JOURNAL_FSYNC=always syncs it before returning, batch (the
    default) within 50 ms together with every other line of those 50 ms, off leaves it to the
    kernel (≈ 30 s)."""
    if name not in _JOURNALS:
        raise ValueError(f"no journal registered as {name!r}")
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
    data = line.encode()
    fd = _fd(name)
    written = os.write(fd, data)
    if written != len(data):  # a full disk: never leave half a line behind a whole one
        raise OSError(f"journal {name}: wrote {written} of {len(data)} bytes")
    if settings.JOURNAL_FSYNC == "always":
        os.fdatasync(fd)
    elif settings.JOURNAL_FSYNC == "batch":
        _mark_dirty(fd)


# ---------------------------------------------------------------- the task runner's side


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _writer_done(path: Path) -> bool:
    """No process appends to it any more: its hour is over (a writer opens a new file on the
    hour), with a minute's grace for a clock read just before the hour."""
    hour = path.stem.rsplit("-", 1)[-1]
    try:
        start = dt.datetime.strptime(hour, "%Y%m%d%H").replace(tzinfo=dt.UTC)
    except ValueError:
        return False
    return dt.datetime.now(dt.UTC) > start + dt.timedelta(hours=1, minutes=1)


def flush_file(journal: Journal, path: Path) -> tuple[int, bool]:
    """Store what `path` holds past its offset: (rows stored, more left to read now)."""
    from jianzheng.core.models import JournalOffset

    key = _key(path)
    with transaction.atomic():
        JournalOffset.objects.get_or_create(path=key)
        offset = JournalOffset.objects.select_for_update().get(path=key)
        with open(path, "rb") as fh:
            fh.seek(offset.offset)
            data = fh.read(READ_BYTES)
        end = data.rfind(b"\n") + 1
        rows = []
        for line in data[:end].splitlines():
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except ValueError:
                log.error("journal %s: an unreadable line past byte %s skipped", key, offset.offset)
        if rows:
            journal.store(rows)
        offset.offset += end
        if end:
            offset.save(update_fields=["offset"])
        size = path.stat().st_size
        finished = _writer_done(path) and offset.offset >= size
        if finished:
            offset.delete()
    if finished:
        path.unlink(missing_ok=True)
    elif end == 0 and offset.offset < size and _writer_done(path):
        log.warning("journal %s: an incomplete last line (a power cut?) left unread", key)
    return len(rows), end > 0 and len(data) == READ_BYTES


def flush(name: str | None = None) -> int:
    """Every journal (or one) into the database; returns the rows stored. Each batch of a file
    is one transaction."""
    stored = 0
    for journal in [_JOURNALS[name]] if name else list(_JOURNALS.values()):
        directory = folder(journal.name)
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.jsonl")):
            more = True
            while more:
                count, more = flush_file(journal, path)
                stored += count
    return stored


def backlog(name: str) -> int:
    """Bytes written and not yet stored, on this server."""
    from jianzheng.core.models import JournalOffset

    directory = folder(name)
    if not directory.is_dir():
        return 0
    stored = dict(JournalOffset.objects.values_list("path", "offset"))
    return sum(
        max(path.stat().st_size - stored.get(_key(path), 0), 0)
        for path in directory.glob("*.jsonl")
    )


def periodic_name() -> str:
    return f"core.journals@{HOST}"
