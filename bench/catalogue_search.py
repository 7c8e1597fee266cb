"""Catalogue search over HTTP against a bare-Django baseline, same server, same run.

    .venv/bin/python bench/catalogue_search.py [--items 5000] [--rounds 3] [--seconds 4]
                                               [--profile] [--counties 22 --items 500]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/catalogue_search.py

Builds a throwaway database (temp SQLite in a temp JIANZHENG_DATA_DIR; with DATABASE_URL a new
PostgreSQL database on that server, dropped at the end), runs `jianzheng setup`, adds generated
items up to --items, starts gunicorn on 127.0.0.1 and measures
  baseline: GET /bench/baseline (constant JSON, same middleware; bench/_app.py)
  search:   GET /api/v1/catalogue/items?q=… over a mix of names, partial words, pinyin,
            initials, colloquial sentences and misses.
Targets: search/baseline >= 0.6 and search p95 <= 25 ms. When one is missed (or with
--profile) it prints where the time goes, per query and as a cProfile of the request.

How the items get in: every generated payload passes validate_item_payload. The first 100 go
through catalogue.services.import_catalogue (the real route, timed, so the run shows what the
rest would cost); the others are written with bulk_create exactly as services._write_item
writes them (same fields, version, legal bases, alternatives, search_text from search_keys),
because import_catalogue writes a change request, an item-change row and ~8 queries per item
and would spend minutes of a shared machine building data instead of measuring.

With --counties N (issue 8: 22 counties × 500 items), 永宁县 gets --items items as above and N-1
generated counties of 银川市 get --items items each in their own catalogue (bulk written the same
way), and the searches cycle `county=` over all N counties: the layered list per county must cost
no more per request than the one-county list (compare the ratio and p95 with a run without
--counties)."""

import argparse
import cProfile
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

TARGET_RATIO = 0.6
TARGET_P95_MS = 25.0
VIA_SERVICE = 100

# Who the proof is for × what it proves × what it is used for: 20 × 40 × 12 = 9,600 names.
SUBJECTS = [
    "农村", "城镇", "外来务工人员", "退役军人", "高龄老人", "残疾人", "留守儿童", "失地农民",
    "个体工商户", "低保家庭", "特困人员", "大学新生", "独居老人", "返乡创业人员",
    "灵活就业人员", "孤儿", "下岗职工", "移民搬迁户", "流动人口", "新就业形态劳动者",
]  # fmt: skip
CORES = [
    "居住", "收入", "家庭经济困难", "婚姻状况", "未婚", "无业", "健在", "亲属关系", "独生子女",
    "房屋权属", "土地承包经营", "宅基地使用", "务工", "就业", "失业", "养老", "出生", "死亡",
    "丧葬", "户籍迁移", "种植养殖", "房屋租赁", "纠纷调解", "家庭成员", "赡养关系", "抚养关系",
    "监护人", "学生在读", "工作经历", "病残", "灾情损失", "危房", "助学", "车辆通行", "摊位经营",
    "生猪养殖", "林权", "水费减免", "供暖补贴", "临时救助",
]  # fmt: skip
PURPOSES = [
    "", "(入学用)", "(医保报销用)", "(申请公租房)", "(办理贷款)", "(申领补贴)",
    "(办理居住证)", "(出国签证)", "(办理社保)", "(申请助学金)", "(公证用)", "(法院诉讼用)",
]  # fmt: skip
COLLOQUIAL = ["开个{c}的证明", "证明我家{c}情况", "社区给开{c}", "{c}那个证明"]

# What people type: (kind, q). Weighted equally; the mix is cycled through by every connection.
QUERIES = [
    ("name", "居住证明"),
    ("name", "亲属关系证明"),
    ("name", "生活困难证明"),
    ("name", "社区推荐公民担任诉讼代理人"),
    ("name", "退役军人务工证明(办理社保)"),
    ("partial", "居住"),
    ("partial", "困难"),
    ("partial", "宅基地"),
    ("partial", "独生"),
    ("pinyin", "juzhuzhengming"),
    ("pinyin", "qinshuguanxi"),
    ("pinyin", "linquan"),
    ("initials", "jzzm"),
    ("initials", "qsgxzm"),
    ("initials", "knzm"),
    ("colloquial", "社区还给开居住证明吗"),
    ("colloquial", "开个证明说我还活着"),
    ("colloquial", "村里能不能开无犯罪记录证明"),
    ("miss", "护照签证加急"),
    ("miss", "xyzqwv"),
]


def generated_payloads(count: int, base: list[dict]) -> list[dict]:
    """`count` distinct items shaped like the reference ones (retained ones keep a retained
    item's legal bases, steps and template; cancelled ones a first-batch item's alternatives)."""
    rng = random.Random(20261126)
    names = [f"{s}{c}证明{p}" for s in SUBJECTS for c in CORES for p in PURPOSES]
    rng.shuffle(names)
    retained = [p for p in base if p["status"] == "retained"]
    cancelled = [p for p in base if p["status"] == "cancelled"]
    payloads = []
    for index, name in enumerate(names[:count]):
        subject = next(s for s in SUBJECTS if name.startswith(s))
        core = next(c for c in CORES if name[len(subject) :].startswith(c))
        model = rng.choice(retained if rng.random() < 0.6 else cancelled)
        template = dict(model["template"], title=name[:50]) if model["template"] else None
        payloads.append(
            {
                **model,
                "code": f"BN-{index + 1:05d}",
                "name": name,
                "aliases": [f"{core}证明", f"{subject}{core}情况说明"],
                "keywords": [rng.choice(COLLOQUIAL).format(c=core), f"{core}材料"],
                "is_demo": True,
                "template": template,
            }
        )
    return payloads


def _bulk_write(payloads: list[dict], version, units) -> None:
    from jianzheng.catalogue.models import Alternative, CertificateItem, LegalBasis
    from jianzheng.catalogue.search import search_keys

    for offset in range(0, len(payloads), 500):
        chunk = payloads[offset : offset + 500]
        items = CertificateItem.objects.bulk_create(
            CertificateItem(
                **{k: v for k, v in p.items() if k not in ("legal_bases", "alternatives")},
                is_active=True,
                version=version,
                search_text=search_keys(p["name"], p["aliases"], p["keywords"], p["code"]),
            )
            for p in chunk
        )
        LegalBasis.objects.bulk_create(
            LegalBasis(item=item, position=i, **basis)
            for item, p in zip(items, chunk, strict=True)
            for i, basis in enumerate(p["legal_bases"])
        )
        Alternative.objects.bulk_create(
            Alternative(
                item=item,
                position=i,
                kind=alt["kind"],
                instruction=alt["instruction"],
                handling_unit=units.get(alt["handling_unit"]),
                handling_unit_name="" if alt["handling_unit"] in units else alt["handling_unit"],
            )
            for item, p in zip(items, chunk, strict=True)
            for i, alt in enumerate(p["alternatives"])
        )


def build_counties(count: int, items: int) -> list[str]:
    """`count - 1` generated counties of 银川市 beside 永宁县, each with its own list of `items`
    items in one version; the county codes, 永宁县 first."""
    from django.db import transaction
    from django.utils import timezone

    from jianzheng.catalogue.models import CatalogueVersion
    from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
    from jianzheng.catalogue.selectors import list_items
    from jianzheng.catalogue.services import ensure_catalogue
    from jianzheng.regions.models import Unit
    from jianzheng.regions.services import RegionRow, import_regions

    # 640140… : no real county of 银川市 has these codes; two digits hold up to 60 of them.
    if count > 60:
        raise SystemExit("--counties: at most 60")
    codes = ["640121"] + [f"6401{40 + n:02d}" for n in range(count - 1)]
    import_regions(
        actor=None, rows=[RegionRow(c, f"示例县{c[-2:]}", "6401") for c in codes[1:]], is_demo=True
    )
    base = [item_to_payload(i) for i in list_items()]
    payloads = [validate_item_payload(p) for p in generated_payloads(items, base)]
    units = {u.code: u for u in Unit.objects.all()}
    start = time.perf_counter()
    from jianzheng.regions.selectors import county_by_code

    with transaction.atomic():
        for code in codes[1:]:
            version = CatalogueVersion.objects.create(
                catalogue=ensure_catalogue(county_by_code(code)),
                number=1,
                effective_date=timezone.localdate(),
                published_at=timezone.now(),
                summary="性能测试数据",
            )
            _bulk_write([{**p, "code": f"{code}-{p['code']}"} for p in payloads], version, units)
    print(
        f"counties: {len(codes)} ({len(codes) - 1} generated with {items} items each, "
        f"bulk written in {time.perf_counter() - start:.1f} s)"
    )
    return codes


def build_catalogue(target: int) -> None:
    from django.db import transaction

    from jianzheng.catalogue.models import CertificateItem
    from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
    from jianzheng.catalogue.selectors import current_version, list_items
    from jianzheng.catalogue.services import import_catalogue
    from jianzheng.regions.models import Unit

    base = [item_to_payload(i) for i in list_items()]
    missing = target - len(base)
    if missing <= 0:
        return
    start = time.perf_counter()
    payloads = [validate_item_payload(p) for p in generated_payloads(missing, base)]
    validated = time.perf_counter() - start

    start = time.perf_counter()
    first, rest = payloads[:VIA_SERVICE], payloads[VIA_SERVICE:]
    import_catalogue(
        actor=None,
        payloads=first,
        reason="性能测试数据",
        legal_basis="bench",
        approval_reference="bench",
    )
    via_service = time.perf_counter() - start

    start = time.perf_counter()
    version = current_version()
    units = {u.code: u for u in Unit.objects.all()}
    with transaction.atomic():
        _bulk_write(rest, version, units)
    bulk = time.perf_counter() - start
    total = CertificateItem.objects.filter(is_active=True).count()
    print(
        f"catalogue: {total} active items ({len(base)} reference + {missing} generated); "
        f"validated {missing} payloads in {validated:.1f} s; {len(first)} via import_catalogue "
        f"in {via_service:.1f} s (≈{via_service / len(first) * missing:.0f} s for all); "
        f"{len(rest)} via bulk_create in {bulk:.1f} s"
    )


def search_path(q: str, county: str = "") -> str:
    return f"/api/v1/catalogue/items?q={quote(q)}" + (f"&county={county}" if county else "")


def check_answers(port: int) -> None:
    """Fail loudly rather than time error pages: every query must answer 200 with items."""
    import json

    print(f"{'kind':<11} {'query':<28} {'count':>6}  first hit")
    for kind, q in QUERIES:
        status, body = h.request("GET", port, search_path(q))
        if status != 200:
            raise SystemExit(f"{q!r}: HTTP {status} {body[:200]!r}")
        data = json.loads(body)
        first = data["items"][0]["name"] if data["items"] else "—"
        print(f"{kind:<11} {q:<28} {data['count']:>6}  {first}")


def profile() -> None:
    """Where a search request spends its time, in-process on the same database: the selector
    (SQL + Python ranking), the response building (schemas, prefetches), and a cProfile of the
    whole request through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jianzheng.catalogue.schemas import CatalogueVersionOut, ItemOut
    from jianzheng.catalogue.search import clean_query
    from jianzheng.catalogue.selectors import current_version, resolve_county, search_items

    county = resolve_county()  # what a request without county= reads (永宁县's list)

    def median_ms(fn, n=15):
        fn()
        times = []
        for _ in range(n):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return 1000 * statistics.median(times)

    client = Client(HTTP_HOST="127.0.0.1")
    print("\nper query, in-process (median of 15):")
    print(
        f"{'query':<28} {'matches':>7} {'select':>7} {'render':>7} {'request':>8} {'SQL':>4}"
        "  (ms; SQL = queries per request)"
    )
    for _, q in QUERIES:
        query = clean_query(q)
        result = search_items(query)
        select = median_ms(lambda query=query: search_items(query))
        render = median_ms(
            lambda query=query: (
                [ItemOut.of(i, county=county) for i in search_items(query).items],
                CatalogueVersionOut.of(current_version()),
            )
        )
        whole = median_ms(lambda q=q: client.get(search_path(q)))
        with CaptureQueriesContext(connection) as queries:
            client.get(search_path(q))
        print(
            f"{q:<28} {result.count:>7} {select:>7.1f} {render - select:>7.1f} {whole:>8.1f} "
            f"{len(queries):>4}"
        )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        for _, q in QUERIES:
            client.get(search_path(q))
    profiler.disable()
    h.print_profile(profiler, requests=3 * len(QUERIES))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000, help="catalogue size (default 5000)")
    parser.add_argument("--profile", action="store_true", help="profile even if targets are met")
    parser.add_argument(
        "--counties", type=int, default=1, help="counties, each with --items items (default 1)"
    )
    h.add_load_arguments(parser)
    args = parser.parse_args()

    # Requests without county= (check_answers, the profile) read 永宁县's list.
    os.environ.setdefault("JIANZHENG_DEFAULT_COUNTY", "640121")
    sandbox = h.open_sandbox(demo=True)  # the generated items copy the demo retained ones
    h.header("catalogue search vs bare Django", sandbox, args)
    build_catalogue(args.items)
    codes = build_counties(args.counties, args.items) if args.counties > 1 else [""]
    searches = [
        h.Req("GET", search_path(q, codes[n % len(codes)]))
        for n, (_, q) in enumerate(QUERIES * len(codes))
    ]
    with h.Server(workers=args.workers) as server:
        check_answers(server.port)
        results = h.compare(
            server.port,
            {
                "baseline GET /bench/baseline": [h.Req("GET", h.BASELINE_PATH)],
                "search GET …/items?q=": searches,
            },
            rounds=args.rounds,
            seconds=args.seconds,
            processes=args.processes,
            threads=args.threads,
        )
    baseline, search = results.values()
    print(baseline.line())
    print(search.line())
    ratio = search.rate / baseline.rate
    ratio_ok, p95_ok = ratio >= TARGET_RATIO, search.p95 <= TARGET_P95_MS
    print(
        f"ratio search/baseline = {ratio:.2f} (target >= {TARGET_RATIO}): "
        f"{'OK' if ratio_ok else 'BELOW TARGET'}; search p95 = {search.p95:.1f} ms "
        f"(target <= {TARGET_P95_MS:g}): {'OK' if p95_ok else 'ABOVE TARGET'}"
    )
    if args.profile or not (ratio_ok and p95_ok):
        profile()
    if baseline.errors or search.errors:
        return 1
    return 0 if ratio_ok and p95_ok else 3


if __name__ == "__main__":
    sys.exit(main())
