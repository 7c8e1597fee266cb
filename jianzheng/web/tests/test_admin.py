"""Django admin: superusers only, in Chinese; never-deleted records only to look at."""

import pytest
from django.test import RequestFactory

from jianzheng.accounts.models import Membership, User
from jianzheng.core.models import AuditEntry
from jianzheng.regions.models import Unit
from jianzheng.web.admin import repair_site

PASSWORD = "correct-horse-9"
EDITABLE = {Unit, User, Membership}


@pytest.fixture
def superuser(county):
    """The operator's repair account (`jianzheng createsuperuser`): no unit, no role."""
    return User.objects.create_superuser(username="root", password=PASSWORD, full_name="运维")


@pytest.fixture
def root_client(client, superuser):
    client.force_login(superuser)
    return client


def test_a_superuser_sees_the_admin_in_chinese(root_client):
    response = root_client.get("/django-admin/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "最近动作" in page  # Django's own text, translated
    assert "审计记录" in page and "出具证明" in page and "任职" in page


def test_a_staff_member_even_with_is_staff_is_sent_to_the_admin_login(client, yanghe_clerk):
    yanghe_clerk.is_staff = True
    yanghe_clerk.save()
    client.force_login(yanghe_clerk)
    for url in ("/django-admin/", "/django-admin/core/auditentry/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/django-admin/login/")


def test_a_staff_member_cannot_log_in_to_the_admin(client, yanghe_clerk):
    response = client.post(
        "/django-admin/login/", {"username": "yanghe_clerk", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "仅供超级用户" in response.content.decode()
    assert client.get("/django-admin/").status_code == 302


def test_a_superuser_logs_in_to_the_admin_with_the_admin_form(client, superuser):
    response = client.post("/django-admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/django-admin/").status_code == 200


def test_an_audit_entry_can_be_read_but_not_changed_or_deleted(root_client, yanghe_clerk):
    entry = AuditEntry.objects.get(action="user.created", target_id=str(yanghe_clerk.pk))
    url = f"/django-admin/core/auditentry/{entry.pk}/change/"

    page = root_client.get(url)
    assert page.status_code == 200
    assert "user.created" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert root_client.post(url, {"action": "forged", "_save": "1"}).status_code == 403
    assert root_client.get(f"/django-admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    assert (
        root_client.post(
            f"/django-admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.action == "user.created"


def test_only_units_users_and_memberships_are_editable_and_no_record_is_deletable_but_a_membership(
    superuser,
):
    request = RequestFactory().get("/django-admin/")
    request.user = superuser
    registered = repair_site._registry
    assert {"certificate", "demand", "signeddocument", "auditentry"} <= {
        m._meta.model_name for m in registered
    }
    for model, model_admin in registered.items():
        editable = model in EDITABLE
        assert model_admin.has_change_permission(request) is editable, model
        assert model_admin.has_add_permission(request) is editable, model
        assert model_admin.has_delete_permission(request) is (model is Membership), model


def test_a_superuser_moves_a_clerk_to_another_community_and_the_audit_log_says_so(
    root_client, yanghe_clerk, lijun
):
    membership = yanghe_clerk.membership
    response = root_client.post(
        f"/django-admin/accounts/membership/{membership.pk}/change/",
        {"user": yanghe_clerk.pk, "unit": lijun.pk, "role": membership.role, "_save": "1"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.unit == lijun
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.actor_name == "root"
    assert entry.target_id == str(membership.pk)


def test_a_clerk_cannot_be_put_in_a_department(root_client, yanghe_clerk, yanghe):
    membership = yanghe_clerk.membership
    police = Unit.objects.get(code="640121-GAJ")
    response = root_client.post(
        f"/django-admin/accounts/membership/{membership.pk}/change/",
        {"user": yanghe_clerk.pk, "unit": police.pk, "role": membership.role, "_save": "1"},
    )
    assert response.status_code == 200
    assert "社区（村）工作者不能属于县直部门" in response.content.decode()
    membership.refresh_from_db()
    assert membership.unit == yanghe
    assert not AuditEntry.objects.filter(action="admin.changed").exists()
