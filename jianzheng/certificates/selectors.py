"""Reads of the ledger (台账): certificates and refusals, scoped to the user's subtree."""

import base64
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jianzheng.certificates.models import Certificate, HandoverSwitch, Refusal
from jianzheng.certificates.permissions import (
    can_see_full_id,
    visible_certificates,
    visible_refusals,
)
from jianzheng.core.errors import RuleViolation
from jianzheng.core.text import mask_id_number, mask_name, mask_phone


def describe_certificate(document) -> list[tuple[str, str]]:
    """The public verification page's rows for a certificate: the least that proves validity."""
    certificate = Certificate.objects.select_related("community").filter(document=document).first()
    if certificate is None:
        return []
    rows = [
        ("证明事项", certificate.item_name),
        ("出具社区", certificate.community.name),
        ("用途", certificate.purpose),
        ("索要单位", certificate.requester),
    ]
    if certificate.is_handover:
        rows.append(("出具依据", "永民发〔2020〕91号 四（三） 工作衔接，据实出具"))
    return rows


@dataclass
class LedgerFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    community: str = ""
    item: str = ""
    clerk: str = ""
    status: str = ""
    handover: bool | None = None


@dataclass
class Page:
    rows: list
    next_cursor: str | None


def _encode_cursor(moment: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        return dt.datetime.fromisoformat(moment), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise RuleViolation("invalid_cursor", "分页游标无效", field="cursor") from None


def _keyset(queryset, time_field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Newest first; the cursor is the last row's (time, id), so page N costs what page 1 does."""
    if cursor:
        moment, pk = _decode_cursor(cursor)
        queryset = queryset.filter(
            Q(**{f"{time_field}__lt": moment}) | Q(**{time_field: moment, "pk__lt": pk})
        )
    rows = list(queryset.order_by(f"-{time_field}", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode_cursor(getattr(rows[-1], time_field), rows[-1].pk) if more else None)


def _filtered_certificates(qs: QuerySet[Certificate], filters: LedgerFilter):
    qs = qs.select_related("community", "issued_by", "item")
    if filters.date_from:
        qs = qs.filter(issued_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(issued_on__lte=filters.date_to)
    if filters.community:
        qs = qs.filter(community__code=filters.community)
    if filters.item:
        qs = qs.filter(item__code=filters.item)
    if filters.clerk:
        qs = qs.filter(issued_by__username=filters.clerk)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.handover is not None:
        qs = qs.filter(is_handover=filters.handover)
    return qs


def filter_certificates(user, filters: LedgerFilter) -> QuerySet[Certificate]:
    return _filtered_certificates(visible_certificates(user), filters)


def filter_all_certificates(filters: LedgerFilter) -> QuerySet[Certificate]:
    """The operator's view at the command line: every community."""
    return _filtered_certificates(Certificate.objects.all(), filters)


def list_certificates(
    user, filters: LedgerFilter, *, cursor: str | None = None, limit: int = 50
) -> Page:
    rows, next_cursor = _keyset(filter_certificates(user, filters), "issued_at", cursor, limit)
    return Page(rows, next_cursor)


def get_certificate(user, serial: str) -> Certificate | None:
    """Out of scope and nonexistent look the same (None → 404)."""
    return (
        visible_certificates(user)
        .select_related("community", "issued_by", "item", "document", "revoked_by")
        .filter(serial=serial)
        .first()
    )


def _filtered_refusals(qs: QuerySet[Refusal], filters: LedgerFilter):
    qs = qs.select_related("community", "clerk", "item", "certificate")
    if filters.date_from:
        qs = qs.filter(requested_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(requested_on__lte=filters.date_to)
    if filters.community:
        qs = qs.filter(community__code=filters.community)
    if filters.item:
        qs = qs.filter(Q(item__code=filters.item) | Q(item_name=filters.item))
    if filters.clerk:
        qs = qs.filter(clerk__username=filters.clerk)
    return qs


def filter_refusals(user, filters: LedgerFilter) -> QuerySet[Refusal]:
    return _filtered_refusals(visible_refusals(user), filters)


def filter_all_refusals(filters: LedgerFilter) -> QuerySet[Refusal]:
    """The operator's view at the command line: every community."""
    return _filtered_refusals(Refusal.objects.all(), filters)


def list_refusals(
    user, filters: LedgerFilter, *, cursor: str | None = None, limit: int = 50
) -> Page:
    rows, next_cursor = _keyset(filter_refusals(user, filters), "created_at", cursor, limit)
    return Page(rows, next_cursor)


def handover_switches() -> dict[int | None, HandoverSwitch]:
    """Switch rows by item id; the county-wide one under None. No row means on."""
    return {s.item_id: s for s in HandoverSwitch.objects.select_related("changed_by")}


def facts_for(user, certificate: Certificate) -> dict[str, str]:
    """The facts as this user may see them. DESIGN.md: ID and phone numbers (and here the
    holder's name) are masked everywhere except to the issuing community's clerks."""
    if can_see_full_id(user, certificate):
        return {name: str(value) for name, value in certificate.facts.items()}
    kinds = {spec["name"]: spec["type"] for spec in certificate.template["fields"]}
    masks = {"id_number": mask_id_number, "phone": mask_phone}
    shown = {}
    for name, value in certificate.facts.items():
        mask = mask_name if name == "holder_name" else masks.get(kinds.get(name), str)
        shown[name] = mask(str(value))
    return shown
