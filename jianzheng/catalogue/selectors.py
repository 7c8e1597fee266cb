"""Reads of the catalogue, shared by the portal, the back office, the API and every other area.

The door is `item_in_force(name_or_code, county=…, on=date)`: what a county's list in force says
about a proof on a day (the county's rows on top of the region's and the nation's, catalogue.layers). Item rows are written once, when a version is published, and what is in force follows from the
versions' effective dates alone (永民发〔2020〕91号 三(四)), so no read ever writes and no reader is
stale on the day a version takes effect."""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from jianzheng.catalogue import layers
from jianzheng.catalogue.models import (
    Alternative,
    Catalogue,
    CatalogueVersion,
    CertificateItem,
    ChangeRequest,
    ItemChange,
)
from jianzheng.catalogue.permissions import visible_change_requests
from jianzheng.catalogue.search import normalize
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import counties, county_of, default_county

Status = CertificateItem.Status

# 永民发〔2020〕91号 三(三)一, word for word where the UI and the API quote it.
UNLISTED_RULE = "对未纳入清单的证明事项，村（社区）一律不再出具或配合出具"

DECISION_MESSAGES = {
    "issue": "保留事项：社区（村）可以据实出具。",
    "do_not_issue": "已取消：社区（村）不再出具，请按替代方式办理。",
    "not_listed": "未纳入证明事项清单。",
}


def resolve_county(county: Region | None = None) -> Region | None:
    """The county whose list answers: the one asked for, else the deployment's default. None
    only before any county is loaded (the nation's list alone answers then)."""
    if county is not None:
        return county
    now = time.monotonic()
    held = _default_held.get("county")
    # Held as long as a list is (SEARCH_INDEX_TTL): a portal request costs no query for it.
    if held is not None and now - held[1] < settings.SEARCH_INDEX_TTL:
        found, several = held[0]
    else:
        found = default_county()
        several = found is None and counties().exists()
        _default_held["county"] = ((found, several), now)
    if several:
        raise RuleViolation("county_required", "请选择县（市、区）", field="county")
    return found


_default_held: dict[str, tuple[tuple[Region | None, bool], float]] = {}


def _state(county: Region | None, on: dt.date | None) -> layers.LayeredState:
    return layers.state_for(resolve_county(county), on or timezone.localdate(), item_summary)


def current_version(
    on: dt.date | None = None, *, county: Region | None = None
) -> CatalogueVersion | None:
    """The latest version in force on `on` (today) of the county's own list (else of the nearest
    list above it, while the county has published none)."""
    return _state(county, on).version


def catalogue_of(region: Region | None) -> Catalogue | None:
    """The catalogue a region node owns (the nation's for None), if it has been created."""
    if region is None:
        return Catalogue.objects.filter(level=Catalogue.Level.NATION).first()
    return Catalogue.objects.select_related("region").filter(region=region).first()


def catalogues_above(catalogue: Catalogue) -> list[Catalogue]:
    """The catalogues a row of `catalogue` lies under, nearest first (a county: region, nation)."""
    if catalogue.level == Catalogue.Level.NATION:
        return []
    assert catalogue.region is not None
    codes = catalogue.region.path.strip("/").split("/")[:-1]
    above = Catalogue.objects.select_related("region").filter(
        Q(level=Catalogue.Level.NATION) | Q(region__code__in=codes)
    )
    return sorted(above, key=lambda c: (-c.rank, -len(c.region.code) if c.region else 0))


def _with_details(items: QuerySet[CertificateItem]) -> QuerySet[CertificateItem]:
    return items.select_related("version__catalogue__region").prefetch_related(
        "legal_bases",
        Prefetch("alternatives", queryset=Alternative.objects.select_related("handling_unit")),
    )


def items_in_force(
    on: dt.date | None = None, *, county: Region | None = None
) -> QuerySet[CertificateItem]:
    """The items on the county's list on `on` (today), one row per code, each from the catalogue
    whose row stands (catalogue.layers)."""
    return CertificateItem.objects.filter(pk__in=_state(county, on).pks)


def items_in_force_under(
    region: Region | None, on: dt.date | None = None
) -> QuerySet[CertificateItem]:
    """What the lists of every county at or below `region` hold (one county's for a county or a
    place in it): the ledger filters of staff above county level span them all."""
    if region is None or region.level not in (Region.Level.PROVINCE, Region.Level.CITY):
        return items_in_force(on, county=county_of(region) if region else None)
    day = on or timezone.localdate()
    pks: set[int] = set()
    for county in counties().filter(path__startswith=region.path):
        pks |= layers.state_for(county, day, item_summary).pks
    return CertificateItem.objects.filter(pk__in=pks)


def items_of(catalogue: Catalogue, on: dt.date | None = None) -> QuerySet[CertificateItem]:
    """The list in force down to `catalogue`: the nation's alone, the region's on the nation's,
    or a county's on both."""
    state = layers.state_for(catalogue.region, on or timezone.localdate(), item_summary)
    return CertificateItem.objects.filter(pk__in=state.pks)


def get_item(
    code: str, *, county: Region | None = None, on: dt.date | None = None
) -> CertificateItem | None:
    """The item in force by code; people type codes in any case. No code holds a NUL, and
    PostgreSQL refuses one in a query: such text finds nothing."""
    if "\x00" in code:
        return None
    items = items_in_force(on, county=county)
    return _with_details(items).filter(code__iexact=code.strip()).first()


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
    # The county whose list answered (None before any county is loaded).
    county: Region | None = None

    @property
    def source(self) -> Catalogue | None:
        """The catalogue the answering row came from: its `level` and `label`."""
        return self.item.version.catalogue if self.item else None

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
    """The one door into the catalogue: by code, else by exact name, alias or colloquial name,
    on the county's list (None: the default county). A name that several items answer to is the
    asker's to settle (RuleViolation naming them)."""
    on = on or timezone.localdate()
    county = resolve_county(county)
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
    return InForce(asked, found, _state(county, on).version, on, county)


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
    state = _state(county, None)
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
    state = _state(county, None)
    ranked, fragments = state.index.rank(query, status)
    page_ids = [e.pk for e in ranked[offset : offset + limit]]
    items = _with_details(CertificateItem.objects.all()) if details else CertificateItem.objects
    by_pk = items.in_bulk(page_ids)
    return SearchResult(
        [by_pk[pk] for pk in page_ids if pk in by_pk], len(ranked), query, fragments, state.version
    )


def latest_item(code: str, *, catalogue: Catalogue | None) -> CertificateItem | None:
    """The newest row for `code` in any published version of `catalogue`, in force yet or not:
    what a change request is measured against."""
    rows = CertificateItem.objects.filter(code=code, version__catalogue=catalogue)
    return _with_details(rows).order_by("-version__number").first()


def standing_above(code: str, catalogue: Catalogue) -> CertificateItem | None:
    """The row a catalogue's own row of `code` lies on: the nearest list above whose newest row of
    it is on the list (published, in force yet or not), a cancellation anywhere above first."""
    standing = [
        row
        for above in catalogues_above(catalogue)
        if (row := latest_item(code, catalogue=above)) is not None and row.is_active
    ]
    cancelled = [row for row in standing if row.status == Status.CANCELLED]
    return (cancelled or standing)[0] if standing else None


def cancelled_above_named(name: str, catalogue: Catalogue) -> CertificateItem | None:
    """A row cancelled above `catalogue` that goes by `name` (its name or an alias): a county may
    not retain it under another code either (三(三)一)."""
    key = normalize(name)
    for above in catalogues_above(catalogue):
        rows = CertificateItem.objects.filter(
            version__catalogue=above, search_text__contains=key
        ).select_related("version__catalogue__region")
        latest: dict[str, CertificateItem] = {}
        for row in rows.order_by("code", "version__number"):
            latest[row.code] = row
        for row in latest.values():
            names = {normalize(row.name), *(normalize(a) for a in row.aliases)}
            if row.is_active and row.status == Status.CANCELLED and key in names:
                return row
    return None


def list_versions(
    *, catalogue: Catalogue | None = None, county: Region | None = None
) -> QuerySet[CatalogueVersion]:
    """The versions of `catalogue` (default: the county's own list), newest first."""
    if catalogue is None:
        catalogue = catalogue_of(resolve_county(county))
    versions = CatalogueVersion.objects.filter(catalogue=catalogue) if catalogue else None
    if versions is None:
        return CatalogueVersion.objects.none()
    return versions.select_related("published_by", "catalogue__region").order_by("-number")


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
