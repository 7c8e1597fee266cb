"""How far each person sees: their unit and everything below it in the region tree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jianzheng.accounts.models import Membership, User
from jianzheng.accounts.permissions import has_role, role_of, unit_in_scope, units_in_scope
from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.regions.models import Unit


def codes(user) -> set[str]:
    return set(units_in_scope(user).values_list("code", flat=True))


def test_township_officer_sees_its_communities_but_not_lijun_s(yanghe_officer, yanghe, lijun):
    scope = codes(yanghe_officer)
    assert {"640121100", "640121100001", "640121100201"} <= scope
    assert "640121101001" not in scope and "640121101" not in scope
    assert unit_in_scope(yanghe_officer, yanghe)
    assert not unit_in_scope(yanghe_officer, lijun)


def test_a_clerk_sees_only_its_own_community(yanghe_clerk, yanghe, lijun, yanghe_town):
    assert codes(yanghe_clerk) == {"640121100001"}
    assert not unit_in_scope(yanghe_clerk, lijun)
    assert not unit_in_scope(yanghe_clerk, yanghe_town)


def test_a_county_department_sees_the_whole_county(police_officer, yanghe, lijun):
    assert codes(police_officer) == set(
        Unit.objects.filter(region__path__startswith="/64/6401/640121/").values_list(
            "code", flat=True
        )
    )
    assert unit_in_scope(police_officer, yanghe) and unit_in_scope(police_officer, lijun)


def test_a_deactivated_user_has_no_scope_and_no_role(yanghe_officer, yanghe):
    yanghe_officer.is_active = False
    yanghe_officer.save()
    assert not units_in_scope(yanghe_officer).exists()
    assert not unit_in_scope(yanghe_officer, yanghe)
    assert role_of(yanghe_officer) is None
    assert not has_role(yanghe_officer, Role.TOWNSHIP_OFFICER)


def test_anonymous_visitors_have_no_scope(county, yanghe):
    assert not units_in_scope(AnonymousUser()).exists()
    assert not unit_in_scope(AnonymousUser(), yanghe)


def test_roles_are_read_from_the_membership(yanghe_clerk, auditor):
    assert has_role(yanghe_clerk, Role.COMMUNITY_CLERK)
    assert not has_role(yanghe_clerk, Role.AUDITOR, Role.CIVIL_AFFAIRS_ADMIN)
    assert role_of(auditor) == Role.AUDITOR


@pytest.mark.parametrize(
    ("unit_code", "role"),
    [
        ("640121-GAJ", Role.COMMUNITY_CLERK),
        ("640121100001", Role.TOWNSHIP_OFFICER),
        ("640121100", Role.DEPARTMENT_OFFICER),
        ("640121100001", Role.CIVIL_AFFAIRS_ADMIN),
        ("640121-SW", Role.CREDIT_OFFICER),
        ("640121101", Role.AUDITOR),
    ],
)
def test_a_role_in_the_wrong_kind_of_unit_is_refused_and_nothing_written(county, unit_code, role):
    with pytest.raises(RuleViolation) as caught:
        create_user(
            actor=None,
            username="misplaced",
            password="a-long-pass-7",
            unit=Unit.objects.get(code=unit_code),
            role=role,
        )
    assert caught.value.code == "role_unit_mismatch" and "unit" in caught.value.fields
    assert not User.objects.filter(username="misplaced").exists()
    assert not Membership.objects.exists()
    assert not AuditEntry.objects.filter(action="user.created").exists()
