"""Who a user is and how far they see. Every app's permissions build on these functions."""

from django.db.models import QuerySet

from jianzheng.accounts.roles import Role
from jianzheng.regions.models import Region, Unit


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
