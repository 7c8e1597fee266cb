"""The ledger at scale (issue 17, item 1): N synthetic ledger rows, then every page that must stay
fast at that size, over HTTP, each against the bare-Django baseline in the same run.

    .venv/bin/python bench/ledger_scale.py [--rows 1000000] [--rounds 3] [--seconds 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/ledger_scale.py

Throwaway database and data folder (bench/_harness.py), `jianzheng setup --demo`, then
bench/_ledger_rows.py fills the ledger (certificates with their registry rows, refusals and
verifications in proportion, over every demo community, item and month). Measured, one
connection at a time (latency, not throughput, is the target: a clerk or a verifier waits for
one answer), against GET /bench/baseline:

  certificate   GET /api/v1/certificates/{serial}           a county admin reads one paper
  ledger        GET /api/v1/certificates?community=&date_from=&date_to=&item=   filtered list
  ledger-all    GET /api/v1/certificates?date_from=&date_to=  the county's month, no community
  verify        POST /api/v1/verify {"token"}                 a genuine certificate among N
  search        GET /api/v1/catalogue/items?q=                the catalogue, unaffected by N
  issue         POST /api/v1/certificates                     a clerk issues (sign, PDF, audit)

Then the county overview and the census over the same ledger (bench/dashboard.py `measure`).
Targets: every single-record read and verification p95 <= 100 ms, the county overview < 1 s.
Prints the ratios and the query plan of the filtered ledger. Exit 3 when a target is missed."""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402
from bench._ledger_rows import fill_ledger  # noqa: E402

P95_TARGET_MS = 100.0
SINGLE_RECORD = ("certificate", "verify")


def tokens_for(*usernames: str) -> dict[str, str]:
    from jianzheng.accounts.models import User
    from jianzheng.accounts.services import create_api_token

    return {
        name: create_api_token(actor=None, user=User.objects.get(username=name), name="bench")[1]
        for name in usernames
    }


def mixes(filled, tokens: dict[str, str]) -> dict[str, list[h.Req]]:
    import datetime as dt

    from django.utils import timezone

    from jianzheng.certificates.models import Certificate

    admin = (("Authorization", f"Bearer {tokens['city_admin']}"),)
    clerk = (("Authorization", f"Bearer {tokens['yanghe_clerk']}"),)
    today = timezone.localdate()
    month_ago = (today - dt.timedelta(days=30)).isoformat()
    # Serials spread over the whole table (every 997th row), so no page is warm by accident.
    serials = list(
        Certificate.objects.order_by("pk").values_list("serial", flat=True)[: filled.certificates][
            ::997
        ][:200]
    )
    sample = Certificate.objects.filter(community__code="640121100001").first()
    assert sample is not None
    issue_body = {
        "community": "640121100001",
        "item": "YN-B03",
        "facts": {
            "holder_name": "马小花",
            "holder_id_number": "640121199003071232",
            "gender": "男",
            "address": "永宁县杨和镇示例路8号",
            "since": "2019-05-01",
            "tenure": "租住",
        },
        "checks": [{"method": "home_visit", "note": "入户查看"}],
        "purpose": "办理居住证",
        "requester": "永宁县公安局杨和派出所",
    }
    return {
        "baseline": [h.Req("GET", h.BASELINE_PATH)],
        "certificate": [h.Req("GET", f"/api/v1/certificates/{s}", headers=admin) for s in serials],
        "ledger": [
            h.Req(
                "GET",
                f"/api/v1/certificates?community=640121100001&item={sample.item.code}"
                f"&date_from={month_ago}&date_to={today.isoformat()}",
                headers=admin,
            )
        ],
        "ledger-all": [
            h.Req(
                "GET",
                f"/api/v1/certificates?date_from={month_ago}&date_to={today.isoformat()}",
                headers=admin,
            )
        ],
        "verify": [h.Req.post_json("/api/v1/verify", {"token": t}) for t in filled.genuine_tokens],
        "search": [
            h.Req("GET", "/api/v1/catalogue/items?county=640121&q=%E5%B1%85%E4%BD%8F"),  # 居住
            h.Req("GET", "/api/v1/catalogue/items?county=640121&q=jzzm"),
        ],
        "issue": [h.Req.post_json("/api/v1/certificates", issue_body, headers=clerk)],
    }


def explain_ledger(month_ago: str) -> str:
    """The plan of the filtered ledger query as the API runs it (a county admin's scope)."""
    import datetime as dt

    from jianzheng.accounts.models import User
    from jianzheng.certificates.selectors import LedgerFilter, filter_certificates

    admin = User.objects.get(username="civil_affairs_admin")
    queryset = filter_certificates(
        admin,
        LedgerFilter(date_from=dt.date.fromisoformat(month_ago), community="640121100001"),
    ).order_by("-issued_at", "-id")[:51]
    from django.db import connection

    if connection.vendor == "postgresql":  # which year partitions it reads, and what it costs
        return queryset.explain(analyze=True, buffers=True)
    return queryset.explain()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="certificates (1,000,000)")
    parser.add_argument(
        "--no-dashboard", action="store_true", help="skip the county overview and census"
    )
    h.add_load_arguments(parser)
    parser.set_defaults(processes=1, threads=1)
    args = parser.parse_args()

    sandbox = h.open_sandbox(demo=True)
    print(f"filling {args.rows:,} certificates …")
    filled = fill_ledger(args.rows)
    print(
        f"filled: {filled.certificates:,} certificates, {filled.refusals:,} refusals, "
        f"{filled.verifications:,} verifications in {filled.seconds:.0f} s"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # both databases: plan with the table's real size
    tokens = tokens_for("city_admin", "yanghe_clerk")
    requests = mixes(filled, tokens)
    import datetime as dt

    from django.utils import timezone

    month_ago = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    print("plan of the filtered ledger page:\n" + explain_ledger(month_ago))

    h.header(f"ledger at {filled.certificates:,} rows", sandbox, args)
    missed = []
    with h.Server(workers=args.workers) as server:
        for name, reqs in requests.items():
            req = reqs[0]
            status, body = h.request(req.method, server.port, req.path, req.body, dict(req.headers))
            expected = 201 if name == "issue" else 200
            if status != expected:
                print(f"{name}: HTTP {status} {body[:300]!r}")
                return 1
            if name == "ledger":
                print(f"  ledger page: {len(json.loads(body)['items'])} rows")
        started = time.perf_counter()
        results = h.compare(
            server.port,
            {k: v for k, v in requests.items() if k != "issue"},
            rounds=args.rounds,
            seconds=args.seconds,
            processes=args.processes,
            threads=args.threads,
        )
        # Issuing writes: one short round, answered 201 (h.load counts only 200s, so by hand).
        issue_latencies = []
        issue_req = requests["issue"][0]
        for _ in range(20):
            t = time.perf_counter()
            status, _ = h.request(
                "POST", server.port, issue_req.path, issue_req.body, dict(issue_req.headers)
            )
            if status != 201:
                print(f"issue: HTTP {status}")
                return 1
            issue_latencies.append(time.perf_counter() - t)
        print(f"measured in {time.perf_counter() - started:.0f} s")
    base = results["baseline"]
    print(base.line())
    for name, summary in results.items():
        if name == "baseline":
            continue
        ratio = summary.rate / base.rate if base.rate else 0.0
        target = ""
        if name in SINGLE_RECORD:
            met = summary.p95 <= P95_TARGET_MS
            target = f"  p95 target {P95_TARGET_MS:.0f} ms: {'met' if met else 'BELOW TARGET'}"
            if not met:
                missed.append(name)
        print(f"{summary.line()}  ratio {ratio:.2f}{target}")
    print(
        f"issue (20 in a row)          p50 {1000 * h.percentile(issue_latencies, 50):6.1f}  "
        f"p95 {1000 * h.percentile(issue_latencies, 95):6.1f} ms"
    )
    if not args.no_dashboard:
        # The county overview and the census over the same ledger (bench/dashboard.py).
        from bench import dashboard

        print("county overview and census, same ledger:")
        if not dashboard.measure(repeat=3):
            missed.append("county overview")
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
