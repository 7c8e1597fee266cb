"""Progress with evidence, overdue tasks, copying the plan, supervision findings."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jianzheng.campaign import selectors, services
from jianzheng.campaign.models import Campaign
from jianzheng.core.errors import RuleViolation
from jianzheng.core.tests.test_uploads import jpeg_with_gps
from jianzheng.regions.models import Region, Unit

pytestmark = pytest.mark.django_db


def test_a_task_is_overdue_once_its_phase_ends_without_every_lead_unit_reporting_it_done(
    plan, october, civil_affairs_admin, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    first = plan.tasks.get(number=1)  # 二(一): due with 三(二), 2020-09-30
    state = selectors.task_state(first, today=dt.date(2020, 10, 10))
    assert state.overdue and state.days_late == 10 and state.state_label == "已逾期"
    photo = SimpleUploadedFile("摸排照片.jpg", jpeg_with_gps(), content_type="image/jpeg")
    report = services.report_progress(
        actor=civil_affairs_admin, task=first, state="done", summary="已完成摸底", files=[photo]
    )
    assert report.unit.code == "640121-MZJ" and report.evidence.count() == 1
    # 司法局 has not reported yet: still overdue.
    assert selectors.task_state(first, today=dt.date(2020, 10, 10)).overdue
    third = plan.tasks.get(number=3)  # 二(三): only 民政局 leads, due 2020-10-31
    assert not selectors.task_state(third, today=dt.date(2020, 10, 10)).overdue
    assert selectors.task_state(third, today=dt.date(2020, 11, 1)).overdue
    long_term = plan.tasks.get(number=6)
    assert selectors.task_state(long_term, today=dt.date(2030, 1, 1)).state_label == "长期坚持"


def test_a_township_reports_as_one_of_the_plans_collective_cooperating_units(
    plan, october, yanghe_officer, police_officer, yanghe_clerk
):
    fifth = plan.tasks.get(number=5)  # names no units
    with pytest.raises(PermissionDenied):
        services.report_progress(actor=yanghe_officer, task=fifth, state="done", summary="x")
    report = services.report_progress(
        actor=yanghe_officer, task=plan.tasks.get(number=4), state="under_way", summary="已摘牌3块"
    )
    assert report.unit.code == "640121100"
    with pytest.raises(PermissionDenied):  # a community is not among the units named
        services.report_progress(
            actor=yanghe_clerk, task=plan.tasks.get(number=4), state="done", summary="x"
        )
    with pytest.raises(RuleViolation) as refused:
        services.report_progress(
            actor=police_officer, task=plan.tasks.get(number=1), state="?", summary=""
        )
    assert set(refused.value.fields) == {"state", "summary"}


def test_the_plan_copied_for_another_county_and_year_keeps_its_units_and_moves_its_dates(
    plan, helan, civil_affairs_admin, city_admin
):
    helan_county = Region.objects.get(code="640122")
    with pytest.raises(PermissionDenied):  # 永宁县's admin does not plan 贺兰县's campaign
        services.copy_campaign(
            actor=civil_affairs_admin, source=plan, county=helan_county, year=2021
        )
    copy = services.copy_campaign(actor=city_admin, source=plan, county=helan_county, year=2021)
    assert copy.title.startswith("贺兰县") and copy.copied_from == plan
    assert [(p.starts_on, p.ends_on) for p in copy.phases.order_by("number")][1] == (
        dt.date(2021, 9, 1),
        dt.date(2021, 9, 30),
    )
    first = copy.tasks.get(number=1)
    assert [u.text for u in first.units.filter(role="lead")] == ["民政局", "司法局"]
    assert first.units.get(text="民政局").unit.code == "640122-MZJ"
    # 贺兰县 registered no 司法局: the name is kept for its admin to merge.
    kept = first.units.get(text="司法局")
    assert kept.unit is None and kept.unit_name.region == helan_county
    assert first.due_on == dt.date(2021, 9, 30)
    with pytest.raises(RuleViolation):
        services.copy_campaign(actor=city_admin, source=plan, county=helan_county, year=2021)
    assert Campaign.objects.count() == 2


def test_supervision_findings_are_read_by_county_and_period(plan, october, region_admin, helan):
    task = plan.tasks.get(number=4)
    zzb = Unit.objects.get(code="640121-ZZB")
    services.record_finding(
        actor=region_admin,
        unit=zzb,
        task=task,
        reference="宁社治办〔2020〕5号",
        found_on=dt.date(2020, 10, 9),
        summary="社区外墙挂牌仍超过规定",
    )
    services.record_finding(
        actor=region_admin,
        unit=Unit.objects.get(code="640122-MZJ"),
        task=None,
        reference="宁社治办〔2020〕6号",
        found_on=dt.date(2020, 10, 9),
        summary="贺兰县",
    )
    yongning = Region.objects.get(code="640121")
    found = list(
        selectors.supervision_findings(
            county=yongning, start=dt.date(2020, 10, 1), end=dt.date(2020, 10, 31)
        )
    )
    assert [(f.unit, f.task, f.reference) for f in found] == [(zzb, task, "宁社治办〔2020〕5号")]
    assert not selectors.supervision_findings(
        county=yongning, start=dt.date(2020, 11, 1), end=dt.date(2020, 11, 30)
    ).exists()
    with pytest.raises(RuleViolation):
        services.record_finding(
            actor=region_admin,
            unit=zzb,
            task=task,
            reference="",
            found_on=dt.date(2030, 1, 1),
            summary="",
        )
