"""Shared by the HTTP benches: a throwaway database and data folder, a throwaway gunicorn on
127.0.0.1, a closed-loop load generator, percentile maths, and the "target vs baseline in the
same run" protocol.

Why the protocol: the machine is shared (2 cores, noisy), so absolute numbers move ±25 % between
runs. Each bench measures the bare-Django baseline (bench/_app.py: constant JSON through the same
middleware and the same gunicorn) and the endpoint in alternating rounds and reports the ratio
of their medians, which cancels most of the noise that hits both alike.

Load generator: Python, so a fresh checkout needs nothing else. Several processes (one GIL
each) with a few threads each, every thread a closed loop over one http.client connection
(gunicorn's sync workers close after each response, so it reconnects each time, as wrk would).
Everything stops by itself: rounds have deadlines, and the server is stopped in a finally
block and at exit."""

import atexit
import http.client
import io
import json
import multiprocessing
import os
import pstats
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # load tests never leave this machine
BASELINE_PATH = "/bench/baseline"


# ---------------------------------------------------------------- throwaway database + Django


@dataclass
class Sandbox:
    data_dir: Path
    database_url: str
    drop_database: str | None = None  # a PostgreSQL database this run created
    admin_url: str | None = None
    bouncer: object | None = None  # bench._pgbouncer.Bouncer the app connects through

    def describe(self) -> str:
        if self.database_url.startswith("sqlite"):
            return f"SQLite in {self.data_dir}"
        through = (
            " through pgbouncer (transaction mode, 2 server connections)" if self.bouncer else ""
        )
        name = self.database_url.rsplit("/", 1)[-1]
        return f"PostgreSQL database {name}{through} (dropped at the end)"


def _throwaway_postgres(url: str) -> tuple[str, str]:
    """A new, empty database on the server DATABASE_URL points at; its URL and name.
    The database named in DATABASE_URL is only used to connect, never written."""
    import psycopg

    name = f"jz_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(_libpq_url(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name)), name


def _libpq_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def _drop_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_sandbox(*, demo: bool) -> Sandbox:
    """Point this process at a temp data folder and a throwaway database, set Django up, and run
    `jianzheng setup [--demo]` there. Must run before anything imports jianzheng models."""
    data_dir = Path(tempfile.mkdtemp(prefix="jz-bench-"))
    given = os.environ.get("DATABASE_URL", "")
    sandbox = Sandbox(data_dir, f"sqlite:///{data_dir / 'jianzheng.sqlite3'}")
    if given:
        if not given.startswith(("postgres://", "postgresql://")):
            raise SystemExit(
                "DATABASE_URL for a bench must be postgres://… (SQLite is the default)"
            )
        sandbox.database_url, sandbox.drop_database = _throwaway_postgres(given)
        sandbox.admin_url = given
        if os.environ.get("JIANZHENG_BENCH_PGBOUNCER") == "1":
            from bench._pgbouncer import Bouncer

            sandbox.bouncer = Bouncer.start(sandbox.database_url)
            sandbox.database_url = sandbox.bouncer.url
            os.environ["JIANZHENG_PGBOUNCER"] = "true"  # as docs/scaling.md tells a region
    os.environ["JIANZHENG_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = sandbox.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "jianzheng.settings"
    os.environ.setdefault("JIANZHENG_LOG_LEVEL", "WARNING")
    # A load test is one client hammering on purpose: the per-address budgets would cut it off.
    os.environ["JIANZHENG_THROTTLE"] = "false"
    atexit.register(close_sandbox, sandbox)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("setup", demo=demo, stdout=quiet, stderr=quiet)
        # As `jianzheng serve` does before it starts gunicorn.
        call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    return sandbox


def close_sandbox(sandbox: Sandbox) -> None:
    if sandbox.drop_database:
        from django.db import connections

        connections.close_all()
        if sandbox.bouncer is not None:
            sandbox.bouncer.stop()
        _drop_postgres(sandbox.admin_url, sandbox.drop_database)
        sandbox.drop_database = None
    if os.environ.get("JIANZHENG_BENCH_KEEP") != "1":
        import shutil

        shutil.rmtree(sandbox.data_dir, ignore_errors=True)


# ---------------------------------------------------------------- throwaway gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn exactly as `jianzheng serve` starts it (same argv builder), but serving
    bench._app (jianzheng.urls + /bench/baseline), with its access log thrown away."""

    def __init__(self, *, workers: int = 2):
        from jianzheng.operations.serving import gunicorn_argv

        self.port = free_port()
        argv = gunicorn_argv(host=HOST, port=self.port, workers=workers)
        argv[argv.index("jianzheng.wsgi:application")] = "bench._app:application"
        self.argv = argv
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        from django.db import connections

        connections.close_all()  # SQLite: let the workers see every committed row
        # A file, not a pipe: a pipe nobody reads would block gunicorn once it filled up.
        self.log = open(Path(os.environ["JIANZHENG_DATA_DIR"]) / "gunicorn.log", "w+b")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.argv, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=self.log
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit("gunicorn exited:\n" + self.log.read().decode())
            try:
                status, _ = request("GET", self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc) -> None:
        self.stop()

    def kill(self) -> int:
        """SIGKILL to the master and every worker (no shutdown, nothing flushed), as a power cut
        or the OOM killer would; the master first, so it cannot fork a worker in the gap. How
        many processes died."""
        assert self.process is not None
        pids = [self.process.pid, *_children(self.process.pid)]
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        self.process.wait()
        for pid in pids[1:]:  # orphaned workers are reaped by init: wait until they are gone
            deadline = time.monotonic() + 10
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        self.log.close()
        return len(pids)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.log.seek(0)
        errors = [line for line in self.log.read().decode().splitlines() if "Traceback" in line]
        if errors:
            print(
                f"gunicorn logged {len(errors)} tracebacks (JIANZHENG_BENCH_KEEP=1 keeps the log)"
            )
        self.process.send_signal(signal.SIGTERM)  # gunicorn master stops its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def request(
    method: str, port: int, path: str, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        headers = {
            **({"Content-Type": "application/json"} if body is not None else {}),
            **(headers or {}),
        }
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- load generation


@dataclass(frozen=True)
class Req:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()  # e.g. (("Authorization", "Bearer …"),)

    @staticmethod
    def post_json(path: str, payload: dict, headers: tuple[tuple[str, str], ...] = ()) -> "Req":
        return Req("POST", path, json.dumps(payload, ensure_ascii=False).encode(), headers)


@dataclass
class Sample:
    """One round of one endpoint: request count, wall time, latencies (seconds), errors."""

    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def _thread_loop(port, requests, offset, deadline, latencies, errors):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    i = offset
    while time.perf_counter() < deadline:
        req = requests[i % len(requests)]
        i += 1
        headers = {"Content-Type": "application/json"} if req.body is not None else {}
        headers.update(req.headers)
        start = time.perf_counter()
        try:
            conn.request(req.method, req.path, body=req.body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            continue
        elapsed = time.perf_counter() - start
        if status == 200:
            latencies.append(elapsed)
        else:
            errors[f"HTTP {status}"] = errors.get(f"HTTP {status}", 0) + 1
    conn.close()


def _process_main(port, requests, offset, threads, seconds, start_at, queue):
    # Every process starts at the same wall-clock instant, so the round is one window.
    time.sleep(max(0.0, start_at - time.time()))
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors: dict[str, int] = {}
    workers = [
        threading.Thread(
            target=_thread_loop,
            args=(port, requests, offset + t * 7919, deadline, latencies, errors),
        )
        for t in range(threads)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put((latencies, errors))


def load(
    name: str,
    port: int,
    requests: list[Req],
    *,
    seconds: float,
    processes: int = 2,
    threads: int = 2,
) -> Sample:
    """Closed loop: processes × threads connections, each sending the next request of the mix
    as soon as the previous answer arrived, for `seconds`. Only 200s count as served."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start_at = time.time() + 0.3
    children = [
        ctx.Process(
            target=_process_main,
            args=(port, requests, p * 104729, threads, seconds, start_at, queue),
            daemon=True,
        )
        for p in range(processes)
    ]
    for child in children:
        child.start()
    sample = Sample(name, seconds)
    for _ in children:
        latencies, errors = queue.get(timeout=seconds + 60)
        sample.latencies.extend(latencies)
        for key, count in errors.items():
            sample.errors[key] = sample.errors.get(key, 0) + count
    for child in children:
        child.join(timeout=10)
    return sample


# ---------------------------------------------------------------- percentiles and the protocol


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) — an observed latency, never an interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return ordered[int(rank) - 1]


@dataclass
class Summary:
    name: str
    rate: float  # median of the rounds' req/s
    rates: list[float]
    p50: float  # ms, over every request of every round
    p95: float
    p99: float
    requests: int
    errors: dict[str, int]

    def line(self) -> str:
        rounds = " ".join(f"{r:.0f}" for r in self.rates)
        errors = f"  ERRORS {self.errors}" if self.errors else ""
        return (
            f"{self.name:<28} {self.rate:8.0f} req/s  p50 {self.p50:6.1f}  p95 {self.p95:6.1f}"
            f"  p99 {self.p99:6.1f} ms  ({self.requests} requests; rounds {rounds}){errors}"
        )


def summarise(samples: list[Sample]) -> Summary:
    latencies = [x for s in samples for x in s.latencies]
    errors: dict[str, int] = {}
    for s in samples:
        for key, count in s.errors.items():
            errors[key] = errors.get(key, 0) + count
    return Summary(
        name=samples[0].name,
        rate=statistics.median(s.rate for s in samples),
        rates=[s.rate for s in samples],
        p50=1000 * percentile(latencies, 50),
        p95=1000 * percentile(latencies, 95),
        p99=1000 * percentile(latencies, 99),
        requests=len(latencies),
        errors=errors,
    )


def compare(
    port: int,
    mixes: dict[str, list[Req]],
    *,
    rounds: int,
    seconds: float,
    processes: int,
    threads: int,
    warm_ups: dict[str, Summary] | None = None,
) -> dict[str, Summary]:
    """Warm every mix up, then measure them in alternating rounds (A B A B …) so a noisy
    neighbour hurts both sides alike. `warm_ups`, if given, receives the warm-up rounds (for a
    bench that counts every request its server answered)."""
    for name, requests in mixes.items():
        warm = load(name, port, requests, seconds=1.0, processes=processes, threads=threads)
        if warm_ups is not None:
            warm_ups[name] = summarise([warm])
    samples: dict[str, list[Sample]] = {name: [] for name in mixes}
    for _ in range(rounds):
        for name, requests in mixes.items():
            samples[name].append(
                load(name, port, requests, seconds=seconds, processes=processes, threads=threads)
            )
    return {name: summarise(s) for name, s in samples.items()}


def add_load_arguments(parser) -> None:
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--seconds", type=float, default=4.0, help="per round (default 4)")
    parser.add_argument("--processes", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="connections per process (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")


def header(title: str, sandbox: Sandbox, args) -> None:
    load1, _, _ = os.getloadavg()
    print(f"{title} — {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(
        f"server: gunicorn {args.workers} sync workers on {HOST}; {sandbox.describe()}; "
        f"client: {args.processes} processes × {args.threads} connections, "
        f"{args.rounds} rounds × {args.seconds:g} s each; load average before start {load1:.2f} "
        f"on {os.cpu_count()} cores"
    )


def print_profile(profiler, *, requests: int) -> None:
    """The project's own frames by cumulative time, then everything by own time."""
    stats = pstats.Stats(profiler)
    print(
        f"\ncProfile: {requests} requests through Django's test client, "
        f"{1000 * stats.total_tt / requests:.1f} ms each (profiler overhead included)"
    )
    for title, order, restriction in [
        (
            "jianzheng code and the ninja handler, by cumulative time",
            "cumulative",
            "jianzheng|ninja/operation",
        ),
        ("everything, by own time", "tottime", ""),
    ]:
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats(order).print_stats(*([restriction, 14] if restriction else [14]))
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), len(lines))
        print(f"-- {title}")
        print("\n".join(line for line in lines[start:] if line.strip()))
