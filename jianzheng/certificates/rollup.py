"""The ledger's running counts (LedgerRollup), bumped inside the very transaction that writes the
certificate, its revocation or the refusal: one atomic upsert per change
(INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n, on SQLite and PostgreSQL alike), so two
clerks issuing at once both count, and a rolled-back issue counts nothing. A high-water mark
would miss rows that commit out of id order and never see a revocation of an old row.

A revocation is also counted by the revoked certificate's day of issue (LedgerRevokedDay), so a
census of part-months reads the revoked among its edge days without a look-up per row."""

import datetime as dt
from collections import Counter

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from jianzheng.certificates.models import Certificate, Demand, LedgerRevokedDay, LedgerRollup

COUNTS = ("issued", "revoked", "handover", "refused")
BY_DAY = "revoked by day"  # LedgerRevokedDay's count, keyed by the day of issue, not the month


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add(model, key: dict, counts: dict[str, int]) -> None:
    """One row of `model` (its unique `key`) plus `counts`, creating it at zero first."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*key, *counts]
    sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in counts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}",
            [*key.values(), *counts.values()],
        )


def bump(*, community_id: int, day: dt.date, item_code: str, item_name: str, **deltas: int) -> None:
    """Add `deltas` (issued=1, revoked=1, …) to one row, creating it at zero first."""
    key = {
        "community_id": community_id,
        "month": month_of(day),
        "item_code": item_code or "",
        "item_name": item_name[:100],
    }
    _add(LedgerRollup, key, {name: deltas.get(name, 0) for name in COUNTS})


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
    key = {
        "community_id": certificate.community_id,
        "issued_on": certificate.issued_on,
        "item_code": certificate.item.code,
        "item_name": certificate.item_name[:100],
    }
    _add(LedgerRevokedDay, key, {"revoked": 1})


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
    revoked = (
        Certificate.objects.filter(document__revoked_at__isnull=False)
        .values("community_id", "issued_on", "item__code", "item_name")
        .annotate(n=Count("id"))
    )
    for row in revoked:
        key = (row["community_id"], row["issued_on"], row["item__code"], row["item_name"], BY_DAY)
        found[key] += row["n"]
    return found


def rollup_counts() -> Counter:
    """The same keys as direct_counts, from LedgerRollup and LedgerRevokedDay."""
    found: Counter = Counter()
    for row in LedgerRollup.objects.values(
        "community_id", "month", "item_code", "item_name", *COUNTS
    ):
        key = (row["community_id"], row["month"], row["item_code"], row["item_name"])
        for name in COUNTS:
            if row[name]:
                found[(*key, name)] += row[name]
    for row in LedgerRevokedDay.objects.values(
        "community_id", "issued_on", "item_code", "item_name", "revoked"
    ):
        if row["revoked"]:
            key = (row["community_id"], row["issued_on"], row["item_code"], row["item_name"])
            found[(*key, BY_DAY)] += row["revoked"]
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
    LedgerRevokedDay.objects.all().delete()
    rows: dict[tuple, dict] = {}
    days: list[LedgerRevokedDay] = []
    for (community, month, code, name, count), n in direct_counts().items():
        if count == BY_DAY:
            days.append(
                LedgerRevokedDay(
                    community_id=community,
                    issued_on=month,
                    item_code=code,
                    item_name=name,
                    revoked=n,
                )
            )
        else:
            rows.setdefault((community, month, code, name), {})[count] = n
    LedgerRollup.objects.bulk_create(
        LedgerRollup(community_id=community, month=month, item_code=code, item_name=name, **counts)
        for (community, month, code, name), counts in rows.items()
    )
    LedgerRevokedDay.objects.bulk_create(days, batch_size=5000)
    return len(rows)
