"""Who may ask, answer and read sharing checks. Each unit sees only the checks it asked and those
addressed to it (二(六)); auditors read every check of the units in their scope; nobody else reads
any. A check replaces a proof of a county's list in a case handled in that county, so asking and
answering are the business of units in a county; staff of the region or a city take no part in
them (their auditors read them). A check a user cannot see is answered 404, like one that does
not exist."""

from django.db.models import Q, QuerySet

from jianzheng.accounts.permissions import (
    acts_above_county,
    has_role,
    membership_of,
    units_in_scope,
)
from jianzheng.accounts.roles import Role
from jianzheng.core.text import mask_id_tail
from jianzheng.sharing.models import SharingCheck

# Units that would otherwise send a resident for a proof: departments, townships, 民政.
ASK_ROLES = (Role.DEPARTMENT_OFFICER, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)
# A holder's staff: the officers of a department (民政局's are its civil-affairs admins).
ANSWER_ROLES = (Role.DEPARTMENT_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)


def can_ask(user) -> bool:
    return has_role(user, *ASK_ROLES) and not acts_above_county(user)


def can_answer_any(user) -> bool:
    return has_role(user, *ANSWER_ROLES) and not acts_above_county(user)


def can_read(user) -> bool:
    return can_ask(user) or can_answer_any(user) or has_role(user, Role.AUDITOR)


def visible_checks(user) -> QuerySet[SharingCheck]:
    if has_role(user, Role.AUDITOR):
        units = units_in_scope(user)
        return SharingCheck.objects.filter(Q(requester_unit__in=units) | Q(holder__in=units))
    if not (can_ask(user) or can_answer_any(user)):
        return SharingCheck.objects.none()
    unit = membership_of(user).unit
    return SharingCheck.objects.filter(Q(requester_unit=unit) | Q(holder=unit))


def is_holder_staff(user, check: SharingCheck) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.unit_id == check.holder_id


def can_answer(user, check: SharingCheck) -> bool:
    """The holder's own officers answer; an external holder answers through the adapter."""
    return can_answer_any(user) and is_holder_staff(user, check) and not check.fact.is_external


def sees_full_id(user, check: SharingCheck) -> bool:
    """The holder needs the number to look the person up; the requester typed it and is shown
    the mask, as everyone else is."""
    return can_answer_any(user) and is_holder_staff(user, check)


def is_party(user, check: SharingCheck) -> bool:
    """Of the unit that asked or the unit asked."""
    membership = membership_of(user)
    return membership is not None and membership.unit_id in (
        check.requester_unit_id,
        check.holder_id,
    )


def particulars_for(user, check: SharingCheck) -> dict[str, str]:
    """A second person's ID number (kinship) is masked as the subject's is."""
    full = sees_full_id(user, check)
    return {
        key: value if full or not key.endswith("id_number") else mask_id_tail(value)
        for key, value in check.particulars.items()
    }
