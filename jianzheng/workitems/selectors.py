"""Reads of the lists, requests, agreements and pushes; each staff list starts from `visible_*`.
Nothing here writes (a lapsed agreement is lapsed by its date alone)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from jianzheng.accounts.permissions import counties_in_scope, membership_of
from jianzheng.core import workdays
from jianzheng.regions.models import Region, Unit
from jianzheng.workitems import permissions
from jianzheng.workitems.fields import day_text
from jianzheng.workitems.models import (
    CountySettings,
    FundingPayment,
    ServiceAgreement,
    WorkItem,
    WorkItemRequest,
    WorkPush,
)

DEFAULT_REVIEW_DAYS = 15
OPEN_STATES = WorkItemRequest.OPEN_STATES
# Who may push work onto a community (and so be named, and counted, in its refusals).
PUSHER_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE, Unit.Kind.TOWNSHIP, Unit.Kind.COUNTY)


def _above_and_self(county: Region) -> list[str]:
    parts = [p for p in county.path.split("/") if p]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def county_items(
    county: Region, *, category: str | None = None, withdrawn: bool = False
) -> QuerySet[WorkItem]:
    """The county's three lists: its own items and those of the region and city above it."""
    items = WorkItem.objects.filter(region__path__in=_above_and_self(county)).select_related(
        "department", "region", "source_request"
    )
    if not withdrawn:
        items = items.filter(is_active=True)
    return items.filter(category=category) if category else items


def find_item(county: Region, code: str) -> WorkItem | None:
    """An item of the county's lists by code, a withdrawn one too (a push naming it is refused)."""
    return county_items(county, withdrawn=True).filter(code=code.strip()).first()


def negatives_of(county: Region) -> list[WorkItem]:
    return list(county_items(county, category=WorkItem.Category.NEGATIVE))


def settings_for(county: Region) -> CountySettings:
    """The county's settings, or the defaults (15 working days, no co-sign), never saved here."""
    found = CountySettings.objects.filter(county=county).select_related("cosign_unit").first()
    return found or CountySettings(county=county, review_days=DEFAULT_REVIEW_DAYS)


# ---------------------------------------------------------------- requests


def list_requests(user, *, state: str | None = None) -> QuerySet[WorkItemRequest]:
    rows = permissions.visible_requests(user).select_related(
        "department", "county", "negative_item", "decided_by", "cosigned_by"
    )
    if state == "overdue":
        return rows.filter(state__in=OPEN_STATES, deadline__lt=workdays.today())
    return rows.filter(state=state) if state else rows


def count_waiting(user) -> int:
    """Requests this reviewer's county still has to decide or review (the dashboard's count)."""
    return list_requests(user).filter(state__in=OPEN_STATES).count()


def get_request(user, pk: int) -> WorkItemRequest | None:
    return list_requests(user).filter(pk=pk).first()


def is_overdue(request: WorkItemRequest, on: dt.date | None = None) -> bool:
    """Still waiting for a decision (or an emergency for its review) after its deadline."""
    return (
        request.is_open
        and request.deadline is not None
        and request.deadline < (on or workdays.today())
    )


def agreement_of(request: WorkItemRequest) -> ServiceAgreement | None:
    return ServiceAgreement.objects.filter(request=request).select_related("document").first()


# ---------------------------------------------------------------- agreements


def _paid() -> Subquery:
    """What is recorded paid on an agreement, as a subquery: a GROUP BY beside the registry row
    (select_related "document") fails on PostgreSQL, whose key is (id, county_code) there."""
    payments = FundingPayment.objects.filter(agreement=OuterRef("pk")).order_by()
    return Subquery(payments.values("agreement").annotate(total=Sum("amount")).values("total"))


def list_agreements(
    user, *, community: str = "", department: str = ""
) -> QuerySet[ServiceAgreement]:
    rows = (
        permissions.visible_agreements(user)
        .select_related("department", "work_item", "document", "approved_by_unit", "request")
        .prefetch_related("communities")
        .annotate(paid=_paid())
    )
    if community:
        rows = rows.filter(communities__code=community)
    if department:
        rows = rows.filter(department__code=department)
    return rows.distinct()


def get_agreement(user, number: str) -> ServiceAgreement | None:
    return list_agreements(user).filter(number=number).first()


def agreement_state(agreement: ServiceAgreement, on: dt.date | None = None) -> str:
    on = on or workdays.today()
    if agreement.document.revoked_at is not None:
        return "revoked"
    if on > agreement.term_end:
        return "lapsed"
    if on < agreement.term_start:
        return "pending"
    return "in_force"


AGREEMENT_STATES = {
    "in_force": "有效",
    "pending": "尚未生效",
    "lapsed": "已到期失效",
    "revoked": "已撤销",
}


@dataclass(frozen=True)
class FundingRow:
    department: Unit
    agreements: int
    promised: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.promised - self.paid


def yuan(value) -> Decimal:
    """Sums in yuan to the fen, as every database returns them (SQLite drops the places)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def funding_by_department(user) -> list[FundingRow]:
    """费随事转: per department, the funding its agreements promise and what is recorded paid."""
    agreements = permissions.visible_agreements(user)
    promised = {
        row["department"]: row
        for row in agreements.values("department").annotate(
            n=Count("pk", distinct=True), total=Sum("funding_amount")
        )
    }
    paid = dict(
        agreements.values("department")
        .annotate(total=Sum("payments__amount"))
        .values_list("department", "total")
    )
    units = Unit.objects.in_bulk(list(promised))
    rows = [
        FundingRow(
            department=units[pk],
            agreements=row["n"],
            promised=yuan(row["total"]),
            paid=yuan(paid.get(pk)),
        )
        for pk, row in promised.items()
    ]
    return sorted(rows, key=lambda r: (-(r.promised - r.paid), r.department.code))


# ---------------------------------------------------------------- pushes


def list_pushes(user, *, department: str = "", decision: str = "") -> QuerySet[WorkPush]:
    rows = permissions.visible_pushes(user).select_related(
        "community", "department", "work_item", "agreement", "cited_item", "recorded_by"
    )
    if department:
        rows = rows.filter(department__code=department)
    return rows.filter(decision=decision) if decision else rows


@dataclass(frozen=True)
class RankRow:
    department: Unit
    refused: int
    pushes: int


def refusal_ranking(user, *, county: Region | None = None) -> list[RankRow]:
    """基层减负 supervision: departments by the pushes communities refused, most first."""
    rows = permissions.visible_pushes(user)
    if county is not None:
        rows = rows.filter(community__region__path__startswith=county.path)
    counted = (
        rows.values("department")
        .annotate(
            refused=Count("pk", filter=Q(decision=WorkPush.Decision.REFUSED)),
            pushes=Count("pk"),
        )
        .filter(refused__gt=0)
    )
    units = Unit.objects.in_bulk([row["department"] for row in counted])
    ranked = [RankRow(units[r["department"]], r["refused"], r["pushes"]) for r in counted]
    return sorted(ranked, key=lambda r: (-r.refused, r.department.code))


# ---------------------------------------------------------------- the community's side


@dataclass(frozen=True)
class AdmittedWork:
    item: WorkItem
    agreements: list[ServiceAgreement]


def admitted_work(community: Unit) -> list[AdmittedWork]:
    """What this community may be asked to do: the assistance items of its county's list and the
    items admitted for it, each with the agreements that cover it (lapsed ones included)."""
    from jianzheng.regions.selectors import county_of

    county = county_of(community.region)
    covering = Prefetch(
        "agreements",
        queryset=ServiceAgreement.objects.filter(communities=community)
        .select_related("department", "document")
        .annotate(paid=_paid()),
        to_attr="covering",
    )
    items = county_items(county, category=WorkItem.Category.ASSISTANCE).prefetch_related(
        covering, "source_request__communities"
    )
    work = []
    for item in items:
        request = item.source_request
        if request is not None and community not in request.communities.all():
            continue
        work.append(AdmittedWork(item, list(getattr(item, "covering", []))))
    return work


def own_community(user) -> Unit | None:
    membership = membership_of(user)
    if membership is None or membership.unit.kind != Unit.Kind.COMMUNITY:
        return None
    return membership.unit


def county_of_user(user) -> Region | None:
    found = counties_in_scope(user)
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------- verification


def describe_agreement(document) -> list[tuple[str, str]]:
    """The public page's rows for a 社区服务协议: parties, term, and whether it is still in force
    (an expired one says so in words; documents also marks it expired by its valid-until date)."""
    agreement = (
        ServiceAgreement.objects.filter(document=document)
        .select_related("department", "work_item")
        .first()
    )
    if agreement is None:
        return []
    state = agreement_state(agreement)
    status = AGREEMENT_STATES[state]
    if state == "lapsed":
        status = f"已于{day_text(agreement.term_end)}到期失效，续签须重新申请准入"
    return [
        ("协助事项", agreement.work_item.name),
        ("甲方", agreement.department.name),
        ("乙方", "、".join(c.name for c in agreement.communities.all())),
        ("服务经费", f"{agreement.funding_amount} 元（{agreement.funding_method}）"),
        ("协议期限", f"{day_text(agreement.term_start)}至{day_text(agreement.term_end)}"),
        ("协议状态", status),
    ]


def pusher_units(county: Region) -> QuerySet[Unit]:
    """The units of the county (and above it) that push work onto its communities."""
    above = _above_and_self(county)
    return Unit.objects.filter(
        Q(region__path__startswith=county.path) | Q(region__path__in=above),
        kind__in=PUSHER_KINDS,
        is_active=True,
    ).order_by("kind", "code")


def requestable_communities(user) -> QuerySet[Unit]:
    """The communities the user's unit may ask help of: a township's own, a department's county's."""
    from jianzheng.regions.selectors import county_of

    membership = membership_of(user)
    if membership is None:
        return Unit.objects.none()
    unit = membership.unit
    top = unit.region if unit.kind == Unit.Kind.TOWNSHIP else county_of(unit.region)
    return Unit.objects.filter(
        kind=Unit.Kind.COMMUNITY, is_active=True, region__path__startswith=top.path
    ).order_by("code")
