"""Who records, checks and reads commitments, and who keeps credit records (二(七)).

- Department officers (and 民政局's admins as the officers of their own bureau) record a
  commitment at their own counter and see only their own department's commitments and checks.
- Credit officers (发改局) keep every credit record of the counties in their scope, and read no
  commitment's personal data beyond what the record holds.
- Auditors read everything in their scope, masked; clerks and township officers nothing.
Out of scope is 404 (the object is not in `visible_*`); in scope but not allowed is 403."""

from django.db.models import QuerySet

from jianzheng.accounts.permissions import (
    acts_above_county,
    counties_in_scope,
    has_role,
    membership_of,
    units_in_scope,
)
from jianzheng.accounts.roles import Role
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.regions.models import Unit

OFFICER_ROLES = (Role.DEPARTMENT_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)


def is_department_officer(user) -> bool:
    """An officer of a department of a county (staff of the region or a city decide no case)."""
    membership = membership_of(user)
    return (
        membership is not None
        and has_role(user, *OFFICER_ROLES)
        and membership.unit.kind == Unit.Kind.DEPARTMENT
        and not acts_above_county(user)
    )


def can_record_commitment(user) -> bool:
    return is_department_officer(user)


def is_credit_officer(user) -> bool:
    return has_role(user, Role.CREDIT_OFFICER)


def is_auditor(user) -> bool:
    return has_role(user, Role.AUDITOR)


def can_read_commitments(user) -> bool:
    return is_department_officer(user) or is_auditor(user)


def can_read_credit(user) -> bool:
    return is_credit_officer(user) or is_auditor(user)


def visible_commitments(user) -> QuerySet[Commitment]:
    if is_auditor(user):
        return Commitment.objects.filter(department__in=units_in_scope(user))
    if is_department_officer(user):
        return Commitment.objects.filter(department=membership_of(user).unit)
    return Commitment.objects.none()


def visible_post_checks(user) -> QuerySet[PostCheck]:
    if is_auditor(user):
        return PostCheck.objects.filter(department__in=units_in_scope(user))
    if is_department_officer(user):
        return PostCheck.objects.filter(department=membership_of(user).unit)
    return PostCheck.objects.none()


def visible_credit_records(user) -> QuerySet[CreditRecord]:
    if not can_read_credit(user):
        return CreditRecord.objects.none()
    return CreditRecord.objects.filter(county__in=counties_in_scope(user))


def is_own_department(user, unit: Unit) -> bool:
    membership = membership_of(user)
    return is_department_officer(user) and membership.unit_id == unit.pk


def can_handle_commitment(user, commitment: Commitment) -> bool:
    """Withdraw, decide: the deciding department's own officers."""
    return is_own_department(user, commitment.department)


def can_check(user, check: PostCheck) -> bool:
    return is_own_department(user, check.department)


def can_keep_credit(user, record: CreditRecord | None = None) -> bool:
    """Publish, correct, repair, decide objections: 发改局's credit officers, in scope."""
    if not is_credit_officer(user):
        return False
    return record is None or record.county in counties_in_scope(user)


def sees_full_id(user, commitment: Commitment) -> bool:
    """The deciding department sees the number the applicant wrote; everyone else the mask."""
    return is_own_department(user, commitment.department)
