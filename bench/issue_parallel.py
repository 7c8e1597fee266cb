"""Parallel issuance: N client processes issue certificates for the same community at once.

    .venv/bin/python bench/issue_parallel.py [--count 10000] [--processes 4] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_db .venv/bin/python bench/issue_parallel.py

Sets up its own throwaway database — a temp SQLite file by default, or DATABASE_URL when given
(use an empty database made for the purpose: it is migrated and filled) — runs the migrations,
loads the reference regions and catalogue, creates a signing key and a clerk, then each process
calls certificates.services.issue_certificate directly (no HTTP: this measures the issuing
transaction — serial counter lock, signature, PDF, audit chain — not the web server). One
community for everyone is the worst case: every issue contends for the same counter row.

Checks afterwards that the run's serials have 0 duplicates and 0 gaps, and prints the rate."""

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMUNITY = "640121100001"  # 杨和第一社区 in the demo county
CLERK = "bench_clerk"
FACTS = {
    "holder_name": "马小花",
    "holder_id_number": "640121199003071232",
    "gender": "男",
    "address": "永宁县杨和镇示例路8号",
    "since": "2019-05-01",
    "tenure": "租住",
}


def set_up_django(env: dict) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(env)
    import django

    django.setup()


def prepare() -> int:
    """Schema, reference data, key and clerk; returns the community's last serial this year."""
    from django.core.management import call_command
    from django.utils import timezone

    from jianzheng.accounts.models import User
    from jianzheng.accounts.roles import Role
    from jianzheng.accounts.services import create_user
    from jianzheng.catalogue.loading import load_reference_catalogue
    from jianzheng.certificates.models import SerialCounter
    from jianzheng.documents.services import ensure_signing_keys
    from jianzheng.regions.models import Unit
    from jianzheng.regions.reference import load_reference_regions

    call_command("migrate", interactive=False, verbosity=0)
    load_reference_regions(actor=None, demo=True)
    load_reference_catalogue(actor=None)
    ensure_signing_keys(actor=None)
    community = Unit.objects.get(code=COMMUNITY)
    if not User.objects.filter(username=CLERK).exists():
        create_user(
            actor=None,
            username=CLERK,
            password="bench-password-9",
            unit=community,
            role=Role.COMMUNITY_CLERK,
            full_name="压测经办人",
            validate=False,
        )
    counter = SerialCounter.objects.filter(
        community=community, year=timezone.localdate().year
    ).first()
    return counter.last if counter else 0


def client(env: dict, count: int, start, results) -> None:
    """One client process: issue `count` certificates once every process is ready."""
    try:
        set_up_django(env)
        from django.db import connection

        from jianzheng.accounts.models import User
        from jianzheng.certificates.services import issue_certificate
        from jianzheng.regions.models import Unit

        clerk = User.objects.select_related("membership__unit").get(username=CLERK)
        community = Unit.objects.get(code=COMMUNITY)
        start.wait(timeout=300)
        began = time.perf_counter()
        serials = [
            issue_certificate(
                actor=clerk,
                community=community,
                item="YN-B03",
                facts=dict(FACTS),
                checks=[{"method": "records", "note": "压测"}],
                purpose="压力测试",
                requester="永宁县公安局杨和派出所",
            ).serial
            for _ in range(count)
        ]
        connection.close()
        results.put(("ok", serials, time.perf_counter() - began))
    except BaseException as exc:
        start.abort()
        results.put(("error", f"{type(exc).__name__}: {exc}", 0.0))


def check(before: int, count: int, returned: list[str]) -> tuple[int, int]:
    """(duplicates, missing) among this run's serials, from the database and the clients."""
    from django.utils import timezone

    from jianzheng.certificates.models import Certificate

    year = timezone.localdate().year
    stored = list(
        Certificate.objects.filter(
            community__code=COMMUNITY, year=year, sequence__gt=before
        ).values_list("sequence", "serial")
    )
    sequences = [sequence for sequence, _ in stored]
    expected = set(range(before + 1, before + count + 1))
    duplicates = (len(sequences) - len(set(sequences))) + (len(returned) - len(set(returned)))
    missing = len(expected - set(sequences))
    if sorted(serial for _, serial in stored) != sorted(returned):
        missing += 1  # a client was told of a certificate the database does not hold, or v.v.
    return duplicates, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="certificates in all")
    parser.add_argument("--processes", type=int, default=4, help="parallel client processes")
    parser.add_argument("--keep", action="store_true", help="keep the temp data folder")
    args = parser.parse_args()
    if args.count < 1 or args.processes < 1:
        parser.error("--count and --processes must be positive")

    data_dir = Path(tempfile.mkdtemp(prefix="jz-bench-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "jianzheng.settings",
        "JIANZHENG_DATA_DIR": str(data_dir),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'bench.sqlite3'}",
        "JIANZHENG_LOG_LEVEL": "WARNING",
    }
    try:
        set_up_django(env)
        from django.db import connection

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        setup_began = time.perf_counter()
        before = prepare()
        connection.close()
        print(f"set-up: {time.perf_counter() - setup_began:.1f} s (migrate, reference data, key)")

        context = multiprocessing.get_context("spawn")
        start = context.Barrier(args.processes + 1)
        results = context.Queue()
        shares = [
            args.count // args.processes + (1 if i < args.count % args.processes else 0)
            for i in range(args.processes)
        ]
        clients = [
            context.Process(target=client, args=(env, share, start, results)) for share in shares
        ]
        for process in clients:
            process.start()
        start.wait(timeout=300)
        began = time.perf_counter()
        outcomes = [results.get() for _ in clients]
        elapsed = time.perf_counter() - began
        for process in clients:
            process.join()
        errors = [detail for kind, detail, _ in outcomes if kind != "ok"]
        if errors:
            print("FAILED:", *errors, sep="\n  ")
            return 1

        returned = [serial for _, serials, _ in outcomes for serial in serials]
        duplicates, missing = check(before, args.count, returned)
        print(
            f"issued {len(returned)} certificates with {args.processes} processes "
            f"in {elapsed:.1f} s: {len(returned) / elapsed:.1f} certificates/s"
        )
        print("per process: " + ", ".join(f"{len(s)} in {t:.1f} s" for _, s, t in outcomes))
        print(f"duplicate serials: {duplicates}, missing serials: {missing}")
        return 0 if duplicates == missing == 0 else 1
    finally:
        if args.keep:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
