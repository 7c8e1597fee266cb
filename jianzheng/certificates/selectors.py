"""Reads of the ledger (台账): certificates and refusals, scoped to the user's subtree."""

import base64
import copy
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from jianzheng.catalogue.models import CertificateItem
from jianzheng.certificates.models import Certificate, CheckMethod, Demand, HandoverSwitch
from jianzheng.certificates.pdf import HANDOVER_NOTE
from jianzheng.certificates.permissions import (
    can_see_full_id,
    visible_certificates,
    visible_refusals,
)
from jianzheng.core.errors import RuleViolation
from jianzheng.core.text import mask_id_tail, mask_name, mask_phone, scrub_personal_data
from jianzheng.regions.models import Unit


def describe_certificate(document) -> list[tuple[str, str]]:
    """The public verification page's rows for a certificate: what its paper must say, so that
    an altered printout shows against the page. Every certified fact under its template label
    and as issued (dates as printed), except what DESIGN.md masks for everyone but the issuing
    clerks (the holder's name, ID and phone numbers); then purpose, requester, how the facts were
    checked and the 四(三) wording. The issuing unit is the page's own row."""
    # Read with the registry row by a verification (`reads` in apps.py); else one query, the
    # community along (certificate_for_viewer asks whether the viewer, nobody here, issues for
    # it), and no ORDER BY for a one-to-one row.
    relation = document._meta.get_field("certificate")
    if relation.is_cached(document):
        # A copy: the row stays in the registry's memory (documents.services) sealed, and its
        # opened facts go with this request.
        certificate = copy.copy(relation.get_cached_value(document))
    else:
        found = Certificate.objects.select_related("community").filter(document=document)
        certificate = next(iter(found.order_by()[:1]), None)
    if certificate is None:
        return []
    shown = certificate_for_viewer(None, certificate).facts
    rows = [("证明事项", certificate.item_name)]
    for spec in certificate.template["fields"]:
        value = shown.get(spec["name"], "")
        if value and spec["type"] == "id_number":
            # The public page shows two digits: enough to tell papers apart, too few to search
            # the token's holder tag (docs/security.md).
            value = mask_id_tail(str(certificate.facts[spec["name"]]), keep=2)
        if value and spec["type"] == "date":  # as the paper prints it
            day = dt.date.fromisoformat(value)
            value = f"{day.year}年{day.month}月{day.day}日"
        rows.append((spec["label"], value or "—"))
    methods = [c["method"] for c in certificate.checks]
    rows += [
        ("用途", certificate.purpose),
        ("索要单位", certificate.requester),
        ("核实方式", "、".join(CheckMethod(m).label for m in methods if m in CheckMethod.values)),
    ]
    if certificate.is_handover:
        rows.append(("出具依据", HANDOVER_NOTE))
    return rows


@dataclass
class LedgerFilter:
    """The ledger's filters, from the page's form, the API's query or the CLI alike. Status and
    hand-over apply to certificates only."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    community: str = ""
    item: str = ""
    clerk: str = ""
    status: str = ""
    handover: bool | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise RuleViolation("invalid_dates", "结束日期不能早于开始日期", field="date_to")


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


@dataclass(frozen=True)
class _Ledger:
    """How one of the ledger's two lists answers the shared filters."""

    day: str
    clerk: str
    time: str
    related: tuple[str, ...]
    by_item: Callable[[str], Q]
    # Status and hand-over are the certificates' filters only.
    certificates: bool = False


def _item_rows(code: str) -> Q:
    # The item's rows (one per catalogue version and county) as ids, not a join on its code: at a
    # million certificates PostgreSQL then walks cert_item_idx / cert_community_idx.
    return Q(
        item_id__in=list(CertificateItem.objects.filter(code=code).values_list("pk", flat=True))
    )


_CERTIFICATES = _Ledger(
    "issued_on",
    "issued_by",
    "issued_at",
    ("community", "issued_by", "item", "document"),
    _item_rows,
    certificates=True,
)
# Off-list demands have no item row: the name asked for is what they are filed under.
_REFUSALS = _Ledger(
    "requested_on",
    "clerk",
    "created_at",
    ("community", "clerk", "item", "certificate", "requester_unit"),
    lambda code: Q(item__code=code) | Q(item_name=code),
)


def _filtered(qs: QuerySet, ledger: _Ledger, filters: LedgerFilter) -> QuerySet:
    qs = qs.select_related(*ledger.related)
    if filters.date_from:
        qs = qs.filter(**{f"{ledger.day}__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{ledger.day}__lte": filters.date_to})
    if ledger.certificates and (filters.date_from or filters.date_to):
        # The same dates as years (a certificate's year is its issuing day's): on PostgreSQL the
        # ledger is partitioned by year, and the planner skips the other years' partitions
        # (docs/performance.md). The refusals are partitioned by requested_on itself.
        if filters.date_from:
            qs = qs.filter(year__gte=filters.date_from.year)
        if filters.date_to:
            qs = qs.filter(year__lte=filters.date_to.year)
        # And as times (issued_at's local day is issued_on, certificates.services): a list in
        # issuing order then reads cert_issued_idx / cert_community_idx as one range and stops
        # at the page, where SQLite collected the period's rows community by community and day
        # by day and sorted them (the county's month at 10,000,000 rows: over 10 s; at 3 M,
        # 0.86 s → 5 ms; docs/performance.md).
        zone = timezone.get_current_timezone()
        if filters.date_from:
            start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=zone)
            qs = qs.filter(issued_at__gte=start)
        if filters.date_to:
            end = dt.datetime.combine(
                filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone
            )
            qs = qs.filter(issued_at__lt=end)
    if filters.community:
        # The community as an id, not a join on its code: the planner can then read the ledger
        # by (community, newest first) — cert_community_idx — instead of walking every
        # certificate of the period (PostgreSQL at 1,000,000 rows: 0.9 s → docs/performance.md).
        community = Unit.objects.filter(code=filters.community).values_list("pk", flat=True)
        qs = qs.filter(community_id=community.first() or 0)
    if filters.item:
        qs = qs.filter(ledger.by_item(filters.item))
    if filters.clerk:
        qs = qs.filter(**{f"{ledger.clerk}__username": filters.clerk})
    if not ledger.certificates:
        return qs
    if filters.status:
        revoked = filters.status == Certificate.Status.REVOKED
        qs = qs.filter(document__revoked_at__isnull=not revoked)
    if filters.handover is not None:
        qs = qs.filter(is_handover=filters.handover)
    return qs


def filter_certificates(user, filters: LedgerFilter) -> QuerySet[Certificate]:
    return _filtered(visible_certificates(user), _CERTIFICATES, filters)


def filter_all_certificates(filters: LedgerFilter) -> QuerySet[Certificate]:
    """The operator's view at the command line: every community."""
    return _filtered(Certificate.objects.all(), _CERTIFICATES, filters)


# What a listed row shows (the staff ledger page, the API's list), and no more: the facts, the
# template and the checks (JSON, the facts sealed) stay in the database, as do the item's, the
# user's and the registry's other columns. The holder's ID number is opened, to be masked.
LISTED_COLUMNS = (
    "serial",
    "community__code",
    "community__name",
    "community__kind",
    "community__is_active",
    "item__code",
    "item_name",
    "catalogue_version",
    "purpose",
    "requester",
    "holder_name",
    "holder_id_number",
    "issued_by__username",
    "issued_by__full_name",
    "issued_at",
    "issued_on",
    "valid_until",
    "is_handover",
    "handover_reason",
    "document__token",
    "document__revoked_at",
    "document__revoke_category",
    "document__revoke_reason",
)


def list_certificates(
    user, filters: LedgerFilter, *, cursor: str | None = None, limit: int = 50
) -> Page:
    """A page of the ledger, each row with LISTED_COLUMNS only (holder_for_viewer, not
    certificate_for_viewer: a list opens no facts)."""
    qs = filter_certificates(user, filters).only(*LISTED_COLUMNS)
    rows, next_cursor = _keyset(qs, _CERTIFICATES.time, cursor, limit)
    return Page(rows, next_cursor)


def get_certificate(user, serial: str) -> Certificate | None:
    """Out of scope and nonexistent look the same (None → 404)."""
    qs = visible_certificates(user).filter(serial=serial)
    if year := _serial_year(serial):
        qs = qs.filter(year=year)  # one year's partition on PostgreSQL
    return qs.select_related("community", "issued_by", "item", "document__revoked_by").first()


def _serial_year(serial: str) -> int | None:
    """The year a serial names (COMMUNITY-YYYY-NNNNNN, certificates.services), which is the
    certificate's `year`; None when it names none."""
    parts = serial.rsplit("-", 2)
    if len(parts) == 3 and len(parts[1]) == 4 and parts[1].isascii() and parts[1].isdigit():
        return int(parts[1])
    return None


def filter_refusals(user, filters: LedgerFilter) -> QuerySet[Demand]:
    return _filtered(visible_refusals(user), _REFUSALS, filters)


def filter_all_refusals(filters: LedgerFilter) -> QuerySet[Demand]:
    """The operator's view at the command line: every community."""
    return _filtered(Demand.objects.all(), _REFUSALS, filters)


def list_refusals(
    user, filters: LedgerFilter, *, cursor: str | None = None, limit: int = 50
) -> Page:
    rows, next_cursor = _keyset(filter_refusals(user, filters), _REFUSALS.time, cursor, limit)
    return Page(rows, next_cursor)


def handover_switches(county) -> dict[str, HandoverSwitch]:
    """The county's switch rows by item code; the county-wide one under "". No row means on."""
    switches = HandoverSwitch.objects.filter(county=county).select_related("changed_by")
    return {s.item_code: s for s in switches}


@dataclass(frozen=True)
class CertificateAsSeen:
    """A certificate's personal data as one viewer may see it: the ledger page, the detail page
    and the API all show these values, so they cannot drift apart."""

    holder_name: str
    holder_id_number: str
    masked: bool
    facts: Mapping[str, str]


@dataclass(frozen=True)
class HolderAsSeen:
    name: str
    id_number: str
    masked: bool


def holder_for_viewer(viewer, certificate: Certificate) -> HolderAsSeen:
    """The holder's name and ID number as `viewer` may see them (certificate_for_viewer's
    rule), reading no facts: what a listed row shows."""
    if can_see_full_id(viewer, certificate):
        return HolderAsSeen(certificate.holder_name, certificate.holder_id_number, masked=False)
    return HolderAsSeen(
        mask_name(certificate.holder_name), mask_id_tail(certificate.holder_id_number), masked=True
    )


def certificate_for_viewer(viewer, certificate: Certificate) -> CertificateAsSeen:
    """DESIGN.md: ID and phone numbers (and here the holder's name) are masked everywhere
    except to the issuing community's clerks."""
    holder = holder_for_viewer(viewer, certificate)
    if not holder.masked:
        return CertificateAsSeen(
            holder_name=holder.name,
            holder_id_number=holder.id_number,
            masked=False,
            facts=MappingProxyType({k: str(v) for k, v in certificate.facts.items()}),
        )
    kinds = {spec["name"]: spec["type"] for spec in certificate.template["fields"]}
    # Listings need only tell papers apart: the last four digits (docs/security.md).
    masks: dict[str, Callable[[str], str]] = {"id_number": mask_id_tail, "phone": mask_phone}
    shown = {}
    for name, value in certificate.facts.items():
        # Free text (an address, a remark) may hold a number too: scrubbed (core.text).
        mask = (
            mask_name
            if name == "holder_name"
            else masks.get(kinds.get(name, ""), scrub_personal_data)
        )
        shown[name] = mask(str(value))
    return CertificateAsSeen(
        holder_name=holder.name,
        holder_id_number=holder.id_number,
        masked=True,
        facts=MappingProxyType(shown),
    )


@dataclass(frozen=True)
class RequesterCount:
    """How many demands one requester made: a registered unit (`code` set), or a name kept
    until staff merge it (`code` empty, `name` as first typed)."""

    code: str
    name: str
    count: int


def count_refusals_by_requester(user, filters: LedgerFilter) -> list[RequesterCount]:
    """Demands per demanding unit, most first: by the linked unit, else by the kept name (rows
    from before units were linked: by their text), so that however a unit was written it is
    counted once (二(五): the basis for exposure)."""
    qs = filter_refusals(user, filters).order_by()
    units = qs.filter(requester_unit__isnull=False).values_list(
        "requester_unit__code", "requester_unit__name"
    )
    pending = qs.filter(requester_unit__isnull=True).values_list(
        Coalesce("requester_name__text", "requester")
    )
    counts = [RequesterCount(code, name, n) for code, name, n in units.annotate(n=Count("pk"))] + [
        RequesterCount("", name, n) for name, n in pending.annotate(n=Count("pk"))
    ]
    return sorted(counts, key=lambda c: (-c.count, c.name))


def count_issued_today(user) -> int:
    """Certificates issued today in the user's scope (a clerk: their community)."""
    return visible_certificates(user).filter(issued_on=timezone.localdate()).count()


def count_refusals_today(user) -> int:
    """Refusals and hand-over demands logged today in the user's scope."""
    return visible_refusals(user).filter(created_at__date=timezone.localdate()).count()
