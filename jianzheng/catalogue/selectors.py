"""Reads of the catalogue, shared by the portal, the back office and the API."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from jianzheng.catalogue.models import (
    Alternative,
    CatalogueVersion,
    CertificateItem,
    ChangeRequest,
    ItemChange,
)
from jianzheng.catalogue.permissions import visible_change_requests
from jianzheng.catalogue.search import fallback_fragments, normalize, score

Status = CertificateItem.Status


def current_version() -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(applied=True).order_by("-number").first()


def _with_details(items: QuerySet[CertificateItem]) -> QuerySet[CertificateItem]:
    return items.prefetch_related(
        "legal_bases",
        Prefetch("alternatives", queryset=Alternative.objects.select_related("handling_unit")),
    )


def listed_items() -> QuerySet[CertificateItem]:
    return CertificateItem.objects.filter(is_active=True)


def get_item(code: str) -> CertificateItem | None:
    return _with_details(listed_items()).filter(code=code).first()


def list_items(*, status: str | None = None, batch: int | None = None) -> QuerySet[CertificateItem]:
    items = listed_items().order_by("status", "national_batch", "code")
    if status:
        items = items.filter(status=status)
    if batch is not None:
        items = items.filter(national_batch=batch)
    return _with_details(items)


@dataclass
class SearchResult:
    items: list[CertificateItem]
    count: int
    query: str
    fragments: list[str] = field(default_factory=list)


def search_items(
    query: str, *, status: str | None = None, offset: int = 0, limit: int = 20, details: bool = True
) -> SearchResult:
    """`query` is already cleaned (search.clean_query). Empty lists everything by code."""
    base = listed_items()
    if status:
        base = base.filter(status=status)
    if not query:
        ordered = base.order_by("code")
        page = ordered[offset : offset + limit]
        return SearchResult(list(_with_details(page) if details else page), ordered.count(), query)
    rows = list(
        base.filter(search_text__contains=query).values_list("pk", "name", "search_text", "code")
    )
    fragments: list[str] = []
    if not rows:
        fragments = fallback_fragments(query)
        if fragments:
            condition = Q()
            for fragment in fragments:
                condition |= Q(search_text__contains=fragment)
            rows = list(base.filter(condition).values_list("pk", "name", "search_text", "code"))
    if fragments:
        ranked = sorted(rows, key=lambda r: (-sum(score(f, r[2], r[1]) for f in fragments), r[3]))
    else:
        ranked = sorted(rows, key=lambda r: (-score(query, r[2], r[1]), r[3]))
    page_ids = [r[0] for r in ranked[offset : offset + limit]]
    qs = _with_details(base) if details else base
    by_pk = qs.in_bulk(page_ids)
    return SearchResult([by_pk[pk] for pk in page_ids], len(ranked), query, fragments)


@dataclass
class CheckResult:
    decision: str  # "issue" | "do_not_issue" | "not_listed"
    item: CertificateItem | None
    refuse_unlisted: bool


def check_item_name(name: str) -> CheckResult:
    """May a community issue the proof a requester asks for? 三(三)一: off-list proofs are refused
    in this deployment when REFUSE_UNLISTED_ITEMS is on (宁夏's rule)."""
    key = normalize(name)
    item = None
    if key:
        candidates = _with_details(listed_items().filter(search_text__contains=key))
        item = next((c for c in candidates if key in _plain_keys(c)), None)
    refuse = settings.REFUSE_UNLISTED_ITEMS
    if item is None:
        return CheckResult("not_listed", None, refuse)
    decision = "issue" if item.status == Status.RETAINED else "do_not_issue"
    return CheckResult(decision, item, refuse)


def _plain_keys(item: CertificateItem) -> set[str]:
    return {normalize(t) for t in [item.name, *item.aliases, *item.keywords]}


def list_versions() -> QuerySet[CatalogueVersion]:
    return CatalogueVersion.objects.select_related("published_by").order_by("-number")


def version_changes(version: CatalogueVersion) -> QuerySet[ItemChange]:
    return version.item_changes.order_by("item_code")


def list_change_requests(user, *, status: str | None = None) -> QuerySet[ChangeRequest]:
    changes = visible_change_requests(user).select_related(
        "proposed_by__membership__unit", "reviewed_by", "decided_by", "version"
    )
    return changes.filter(status=status) if status else changes


def get_change_request(user, pk: int) -> ChangeRequest | None:
    return list_change_requests(user).filter(pk=pk).first()


def diff_payloads(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """(field, old, new) for every field that differs; the history page shows these."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
