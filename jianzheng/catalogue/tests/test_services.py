import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jianzheng.catalogue.loading import load_reference_catalogue
from jianzheng.catalogue.models import CatalogueVersion, CertificateItem, ChangeRequest, ItemChange
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.selectors import item_in_force, list_items
from jianzheng.catalogue.services import (
    decide_change,
    propose_change,
    publish_version,
    review_change,
)
from jianzheng.catalogue.tests.conftest import new_item_payload, region_approves
from jianzheng.core.audit import verify_chain
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry

TODAY = dt.date.today


def _propose_new(actor, **overrides):
    return propose_change(
        actor=actor,
        kind="add",
        payload=new_item_payload(**overrides),
        reason="宅基地确权需要",
        legal_basis="《土地管理法》第六十二条",
    )


def _through_approval(change, reviewer, approver, reference="宁政函〔2026〕1号"):
    review_change(actor=reviewer, change=change, accept=True)
    change = decide_change(
        actor=approver, change=change, approve=True, approval_reference=reference
    )
    if change.status == ChangeRequest.Status.AWAITING_REGION:
        change = region_approves(change)
    return change


def test_reference_catalogue_is_version_one_with_twenty_cancelled_national_items(catalogue):
    assert catalogue.number == 1 and catalogue.is_in_force
    cancelled = list_items(status="cancelled", batch=1)
    assert cancelled.count() == 20
    assert all(item.alternatives.exists() for item in cancelled)
    retained = list_items(status="retained")
    assert retained.exists() and all(item.legal_bases.exists() for item in retained)


def test_loading_the_reference_catalogue_again_changes_nothing(catalogue):
    assert load_reference_catalogue() is None
    assert CatalogueVersion.objects.filter(catalogue__region__code="640121").count() == 1


def test_full_flow_adds_an_item_in_a_new_version(
    catalogue, police_officer, civil_affairs_admin, second_admin
):
    change = _propose_new(police_officer)
    _through_approval(change, civil_affairs_admin, second_admin)
    version = publish_version(actor=civil_affairs_admin, effective_date=TODAY(), summary="新增一项")
    item = CertificateItem.objects.get(code="YN-B09")
    assert version.number == 2 and item.version == version and item.is_retained
    assert ItemChange.objects.get(version=version).before is None
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PUBLISHED
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "catalogue.change_proposed",
        "catalogue.change_reviewed",
        "catalogue.change_decided",
        "catalogue.change_region_decided",
        "catalogue.version_published",
    } <= set(actions)
    assert verify_chain().ok


def test_a_clerk_cannot_propose_a_change(catalogue, yanghe_clerk):
    with pytest.raises(PermissionDenied):
        _propose_new(yanghe_clerk)
    assert not ChangeRequest.objects.filter(status="proposed").exists()


def test_a_clerk_cannot_approve_a_change(
    catalogue, police_officer, civil_affairs_admin, yanghe_clerk
):
    change = _propose_new(police_officer)
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    with pytest.raises(PermissionDenied):
        decide_change(actor=yanghe_clerk, change=change, approve=True, approval_reference="x")
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REVIEWED


def test_nobody_reviews_or_approves_their_own_request(catalogue, civil_affairs_admin, second_admin):
    change = _propose_new(civil_affairs_admin)
    with pytest.raises(PermissionDenied):
        review_change(actor=civil_affairs_admin, change=change, accept=True)
    review_change(actor=second_admin, change=change, accept=True)
    with pytest.raises(PermissionDenied):
        decide_change(
            actor=civil_affairs_admin, change=change, approve=True, approval_reference="x"
        )


def test_a_new_retained_item_needs_the_region_approval_reference(
    catalogue, police_officer, civil_affairs_admin, second_admin
):
    change = _propose_new(police_officer)
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    with pytest.raises(RuleViolation) as excinfo:
        decide_change(actor=second_admin, change=change, approve=True)
    assert "approval_reference" in excinfo.value.fields


def test_a_retained_item_without_legal_basis_is_refused(catalogue, police_officer):
    with pytest.raises(RuleViolation) as excinfo:
        _propose_new(police_officer, legal_bases=[])
    assert "legal_bases" in excinfo.value.fields
    assert not ChangeRequest.objects.filter(status="proposed").exists()


def test_a_cancelled_item_must_say_where_to_go_instead(catalogue, police_officer):
    with pytest.raises(RuleViolation) as excinfo:
        _propose_new(police_officer, status="cancelled", alternatives=[])
    assert "alternatives" in excinfo.value.fields


def test_every_bad_field_is_named_at_once(catalogue, police_officer):
    with pytest.raises(RuleViolation) as excinfo:
        _propose_new(
            police_officer,
            code="bad code!",
            name="",
            time_limit_days="abc",
            legal_bases=[{"title": "x", "level": "nonsense"}],
        )
    assert {"code", "name", "time_limit_days", "legal_bases.0.level"} <= set(excinfo.value.fields)


def test_control_characters_are_refused_with_the_field(catalogue, police_officer):
    with pytest.raises(RuleViolation) as excinfo:
        _propose_new(police_officer, name="居住\x00证明")
    assert "name" in excinfo.value.fields


def test_a_second_pending_request_for_the_same_item_is_refused(
    catalogue, police_officer, residence
):
    payload = item_to_payload(residence) | {"time_limit_days": 1}
    propose_change(
        actor=police_officer, kind="change", payload=payload, reason="提速", legal_basis="便民"
    )
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer, kind="change", payload=payload, reason="提速", legal_basis="便民"
        )
    assert excinfo.value.code == "pending_change"


def test_a_change_that_changes_nothing_is_refused(catalogue, police_officer, residence):
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer,
            kind="change",
            payload=item_to_payload(residence),
            reason="无",
            legal_basis="无",
        )
    assert excinfo.value.code == "no_change"


def test_removing_an_item_keeps_its_history(
    catalogue, police_officer, civil_affairs_admin, second_admin, residence
):
    change = propose_change(
        actor=police_officer,
        kind="remove",
        item_code=residence.code,
        reason="已实现信息共享",
        legal_basis="永民发〔2020〕91号 三（二）",
    )
    _through_approval(change, civil_affairs_admin, second_admin)
    version = publish_version(actor=civil_affairs_admin, effective_date=TODAY())
    assert item_in_force(residence.code).item is None
    assert CertificateItem.objects.filter(code=residence.code, version=version, is_active=False)
    residence.refresh_from_db()  # the row certificates point at is kept as it was
    assert residence.is_active and residence.name == "居（租）住证明"
    assert ItemChange.objects.get(version=version, item_code=residence.code).after is None


def test_a_future_version_waits_until_its_date(
    catalogue, police_officer, civil_affairs_admin, second_admin, residence
):
    payload = item_to_payload(residence) | {"time_limit_days": 1}
    change = propose_change(
        actor=police_officer, kind="change", payload=payload, reason="提速", legal_basis="便民"
    )
    _through_approval(change, civil_affairs_admin, second_admin)
    later = timezone.localdate() + dt.timedelta(days=10)
    version = publish_version(actor=civil_affairs_admin, effective_date=later)
    assert not version.is_in_force
    assert item_in_force("居住证明").item.time_limit_days == 0
    eve = item_in_force("居住证明", on=later - dt.timedelta(days=1))
    assert eve.item.time_limit_days == 0 and eve.version.number == version.number - 1
    on_the_day = item_in_force("居住证明", on=later)
    assert on_the_day.item.time_limit_days == 1 and on_the_day.version == version


def test_on_the_day_a_version_takes_effect_every_reader_answers_from_it_and_nothing_is_written(
    catalogue, police_officer, civil_affairs_admin, second_admin, residence, client
):
    """The bug: the day a version took effect, /check and /items still answered from the old
    list until someone searched (the search applied it, a read that wrote)."""
    payload = item_to_payload(residence) | {
        "status": "cancelled",
        "alternatives": [
            {"kind": "data_sharing", "handling_unit": "公安派出所", "instruction": "部门核查"}
        ],
    }
    change = propose_change(
        actor=police_officer, kind="change", payload=payload, reason="取消", legal_basis="便民"
    )
    _through_approval(change, civil_affairs_admin, second_admin)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    publish_version(actor=civil_affairs_admin, effective_date=tomorrow)
    assert client.get("/api/v1/catalogue/check", {"name": "居住证明"}).json()["decision"] == "issue"
    writes = (CertificateItem.objects.count(), AuditEntry.objects.count())
    with time_machine.travel(tomorrow + dt.timedelta(hours=12), tick=False):
        answer = client.get("/api/v1/catalogue/check", {"name": "居住证明"}).json()
        page = client.get(f"/items/{residence.code}").content.decode()
    assert answer["decision"] == "do_not_issue"
    assert "社区不再出具" in page
    assert (CertificateItem.objects.count(), AuditEntry.objects.count()) == writes


def test_publishing_with_nothing_approved_is_refused(catalogue, civil_affairs_admin):
    with pytest.raises(RuleViolation):
        publish_version(actor=civil_affairs_admin, effective_date=TODAY())


def test_a_proposal_reports_reason_and_item_problems_together(catalogue, police_officer):
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer,
            kind="add",
            payload=new_item_payload(name=""),
            reason="",
            legal_basis="",
        )
    assert {"reason", "legal_basis", "name"} <= set(excinfo.value.fields)


def test_a_name_two_items_answer_to_is_asked_back_by_the_portal_check_and_by_issuing(
    catalogue, police_officer, civil_affairs_admin, second_admin, client
):
    """One behaviour: the API's check used to take the first match while issuing refused."""
    change = _propose_new(police_officer, aliases=["居住证明"])
    _through_approval(change, civil_affairs_admin, second_admin)
    publish_version(actor=civil_affairs_admin, effective_date=TODAY())
    with pytest.raises(RuleViolation) as excinfo:
        item_in_force("居住证明")
    assert {c["code"] for c in excinfo.value.details["candidates"]} == {"YN-B03", "YN-B09"}
    answer = client.get("/api/v1/catalogue/check", {"name": "居住证明"})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "ambiguous_item"
    assert "name" in answer.json()["error"]["fields"]
