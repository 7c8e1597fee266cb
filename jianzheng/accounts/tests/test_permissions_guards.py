"""The checks every app's permissions build on (accounts/permissions.py), one person at a time, so
that each fails when its check is taken out (`make mutants`)."""

from django.contrib.auth.models import AnonymousUser

from jianzheng.accounts import permissions as perms
from jianzheng.accounts.models import User
from jianzheng.accounts.roles import Role


def test_a_staff_member_has_a_role_a_region_and_a_place_in_the_back_office(
    yanghe_officer, yanghe_town
):
    assert perms.is_staff_member(yanghe_officer)
    assert perms.role_of(yanghe_officer) == Role.TOWNSHIP_OFFICER
    assert perms.has_role(yanghe_officer, Role.AUDITOR, Role.TOWNSHIP_OFFICER)
    assert perms.scope_region(yanghe_officer) == yanghe_town.region


def test_an_account_without_a_membership_is_nobody_in_the_back_office(county, yanghe):
    """A login alone grants nothing: Membership is the single source of truth."""
    user = User.objects.create_user(username="no_membership", password="correct-horse-9")
    assert perms.membership_of(user) is None
    assert not perms.is_staff_member(user)
    assert perms.role_of(user) is None and not perms.has_role(user, *Role)
    assert perms.scope_region(user) is None
    assert not perms.units_in_scope(user).exists()
    assert not perms.unit_in_scope(user, yanghe)


def test_a_deactivated_member_is_nobody_in_the_back_office(yanghe_clerk, yanghe):
    yanghe_clerk.is_active = False
    yanghe_clerk.save()
    assert perms.membership_of(yanghe_clerk) is None
    assert not perms.is_staff_member(yanghe_clerk)
    assert perms.scope_region(yanghe_clerk) is None


def test_nobody_logged_in_is_nobody_in_the_back_office(county, yanghe):
    for user in (None, AnonymousUser()):
        assert perms.membership_of(user) is None
        assert not perms.is_staff_member(user) and perms.role_of(user) is None
        assert not perms.units_in_scope(user).exists()
        assert not perms.unit_in_scope(user, yanghe)
