"""Who may issue, read, revoke and see full ID numbers (certificates/permissions.py), checked
person by person, so that each check fails when it is taken out (`make mutants`)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.certificates import permissions as perms
from jianzheng.certificates.services import Refused
from jianzheng.regions.models import Unit

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf


@pytest.fixture
def lijun_certificate(issue, lijun_clerk, lijun):
    return issue(actor=lijun_clerk, community=lijun)


@pytest.fixture
def yanghe_refusal(issue):
    """A cancelled item asked for at 杨和第一社区: refused, and the refusal is on its ledger."""
    assert isinstance(issue(item="GJ1-10"), Refused)


@pytest.fixture
def yanghe_second_clerk(county):
    """A second clerk of 杨和第一社区."""
    return create_user(
        actor=None,
        username="yanghe_clerk_2",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121100001"),
        role=Role.COMMUNITY_CLERK,
        validate=False,
    )


def test_only_a_clerk_of_that_very_community_issues_in_its_name(
    catalogue, yanghe_clerk, lijun_clerk, yanghe_officer, civil_affairs_admin, yanghe, lijun
):
    assert perms.can_issue(yanghe_clerk, yanghe) and perms.can_issue(lijun_clerk, lijun)
    assert not perms.can_issue(yanghe_clerk, lijun)
    assert not perms.can_issue(yanghe_officer, yanghe)
    assert not perms.can_issue(civil_affairs_admin, yanghe)
    assert not perms.can_issue(AnonymousUser(), yanghe) and not perms.can_issue(None, yanghe)


def test_a_clerk_of_a_deactivated_community_issues_nothing(catalogue, yanghe_clerk, yanghe):
    yanghe.is_active = False
    yanghe.save()
    assert not perms.can_issue(yanghe_clerk, yanghe)
    yanghe_clerk.refresh_from_db()  # as the next request loads them
    assert not perms.can_issue_for_own_community(yanghe_clerk)


def test_a_deactivated_clerk_issues_nothing(catalogue, yanghe_clerk, yanghe):
    yanghe_clerk.is_active = False
    yanghe_clerk.save()
    assert not perms.can_issue(yanghe_clerk, yanghe)


def test_the_issue_button_shows_only_for_a_clerk(
    catalogue, yanghe_clerk, yanghe_officer, police_officer
):
    assert perms.can_issue_for_own_community(yanghe_clerk)
    assert not perms.can_issue_for_own_community(yanghe_officer)
    assert not perms.can_issue_for_own_community(police_officer)
    assert not perms.can_issue_for_own_community(AnonymousUser())


def test_the_ledger_is_read_by_clerks_officers_admins_and_auditors_only(
    catalogue, yanghe_clerk, yanghe_officer, civil_affairs_admin, auditor, police_officer
):
    for reader in (yanghe_clerk, yanghe_officer, civil_affairs_admin, auditor):
        assert perms.can_read_ledger(reader), reader.username
    assert not perms.can_read_ledger(police_officer)
    assert not perms.can_read_ledger(AnonymousUser())


def test_a_clerk_sees_only_their_own_communitys_certificates_and_refusals(
    issue, lijun_certificate, yanghe_refusal, yanghe_clerk, lijun_clerk
):
    mine = issue()
    assert list(perms.visible_certificates(yanghe_clerk)) == [mine]
    assert list(perms.visible_certificates(lijun_clerk)) == [lijun_certificate]
    assert perms.visible_refusals(yanghe_clerk).count() == 1
    assert not perms.visible_refusals(lijun_clerk).exists()


def test_a_township_officer_sees_the_ledgers_of_their_township_only(
    issue, lijun_certificate, yanghe_refusal, yanghe_officer
):
    mine = issue()
    assert list(perms.visible_certificates(yanghe_officer)) == [mine]
    assert perms.visible_refusals(yanghe_officer).count() == 1


def test_admins_and_auditors_see_every_ledger_and_departments_none(
    issue, lijun_certificate, yanghe_refusal, civil_affairs_admin, auditor, police_officer
):
    issue()
    for reader in (civil_affairs_admin, auditor):
        assert perms.visible_certificates(reader).count() == 2
        assert perms.visible_refusals(reader).count() == 1
    assert not perms.visible_certificates(police_officer).exists()
    assert not perms.visible_refusals(police_officer).exists()
    assert not perms.visible_certificates(AnonymousUser()).exists()


def test_the_issuing_communitys_clerks_and_an_admin_revoke_no_one_else(
    issue,
    yanghe_clerk,
    yanghe_second_clerk,
    lijun_clerk,
    yanghe_officer,
    civil_affairs_admin,
    auditor,
):
    certificate = issue()
    assert perms.can_revoke(yanghe_clerk, certificate)
    assert perms.can_revoke(yanghe_second_clerk, certificate)
    assert perms.can_revoke(civil_affairs_admin, certificate)
    # The officer and the auditor read this ledger, and still may not revoke.
    assert perms.visible_certificates(yanghe_officer).filter(pk=certificate.pk).exists()
    assert not perms.can_revoke(yanghe_officer, certificate)
    assert not perms.can_revoke(auditor, certificate)
    assert not perms.can_revoke(lijun_clerk, certificate)


def test_only_the_issuing_communitys_clerks_see_the_full_id_number(
    issue, yanghe_clerk, yanghe_second_clerk, lijun_clerk, yanghe_officer, civil_affairs_admin
):
    certificate = issue()
    assert perms.can_see_full_id(yanghe_clerk, certificate)
    assert perms.can_see_full_id(yanghe_second_clerk, certificate)
    for viewer in (lijun_clerk, yanghe_officer, civil_affairs_admin):
        assert not perms.can_see_full_id(viewer, certificate), viewer.username


def test_only_a_civil_affairs_admin_switches_the_handover(
    catalogue, civil_affairs_admin, yanghe_clerk, yanghe_officer, auditor
):
    """永民发〔2020〕91号 四(三): the county decides when the new arrangements are in place."""
    assert perms.can_manage_handover(civil_affairs_admin)
    for user in (yanghe_clerk, yanghe_officer, auditor, AnonymousUser()):
        assert not perms.can_manage_handover(user)
