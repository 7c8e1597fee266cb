"""Who records, reads, rectifies and signs off plaques and wall postings (二(四), 三(三)).

- A community's clerk records the venues, plaques, postings and awards of their own community and
  puts violations right (with an after-photo).
- A township officer reads the communities below it and signs rectifications off.
- The county's civil affairs admins (民政局, 组织部: the lead units) read the county and load the
  county's own rule set; auditors and staff above the county read what lies below them.
- Departments have no part here.
Out of scope is 404 (not in `visible_venues`); in scope but not allowed is 403."""

from django.db.models import QuerySet

from jianzheng.accounts.permissions import (
    acts_above_county,
    has_role,
    membership_of,
    scope_region,
)
from jianzheng.accounts.roles import Role
from jianzheng.regions.models import Unit
from jianzheng.signage.models import RectificationTask, Venue

READERS = (Role.COMMUNITY_CLERK, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def _unit(user) -> Unit | None:
    membership = membership_of(user)
    return membership.unit if membership else None


def is_clerk(user) -> bool:
    return has_role(user, Role.COMMUNITY_CLERK)


def can_read(user) -> bool:
    return has_role(user, *READERS)


def visible_venues(user) -> QuerySet[Venue]:
    region = scope_region(user)
    if region is None or not can_read(user):
        return Venue.objects.none()
    return Venue.objects.filter(community__region__path__startswith=region.path)


def visible_communities(user) -> QuerySet[Unit]:
    region = scope_region(user)
    if region is None or not can_read(user):
        return Unit.objects.none()
    return Unit.objects.filter(
        kind=Unit.Kind.COMMUNITY, region__path__startswith=region.path
    ).select_related("region")


def can_record(user, community: Unit) -> bool:
    """Only the community's own clerk records and rectifies what hangs in its venues."""
    unit = _unit(user)
    return is_clerk(user) and unit is not None and unit.pk == community.pk


def can_sign_off(user, task: RectificationTask) -> bool:
    """The township above the community confirms a rectification."""
    region = scope_region(user)
    return (
        has_role(user, Role.TOWNSHIP_OFFICER)
        and region is not None
        and task.venue.community.region.path.startswith(region.path)
    )


def can_load_rules(user) -> bool:
    """The county's civil affairs admins load the county's own rule set."""
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN) and not acts_above_county(user)
