"""Who reads the campaign, reports progress, copies the plan and records supervision findings.

- Every staff member reads the campaigns of their county (those above the counties: of every
  county below them); out of scope is 404.
- A unit the task names as lead or cooperating — or covered by the plan's collective names
  (各乡镇(街道): a township; 县直各单位: a county department) — reports its own progress.
- The county's (or a higher) civil affairs admin copies the plan as a new campaign.
- Civil affairs admins and auditors record supervision findings (四(二)) on units in scope."""

from django.db.models import QuerySet

from jianzheng.accounts.permissions import (
    acts_above_county,
    counties_in_scope,
    has_role,
    membership_of,
    unit_in_scope,
)
from jianzheng.accounts.roles import Role
from jianzheng.campaign.models import Campaign, Task, TaskUnit
from jianzheng.regions.models import Region, Unit

REPORTER_ROLES = (Role.DEPARTMENT_OFFICER, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN)


def visible_campaigns(user) -> QuerySet[Campaign]:
    if membership_of(user) is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(county__in=counties_in_scope(user))


def can_read(user) -> bool:
    return membership_of(user) is not None


def reporting_unit(user, task: Task) -> Unit | None:
    """The unit `user` reports for on `task`, or None when the task does not name it."""
    membership = membership_of(user)
    if membership is None or not has_role(user, *REPORTER_ROLES) or acts_above_county(user):
        return None
    unit = membership.unit
    if not unit.region.path.startswith(task.campaign.county.path):
        return None
    for named in task.units.all():
        if named.unit_id == unit.pk:
            return unit
        if named.collective == TaskUnit.Collective.TOWNSHIPS and unit.kind == Unit.Kind.TOWNSHIP:
            return unit
        if (
            named.collective == TaskUnit.Collective.DEPARTMENTS
            and unit.kind == Unit.Kind.DEPARTMENT
        ):
            return unit
    return None


def can_report(user, task: Task) -> bool:
    return reporting_unit(user, task) is not None


def can_copy(user, county: Region | None = None) -> bool:
    if not has_role(user, Role.CIVIL_AFFAIRS_ADMIN):
        return False
    return county is None or county in counties_in_scope(user)


def can_record_findings(user, unit: Unit | None = None) -> bool:
    if not has_role(user, Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR):
        return False
    return unit is None or unit_in_scope(user, unit)
