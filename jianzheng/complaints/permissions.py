"""Who sees and handles complaints (二(五)). A case is handled by the civil-affairs staff of the
level it sits at (`Complaint.handling_region`: a county, the city, the region; the same role at
a higher unit). Civil-affairs staff and auditors read every case in their subtree; a township
read the cases about units in its subtree (their supervisor); the accused unit's own staff see
only the cases about itself and answer them. A case one may not see is 404."""

from django.db.models import Q, QuerySet

from jianzheng.accounts.permissions import has_role, membership_of, scope_region
from jianzheng.accounts.roles import Role
from jianzheng.complaints.models import Complaint
from jianzheng.regions.models import Region

READ_ALL = (Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def visible_complaints(user) -> QuerySet[Complaint]:
    membership = membership_of(user)
    if membership is None:
        return Complaint.objects.none()
    region = scope_region(user)
    if membership.role in READ_ALL:
        return Complaint.objects.filter(
            Q(county__path__startswith=region.path)
            | Q(handling_region__path__startswith=region.path)
        )
    about_me = Q(accused_unit=membership.unit)
    if membership.role == Role.TOWNSHIP_OFFICER:
        return Complaint.objects.filter(
            about_me | Q(accused_unit__region__path__startswith=region.path)
        )
    return Complaint.objects.filter(about_me)


def can_read_any(user) -> bool:
    return membership_of(user) is not None


def is_handler(user, complaint: Complaint) -> bool:
    """A civil-affairs admin of the level the case sits at."""
    region = scope_region(user)
    return (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and region is not None
        and region.pk == complaint.handling_region_id
    )


def is_accused_staff(user, complaint: Complaint) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and complaint.accused_unit_id is not None
        and membership.unit_id == complaint.accused_unit_id
        and membership.role in (Role.DEPARTMENT_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)
    )


def can_move(user, complaint: Complaint, to: str) -> bool:
    if to == Complaint.State.ANSWERED and is_accused_staff(user, complaint):
        return True
    return is_handler(user, complaint)


def can_handle_any(user) -> bool:
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN)


def can_see_contact(user, complaint: Complaint) -> bool:
    """The reporter's phone and email: the handlers only, never the accused unit."""
    return is_handler(user, complaint)


def can_rank_refusals(user) -> bool:
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def can_open_from_refusals(user) -> bool:
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN)


def can_publish(user, complaint: Complaint) -> bool:
    """A county publishes what it handles; the city and the region publish any case of their
    subtree (二(五) 三级公开曝光)."""
    if not has_role(user, Role.CIVIL_AFFAIRS_ADMIN):
        return False
    region = scope_region(user)
    if region is None:
        return False
    if region.level == Region.Level.COUNTY:
        return is_handler(user, complaint)
    if region.level in (Region.Level.CITY, Region.Level.PROVINCE):
        return complaint.county.path.startswith(region.path)
    return False
