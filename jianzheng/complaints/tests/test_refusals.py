import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jianzheng.certificates.demands import refuse_at_desk
from jianzheng.complaints import selectors, services
from jianzheng.complaints.models import Complaint
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region, Unit, UnitName

DEC = "2026-12"


@pytest.fixture
def refusals(catalogue, clock, yanghe_clerk, yanghe, lijun_clerk, lijun):
    """Three refusals of 健在证明 demanded by 公安局 (two spellings), one by a kept name."""
    for clerk, community, requester in (
        (yanghe_clerk, yanghe, "永宁县公安局"),
        (lijun_clerk, lijun, "640121-GAJ"),
        (yanghe_clerk, yanghe, "永宁县某某养老院"),
    ):
        refuse_at_desk(
            actor=clerk,
            community=community,
            item="健在证明",
            requester=requester,
            requested_on=dt.date(2026, 12, 2),
        )
    refuse_at_desk(
        actor=yanghe_clerk,
        community=yanghe,
        item="健在证明",
        requester="永宁县公安局",
        requested_on=dt.date(2026, 11, 30),
    )


def test_units_still_demanding_cancelled_proofs_are_ranked_per_county_and_month(refusals):
    county = Region.objects.get(code="640121")
    rows = selectors.rank_refusing_units(county, DEC)
    assert [(r.name, r.item_name, r.count) for r in rows] == [
        ("永宁县公安局", "健在证明", 2),
        ("永宁县某某养老院", "健在证明", 1),
    ]
    assert [r.count for r in selectors.rank_refusing_units(county, "2026-11")] == [1]


def test_one_action_opens_a_case_with_the_refusals_as_its_evidence(refusals, civil_affairs_admin):
    county = Region.objects.get(code="640121")
    police = Unit.objects.get(code="640121-GAJ")
    case = services.open_case_from_refusals(
        actor=civil_affairs_admin, county=county, unit=police, item_name="健在证明", month=DEC
    )
    assert case.source == Complaint.Source.REFUSALS and case.accused_unit == police
    assert case.secret_hash == "" and case.state == "received"
    assert case.evidence.filter(demand__isnull=False).count() == 2
    assert "登记2次" in case.description
    assert selectors.rank_refusing_units(county, DEC)[0].open_case == case.tracking_number
    again = services.open_case_from_refusals(
        actor=civil_affairs_admin, county=county, unit=police, item_name="健在证明", month=DEC
    )
    assert again == case and case.evidence.count() == 2  # attached once


def test_a_kept_name_can_be_the_accused_too(refusals, civil_affairs_admin):
    county = Region.objects.get(code="640121")
    name = UnitName.objects.get(text="永宁县某某养老院")
    case = services.open_case_from_refusals(
        actor=civil_affairs_admin, county=county, name=name, item_name="健在证明", month=DEC
    )
    assert case.accused_name == name and case.accused_unit is None


def test_only_civil_affairs_open_cases_and_only_in_their_counties(
    refusals, auditor, civil_affairs_admin, helan
):
    police = Unit.objects.get(code="640121-GAJ")
    county = Region.objects.get(code="640121")
    with pytest.raises(PermissionDenied):
        services.open_case_from_refusals(
            actor=auditor, county=county, unit=police, item_name="健在证明", month=DEC
        )
    with pytest.raises(PermissionDenied):
        services.open_case_from_refusals(
            actor=civil_affairs_admin,
            county=Region.objects.get(code="640122"),
            unit=police,
            item_name="健在证明",
            month=DEC,
        )
    with pytest.raises(RuleViolation, match="没有"):
        services.open_case_from_refusals(
            actor=civil_affairs_admin,
            county=county,
            unit=police,
            item_name="健在证明",
            month="2026-10",
        )
