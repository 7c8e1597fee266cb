"""The ledger's xlsx export at scale (issue 17, item 1): 1,000,000 certificates in constant memory
at no less than 0.8 × a bare openpyxl write-only loop over the same rows, in the same run.

    .venv/bin/python bench/ledger_export.py [--rows 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/ledger_export.py

Throwaway database (bench/_harness.py) filled by bench/_ledger_rows.py. Then two child processes
on that database, each timed and its peak RSS read from getrusage:

  export  certificates.exports.write_ledger_xlsx(None, LedgerFilter(), file): what
          `jianzheng ledger export` and the staff download run (both sheets, masking, the
          formula-neutralising cell writer)
  bare    openpyxl Workbook(write_only=True) appending the same certificate and refusal rows,
          fetched by one raw cursor (fetchmany), no masking, no ORM

Targets: export ≥ 0.8 × bare in rows per second; export peak RSS ≤ 200 MB. Exit 3 on a miss."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATIO_TARGET = 0.8
RSS_TARGET_MB = 200

BARE_SQL = {
    "certificates": """
        SELECT c.serial, c.item_name, u.name, c.holder_name, c.purpose, c.requester,
               c.issued_on, c.valid_until, a.username, d.revoked_at, c.is_handover,
               d.revoke_reason
          FROM certificates_certificate c
          JOIN regions_unit u ON u.id = c.community_id
          JOIN accounts_user a ON a.id = c.issued_by_id
          JOIN documents_signeddocument d ON d.id = c.document_id
         ORDER BY c.issued_at, c.id""",
    "refusals": """
        SELECT r.requested_on, u.name, r.item_name, r.requester, r.outcome, r.reason, r.note,
               a.username
          FROM certificates_demand r
          JOIN regions_unit u ON u.id = r.community_id
          JOIN accounts_user a ON a.id = r.clerk_id
         ORDER BY r.created_at, r.id""",
}


def child(kind: str) -> None:
    """Runs in a fresh process on the parent's database; prints one JSON line."""
    import django

    django.setup()
    from django.db import connection
    from openpyxl import Workbook

    from jianzheng.certificates.exports import write_ledger_xlsx
    from jianzheng.certificates.selectors import LedgerFilter

    connection.ensure_connection()
    at_start_mb = _rss_mb()
    # getrusage's peak includes start-up (imports peak at ≈ 280 MB and settle at ≈ 150): the
    # export's own peak is sampled from /proc while it runs.
    peak = [at_start_mb]
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            peak[0] = max(peak[0], _rss_mb())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        if kind == "export":
            certificates, refusals = write_ledger_xlsx(None, LedgerFilter(), out)
            rows = certificates + refusals
        else:
            workbook = Workbook(write_only=True)
            rows = 0
            with connection.cursor() as cursor:
                for title, sql in BARE_SQL.items():
                    sheet = workbook.create_sheet(title)
                    cursor.execute(sql)
                    while batch := cursor.fetchmany(2000):
                        for row in batch:
                            sheet.append(list(row))
                        rows += len(batch)
            workbook.save(out)
        size = out.tell()
    seconds = time.perf_counter() - started
    running.clear()
    sampler.join()
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "peak_mb": peak[0],
                "start_mb": at_start_mb,
                "bytes": size,
            }
        )
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_child(kind: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{kind} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="certificates (1,000,000)")
    parser.add_argument("--child", choices=("export", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    from bench import _harness as h
    from bench._ledger_rows import fill_ledger

    sandbox = h.open_sandbox(demo=True)
    print(f"filling {args.rows:,} certificates …")
    filled = fill_ledger(args.rows)
    print(
        f"filled: {filled.certificates:,} certificates, {filled.refusals:,} refusals in "
        f"{filled.seconds:.0f} s; {sandbox.describe()}; load average {os.getloadavg()[0]:.1f}"
    )
    from django.db import connections

    connections.close_all()
    # Alternate, twice each: a noisy neighbour then hurts both alike.
    results: dict[str, list[dict]] = {"bare": [], "export": []}
    for _ in range(2):
        for kind in ("bare", "export"):
            results[kind].append(run_child(kind))
    best = {kind: min(runs, key=lambda r: r["seconds"]) for kind, runs in results.items()}
    for kind, r in best.items():
        print(
            f"{kind:<7} {r['rows']:>10,} rows in {r['seconds']:6.1f} s = "
            f"{r['rows'] / r['seconds']:8,.0f} rows/s, peak RSS {r['peak_mb']:.0f} MB while "
            f"writing ({r['start_mb']:.0f} MB before the first row), "
            f"{r['bytes'] / 1e6:.0f} MB xlsx"
        )
    ratio = (best["export"]["rows"] / best["export"]["seconds"]) / (
        best["bare"]["rows"] / best["bare"]["seconds"]
    )
    peak = max(r["peak_mb"] for r in results["export"])
    ok_ratio, ok_rss = ratio >= RATIO_TARGET, peak <= RSS_TARGET_MB
    print(
        f"export ÷ bare = {ratio:.2f} (target ≥ {RATIO_TARGET}: "
        f"{'met' if ok_ratio else 'BELOW TARGET'}); export peak RSS {peak:.0f} MB "
        f"(target ≤ {RSS_TARGET_MB} MB: {'met' if ok_rss else 'BELOW TARGET'})"
    )
    return 0 if ok_ratio and ok_rss else 3


if __name__ == "__main__":
    sys.exit(main())
