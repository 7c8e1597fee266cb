"""Who may change the catalogue (永民发〔2020〕91号 三(四): departments apply, nothing is added
without approval). Everyone, logged in or not, may read it.

Each catalogue is changed by the civil-affairs admins of the node that owns it: a county's
admins (unit in the county) their county's list, a region-level admin (unit of region 64) the
region's list and the region's approval of a county's new proof. The nation's list changes only
by the operator's import (`jianzheng catalogue import --level nation`)."""

from django.db.models import Q, QuerySet

from jianzheng.accounts.permissions import has_role, membership_of, scope_region
from jianzheng.accounts.roles import Role
from jianzheng.catalogue.models import Catalogue, ChangeRequest
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import county_of

PROPOSERS = (Role.DEPARTMENT_OFFICER, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)
READ_ALL = (Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def home_region(user) -> Region | None:
    """The node whose catalogue the user works on: their county, or the autonomous region for a
    unit at region level. None for a city unit (a city keeps no list) or no membership."""
    region = scope_region(user)
    if region is None or region.level == Region.Level.CITY:
        return None
    return region if region.level == Region.Level.PROVINCE else county_of(region)


def works_on(user, catalogue: Catalogue | None) -> bool:
    """Whether `catalogue` is the user's own list (never the nation's)."""
    if catalogue is None or catalogue.level == Catalogue.Level.NATION:
        return False
    home = home_region(user)
    return home is not None and home.pk == catalogue.region_id


def can_propose_change(user, catalogue: Catalogue | None = None) -> bool:
    """Departments, townships and the civil-affairs bureau apply to their own node's list."""
    if not has_role(user, *PROPOSERS):
        return False
    # A city keeps no list: its staff have nothing to apply to (home_region is None).
    return home_region(user) is not None if catalogue is None else works_on(user, catalogue)


def can_review_change(user, change: ChangeRequest) -> bool:
    """A civil-affairs admin of the list's own node other than the proposer: nobody reviews
    their own request."""
    return (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and works_on(user, change.catalogue)
        and change.status == ChangeRequest.Status.PROPOSED
        and change.proposed_by_id != user.pk
    )


def can_approve_change(user, change: ChangeRequest) -> bool:
    """Neither the proposer nor the reviewer: the review must be a second pair of eyes."""
    return (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and works_on(user, change.catalogue)
        and change.status == ChangeRequest.Status.REVIEWED
        and user.pk not in (change.proposed_by_id, change.reviewed_by_id)
    )


def can_approve_for_region(user, change: ChangeRequest) -> bool:
    """三(四): a region-level civil-affairs admin records the region's approval of a new proof in
    a county's list below them."""
    region = scope_region(user)
    catalogue = change.catalogue
    return (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and region is not None
        and region.level == Region.Level.PROVINCE
        and catalogue is not None
        and catalogue.level == Catalogue.Level.COUNTY
        and catalogue.region.path.startswith(region.path)
        and change.status == ChangeRequest.Status.AWAITING_REGION
    )


def waiting_for_another_admin(user, change: ChangeRequest) -> str:
    """Why an admin sees no review or approval button: the step needs someone else."""
    if not has_role(user, Role.CIVIL_AFFAIRS_ADMIN):
        return ""
    if change.status == ChangeRequest.Status.AWAITING_REGION and not can_approve_for_region(
        user, change
    ):
        return "本申请为新增保留事项，须经自治区民政厅批准后方可发布。"
    if change.status == ChangeRequest.Status.PROPOSED and change.proposed_by_id == user.pk:
        return "本申请须由申请人以外的管理员审核。"
    if change.status == ChangeRequest.Status.REVIEWED and user.pk in (
        change.proposed_by_id,
        change.reviewed_by_id,
    ):
        return "本申请须由申请人和审核人以外的另一位管理员批准。"
    return ""


def can_publish_version(user, catalogue: Catalogue | None = None) -> bool:
    if not has_role(user, Role.CIVIL_AFFAIRS_ADMIN):
        return False
    # A city keeps no list: its staff have nothing to apply to (home_region is None).
    return home_region(user) is not None if catalogue is None else works_on(user, catalogue)


def can_read_change_requests(user) -> bool:
    """Proposers read their unit's requests; admins and auditors read all; nobody else any."""
    return has_role(user, *PROPOSERS, *READ_ALL)


def visible_change_requests(user) -> QuerySet[ChangeRequest]:
    """Admins and auditors see the requests of every list in their subtree (a county's staff
    their county's; region staff every county's, the region's and the nation's); a proposer sees
    their own unit's."""
    membership = membership_of(user)
    if membership is None:
        return ChangeRequest.objects.none()
    if membership.role in READ_ALL:
        region = membership.unit.region
        below = Q(catalogue__region__path__startswith=county_of(region).path)
        if region.level == Region.Level.PROVINCE:
            below |= Q(catalogue__level=Catalogue.Level.NATION)
        return ChangeRequest.objects.filter(below)
    if membership.role in PROPOSERS:
        return ChangeRequest.objects.filter(
            Q(proposed_by=user) | Q(proposed_by__membership__unit=membership.unit)
        )
    return ChangeRequest.objects.none()
