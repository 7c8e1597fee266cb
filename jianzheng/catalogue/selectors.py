"""Reads of the catalogue, shared by the portal, the back office, the API and every other area.

The door is `item_in_force(name_or_code, on=date)`: what the list in force says about a proof on a
day. Item rows are written once, when a version is published, and what is in force follows from the
versions' effective dates alone (永民发〔2020〕91号 三(四)), so no read ever writes and no reader is
stale on the day a version takes effect."""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from jianzheng.catalogue.models import (
    Alternative,
    CatalogueVersion,
    CertificateItem,
    ChangeRequest,
    ItemChange,
)
from jianzheng.catalogue.permissions import visible_change_requests
from jianzheng.catalogue.search import Entry, SearchIndex, normalize
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import default_county

Status = CertificateItem.Status

# 永民发〔2020〕91号 三(三)一, word for word where the UI and the API quote it.
UNLISTED_RULE = "对未纳入清单的证明事项，村（社区）一律不再出具或配合出具"

DECISION_MESSAGES = {
    "issue": "保留事项：社区（村）可以据实出具。",
    "do_not_issue": "已取消：社区（村）不再出具，请按替代方式办理。",
    "not_listed": "未纳入证明事项清单。",
}


def _county(county: Region | None) -> Region:
    """PASS-THROUGH until the layered catalogue (branch `layers`) replaces it: the county a read
    is for (contract: None → default_county(), else county_required). The list is still one."""
    county = county or default_county()
    if county is None:
        raise RuleViolation("county_required", "请选择县（市、区）", field="county")
    return county


def current_version(
    on: dt.date | None = None, *, county: Region | None = None
) -> CatalogueVersion | None:
    """The latest version in force on `on` (today)."""
    _county(county)
    on = on or timezone.localdate()
    return CatalogueVersion.objects.filter(effective_date__lte=on).order_by("-number").first()


@dataclass(frozen=True)
class _State:
    """The list in force on one day, held per process: which row stands for each code, and the
    search index over them. Rows never change once written, so the latest version number and the
    day say when to rebuild."""

    key: tuple
    version: CatalogueVersion | None
    pks: frozenset[int]
    index: SearchIndex
    checked_at: float


_states: dict[dt.date, _State] = {}


def _state_on(on: dt.date | None = None) -> _State:
    on = on or timezone.localdate()
    now = time.monotonic()
    cached = _states.get(on)
    # How long a process may miss a version published in another process that is in force today.
    if cached is not None and now - cached.checked_at < settings.SEARCH_INDEX_TTL:
        return cached
    # Published rows never change, so the newest version (its moment too: numbers repeat when a
    # test's transaction is rolled back) and the day say whether the held list is still true.
    latest = CatalogueVersion.objects.aggregate(n=Max("number"), at=Max("published_at"))
    key = (latest["n"], latest["at"], on)
    if cached is not None and cached.key == key:
        state = _State(key, cached.version, cached.pks, cached.index, now)
    else:
        state = _build_state(key, on, now)
    if len(_states) > 8:
        _states.clear()
    _states[on] = state
    return state


def _build_state(key: tuple, on: dt.date, now: float) -> _State:
    rows = (
        CertificateItem.objects.filter(version__effective_date__lte=on)
        .order_by("code", "version__number")
        .values_list(
            "pk", "code", "name", "status", "search_text", "aliases", "national_batch", "is_active"
        )
    )
    latest_row: dict[str, tuple] = {}
    for row in rows:
        latest_row[row[1]] = row  # ordered by version: the last row of a code is in force
    entries = tuple(
        Entry.of(pk, code, name, status, text, item_summary(code, name, status, aliases, batch))
        for pk, code, name, status, text, aliases, batch, active in sorted(
            latest_row.values(), key=lambda r: r[1]
        )
        if active
    )
    version = CatalogueVersion.objects.filter(effective_date__lte=on).order_by("-number").first()
    return _State(key, version, frozenset(e.pk for e in entries), SearchIndex(entries), now)


def _with_details(items: QuerySet[CertificateItem]) -> QuerySet[CertificateItem]:
    return items.select_related("version").prefetch_related(
        "legal_bases",
        Prefetch("alternatives", queryset=Alternative.objects.select_related("handling_unit")),
    )


def items_in_force(
    on: dt.date | None = None, *, county: Region | None = None
) -> QuerySet[CertificateItem]:
    """The items on the list on `on` (today), one row per code."""
    _county(county)
    return CertificateItem.objects.filter(pk__in=_state_on(on).pks)


def get_item(
    code: str, *, county: Region | None = None, on: dt.date | None = None
) -> CertificateItem | None:
    """The item in force by code; people type codes in any case."""
    return (
        _with_details(items_in_force(on, county=county)).filter(code__iexact=code.strip()).first()
    )


def items_named(
    name: str, *, county: Region | None = None, on: dt.date | None = None
) -> list[CertificateItem]:
    """Items in force whose code, name, alias or colloquial keyword is exactly `name`, from the best
    tier that has any (a name beats an alias beats a keyword), by code."""
    key = normalize(name)
    if not key:
        return []
    candidates = list(
        _with_details(items_in_force(on, county=county).filter(search_text__contains=key)).order_by(
            "code"
        )
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


@dataclass(frozen=True)
class InForce:
    """What the list in force says about one proof a requester asks for."""

    asked_for: str
    item: CertificateItem | None
    version: CatalogueVersion | None
    on: dt.date

    @property
    def decision(self) -> str:
        if self.item is None:
            return "not_listed"
        return "issue" if self.item.is_retained else "do_not_issue"

    @property
    def alternatives(self) -> list[Alternative]:
        return list(self.item.alternatives.all()) if self.item else []

    @property
    def refuses_unlisted(self) -> bool:
        """三(三)一 as 宁夏 applies it: off-list proofs are refused, not merely unlisted."""
        return self.item is None and settings.REFUSE_UNLISTED_ITEMS

    @property
    def message(self) -> str:
        message = DECISION_MESSAGES[self.decision]
        if self.refuses_unlisted:
            message += f"按规定，{UNLISTED_RULE.removeprefix('对')}。"
        return message


def item_in_force(
    name_or_code: str,
    *,
    county: Region | None = None,
    on: dt.date | None = None,
    field: str = "item",
) -> InForce:
    """The one door into the catalogue: by code, else by exact name, alias or colloquial name.
    A name that several items answer to is the asker's to settle (RuleViolation naming them)."""
    on = on or timezone.localdate()
    asked = name_or_code.strip()
    found = get_item(asked, county=county, on=on)
    if found is None:
        matches = items_named(asked, county=county, on=on)
        if len(matches) > 1:
            names = "、".join(f"{m.name}（{m.code}）" for m in matches)
            raise RuleViolation(
                "ambiguous_item",
                f"有多个证明事项与“{asked}”相符：{names}，请选其一",
                field=field,
                details={"candidates": [{"code": m.code, "name": m.name} for m in matches]},
            )
        found = matches[0] if matches else None
    return InForce(asked, found, _state_on(on).version, on)


def list_items(
    *,
    county: Region | None = None,
    status: str | None = None,
    batch: int | None = None,
    on: dt.date | None = None,
) -> QuerySet[CertificateItem]:
    items = items_in_force(on, county=county).order_by("status", "national_batch", "code")
    if status:
        items = items.filter(status=status)
    if batch is not None:
        items = items.filter(national_batch=batch)
    return _with_details(items)


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


@dataclass
class SearchResult:
    items: list[CertificateItem]
    count: int
    query: str
    fragments: list[str] = field(default_factory=list)
    version: CatalogueVersion | None = None


def search_summaries(
    query: str,
    *,
    county: Region | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[dict], int, CatalogueVersion | None]:
    """(hits on the page, total hits, version in force), answered from memory."""
    _county(county)
    state = _state_on()
    ranked, _ = state.index.rank(query, status)
    return [e.summary for e in ranked[offset : offset + limit]], len(ranked), state.version


def search_items(
    query: str,
    *,
    county: Region | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 20,
    details: bool = True,
) -> SearchResult:
    """`query` is already cleaned (search.clean_query). Empty lists everything by code."""
    _county(county)
    state = _state_on()
    ranked, fragments = state.index.rank(query, status)
    page_ids = [e.pk for e in ranked[offset : offset + limit]]
    items = _with_details(CertificateItem.objects.all()) if details else CertificateItem.objects
    by_pk = items.in_bulk(page_ids)
    return SearchResult(
        [by_pk[pk] for pk in page_ids if pk in by_pk], len(ranked), query, fragments, state.version
    )


def latest_item(code: str) -> CertificateItem | None:
    """The newest row for `code` in any published version, in force yet or not: what a change
    request is measured against."""
    return (
        _with_details(CertificateItem.objects.filter(code=code))
        .order_by("-version__number")
        .first()
    )


def list_versions() -> QuerySet[CatalogueVersion]:
    return CatalogueVersion.objects.select_related("published_by").order_by("-number")


def version_changes(version: CatalogueVersion) -> QuerySet[ItemChange]:
    return version.item_changes.order_by("item_code")


def list_change_requests(user, *, status: str | None = None) -> QuerySet[ChangeRequest]:
    changes = visible_change_requests(user).select_related(
        "proposed_by__membership__unit", "reviewed_by", "decided_by", "version"
    )
    return changes.filter(status=status) if status else changes


def count_open_change_requests(user) -> int:
    """Requests this user can see that still wait for review or approval (待审核、待批准)."""
    waiting = (ChangeRequest.Status.PROPOSED, ChangeRequest.Status.REVIEWED)
    return visible_change_requests(user).filter(status__in=waiting).count()


def get_change_request(user, pk: int) -> ChangeRequest | None:
    return list_change_requests(user).filter(pk=pk).first()


def diff_payloads(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """(field, old, new) for every field that differs; the history page shows these."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
