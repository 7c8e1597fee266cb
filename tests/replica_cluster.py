"""A real PostgreSQL 15 primary and hot standby on 127.0.0.1 for the read-routing tests.

Two clusters in a temp folder, made with the server's own tools: `initdb` for the primary
(wal_level replica, trust on 127.0.0.1 only), `pg_basebackup -R -X stream` for the standby
(streaming replication, standby.signal and primary_conninfo written by -R). Ports of their own
(55432 and 55433, or the next free ones). PostgreSQL refuses to run as root: as root the tools
run as the `postgres` user through `runuser` (the folder is handed to it); as anyone else they
run as that user.

    pair = ClusterPair.create()      # ≈ 3 s
    pair.primary_url("jz"), pair.standby_url("jz")
    pair.pause_replay() / pair.resume_replay() / pair.stop_standby() / pair.start_standby()
    pair.destroy()

`cluster_pair` (the fixture, one per session) skips with a reason when the binaries or the
postgres user are missing. `python -m tests.replica_cluster` makes a pair and waits (by hand)."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("JIANZHENG_PG_BIN", "/usr/lib/postgresql/15/bin"))
TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "postgres", "psql")


def missing_reason() -> str:
    """Why a pair cannot be made here, or "" when it can."""
    absent = [tool for tool in TOOLS if not (PG_BIN / tool).is_file()]
    if absent:
        return f"PostgreSQL 15 server binaries not found in {PG_BIN} ({', '.join(absent)}): apt-get install postgresql-15"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing (postgres refuses to run as root)"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the clusters as"
    return ""


def _free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {start}")


@dataclass
class ClusterPair:
    root: str
    primary_port: int
    standby_port: int

    # ------------------------------------------------------------ running the tools

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, check=check, capture_output=True, text=True, timeout=60, cwd=self.root
        )

    @property
    def primary_dir(self) -> str:
        return os.path.join(self.root, "primary")

    @property
    def standby_dir(self) -> str:
        return os.path.join(self.root, "standby")

    def primary_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.primary_port}/{name}"

    def standby_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.standby_port}/{name}"

    def sql(self, port: int, statement: str, database: str = "postgres") -> str:
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database,
            "-AtXq", "-v", "ON_ERROR_STOP=1", "-c", statement,
        )  # fmt: skip
        return result.stdout.strip()

    # ------------------------------------------------------------ life cycle

    @classmethod
    def create(cls) -> "ClusterPair":
        reason = missing_reason()
        if reason:
            raise RuntimeError(reason)
        root = tempfile.mkdtemp(prefix="jz-replica-")
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        primary_port = _free_port(55432)
        pair = cls(root, primary_port, _free_port(max(55433, primary_port + 1)))
        try:
            pair._make()
        except BaseException:
            pair.destroy()
            raise
        return pair

    def _make(self) -> None:
        self._run(
            "initdb", "-D", self.primary_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.root}'",
            "wal_level": "replica",
            "max_wal_senders": "4",
            "hot_standby": "on",
            "fsync": "off",  # a test cluster: speed over durability
            "max_connections": "50",
            "shared_buffers": "32MB",
        }
        with open(os.path.join(self.primary_dir, "postgresql.conf"), "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        # `--auth=trust` covers replication connections from 127.0.0.1 in PostgreSQL 15's
        # pg_hba.conf (host replication all 127.0.0.1/32 trust).
        self._start(self.primary_dir, self.primary_port, "primary.log")
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
            "-D", self.standby_dir, "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        self.start_standby()

    def _start(self, data_dir: str, port: int, logfile: str) -> None:
        self._run(
            "pg_ctl", "-D", data_dir, "-l", os.path.join(self.root, logfile), "-w", "-t", "30",
            "-o", f"-p {port}", "start",
        )  # fmt: skip

    def start_standby(self) -> None:
        self._start(self.standby_dir, self.standby_port, "standby.log")
        self.wait_streaming()

    def stop_standby(self) -> None:
        self._run("pg_ctl", "-D", self.standby_dir, "-m", "immediate", "-w", "stop")

    def wait_streaming(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self._run(
                "psql", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                "-AtXqc", "select count(*) from pg_stat_replication where state = 'streaming'",
                check=False,
            )  # fmt: skip
            if state.stdout.strip() not in {"", "0"}:
                return
            time.sleep(0.1)
        raise RuntimeError("the standby did not start streaming")

    def wait_replayed(self, timeout: float = 30) -> None:
        """Until the standby has replayed everything the primary wrote so far."""
        target = self.sql(self.primary_port, "select pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.sql(
                self.standby_port, f"select pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
            )
            if done == "t":
                return
            time.sleep(0.05)
        raise RuntimeError("the standby did not catch up")

    def pause_replay(self) -> None:
        self.sql(self.standby_port, "select pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.sql(self.standby_port, "select pg_wal_replay_resume()")

    def destroy(self) -> None:
        for data_dir in (self.standby_dir, self.primary_dir):
            if os.path.isdir(data_dir):
                self._run("pg_ctl", "-D", data_dir, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def describe(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_description(cls, text: str) -> "ClusterPair":
        return cls(**json.loads(text))


@pytest.fixture(scope="session")
def cluster_pair():
    reason = missing_reason()
    if reason:
        pytest.skip(f"no primary + standby pair: {reason}")
    pair = ClusterPair.create()
    try:
        yield pair
    finally:
        pair.destroy()


if __name__ == "__main__":
    made = ClusterPair.create()
    print(made.describe(), flush=True)
    try:
        input("primary and standby running; Enter stops them ")
    finally:
        made.destroy()
