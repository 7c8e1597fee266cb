"""Reads of the signage area: a venue's inventory on a day, its violations under the county's rule
set, compliance per venue, community, township and county, the census (三(二)), the handbook.

`compliance_share(region=, on=)` is the door other areas (evaluation, the dashboard) read."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from jianzheng.core import workdays
from jianzheng.regions.models import Region, Unit
from jianzheng.regions.selectors import county_of
from jianzheng.signage import rules
from jianzheng.signage.models import (
    AwardDisplay,
    Placed,
    Plaque,
    RectificationTask,
    RuleSet,
    Venue,
    WallPosting,
)


def _standing(model: type[Placed], on: dt.date | None) -> QuerySet:
    """What hung on day `on` (today: what hangs now)."""
    day = on or workdays.today()
    return model._default_manager.filter(put_up_on__lte=day).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=day)
    )


def plaques(venue: Venue, on: dt.date | None = None) -> QuerySet[Plaque]:
    return _standing(Plaque, on).filter(venue=venue).order_by("position", "put_up_on", "pk")


def postings(venue: Venue, on: dt.date | None = None) -> QuerySet[WallPosting]:
    return _standing(WallPosting, on).filter(venue=venue).order_by("kind", "pk")


def awards(venue: Venue, on: dt.date | None = None) -> QuerySet[AwardDisplay]:
    return _standing(AwardDisplay, on).filter(venue=venue).order_by("pk")


def _plaque_item(p: Plaque) -> rules.Item:
    return rules.Item(
        "plaque",
        p.pk,
        p.text,
        position=p.position,
        orientation=p.orientation,
        approval_reference=p.approval_reference,
    )


def _posting_item(p: WallPosting) -> rules.Item:
    return rules.Item("posting", p.pk, p.title, posting_kind=p.kind)


def _award_item(a: AwardDisplay) -> rules.Item:
    return rules.Item("award", a.pk, a.title, position=a.where)


def inventory(venue: Venue, on: dt.date | None = None) -> list[rules.Item]:
    return (
        [_plaque_item(p) for p in plaques(venue, on)]
        + [_posting_item(p) for p in postings(venue, on)]
        + [_award_item(a) for a in awards(venue, on)]
    )


def _inventories(region: Region, on: dt.date | None) -> dict[int, list[rules.Item]]:
    """Every venue's inventory in the region, in one query per kind of thing (a region's
    dashboard judges thousands of venues), in the order `inventory` gives."""
    below = {"venue__community__region__path__startswith": region.path}
    found: dict[int, list[rules.Item]] = {}
    for p in _standing(Plaque, on).filter(**below).order_by("venue", "position", "put_up_on", "pk"):
        found.setdefault(p.venue_id, []).append(_plaque_item(p))
    for p in _standing(WallPosting, on).filter(**below).order_by("venue", "kind", "pk"):
        found.setdefault(p.venue_id, []).append(_posting_item(p))
    for a in _standing(AwardDisplay, on).filter(**below).order_by("venue", "pk"):
        found.setdefault(a.venue_id, []).append(_award_item(a))
    return found


def rule_set_for(region: Region) -> rules.RuleSet:
    """The county's own rule set if it loaded one, else the seed's default."""
    county = county_of(region)
    own = RuleSet.objects.filter(county=county).first()
    return rules.parse_rule_set(own.data) if own else rules.default_rule_set()


def venue_label(venue: Venue) -> str:
    return f"{venue.community.name}{venue.name}"


def violations(venue: Venue, on: dt.date | None = None) -> list[rules.Violation]:
    rule_set = rule_set_for(venue.community.region)
    return rules.check_venue(inventory(venue, on), rule_set, venue=venue_label(venue))


@dataclass
class VenueCompliance:
    venue: Venue
    violations: list[rules.Violation]

    @property
    def compliant(self) -> bool:
        return not self.violations


@dataclass
class Compliance:
    region: Region
    venues: list[VenueCompliance] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.venues)

    @property
    def compliant(self) -> int:
        return sum(1 for v in self.venues if v.compliant)

    @property
    def is_compliant(self) -> bool:
        return self.compliant == self.total

    def communities(self) -> list[tuple[Unit, int, int]]:
        """Per community: (community, compliant venues, venues)."""
        rows: dict[int, list] = {}
        for v in self.venues:
            row = rows.setdefault(v.venue.community_id, [v.venue.community, 0, 0])
            row[1] += v.compliant
            row[2] += 1
        return [tuple(r) for r in rows.values()]


def venues_in(region: Region) -> QuerySet[Venue]:
    """Venues of every community at or below `region` (a community's region: its own)."""
    return (
        Venue.objects.filter(community__region__path__startswith=region.path)
        .select_related("community__region")
        .order_by("community__code", "pk")
    )


def compliance(region: Region, on: dt.date | None = None) -> Compliance:
    """Compliance of every venue in the region (venue, community, township, county alike), each
    under its county's rule set: a few queries whatever the number of venues."""
    result = Compliance(region)
    items = _inventories(region, on)
    rule_sets: dict[str, rules.RuleSet] = {}
    for venue in venues_in(region):
        key = venue.community.region.county_code
        if key not in rule_sets:
            rule_sets[key] = rule_set_for(venue.community.region)
        found = rules.check_venue(items.get(venue.pk, []), rule_sets[key], venue=venue_label(venue))
        result.venues.append(VenueCompliance(venue, found))
    return result


def compliance_share(*, region: Region, on: dt.date | None = None) -> tuple[int, int]:
    """(compliant venues, all venues) in `region` on day `on` (default today), under each county's
    rule set as it stands now. For evaluation and the dashboard: a region with no venue recorded
    answers (0, 0)."""
    result = compliance(region, on)
    return result.compliant, result.total


def is_overdue(task: RectificationTask, on: dt.date | None = None) -> bool:
    """Still open after its deadline (done but not signed off is not overdue)."""
    return task.state == RectificationTask.State.OPEN and (on or workdays.today()) > task.deadline


def tasks_in(region: Region) -> QuerySet[RectificationTask]:
    return RectificationTask.objects.filter(
        venue__community__region__path__startswith=region.path
    ).select_related("venue__community", "plaque", "posting", "award")


def count_waiting(user) -> int:
    """Open rectification tasks in the user's scope (the dashboard card)."""
    from jianzheng.accounts.permissions import scope_region

    region = scope_region(user)
    if region is None:
        return 0
    return tasks_in(region).exclude(state=RectificationTask.State.SIGNED_OFF).count()


@dataclass(frozen=True)
class CensusRow:
    community: str
    community_code: str
    venue: str
    position: str
    orientation: str
    text: str
    size: str
    material: str
    erected_by: str
    approval_reference: str


def census(region: Region, on: dt.date | None = None) -> list[CensusRow]:
    """三(二): every plaque hanging in the region, per community, with its type and size."""
    rows = []
    standing = _standing(Plaque, on).filter(venue__community__region__path__startswith=region.path)
    by_venue: dict[int, list[Plaque]] = {}
    for p in standing.order_by("position", "put_up_on", "pk"):
        by_venue.setdefault(p.venue_id, []).append(p)
    for venue in venues_in(region):
        for p in by_venue.get(venue.pk, []):
            rows.append(
                CensusRow(
                    venue.community.name,
                    venue.community.code,
                    venue.name,
                    p.get_position_display(),
                    p.get_orientation_display(),
                    p.text,
                    f"{p.width_cm}×{p.height_cm}",
                    p.material,
                    p.erected_by,
                    p.approval_reference,
                )
            )
    return rows


def census_summary(rows: list[CensusRow]) -> list[tuple[str, str, int, str]]:
    """Per community: (code, name, number of plaques, how many at each position)."""
    per: dict[str, dict] = {}
    for row in rows:
        entry = per.setdefault(row.community_code, {"name": row.community, "n": 0, "at": {}})
        entry["n"] += 1
        entry["at"][row.position] = entry["at"].get(row.position, 0) + 1
    return [
        (code, e["name"], e["n"], "，".join(f"{k}{v}块" for k, v in e["at"].items()))
        for code, e in sorted(per.items())
    ]


def handbook(community: Unit) -> dict[str, list[WallPosting]]:
    """The postings taken off the walls into the handbook (and internal/policy ones not yet
    taken down), grouped by kind: 内部管理, 具体政策."""
    found = WallPosting.objects.filter(
        venue__community=community, kind__in=[WallPosting.Kind.INTERNAL, WallPosting.Kind.POLICY]
    ).order_by("kind", "title", "pk")
    groups: dict[str, list[WallPosting]] = {}
    seen = set()
    for posting in found:
        if posting.title in seen:
            continue
        seen.add(posting.title)
        groups.setdefault(posting.get_kind_display(), []).append(posting)
    return groups
