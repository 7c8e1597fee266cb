"""A county's list in force, computed from the catalogues above it (永民发〔2020〕91号 二(二)、
三(三)一、三(四)): the nation's first batch, overlaid by the region's list, overlaid by the county's
own. Each catalogue contributes its latest row per code from the versions in force on the day; a
removal row takes the catalogue's own row away, so the row above shows through; and an item
cancelled above wins over a row below that would retain it, even when the cancellation comes later
than the retained row (the write rules refuse it too, catalogue.services).

The merged list is held per process per (county, day), like the one-county list before it: rows
never change once written, so the newest version of each catalogue in the chain and the day say
when to rebuild, and a request costs one small query at most once per SEARCH_INDEX_TTL."""

import datetime as dt
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Max, Q

from jianzheng.catalogue.models import Catalogue, CatalogueVersion, CertificateItem
from jianzheng.catalogue.search import Entry, SearchIndex
from jianzheng.regions.models import Region

Status = CertificateItem.Status

# (pk, code, name, status, search_text, aliases, national_batch, is_active)
Row = tuple
ROW_FIELDS = (
    "pk",
    "code",
    "name",
    "status",
    "search_text",
    "aliases",
    "national_batch",
    "is_active",
)


@dataclass(frozen=True)
class LayeredState:
    """The list one county shows on one day: which row stands for each code, the catalogue each
    row came from, the version the county's list is at, and the search index over the rows."""

    key: tuple
    county: Region | None
    chain: tuple[Catalogue, ...]
    version: CatalogueVersion | None
    pks: frozenset[int]
    index: SearchIndex
    checked_at: float


_states: dict[tuple[int, dt.date], LayeredState] = {}
# (catalogue pk, day) → (its newest version key, {code: row}); shared by every county below it.
_layers: dict[tuple[int, dt.date], tuple[tuple, dict[str, Row]]] = {}


def _chain_filter(county: Region | None, prefix: str = "") -> Q:
    """The catalogues above and of `county`: the nation's, and those of the regions on its path
    (a deployment with no county yet reads the nation's alone)."""
    codes = county.path.strip("/").split("/") if county else []
    return Q(**{f"{prefix}level": Catalogue.Level.NATION}) | Q(
        **{f"{prefix}region__code__in": codes}
    )


def state_for(county: Region | None, on: dt.date, summary) -> LayeredState:
    """`summary(code, name, status, aliases, batch)` builds a hit as the API sends it."""
    now = time.monotonic()
    slot = (county.pk if county else 0, on)
    cached = _states.get(slot)
    # How long a process may miss a version published in another process that is in force today.
    if cached is not None and now - cached.checked_at < settings.SEARCH_INDEX_TTL:
        return cached
    # Published rows never change, so each catalogue's newest version (its moment too: numbers
    # repeat when a test's transaction is rolled back) and the day say whether the list is true.
    newest = (
        CatalogueVersion.objects.filter(_chain_filter(county, "catalogue__"))
        .values("catalogue_id")
        .annotate(n=Max("number"), at=Max("published_at"))
        .order_by("catalogue_id")
        .values_list("catalogue_id", "n", "at")
    )
    key = (tuple(newest), on)
    if cached is not None and cached.key == key:
        state = replace(cached, checked_at=now)
    else:
        state = _build(county, key, on, now, summary)
    if len(_states) > 512:
        _states.clear()
    _states[slot] = state
    return state


def _build(county: Region | None, key: tuple, on: dt.date, now: float, summary) -> LayeredState:
    chain = tuple(
        sorted(
            Catalogue.objects.filter(_chain_filter(county)).select_related("region"),
            key=lambda c: (c.rank, len(c.region.code) if c.region else 0),
        )
    )
    newest = {catalogue_pk: (n, at) for catalogue_pk, n, at in key[0]}
    merged: dict[str, tuple[Row, Catalogue]] = {}
    for catalogue in chain:
        for code, row in _layer(catalogue, newest.get(catalogue.pk), on).items():
            above = merged.get(code)
            if row[7] is False:
                continue  # a removal takes away only this catalogue's own row
            if above is not None and above[0][3] == Status.CANCELLED and row[3] == Status.RETAINED:
                continue  # 三(三)一: cancelled above wins, whenever it was cancelled
            merged[code] = (row, catalogue)
    entries = tuple(
        Entry.of(pk, code, name, status, text, summary(code, name, status, aliases, batch))
        for (pk, code, name, status, text, aliases, batch, _), _c in sorted(
            merged.values(), key=lambda pair: pair[0][1]
        )
    )
    return LayeredState(
        key=key,
        county=county,
        chain=chain,
        version=_version_of(chain, on),
        pks=frozenset(e.pk for e in entries),
        index=SearchIndex(entries),
        checked_at=now,
    )


def _layer(catalogue: Catalogue, newest, on: dt.date) -> dict[str, Row]:
    """The latest row per code of one catalogue's versions in force on `on`, removals included."""
    cached = _layers.get((catalogue.pk, on))
    if cached is not None and cached[0] == newest:
        return cached[1]
    rows = (
        CertificateItem.objects.filter(
            version__catalogue=catalogue, version__effective_date__lte=on
        )
        .order_by("code", "version__number")
        .values_list(*ROW_FIELDS)
    )
    latest: dict[str, Row] = {}
    for row in rows:
        latest[row[1]] = row  # ordered by version: the last row of a code is in force
    if len(_layers) > 512:
        _layers.clear()
    _layers[(catalogue.pk, on)] = (newest, latest)
    return latest


def _version_of(chain: tuple[Catalogue, ...], on: dt.date) -> CatalogueVersion | None:
    """The version the county's list is at: its own latest in force, else the nearest above."""
    for catalogue in reversed(chain):
        version = catalogue_version(catalogue, on)
        if version is not None:
            return version
    return None


def catalogue_version(catalogue: Catalogue, on: dt.date) -> CatalogueVersion | None:
    return (
        CatalogueVersion.objects.filter(catalogue=catalogue, effective_date__lte=on)
        .select_related("catalogue__region")
        .order_by("-number")
        .first()
    )


def clear() -> None:
    _states.clear()
    _layers.clear()
