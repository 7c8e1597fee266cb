"""Who a user is and how far they see. Every app's permissions build on these functions."""

from django.db.models import QuerySet

from jianzheng.accounts.roles import Role
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.selectors import counties, county_of


def membership_of(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "membership", None)


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def has_role(user, *roles: Role) -> bool:
    return role_of(user) in roles


def scope_region(user) -> Region | None:
    """The top of the user's subtree: their unit's region."""
    membership = membership_of(user)
    return membership.unit.region if membership else None


def acts_above_county(user) -> bool:
    """A user whose unit sits above the counties (the region's or a city's): their subtree holds
    several counties, so what they see should say which county each thing is of."""
    region = scope_region(user)
    return region is not None and region.level in (Region.Level.PROVINCE, Region.Level.CITY)


def counties_in_scope(user) -> list[Region]:
    """The counties whose lists the user works with: every county below a region's or a city's
    unit; for everyone else the one county their unit lies in."""
    region = scope_region(user)
    if region is None:
        return []
    if acts_above_county(user):
        return list(counties().filter(path__startswith=region.path))
    return [county_of(region)]


def units_in_scope(user) -> QuerySet[Unit]:
    """The user's unit and every unit whose region lies in the user's subtree."""
    region = scope_region(user)
    if region is None:
        return Unit.objects.none()
    return Unit.objects.filter(region__path__startswith=region.path)


def unit_in_scope(user, unit: Unit) -> bool:
    region = scope_region(user)
    return region is not None and unit.region.path.startswith(region.path)


def is_staff_member(user) -> bool:
    return membership_of(user) is not None


# Who records or reads demands, and so picks demanding units from the registry.
UNIT_LOOKUP_ROLES = (
    Role.COMMUNITY_CLERK,
    Role.TOWNSHIP_OFFICER,
    Role.CIVIL_AFFAIRS_ADMIN,
    Role.AUDITOR,
)


def can_look_up_units(user) -> bool:
    return has_role(user, *UNIT_LOOKUP_ROLES)


def can_merge_unit_names(user) -> bool:
    """The civil-affairs admin manages units (DESIGN.md), so says which unit a kept name means."""
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN)


def visible_unit_names(user) -> QuerySet[UnitName]:
    """Kept names of the counties in the user's subtree (a county admin: their own county's)."""
    region = scope_region(user)
    if region is None or not can_merge_unit_names(user):
        return UnitName.objects.none()
    return UnitName.objects.filter(region__path__startswith=region.path)
