"""Reads of the catalogue, shared by the portal, the back office and the API."""

import time
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet

from jianzheng.catalogue.models import (
    Alternative,
    CatalogueVersion,
    CertificateItem,
    ChangeRequest,
    ItemChange,
)
from jianzheng.catalogue.permissions import visible_change_requests
from jianzheng.catalogue.search import Entry, SearchIndex, normalize
from jianzheng.catalogue.services import bring_due_versions_into_force

Status = CertificateItem.Status


def current_version() -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(applied=True).order_by("-number").first()


def _with_details(items: QuerySet[CertificateItem]) -> QuerySet[CertificateItem]:
    return items.select_related("version").prefetch_related(
        "legal_bases",
        Prefetch("alternatives", queryset=Alternative.objects.select_related("handling_unit")),
    )


def listed_items() -> QuerySet[CertificateItem]:
    return CertificateItem.objects.filter(is_active=True)


def get_item(code: str) -> CertificateItem | None:
    """By code; people type codes in any case."""
    return _with_details(listed_items()).filter(code__iexact=code.strip()).first()


def items_named(name: str) -> list[CertificateItem]:
    """Listed items whose code, name, alias or colloquial keyword is exactly `name`, from the
    best tier that has any (a name beats an alias beats a keyword), by code."""
    key = normalize(name)
    if not key:
        return []
    candidates = list(
        _with_details(listed_items().filter(search_text__contains=key)).order_by("code")
    )
    tiers = (
        lambda c: {normalize(c.code)},
        lambda c: {normalize(c.name)},
        lambda c: {normalize(a) for a in c.aliases},
        lambda c: {normalize(k) for k in c.keywords},
    )
    for keys_of in tiers:
        hits = [c for c in candidates if key in keys_of(c)]
        if hits:
            return hits
    return []


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
    version: CatalogueVersion | None = None


@dataclass(frozen=True)
class _State:
    key: tuple
    version: CatalogueVersion | None
    index: SearchIndex
    checked_at: float


_state: _State | None = None


def catalogue_state() -> _State:
    """The version in force and the search index, held per process. Items change only when a
    catalogue version is applied (三(四)), so the latest applied version (plus the item count, for
    repairs made outside the change flow) says when to rebuild; a search then scans memory."""
    global _state
    now = time.monotonic()
    # How stale a process's index may be after a version takes effect in another process.
    if _state is not None and now - _state.checked_at < settings.SEARCH_INDEX_TTL:
        return _state
    bring_due_versions_into_force()
    version = current_version()
    applied = CatalogueVersion.objects.filter(applied=True).aggregate(n=Count("id"), m=Max("pk"))
    key = (
        applied["n"],
        applied["m"],
        version.published_at if version else None,
        listed_items().count(),
    )
    if _state is None or _state.key != key:
        rows = (
            listed_items()
            .order_by("code")
            .values_list("pk", "code", "name", "status", "search_text", "aliases", "national_batch")
        )
        entries = tuple(
            Entry.of(pk, code, name, status, text, item_summary(code, name, status, aliases, batch))
            for pk, code, name, status, text, aliases, batch in rows
        )
        _state = _State(key, version, SearchIndex(entries), now)
    else:
        _state = replace(_state, checked_at=now)
    return _state


def item_summary(
    code: str, name: str, status: str, aliases: list[str], national_batch: int | None
) -> dict:
    """A search hit as the API sends it (catalogue.schemas.ItemSummaryOut)."""
    return {
        "code": code,
        "name": name,
        "status": status,
        "status_label": Status(status).label,
        "community_may_issue": status == Status.RETAINED,
        "aliases": list(aliases),
        "national_batch": national_batch,
        "url": f"/items/{code}",
    }


def search_summaries(
    query: str, *, status: str | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[dict], int, CatalogueVersion | None]:
    """(hits on the page, total hits, version in force), answered from memory."""
    state = catalogue_state()
    ranked, _ = state.index.rank(query, status)
    return [e.summary for e in ranked[offset : offset + limit]], len(ranked), state.version


def search_items(
    query: str, *, status: str | None = None, offset: int = 0, limit: int = 20, details: bool = True
) -> SearchResult:
    """`query` is already cleaned (search.clean_query). Empty lists everything by code."""
    state = catalogue_state()
    ranked, fragments = state.index.rank(query, status)
    page_ids = [e.pk for e in ranked[offset : offset + limit]]
    items = _with_details(listed_items()) if details else listed_items()
    by_pk = items.in_bulk(page_ids)
    return SearchResult(
        [by_pk[pk] for pk in page_ids if pk in by_pk],
        len(ranked),
        query,
        fragments,
        state.version,
    )


@dataclass
class CheckResult:
    decision: str  # "issue" | "do_not_issue" | "not_listed"
    item: CertificateItem | None
    refuse_unlisted: bool


def check_item_name(name: str) -> CheckResult:
    """May a community issue the proof a requester asks for? 三(三)一: off-list proofs are refused
    in this deployment when REFUSE_UNLISTED_ITEMS is on (宁夏's rule)."""
    matches = items_named(name)
    item = matches[0] if matches else None
    refuse = settings.REFUSE_UNLISTED_ITEMS
    if item is None:
        return CheckResult("not_listed", None, refuse)
    decision = "issue" if item.status == Status.RETAINED else "do_not_issue"
    return CheckResult(decision, item, refuse)


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
