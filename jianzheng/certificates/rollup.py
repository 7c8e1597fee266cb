"""The ledger's running counts (LedgerRollup), bumped inside the very transaction that writes the
certificate, its revocation or the refusal: one atomic upsert per change
(INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n, on SQLite and PostgreSQL alike), so two
clerks issuing at once both count, and a rolled-back issue counts nothing. A high-water mark
would miss rows that commit out of id order and never see a revocation of an old row."""

import datetime as dt
from collections import Counter

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from jianzheng.certificates.models import Certificate, Demand, LedgerRollup

COUNTS = ("issued", "revoked", "handover", "refused")


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def bump(*, community_id: int, day: dt.date, item_code: str, item_name: str, **deltas: int) -> None:
    """Add `deltas` (issued=1, revoked=1, …) to one row, creating it at zero first."""
    values = [deltas.get(name, 0) for name in COUNTS]
    table = connection.ops.quote_name(LedgerRollup._meta.db_table)
    sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (community_id, month, item_code, item_name, {', '.join(COUNTS)}) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT (community_id, month, item_code, item_name) DO UPDATE SET {sets}",
            [community_id, month_of(day), item_code or "", item_name[:100], *values],
        )


def certificate_issued(certificate: Certificate) -> None:
    bump(
        community_id=certificate.community_id,
        day=certificate.issued_on,
        item_code=certificate.item.code,
        item_name=certificate.item_name,
        issued=1,
        handover=1 if certificate.is_handover else 0,
    )


def certificate_revoked(certificate: Certificate) -> None:
    bump(
        community_id=certificate.community_id,
        day=certificate.issued_on,
        item_code=certificate.item.code,
        item_name=certificate.item_name,
        revoked=1,
    )


def demand_recorded(demand: Demand) -> None:
    if demand.outcome != Demand.Outcome.REFUSED:
        return  # a hand-over record is counted with its certificate
    bump(
        community_id=demand.community_id,
        day=demand.requested_on,
        item_code=demand.item.code if demand.item_id else "",
        item_name=demand.item_name,
        refused=1,
    )


def direct_counts() -> Counter:
    """(community id, month, item code, item name, count name) → n, straight from the ledger."""
    found: Counter = Counter()
    certificates = (
        Certificate.objects.annotate(m=TruncMonth("issued_on"))
        .values("community_id", "m", "item__code", "item_name")
        .annotate(
            issued=Count("id"),
            revoked=Count("id", filter=Q(document__revoked_at__isnull=False)),
            handover=Count("id", filter=Q(is_handover=True)),
        )
    )
    for row in certificates:
        key = (row["community_id"], row["m"], row["item__code"], row["item_name"])
        for name in ("issued", "revoked", "handover"):
            if row[name]:
                found[(*key, name)] += row[name]
    refusals = (
        Demand.objects.filter(outcome=Demand.Outcome.REFUSED)
        .annotate(m=TruncMonth("requested_on"))
        .values("community_id", "m", "item__code", "item_name")
        .annotate(n=Count("id"))
    )
    for row in refusals:
        key = (row["community_id"], row["m"], row["item__code"] or "", row["item_name"], "refused")
        found[key] += row["n"]
    return found


def rollup_counts() -> Counter:
    found: Counter = Counter()
    for row in LedgerRollup.objects.values(
        "community_id", "month", "item_code", "item_name", *COUNTS
    ):
        key = (row["community_id"], row["month"], row["item_code"], row["item_name"])
        for name in COUNTS:
            if row[name]:
                found[(*key, name)] += row[name]
    return found


def verify() -> list[str]:
    """Problems: every count where the rollup and the ledger disagree (audit check)."""
    direct, rolled = direct_counts(), rollup_counts()
    return [
        f"ledger rollup {key}: {rolled.get(key, 0)} kept, {direct.get(key, 0)} in the ledger"
        for key in sorted(set(direct) | set(rolled), key=str)
        if direct.get(key, 0) != rolled.get(key, 0)
    ]


def rebuild() -> int:
    """Recount every row from the ledger (a repair; the migration's backfill)."""
    LedgerRollup.objects.all().delete()
    rows: dict[tuple, dict] = {}
    for (community, month, code, name, count), n in direct_counts().items():
        rows.setdefault((community, month, code, name), {})[count] = n
    LedgerRollup.objects.bulk_create(
        LedgerRollup(community_id=community, month=month, item_code=code, item_name=name, **counts)
        for (community, month, code, name), counts in rows.items()
    )
    return len(rows)
