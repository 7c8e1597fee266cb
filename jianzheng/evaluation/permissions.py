"""Who reads ratings, answers follow-ups and runs the evaluation (二(二), 四(二)).

- The unit that served answers its own follow-ups: a community's clerks, a department's officers;
  a complaint's follow-up (no unit) is the handling county's civil affairs admins'.
- Townships read what concerns the communities below them; the county's civil affairs admins
  (民政局, 组织部) read everything of their county and alone define, run and publish the one
  unified scheme; auditors read everything in scope. A department's staff read their own
  unit's ratings and follow-ups only.
Out of scope is 404 (not in `visible_*`); in scope but not allowed is 403."""

from django.db.models import QuerySet

from jianzheng.accounts.permissions import (
    acts_above_county,
    counties_in_scope,
    has_role,
    is_staff_member,
    membership_of,
    scope_region,
)
from jianzheng.accounts.roles import Role
from jianzheng.evaluation.models import FollowUp, Rating, Result, Scheme
from jianzheng.regions.models import Unit

ANSWER_ROLES = (
    Role.COMMUNITY_CLERK,
    Role.TOWNSHIP_OFFICER,
    Role.DEPARTMENT_OFFICER,
    Role.CIVIL_AFFAIRS_ADMIN,
    Role.CREDIT_OFFICER,
)
# Units whose staff read ratings by the region tree; a department reads only its own unit's.
TREE_KINDS = (Unit.Kind.COMMUNITY, Unit.Kind.TOWNSHIP)


def _unit(user) -> Unit | None:
    membership = membership_of(user)
    return membership.unit if membership else None


def reads_county(user) -> bool:
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def is_manager(user) -> bool:
    """民政局 / 组织部 of a county: the one unified scheme is theirs (二(二))."""
    return has_role(user, Role.CIVIL_AFFAIRS_ADMIN) and not acts_above_county(user)


# Who reads ratings and follow-ups: the units that serve residents, those above them, auditors
# (发改局's credit officers keep credit records and serve no resident here).
READ_ROLES = (
    Role.COMMUNITY_CLERK,
    Role.TOWNSHIP_OFFICER,
    Role.DEPARTMENT_OFFICER,
    Role.CIVIL_AFFAIRS_ADMIN,
    Role.AUDITOR,
)


def can_read_ratings(user) -> bool:
    return has_role(user, *READ_ROLES)


def visible_ratings(user) -> QuerySet[Rating]:
    base = Rating.objects.select_related("unit", "region", "county")
    region = scope_region(user)
    unit = _unit(user)
    if region is None or unit is None:
        return base.none()
    if reads_county(user) or unit.kind in TREE_KINDS:
        return base.filter(region__path__startswith=region.path)
    return base.filter(unit=unit)


def visible_follow_ups(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related(
        "rating__unit", "rating__region", "rating__county", "answered_by"
    ).filter(rating__in=visible_ratings(user))


def can_answer(user, follow_up: FollowUp) -> bool:
    unit = _unit(user)
    if unit is None or not has_role(user, *ANSWER_ROLES):
        return False
    rating = follow_up.rating
    if rating.unit_id is not None:
        return rating.unit_id == unit.pk
    return is_manager(user) and rating.county in counties_in_scope(user)


def can_read_evaluations(user) -> bool:
    return is_staff_member(user)


def visible_schemes(user) -> QuerySet[Scheme]:
    """Every scheme of the counties in scope; drafts only for those who run or audit them."""
    found = Scheme.objects.select_related("county").filter(county__in=counties_in_scope(user))
    return found if reads_county(user) else found.filter(state=Scheme.State.PUBLISHED)


def visible_results(user, scheme: Scheme) -> QuerySet[Result]:
    """A visible scheme's results, every community's: a published evaluation is public (the
    API answers it to anyone), a draft is seen only by those who run or audit it."""
    return scheme.results.select_related("community", "township")


def can_manage(user, scheme: Scheme | None = None) -> bool:
    if not is_manager(user):
        return False
    return scheme is None or scheme.county in counties_in_scope(user)
