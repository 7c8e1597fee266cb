"""The county overview and the census at N ledger rows (default 1,000,000) against a bare
`SELECT count(*)` over the same table, in the same run.

    .venv/bin/python bench/dashboard.py [--rows 1000000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard.py

A throwaway database (bench/_harness.py: SQLite in a temp folder, or a new PostgreSQL database
dropped at the end), `jianzheng setup --demo`, then N certificates (and their signed-document
rows) bulk-inserted across the demo county's communities, its retained items and 24 months (the
certificates' encrypted columns sealed per row, as bench/_ledger_rows.py does), one refusal per
20 certificates; the rollup is rebuilt from them (certificates.rollup.rebuild, what
the issuing transactions would have kept). Measured, median of --repeat runs:

- baseline: `SELECT count(*) FROM certificates_certificate`;
- county overview: the four ledger panels of the dashboard for 永宁县 (by month, item,
  community; refusals by item), read from the rollup;
- census: 《出具证明情况清单》 for 永宁县, all time (rollup);
- census over a period that is not whole months (counted from the ledger itself), for contrast.

Target: county overview < 1 s. Prints one line per measurement and the ratios."""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import open_sandbox  # noqa: E402
from _ledger_rows import _insert  # noqa: E402

BATCH = 2000  # certificates sealed and inserted per transaction (see _certificates)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def fill(rows: int) -> None:
    """Signed documents and refusals by INSERT … SELECT over a generated series; certificates in
    batches through _ledger_rows._insert, which seals their two encrypted columns per row. On
    SQLite here 50,000 rows took 8 s (1 s when the columns were written in the clear, wrongly),
    so a million take a few minutes; model objects would take far longer."""
    from django.db import connection, transaction

    from jianzheng.accounts.models import User
    from jianzheng.catalogue.selectors import items_in_force
    from jianzheng.regions.models import Region, Unit

    county = Region.objects.get(code="640121")
    communities = list(
        Unit.objects.filter(kind="community", region__path__startswith=county.path).order_by("code")
    )
    items = [i for i in items_in_force(county=county) if i.is_retained][:8]
    clerk = User.objects.filter(membership__unit__in=communities).first() or User.objects.first()
    pg = connection.vendor == "postgresql"
    series = (
        f"generate_series(0, {rows - 1}) AS n(i)"
        if pg
        else f"(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {rows - 1})"
        " SELECT i FROM s) AS n"
    )
    day = (
        "(DATE '2025-01-01' + (n.i %% 730))"
        if pg
        else "date('2025-01-01', '+' || (n.i %% 730) || ' days')"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_c (k INTEGER, community_id BIGINT)")
        cursor.execute(
            "CREATE TABLE bench_i (k INTEGER, item_id BIGINT, code VARCHAR(32), name VARCHAR(100))"
        )
        cursor.executemany(
            "INSERT INTO bench_c VALUES (%s, %s)", [(k, u.pk) for k, u in enumerate(communities)]
        )
        cursor.executemany(
            "INSERT INTO bench_i VALUES (%s, %s, %s, %s)",
            [(k, i.pk, i.code, i.name) for k, i in enumerate(items)],
        )
        cursor.execute(
            "INSERT INTO documents_signeddocument (serial, kind, token, kid, issuer_id, subject_code,"
            " issued_on, holder_name_masked, holder_id_masked, check_code_hash, signed_by_id,"
            " revoke_category, revoke_reason, created_at)"
            f" SELECT 'B-' || n.i, 'certificate', 't', 'k', c.community_id, it.code, {day}, '张*',"
            " '6401**********1234', '', %s, '', '', CURRENT_TIMESTAMP"
            f" FROM {series} JOIN bench_c c ON c.k = n.i %% {len(communities)}"
            f" JOIN bench_i it ON it.k = n.i %% {len(items)}",
            [clerk.pk],
        )
    _certificates(clerk)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO certificates_demand (community_id, item_name, requester, requested_on,"
            " outcome, reason, note, clerk_id, created_at)"
            " SELECT d.issuer_id, '无犯罪记录证明', '基准银行', d.issued_on, 'refused', 'not_listed',"
            " '', %s, CURRENT_TIMESTAMP FROM documents_signeddocument d"
            " WHERE d.serial LIKE 'B-%%' AND d.id %% 20 = 0",
            [clerk.pk],
        )
        cursor.execute("DROP TABLE bench_c")
        cursor.execute("DROP TABLE bench_i")
    if pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _certificates(clerk) -> None:
    """One certificate per signed-document row, in batches through _ledger_rows._insert: the
    holder's ID number and the facts are encrypted columns (core.pii), sealed per row and bound
    to its serial as the model seals them, so no plaintext lands where ciphertext belongs.

    A transaction per batch: on PostgreSQL each row takes an advisory lock (document_id stays
    unique across the year partitions, core.partitions), and the server's lock table, shared
    by every connection, holds a few thousand (max_locks_per_transaction 64 by default)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jianzheng.certificates.models import Certificate

    constant = {
        "catalogue_version": 1,
        "template": {},
        "facts": {},
        "checks": [],
        "purpose": "基准",
        "requester": "基准单位",
        "holder_name": "张三",
        "holder_id_number": "640121199003071232",
        "issued_by_id": clerk.pk,
        "is_handover": False,
        "handover_reason": "",
    }
    now = timezone.now()
    last = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id, d.serial, d.issuer_id, d.issued_on, it.item_id, it.name"
                " FROM documents_signeddocument d JOIN bench_i it ON it.code = d.subject_code"
                " WHERE d.serial LIKE 'B-%%' AND d.id > %s ORDER BY d.id LIMIT %s",
                [last, BATCH],
            )
            batch = cursor.fetchall()
            if not batch:
                return
            _insert(
                Certificate,
                [
                    {
                        "serial": serial,
                        "community_id": community,
                        "year": int(str(issued_on)[:4]),
                        "sequence": document,
                        "item_id": item,
                        "item_name": name,
                        "issued_at": now,
                        "issued_on": issued_on,
                        "valid_until": issued_on,
                        "document_id": document,
                    }
                    for document, serial, community, issued_on, item, name in batch
                ],
                constant,
            )
        last = batch[-1][0]


def sealed_at_rest() -> None:
    """A synthetic certificate reads back through its model, and its row holds no ID number."""
    from django.db import connection

    from jianzheng.certificates.models import Certificate

    sample = Certificate.objects.filter(serial="B-0").get()
    assert (sample.holder_id_number, sample.facts) == ("640121199003071232", {})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holder_id_number, facts FROM certificates_certificate WHERE serial = 'B-0'"
        )
        assert not any("640121199003071232" in str(v) for v in cursor.fetchone())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sandbox = open_sandbox(demo=True)
    print(f"{sandbox.describe()}: inserting {args.rows:,} certificates", flush=True)
    began = time.perf_counter()
    fill(args.rows)
    print(f"inserted in {time.perf_counter() - began:.0f} s", flush=True)
    sealed_at_rest()

    from django.db import connection

    from jianzheng.certificates import rollup
    from jianzheng.regions.models import Region
    from jianzheng.reporting import census, panels
    from jianzheng.reporting.scope import Period

    began = time.perf_counter()
    kept = rollup.rebuild()
    print(f"rollup rebuilt ({kept:,} rows) in {time.perf_counter() - began:.1f} s", flush=True)
    county = Region.objects.get(code="640121")
    overview_keys = [
        "certificates_month",
        "certificates_item",
        "certificates_community",
        "refusals_item",
    ]

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM certificates_certificate")
            return cursor.fetchone()[0]

    def overview():
        return panels.build_panels(None, county, Period(None, None), keys=overview_keys)

    def census_all():
        return census.issued_census(county, Period(None, None))

    def census_days():
        return census.issued_census(county, Period(dt.date(2025, 3, 15), dt.date(2025, 9, 14)))

    total = baseline()
    shown = overview()
    assert sum(p.total for p in shown if p.spec.key == "certificates_month") == total
    assert sum(r[4] for r in census_all().rows) == total
    results = {
        "SELECT count(*)": timed(baseline, args.repeat),
        "county overview (4 panels)": timed(overview, args.repeat),
        "census 出具证明情况清单 (all time)": timed(census_all, args.repeat),
        "census over days (ledger)": timed(census_days, max(1, args.repeat // 2)),
    }
    base = results["SELECT count(*)"]
    for name, seconds in results.items():
        print(f"{name:36s} {seconds * 1000:9.1f} ms   {seconds / base:6.2f} × count(*)")
    met = results["county overview (4 panels)"] < 1.0
    print("target county overview < 1 s:", "met" if met else "MISSED")
    raise SystemExit(0 if met else 3)


if __name__ == "__main__":
    main()
