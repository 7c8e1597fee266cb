"""Layered catalogues (永民发〔2020〕91号 二(二)、三(三)一、三(四)): the nation's first batch, the
region's list and each county's own, read as one list per county."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jianzheng.accounts.roles import Role
from jianzheng.catalogue import selectors
from jianzheng.catalogue.models import Catalogue, CatalogueVersion, ChangeRequest
from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
from jianzheng.catalogue.selectors import get_item, item_in_force, list_items
from jianzheng.catalogue.services import (
    approve_for_region,
    decide_change,
    ensure_catalogue,
    import_catalogue,
    propose_change,
    publish_version,
    review_change,
)
from jianzheng.catalogue.tests.conftest import _person, new_item_payload
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region

TODAY = dt.date.today


def _region(code):
    return Region.objects.get(code=code)


def _operator_import(level_region, payloads, reference=""):
    return import_catalogue(
        actor=None,
        catalogue=ensure_catalogue(level_region),
        payloads=payloads,
        reason="r",
        legal_basis="b",
        approval_reference=reference,
    )


def _cancelled(payload):
    return payload | {
        "status": "cancelled",
        "alternatives": [
            {"kind": "data_sharing", "handling_unit": "公安机关", "instruction": "核查"}
        ],
        "template": None,
    }


def test_setup_gives_the_nation_its_first_batch_with_generic_bodies_and_the_county_its_own(
    catalogue,
):
    nation = Catalogue.objects.get(level="nation")
    rows = list(nation.versions.get().items.all())
    assert len(rows) == 20 and all(r.status == "cancelled" for r in rows)
    handlers = {a.handler_label for r in rows for a in r.alternatives.all()}
    assert "户籍所在地公安派出所" in handlers
    assert not any(h.startswith("永宁县") for h in handlers)
    assert Catalogue.objects.get(level="region").region.code == "64"
    yongning = item_in_force("无犯罪记录证明")
    assert yongning.source.label == "永宁县清单" and yongning.county.code == "640121"
    assert yongning.alternatives[0].handling_unit.code == "640121-GAJ"


def test_two_counties_answer_differently_for_the_same_proof(helan):
    yongning = item_in_force("居住证明", county=_region("640121"))
    assert yongning.decision == "issue" and yongning.source.label == "永宁县清单"
    answer = item_in_force("居住证明", county=helan)
    assert answer.decision == "do_not_issue"
    assert answer.county == helan and answer.source.level == "county"
    assert answer.source.label == "贺兰县清单"
    # What 贺兰县 does not list itself comes from the nation's list.
    alive = item_in_force("健在证明", county=helan)
    assert alive.source.level == "nation" and alive.source.label == "国家第一批清单"
    assert alive.decision == "do_not_issue"
    assert get_item("YN-B03", county=helan) is None
    assert {i.code for i in list_items(county=helan, status="retained")} == {"HL-B01", "HL-B02"}


def test_loading_again_never_reimports_into_a_list_that_has_versions(helan):
    from jianzheng.catalogue.loading import load_reference_catalogue

    before = CatalogueVersion.objects.count()
    assert load_reference_catalogue() is None
    assert CatalogueVersion.objects.count() == before


def test_several_counties_and_no_default_make_the_reader_pick(helan, settings):
    settings.DEFAULT_COUNTY = ""
    with pytest.raises(RuleViolation) as excinfo:
        item_in_force("居住证明")
    assert excinfo.value.code == "county_required" and "county" in excinfo.value.fields
    settings.DEFAULT_COUNTY = "640122"
    assert item_in_force("居住证明").decision == "do_not_issue"


def test_a_county_cannot_retain_what_the_nation_cancelled(catalogue, police_officer):
    payload = item_to_payload(get_item("GJ1-05")) | {"status": "retained"}
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer, kind="change", payload=payload, reason="r", legal_basis="b"
        )
    assert excinfo.value.code == "cancelled_above" and "status" in excinfo.value.fields
    assert excinfo.value.message == "该事项已由国家第一批清单取消，县级清单不能保留"


def test_a_county_cannot_retain_a_nation_cancelled_proof_under_another_code(
    catalogue, police_officer
):
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer,
            kind="add",
            payload=new_item_payload(code="YN-X1", name="无犯罪记录证明"),
            reason="r",
            legal_basis="b",
        )
    assert "国家第一批清单" in excinfo.value.message


def test_a_cancellation_by_the_region_wins_over_a_county_row_published_earlier(
    catalogue, police_officer
):
    residence = get_item("YN-B03")
    assert item_in_force("居住证明").decision == "issue"
    _operator_import(_region("64"), [_cancelled(item_to_payload(residence))])
    answer = item_in_force("居住证明")
    assert answer.decision == "do_not_issue" and answer.source.level == "region"
    change = item_to_payload(residence) | {"time_limit_days": 2}
    with pytest.raises(RuleViolation) as excinfo:
        propose_change(
            actor=police_officer, kind="change", payload=change, reason="r", legal_basis="b"
        )
    assert excinfo.value.message == "该事项已由自治区清单取消，县级清单不能保留"


def test_a_county_may_cancel_what_the_region_retains(helan):
    shared = validate_item_payload(new_item_payload(code="NX-B01", name="自治区示例保留证明"))
    _operator_import(_region("64"), [shared], reference="宁政函〔2026〕9号")
    yongning = item_in_force("NX-B01", county=_region("640121"))
    assert yongning.decision == "issue" and yongning.source.level == "region"
    _operator_import(helan, [_cancelled(shared)])
    assert item_in_force("NX-B01", county=helan).decision == "do_not_issue"
    assert item_in_force("NX-B01", county=_region("640121")).decision == "issue"


def test_a_county_removal_takes_away_only_its_own_row(
    catalogue, police_officer, civil_affairs_admin, second_admin
):
    assert item_in_force("GJ1-10").source.level == "county"
    change = propose_change(
        actor=police_officer, kind="remove", item_code="GJ1-10", reason="r", legal_basis="b"
    )
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    decide_change(actor=second_admin, change=change, approve=True)
    publish_version(actor=civil_affairs_admin, effective_date=TODAY())
    answer = item_in_force("GJ1-10")
    assert answer.decision == "do_not_issue" and answer.source.level == "nation"


def test_a_new_retained_proof_of_a_county_waits_for_the_region_admin(
    catalogue, police_officer, civil_affairs_admin, second_admin, region_admin
):
    change = propose_change(
        actor=police_officer,
        kind="add",
        payload=new_item_payload(),
        reason="宅基地确权需要",
        legal_basis="《土地管理法》第六十二条",
    )
    with pytest.raises(PermissionDenied):  # the region reviews no county's own change
        review_change(actor=region_admin, change=change, accept=True)
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    with pytest.raises(RuleViolation) as excinfo:
        decide_change(actor=second_admin, change=change, approve=True)
    assert "approval_reference" in excinfo.value.fields
    change = decide_change(
        actor=second_admin, change=change, approve=True, approval_reference="宁政函〔2026〕1号"
    )
    assert change.status == ChangeRequest.Status.AWAITING_REGION
    assert change.get_status_display() == "待自治区批准"
    with pytest.raises(RuleViolation):
        publish_version(actor=civil_affairs_admin, effective_date=TODAY())
    with pytest.raises(PermissionDenied):
        approve_for_region(actor=civil_affairs_admin, change=change, approve=True)
    change = approve_for_region(actor=region_admin, change=change, approve=True, note="同意")
    assert change.region_approved_by == region_admin and change.region_approved_at
    publish_version(actor=civil_affairs_admin, effective_date=TODAY())
    assert item_in_force("YN-B09").decision == "issue"


def test_county_admins_act_on_their_own_list_and_region_staff_see_every_county(
    helan, police_officer, civil_affairs_admin, helan_admin, region_admin
):
    change = propose_change(
        actor=police_officer,
        kind="change",
        payload=item_to_payload(get_item("YN-B03", county=_region("640121")))
        | {"time_limit_days": 2},
        reason="r",
        legal_basis="b",
    )
    assert change.catalogue.region.code == "640121"
    with pytest.raises(PermissionDenied):
        review_change(actor=helan_admin, change=change, accept=True)
    assert change not in selectors.list_change_requests(helan_admin)
    assert change in selectors.list_change_requests(civil_affairs_admin)
    assert change in selectors.list_change_requests(region_admin)
    with pytest.raises(PermissionDenied):
        publish_version(actor=helan_admin, catalogue=change.catalogue, effective_date=TODAY())


def test_version_numbers_count_per_catalogue(helan, helan_admin, helan_second_admin):
    payload = item_to_payload(get_item("HL-B02", county=helan)) | {"time_limit_days": 1}
    change = propose_change(
        actor=helan_admin, kind="change", payload=payload, reason="r", legal_basis="b"
    )
    review_change(actor=helan_second_admin, change=change, accept=True)
    third = _person("helan_third", "640122-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "贺兰丙")
    decide_change(actor=third, change=change, approve=True)
    version = publish_version(actor=helan_admin, effective_date=TODAY())
    assert version.number == 2 and version.catalogue.region == helan
    assert selectors.current_version(county=_region("640121")).number == 1
    assert get_item("HL-B02", county=helan).time_limit_days == 1


def test_an_upgraded_database_hands_its_versions_to_its_only_county(county):
    from jianzheng.catalogue.loading import adopt_unowned_versions

    version = CatalogueVersion.objects.create(
        number=1, effective_date=TODAY(), published_at="2025-01-01T00:00Z"
    )
    catalogue = adopt_unowned_versions()
    version.refresh_from_db()
    assert version.catalogue == catalogue and catalogue.region.code == "640121"


def test_the_cli_exports_and_imports_one_county_list(helan, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "helan.csv"
    call_command("catalogue", "export", str(path), "--county", "640122")
    text = path.read_text(encoding="utf-8-sig")
    assert "HL-C01" in text and "GJ1-10" in text and "YN-B03" not in text
    before = CatalogueVersion.objects.count()
    call_command("catalogue", "import", str(path), "--county", "640122")
    assert CatalogueVersion.objects.count() == before
    nation = tmp_path / "nation.csv"
    call_command("catalogue", "export", str(nation), "--level", "nation")
    assert nation.read_text(encoding="utf-8-sig").count("GJ1-") == 20
