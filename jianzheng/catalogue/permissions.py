"""Who may change the catalogue (永民发〔2020〕91号 三(四): departments apply, nothing is added
without approval). Everyone, logged in or not, may read it."""

from django.db.models import Q, QuerySet

from jianzheng.accounts.permissions import has_role, membership_of
from jianzheng.accounts.roles import Role
from jianzheng.catalogue.models import ChangeRequest

PROPOSERS = (Role.DEPARTMENT_OFFICER, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)
READ_ALL = (Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def can_propose_change(user) -> bool:
    return has_role(user, *PROPOSERS)


def can_review_change(user, change: ChangeRequest) -> bool:
    """A civil-affairs admin other than the proposer: nobody reviews their own request."""
    return (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and change.status == ChangeRequest.Status.PROPOSED
        and change.proposed_by_id != user.pk
    )


def can_approve_change(user, change: ChangeRequest) -> bool:
    """Neither the proposer nor the reviewer: the review must be a second pair of eyes."""
    return (
        has_role(user, Role.CIVIL_AFFAIRS_ADMIN)
        and change.status == ChangeRequest.Status.REVIEWED
        and user.pk not in (change.proposed_by_id, change.reviewed_by_id)
    )


def waiting_for_another_admin(user, change: ChangeRequest) -> str:
    """Why an admin sees no review or approval button: the step needs someone else."""
    if not has_role(user, Role.CIVIL_AFFAIRS_ADMIN):
        return ""
    if change.status == ChangeRequest.Status.PROPOSED and change.proposed_by_id == user.pk:
        return "本申请须由申请人以外的管理员审核。"
    if change.status == ChangeRequest.Status.REVIEWED and user.pk in (
        change.proposed_by_id,
        change.reviewed_by_id,
    ):
        return "本申请须由申请人和审核人以外的另一位管理员批准。"
    return ""


def can_publish_version(user) -> bool:
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN)


def can_read_change_requests(user) -> bool:
    """Proposers read their unit's requests; admins and auditors read all; nobody else any."""
    return has_role(user, *PROPOSERS, *READ_ALL)


def visible_change_requests(user) -> QuerySet[ChangeRequest]:
    """Admins and auditors see every request; a proposer sees their own unit's."""
    membership = membership_of(user)
    if membership is None:
        return ChangeRequest.objects.none()
    if membership.role in READ_ALL:
        return ChangeRequest.objects.all()
    if membership.role in PROPOSERS:
        return ChangeRequest.objects.filter(
            Q(proposed_by=user) | Q(proposed_by__membership__unit=membership.unit)
        )
    return ChangeRequest.objects.none()
