"""A throwaway pgbouncer in transaction mode in front of a bench's PostgreSQL database (issue 17,
item 3: "works behind pgbouncer in transaction mode").

Debian's pgbouncer (`apt-get install pgbouncer`), on a free 127.0.0.1 port, with a server pool
smaller than the app's clients (`pool_size`, 2 by default against gunicorn's workers, the task
runner and the bench process), so consecutive transactions of one client really do land on
different server connections: whatever session state the app relied on (a server-side cursor
held across transactions, a session `SET`, an advisory lock) would show as an error.

    with Bouncer.start(database_url) as bouncer:
        bouncer.url        # the same database, through pgbouncer

pgbouncer refuses to run as root: as root it is started with `-u postgres`, as
tests/replica_cluster.py runs its clusters."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def missing_reason() -> str:
    if not Path(PGBOUNCER).is_file():
        return "pgbouncer not found: apt-get install pgbouncer (.ci/run does)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run pgbouncer as"
    return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Bouncer:
    url: str
    folder: Path
    process: subprocess.Popen

    @classmethod
    def start(cls, database_url: str, *, pool_size: int = 2) -> "Bouncer":
        reason = missing_reason()
        if reason:
            raise SystemExit(reason)
        parts = urlsplit(database_url)
        database = parts.path.lstrip("/")
        user = parts.username or "postgres"
        port = _free_port()
        folder = Path(tempfile.mkdtemp(prefix="jz-pgbouncer-"))
        (folder / "users.txt").write_text(f'"{user}" ""\n')
        (folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"{database} = host={parts.hostname or '127.0.0.1'} port={parts.port or 5432}"
            f" dbname={database}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\n"
            f"unix_socket_dir =\nauth_type = trust\nauth_file = {folder / 'users.txt'}\n"
            f"pool_mode = transaction\ndefault_pool_size = {pool_size}\n"
            "max_client_conn = 200\nserver_reset_query =\n"
            f"logfile = {folder / 'pgbouncer.log'}\n"
        )
        argv = [PGBOUNCER, str(folder / "pgbouncer.ini")]
        if os.geteuid() == 0:
            argv[1:1] = ["-u", "postgres"]
            for path in (folder, *folder.iterdir()):  # it writes its log there as postgres
                shutil.chown(path, "postgres")
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        bouncer = cls(
            urlunsplit(parts._replace(netloc=f"{user}@127.0.0.1:{port}")), folder, process
        )
        bouncer._wait_until_ready(port)
        return bouncer

    def _wait_until_ready(self, port: int) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"pgbouncer exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("pgbouncer did not listen within 15 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Bouncer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
