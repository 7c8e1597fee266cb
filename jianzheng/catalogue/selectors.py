"""Reads of the catalogue, shared by the portal, the back office and the API."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet

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
    return items.select_related("version").prefetch_related(
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


@dataclass(frozen=True)
class _Entry:
    pk: int
    code: str
    name: str
    status: str
    search_text: str


_index: dict = {"key": None, "entries": ()}


def _search_index() -> tuple[_Entry, ...]:
    """Every listed item's search keys, held per process. Items change only when a catalogue
    version is applied (三(四)), so the latest applied version (and, for repairs made outside
    the change flow, the item count) tells when to rebuild; a search then scans memory, not rows."""
    version = (
        CatalogueVersion.objects.filter(applied=True)
        .order_by("-number")
        .values_list("number", "published_at")
        .first()
    )
    key = (version, listed_items().count())
    if _index["key"] != key:
        rows = (
            listed_items()
            .order_by("code")
            .values_list("pk", "code", "name", "status", "search_text")
        )
        _index["entries"] = tuple(_Entry(*row) for row in rows)
        _index["key"] = key
    return _index["entries"]


def search_items(
    query: str, *, status: str | None = None, offset: int = 0, limit: int = 20, details: bool = True
) -> SearchResult:
    """`query` is already cleaned (search.clean_query). Empty lists everything by code."""
    entries = [e for e in _search_index() if not status or e.status == status]
    fragments: list[str] = []
    if not query:
        ranked = entries
    else:
        hits = [e for e in entries if query in e.search_text]
        if hits:
            ranked = sorted(hits, key=lambda e: (-score(query, e.search_text, e.name), e.code))
        else:
            fragments = fallback_fragments(query)
            scored = (
                [(sum(score(f, e.search_text, e.name) for f in fragments), e) for e in entries]
                if fragments
                else []
            )
            ranked = [
                e for points, e in sorted(scored, key=lambda p: (-p[0], p[1].code)) if points > 0
            ]
    page_ids = [e.pk for e in ranked[offset : offset + limit]]
    items = _with_details(listed_items()) if details else listed_items()
    by_pk = items.select_related("version").in_bulk(page_ids)
    return SearchResult(
        [by_pk[pk] for pk in page_ids if pk in by_pk], len(ranked), query, fragments
    )


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
