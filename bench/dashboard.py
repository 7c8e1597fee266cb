"""The county overview and the census at N ledger rows (default 1,000,000) against a bare
`SELECT count(*)` over the same table, in the same run.

    .venv/bin/python bench/dashboard.py [--rows 1000000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard.py

A throwaway database (bench/_harness.py: SQLite in a temp folder, or a new PostgreSQL database
dropped at the end), `jianzheng setup --demo`, then N certificates from bench/_ledger_rows.py
(the ledger the other scale benches read: every demo community of both counties, 36 months,
refusals and verifications in proportion); the rollup is rebuilt from them
(certificates.rollup.rebuild, what the issuing transactions would have kept).
`bench/ledger_scale.py` runs the same measurement on its own ledger (`measure`). Measured,
median of --repeat runs:

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._harness import open_sandbox  # noqa: E402
from bench._ledger_rows import fill_ledger  # noqa: E402


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def measure(*, repeat: int) -> bool:
    """The rollup rebuilt from the ledger (what the issuing transactions would have kept), then
    the overview and the census timed; prints one line each. True when the target is met."""
    from django.db import connection

    from jianzheng.certificates import rollup
    from jianzheng.certificates.models import Certificate
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

    in_county = Certificate.objects.filter(community__region__path__startswith=county.path).count()
    print(f"{baseline():,} certificates, {in_county:,} of them in {county.name}")
    shown = overview()
    assert sum(p.total for p in shown if p.spec.key == "certificates_month") == in_county
    assert sum(r[4] for r in census_all().rows) == in_county
    results = {
        "SELECT count(*)": timed(baseline, repeat),
        "county overview (4 panels)": timed(overview, repeat),
        "census 出具证明情况清单 (all time)": timed(census_all, repeat),
        "census over days (ledger)": timed(census_days, max(1, repeat // 2)),
    }
    base = results["SELECT count(*)"]
    for name, seconds in results.items():
        print(f"{name:36s} {seconds * 1000:9.1f} ms   {seconds / base:6.2f} × count(*)")
    met = results["county overview (4 panels)"] < 1.0
    print("target county overview < 1 s:", "met" if met else "MISSED")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sandbox = open_sandbox(demo=True)
    print(f"{sandbox.describe()}: filling {args.rows:,} certificates", flush=True)
    filled = fill_ledger(args.rows)
    print(
        f"filled: {filled.certificates:,} certificates, {filled.refusals:,} refusals, "
        f"{filled.verifications:,} verifications in {filled.seconds:.0f} s",
        flush=True,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    raise SystemExit(0 if measure(repeat=args.repeat) else 3)


if __name__ == "__main__":
    main()
