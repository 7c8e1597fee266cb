"""Who may change the catalogue (永民发〔2020〕91号 三(四): departments apply, nothing is added
without approval; catalogue/permissions.py), one person at a time, so that each check fails when it
is taken out (`make mutants`)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jianzheng.accounts.models import Membership, User
from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.catalogue import permissions as perms
from jianzheng.catalogue.models import ChangeRequest
from jianzheng.catalogue.services import propose_change, review_change
from jianzheng.catalogue.tests.conftest import new_item_payload
from jianzheng.regions.models import Unit


@pytest.fixture
def third_admin(county):
    """A third 民政局 admin: neither proposer nor reviewer of anything below."""
    return create_user(
        actor=None,
        username="third_admin",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-MZJ"),
        role=Role.CIVIL_AFFAIRS_ADMIN,
        validate=False,
    )


def _propose(actor, code="YN-B09"):
    return propose_change(
        actor=actor,
        kind="add",
        payload=new_item_payload(code=code),
        reason="宅基地确权需要",
        legal_basis="《土地管理法》第六十二条",
    )


def test_departments_townships_and_admins_propose_and_nobody_else(
    catalogue, police_officer, yanghe_officer, civil_affairs_admin, yanghe_clerk, auditor
):
    for proposer in (police_officer, yanghe_officer, civil_affairs_admin):
        assert perms.can_propose_change(proposer), proposer.username
    for other in (yanghe_clerk, auditor, AnonymousUser()):
        assert not perms.can_propose_change(other)


def test_only_an_admin_other_than_the_proposer_reviews_a_proposed_change(
    catalogue, civil_affairs_admin, second_admin, police_officer, auditor
):
    change = _propose(civil_affairs_admin)
    assert perms.can_review_change(second_admin, change)
    assert not perms.can_review_change(civil_affairs_admin, change)
    assert perms.waiting_for_another_admin(civil_affairs_admin, change)
    assert perms.waiting_for_another_admin(second_admin, change) == ""
    for other in (police_officer, auditor):
        assert not perms.can_review_change(other, change)
        assert perms.waiting_for_another_admin(other, change) == ""


def test_a_reviewed_change_is_not_reviewed_again(catalogue, police_officer, civil_affairs_admin):
    change = _propose(police_officer)
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    change.refresh_from_db()
    assert not perms.can_review_change(civil_affairs_admin, change)


def test_only_a_third_admin_approves_a_reviewed_change(
    catalogue, civil_affairs_admin, second_admin, third_admin, auditor
):
    """The review must be a second pair of eyes, the approval a third."""
    change = _propose(civil_affairs_admin)
    assert not perms.can_approve_change(third_admin, change)  # not reviewed yet
    review_change(actor=second_admin, change=change, accept=True)
    change.refresh_from_db()
    assert perms.can_approve_change(third_admin, change)
    assert perms.waiting_for_another_admin(third_admin, change) == ""
    for admin in (civil_affairs_admin, second_admin):
        assert not perms.can_approve_change(admin, change)
        assert perms.waiting_for_another_admin(admin, change)
    assert not perms.can_approve_change(auditor, change)


def test_a_departments_change_is_approved_by_any_admin_but_its_reviewer(
    catalogue, police_officer, civil_affairs_admin, second_admin
):
    change = _propose(police_officer)
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    change.refresh_from_db()
    assert perms.can_approve_change(second_admin, change)
    assert not perms.can_approve_change(civil_affairs_admin, change)
    assert perms.waiting_for_another_admin(civil_affairs_admin, change)


def test_only_an_admin_publishes_a_version(
    catalogue, civil_affairs_admin, police_officer, auditor, yanghe_clerk
):
    assert perms.can_publish_version(civil_affairs_admin)
    for other in (police_officer, auditor, yanghe_clerk, AnonymousUser()):
        assert not perms.can_publish_version(other)


def test_admins_and_auditors_read_every_request_and_a_proposer_their_units(
    catalogue, police_officer, yanghe_officer, civil_affairs_admin, auditor, yanghe_clerk
):
    police = _propose(police_officer, code="YN-B09")
    township = _propose(yanghe_officer, code="YN-B10")
    for reader in (civil_affairs_admin, auditor):  # with version 1's requests
        assert set(perms.visible_change_requests(reader)) == set(
            ChangeRequest.objects.filter(catalogue__region__code="640121")
        )
        assert {police, township} <= set(perms.visible_change_requests(reader))
    assert list(perms.visible_change_requests(police_officer)) == [police]
    assert list(perms.visible_change_requests(yanghe_officer)) == [township]
    assert not perms.visible_change_requests(yanghe_clerk).exists()
    assert not perms.visible_change_requests(AnonymousUser()).exists()


def test_a_colleague_of_the_proposer_reads_the_request(catalogue, police_officer):
    colleague = create_user(
        actor=None,
        username="police_colleague",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-GAJ"),
        role=Role.DEPARTMENT_OFFICER,
        validate=False,
    )
    change = _propose(police_officer)
    assert list(perms.visible_change_requests(colleague)) == [change]


def test_an_officer_who_moved_to_another_department_still_reads_their_own_requests(
    catalogue, police_officer
):
    change = _propose(police_officer)
    Membership.objects.filter(user=police_officer).update(unit=Unit.objects.get(code="640121-SFJ"))
    moved = User.objects.get(pk=police_officer.pk)
    assert list(perms.visible_change_requests(moved)) == [change]
