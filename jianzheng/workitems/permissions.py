"""Who asks, decides, reads and records work pushed onto communities (二(二) 准入).

- A county department's or a township's officers (and 民政局's admins for their own bureau) apply
  to push work onto communities and see their own unit's requests, agreements and the pushes
  communities recorded against them (their refusals).
- The county's civil affairs admins decide requests (民政局; 组织部 co-signs where the county
  configures it) and read everything of their county; nobody decides their own unit's request.
- A community's clerk sees the admitted work of their community and records the pushes it gets.
- A township officer reads what concerns the communities below it; auditors read everything in
  scope; staff above the county read and decide nothing here but what auditors read.
Out of scope is 404 (not in `visible_*`); in scope but not allowed is 403."""

from django.db.models import Q, QuerySet

from jianzheng.accounts.permissions import (
    acts_above_county,
    counties_in_scope,
    has_role,
    membership_of,
    scope_region,
)
from jianzheng.accounts.roles import Role
from jianzheng.regions.models import Unit
from jianzheng.workitems.models import ServiceAgreement, WorkItemRequest, WorkPush

REQUESTER_ROLES = (Role.DEPARTMENT_OFFICER, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)
REQUESTER_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE, Unit.Kind.TOWNSHIP)


def _unit(user) -> Unit | None:
    membership = membership_of(user)
    return membership.unit if membership else None


def is_auditor(user) -> bool:
    return has_role(user, Role.AUDITOR)


def can_request(user) -> bool:
    """Units of a county that push work onto communities: departments, enterprises, townships."""
    unit = _unit(user)
    return (
        unit is not None
        and has_role(user, *REQUESTER_ROLES)
        and unit.kind in REQUESTER_KINDS
        and not acts_above_county(user)
    )


def is_reviewer(user) -> bool:
    """The county's civil affairs admins (民政局, 组织部): they decide requests."""
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN) and not acts_above_county(user)


def is_clerk(user) -> bool:
    return has_role(user, Role.COMMUNITY_CLERK)


def reads_county(user) -> bool:
    """Reads every request, agreement and push of the counties in scope."""
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN) or is_auditor(user)


def can_read_requests(user) -> bool:
    return can_request(user) or reads_county(user)


def can_read_ranking(user) -> bool:
    return reads_county(user)


def _counties_q(user, field: str) -> Q:
    return Q(**{f"{field}__in": counties_in_scope(user)})


def visible_requests(user) -> QuerySet[WorkItemRequest]:
    if reads_county(user):
        return WorkItemRequest.objects.filter(_counties_q(user, "county"))
    if can_request(user):
        return WorkItemRequest.objects.filter(department=_unit(user))
    return WorkItemRequest.objects.none()


def can_decide(user, request: WorkItemRequest) -> bool:
    """The county's reviewers, never for their own unit's request."""
    unit = _unit(user)
    return (
        is_reviewer(user)
        and request.county in counties_in_scope(user)
        and unit is not None
        and request.department_id != unit.pk
    )


def is_own_request(user, request: WorkItemRequest) -> bool:
    unit = _unit(user)
    return unit is not None and request.department_id == unit.pk


def _community_q(user, field: str) -> Q:
    """Rows whose community lies in the user's subtree (a clerk: their own community)."""
    region = scope_region(user)
    return Q(**{f"{field}__region__path__startswith": region.path}) if region else Q(pk__in=[])


def visible_agreements(user) -> QuerySet[ServiceAgreement]:
    agreements = ServiceAgreement.objects.all()
    if reads_county(user):
        return agreements.filter(_counties_q(user, "county"))
    if has_role(user, Role.DEPARTMENT_OFFICER) and can_request(user):
        return agreements.filter(department=_unit(user))
    if has_role(user, Role.TOWNSHIP_OFFICER):
        own = agreements.filter(department=_unit(user)).values("pk")
        below = agreements.filter(_community_q(user, "communities")).values("pk")
        return agreements.filter(Q(pk__in=own) | Q(pk__in=below))
    if is_clerk(user):
        return agreements.filter(communities=_unit(user))
    return agreements.none()


def can_record_payment(user, agreement: ServiceAgreement) -> bool:
    """The paying department, or the county's civil affairs admins."""
    unit = _unit(user)
    if unit is None:
        return False
    if is_reviewer(user) and agreement.county in counties_in_scope(user):
        return True
    return can_request(user) and agreement.department_id == unit.pk


def can_record_push(user, community: Unit) -> bool:
    """Only the community's own clerk records what was pushed onto it."""
    unit = _unit(user)
    return is_clerk(user) and unit is not None and unit.pk == community.pk


def can_read_pushes(user) -> bool:
    return (
        is_clerk(user)
        or has_role(user, Role.TOWNSHIP_OFFICER)
        or can_request(user)
        or reads_county(user)
    )


def visible_pushes(user) -> QuerySet[WorkPush]:
    pushes = WorkPush.objects.all()
    if reads_county(user):
        return pushes.filter(community__region__path__startswith=_path(user))
    if is_clerk(user):
        return pushes.filter(community=_unit(user))
    if has_role(user, Role.TOWNSHIP_OFFICER):
        return pushes.filter(Q(department=_unit(user)) | _community_q(user, "community"))
    if can_request(user):
        return pushes.filter(department=_unit(user))
    return pushes.none()


def _path(user) -> str:
    region = scope_region(user)
    return region.path if region else "/nowhere/"


def can_configure(user) -> bool:
    return is_reviewer(user)
