"""The inventory, compliance and rectification, through the services with a real database."""

import datetime as dt
import json

import pytest
from PIL import Image

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.core.uploads import open_stored
from jianzheng.regions.models import Region
from jianzheng.signage import selectors
from jianzheng.signage.models import Photo, RectificationTask, WallPosting
from jianzheng.signage.rules import default_rule_set
from jianzheng.signage.services import (
    create_venue,
    load_rule_set,
    record_award,
    record_posting,
    rectify,
    remove_plaque,
    sign_off,
)

from .conftest import photo, plaque


def test_a_compliant_venue_has_no_violations_and_no_tasks(venue):
    assert selectors.violations(venue) == []
    assert not RectificationTask.objects.exists()
    assert selectors.compliance_share(region=venue.community.region) == (1, 1)


def test_a_fourth_door_plaque_opens_a_task_due_in_ten_working_days_citing_its_clause(
    venue, yanghe_clerk
):
    fourth = plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    (violation,) = selectors.violations(venue)
    assert (violation.rule, violation.clause, violation.subject_id) == (
        "door-side-plaques",
        "三(三)二",
        fourth.pk,
    )
    task = RectificationTask.objects.get()
    assert task.plaque == fourth and task.clause == "三(三)二"
    # Tuesday 1 September + 10 working days = Tuesday 15 September.
    assert task.deadline == dt.date(2026, 9, 15)
    assert selectors.compliance_share(region=venue.community.region) == (0, 1)


def test_the_clerk_takes_the_plaque_down_with_an_after_photo_and_the_township_signs_off(
    venue, yanghe_clerk, yanghe_officer
):
    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    task = RectificationTask.objects.get()
    with pytest.raises(RuleViolation) as refused:
        rectify(actor=yanghe_clerk, task=task, after_photo=None)
    assert "after_photo" in refused.value.fields
    done = rectify(actor=yanghe_clerk, task=task, after_photo=photo(), note="已摘除")
    assert done.state == RectificationTask.State.DONE
    assert selectors.violations(venue) == []
    assert selectors.compliance_share(region=venue.community.region) == (1, 1)
    signed = sign_off(actor=yanghe_officer, task=done)
    assert (
        signed.state == RectificationTask.State.SIGNED_OFF
        and signed.signed_off_by == yanghe_officer
    )
    assert AuditEntry.objects.filter(action="signage.sign_off").exists()


def test_the_after_photo_is_kept_without_its_gps(venue, yanghe_clerk):
    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    rectify(actor=yanghe_clerk, task=RectificationTask.objects.get(), after_photo=photo())
    stored = Photo.objects.get(stage="after").file
    with open_stored(stored) as kept, Image.open(kept) as image:
        assert not image.getexif()
    assert str(venue.community.code) not in stored.path  # our name, not the sender's


def test_a_renamed_file_is_refused_as_a_photo(venue, yanghe_clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    fake = SimpleUploadedFile("after.jpg", b"MZ\x90\x00 not a picture", "image/jpeg")
    with pytest.raises(RuleViolation) as refused:
        rectify(actor=yanghe_clerk, task=RectificationTask.objects.get(), after_photo=fake)
    assert "after_photo" in refused.value.fields
    assert RectificationTask.objects.get().state == "open"


def test_only_the_township_signs_off_and_only_a_done_task(
    venue, yanghe_clerk, yanghe_officer, civil_affairs_admin
):
    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    task = RectificationTask.objects.get()
    with pytest.raises(RuleViolation) as early:
        sign_off(actor=yanghe_officer, task=task)
    assert early.value.status == 409
    rectify(actor=yanghe_clerk, task=task, after_photo=photo())
    with pytest.raises(RuleViolation) as county:
        sign_off(actor=civil_affairs_admin, task=task)
    assert county.value.status == 403


def test_another_communitys_clerk_records_nothing_here(venue, lijun_clerk):
    with pytest.raises(RuleViolation) as refused:
        plaque(lijun_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    assert refused.value.status == 403


def test_a_task_still_open_after_its_deadline_is_flagged_overdue(venue, yanghe_clerk, clock):
    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    task = RectificationTask.objects.get()
    assert not selectors.is_overdue(task)
    assert selectors.is_overdue(task, on=dt.date(2026, 9, 16))
    assert not selectors.is_overdue(task, on=dt.date(2026, 9, 15))


def test_an_internal_posting_goes_into_the_handbook_when_put_right(venue, yanghe_clerk):
    notice = record_posting(actor=yanghe_clerk, venue=venue, title="活动室使用须知", kind="notice")
    duties = record_posting(
        actor=yanghe_clerk, venue=venue, title="居委会工作职责", kind="internal", body="一、……"
    )
    (task,) = RectificationTask.objects.all()
    assert task.posting == duties and task.clause == "三(三)三"
    rectify(actor=yanghe_clerk, task=task, after_photo=photo())
    duties.refresh_from_db()
    assert duties.in_handbook and duties.removed_on is not None
    assert selectors.handbook(venue.community) == {"内部管理": [duties]}
    assert notice.removed_on is None and selectors.violations(venue) == []


def test_an_award_on_the_wall_moves_to_the_display_board(venue, yanghe_clerk):
    award = record_award(actor=yanghe_clerk, venue=venue, title="全国示范社区", where="wall")
    task = RectificationTask.objects.get(award=award)
    assert task.clause == "三(三)四"
    rectify(actor=yanghe_clerk, task=task, after_photo=photo())
    award.refresh_from_db()
    assert award.where == "display_board" and selectors.violations(venue) == []


def test_a_bad_plaque_names_each_field_and_writes_nothing(venue, yanghe_clerk):
    from jianzheng.signage.services import record_plaque

    before = RectificationTask.objects.count()
    with pytest.raises(RuleViolation) as refused:
        record_plaque(
            actor=yanghe_clerk,
            venue=venue,
            position="roof",
            orientation="",
            text="",
            width_cm="abc",
            height_cm=0,
        )
    assert set(refused.value.fields) == {"position", "orientation", "text", "width_cm", "height_cm"}
    assert RectificationTask.objects.count() == before


def test_a_county_loads_its_own_rule_set_with_four_door_plaques(
    venue, yanghe_clerk, civil_affairs_admin
):
    fourth = "永宁县杨和镇杨和第一社区居务监督委员会"
    plaque(yanghe_clerk, venue, "door_side", "vertical", fourth)
    assert [v.rule for v in selectors.violations(venue)] == ["door-side-plaques"]
    data = json.loads(json.dumps(default_rule_set().raw))
    data["name"] = "四块牌子"
    data["rules"][0]["max_count"] = 4
    data["rules"][0]["allowed"].append({"label": "居务监督委员会", "keywords": ["监督委员会"]})
    county = Region.objects.get(code="640121")
    load_rule_set(actor=civil_affairs_admin, county=county, data=json.dumps(data))
    assert selectors.violations(venue) == []
    assert selectors.rule_set_for(venue.community.region).name == "四块牌子"


def test_only_the_county_loads_a_rule_set(venue, yanghe_officer):
    with pytest.raises(RuleViolation) as refused:
        load_rule_set(actor=yanghe_officer, county=Region.objects.get(code="640121"), data="{}")
    assert refused.value.status == 403


def test_compliance_is_counted_per_community_township_and_county(
    venue, yanghe_clerk, lijun, lijun_clerk
):
    second = create_venue(actor=yanghe_clerk, community=venue.community, name="第二活动场所")
    plaque(yanghe_clerk, second, "inside", "horizontal", "心理咨询室")
    other = create_venue(actor=lijun_clerk, community=lijun, name="党群服务中心")
    assert selectors.compliance_share(region=venue.community.region) == (1, 2)
    assert selectors.compliance_share(region=Region.objects.get(code="640121100")) == (1, 2)
    assert selectors.compliance_share(region=lijun.region) == (1, 1)
    assert selectors.compliance_share(region=Region.objects.get(code="640121")) == (2, 3)
    assert other in [v.venue for v in selectors.compliance(lijun.region).venues]


def test_a_countys_compliance_costs_the_same_queries_for_one_venue_or_many(
    venue, yanghe_clerk, lijun, lijun_clerk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    county = Region.objects.get(code="640121")

    def judged():
        with CaptureQueriesContext(connection) as queries:
            result = selectors.compliance(county)
        return len(queries), {v.venue.pk: [x.rule for x in v.violations] for v in result.venues}

    one, _ = judged()
    for n in range(3):
        more = create_venue(actor=lijun_clerk, community=lijun, name=f"活动场所{n}")
        plaque(lijun_clerk, more, "door_side", "vertical", "社区矫正工作站")
        record_posting(actor=lijun_clerk, venue=more, title="工作职责", kind="internal")
    many, verdicts = judged()
    assert many == one
    # The same verdicts as judging each venue alone.
    for v in selectors.venues_in(county):
        assert verdicts[v.pk] == [x.rule for x in selectors.violations(v)]
    assert sorted(map(len, verdicts.values())) == [0, 2, 2, 2]


def test_compliance_on_a_past_day_counts_what_hung_then(venue, yanghe_clerk, clock):
    plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    clock.move_to(dt.datetime(2026, 9, 3, 2, 0, tzinfo=dt.UTC))
    rectify(actor=yanghe_clerk, task=RectificationTask.objects.get(), after_photo=photo())
    region = venue.community.region
    assert selectors.compliance_share(region=region, on=dt.date(2026, 9, 2)) == (0, 1)
    assert selectors.compliance_share(region=region) == (1, 1)
    assert selectors.compliance_share(region=region, on=dt.date(2026, 8, 1)) == (1, 1)


def test_the_census_lists_each_plaque_with_its_type_and_size(venue):
    rows = selectors.census(venue.community.region)
    assert len(rows) == 6 and rows[0].size == "60×240"
    ((code, name, count, at),) = selectors.census_summary(rows)
    assert (code, count) == ("640121100001", 6) and "大门两侧3块" in at
    assert WallPosting.objects.count() == 0


def test_a_region_with_no_venue_recorded_shares_zero_of_zero(db, county):
    assert selectors.compliance_share(region=Region.objects.get(code="640121")) == (0, 0)


def test_a_plaque_no_longer_needed_comes_down_with_its_reason(venue, yanghe_clerk):
    station = next(p for p in selectors.plaques(venue) if p.text.endswith("服务站"))
    remove_plaque(actor=yanghe_clerk, plaque=station, note="服务站并入党群服务中心")
    station.refresh_from_db()
    assert station.removed_note == "服务站并入党群服务中心" and station.removed_on is not None
    assert station not in selectors.plaques(venue)
    assert AuditEntry.objects.filter(action="signage.plaque_removed").get().summary == {
        "note": "服务站并入党群服务中心"
    }
    assert selectors.compliance_share(region=venue.community.region) == (1, 1)
    with pytest.raises(RuleViolation) as again:
        remove_plaque(actor=yanghe_clerk, plaque=station, note="再撤一次")
    assert again.value.status == 409


def test_a_removal_without_a_reason_is_refused_naming_the_field(venue, yanghe_clerk, lijun_clerk):
    station = next(p for p in selectors.plaques(venue) if p.text.endswith("服务站"))
    with pytest.raises(RuleViolation) as silent:
        remove_plaque(actor=yanghe_clerk, plaque=station, note="  ")
    assert "note" in silent.value.fields
    with pytest.raises(RuleViolation) as stranger:
        remove_plaque(actor=lijun_clerk, plaque=station, note="不是本社区")
    assert stranger.value.status == 403
    assert station in selectors.plaques(venue)


def test_a_plaque_with_an_open_task_comes_down_only_through_its_task(venue, yanghe_clerk):
    fourth = plaque(yanghe_clerk, venue, "door_side", "vertical", "社区矫正工作站")
    with pytest.raises(RuleViolation) as refused:
        remove_plaque(actor=yanghe_clerk, plaque=fourth, note="撤掉")
    assert refused.value.code == "has_task" and refused.value.status == 409
    assert fourth in selectors.plaques(venue)
    assert RectificationTask.objects.get().state == RectificationTask.State.OPEN
