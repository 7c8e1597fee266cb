"""Who may issue, see and revoke certificates. Everything is scoped to the user's subtree."""

from django.db.models import QuerySet

from jianzheng.accounts.permissions import has_role, membership_of, scope_region
from jianzheng.accounts.roles import Role
from jianzheng.certificates.models import Certificate, Demand
from jianzheng.regions.models import Unit

LEDGER_READERS = (
    Role.COMMUNITY_CLERK,
    Role.TOWNSHIP_OFFICER,
    Role.CIVIL_AFFAIRS_ADMIN,
    Role.AUDITOR,
)


def can_issue(user, community: Unit) -> bool:
    """Only a clerk of that very community issues or refuses in its name."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role == Role.COMMUNITY_CLERK
        and membership.unit_id == community.pk
        and community.kind == Unit.Kind.COMMUNITY
        and community.is_active
    )


def can_issue_for_own_community(user) -> bool:
    membership = membership_of(user)
    return membership is not None and can_issue(user, membership.unit)


def can_read_ledger(user) -> bool:
    return has_role(user, *LEDGER_READERS)


def can_revoke(user, certificate: Certificate) -> bool:
    return can_issue(user, certificate.community) or (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and visible_certificates(user).filter(pk=certificate.pk).exists()
    )


def can_manage_handover(user) -> bool:
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN)


def can_see_full_id(user, certificate: Certificate) -> bool:
    """ID numbers are masked everywhere except to the issuing community's clerks (DESIGN.md)."""
    return can_issue(user, certificate.community)


def _in_scope(user, queryset):
    membership = membership_of(user)
    if membership is None or membership.role not in LEDGER_READERS:
        return queryset.none()
    if membership.role == Role.COMMUNITY_CLERK:
        return queryset.filter(community=membership.unit)
    return queryset.filter(community__region__path__startswith=scope_region(user).path)


def visible_certificates(user) -> QuerySet[Certificate]:
    return _in_scope(user, Certificate.objects.all())


def visible_refusals(user) -> QuerySet[Demand]:
    return _in_scope(user, Demand.objects.all())
