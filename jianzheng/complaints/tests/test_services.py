import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jianzheng.complaints import permissions, selectors, services
from jianzheng.complaints.models import Complaint, Evidence
from jianzheng.core import residents
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry, OutboxMessage
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.services import merge_unit_name

S = Complaint.State


def test_a_report_gets_a_number_and_a_secret_that_only_its_hash_keeps(submit, clock):
    made = submit()
    case = made.complaint
    assert case.tracking_number.startswith("JB2026-")
    assert made.secret not in case.secret_hash and residents.matches(made.secret, case.secret_hash)
    assert case.accused_unit.code == "640121-GAJ"
    assert (case.item_code, case.item_status) == ("GJ1-10", "cancelled")
    assert case.state == S.RECEIVED and case.level == "county"
    assert case.due_on == dt.date(2026, 12, 7)  # Thursday + 2 working days = Monday
    assert services.follow(case.tracking_number, made.secret) == case
    assert services.follow(case.tracking_number, residents.new_secret()) is None
    assert services.follow("JB2026-NOSUCH00", made.secret) is None
    assert not AuditEntry.objects.filter(summary__icontains=made.secret).exists()


def test_every_missing_field_is_named_at_once_and_nothing_is_written(catalogue, data_dir):
    county = Region.objects.get(code="640121")
    with pytest.raises(RuleViolation) as caught:
        services.submit_complaint(county=county, date="", place="", description="")
    assert set(caught.value.fields) >= {"unit_name", "item_name", "date", "place", "description"}
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unit", "NO-SUCH", "没有代码"),
        ("item", "XX-99", "清单中没有"),
        ("date", "2030-01-01", "不能晚于今天"),
        ("description", "太短", "至少10个字"),
        ("contact_phone", "12345", "手机号"),
        ("contact_email", "not-an-email", "邮箱"),
        ("place", "地" * 201, "不能超过200个字"),
    ],
)
def test_a_bad_field_is_named(submit, clock, field, value, message):
    with pytest.raises(RuleViolation) as caught:
        submit(**{field: value})
    assert message in caught.value.fields[field]
    assert Complaint.objects.count() == 0


def test_a_renamed_exe_as_evidence_refuses_the_whole_report_and_leaves_no_file(
    submit, clock, data_dir
):
    exe = SimpleUploadedFile("现场照片.jpg", b"MZ\x90\x00" + b"\x00" * 300, "image/jpeg")
    with pytest.raises(RuleViolation) as caught:
        submit(files=[exe])
    assert "files" in caught.value.fields
    assert Complaint.objects.count() == 0
    assert not list(data_dir.rglob("*.jpg")) and not list(data_dir.rglob("*.png"))


def test_evidence_files_are_kept_with_the_case(submit, clock, data_dir):
    from jianzheng.core.tests.test_uploads import pdf_with_author

    made = submit(files=[SimpleUploadedFile("回执.pdf", pdf_with_author(), "application/pdf")])
    evidence = Evidence.objects.get(complaint=made.complaint)
    assert evidence.by_resident and evidence.file.kind == "pdf"
    assert (data_dir / "uploads" / evidence.file.path).is_file()


def test_a_typed_unknown_unit_is_kept_as_a_name_and_follows_a_merge(
    submit, clock, civil_affairs_admin
):
    made = submit(unit="", unit_name="永宁县某某物业公司")
    case = made.complaint
    assert case.accused_unit is None and case.accused_name.text == "永宁县某某物业公司"
    water = Unit.objects.get(code="640121-SW")
    merge_unit_name(actor=civil_affairs_admin, name=case.accused_name, into=water)
    case.refresh_from_db()
    assert case.accused_unit == water and case.accused_text == "永宁县某某物业公司"


def test_a_typed_name_of_a_known_unit_links_the_unit(submit, clock):
    case = submit(unit="", unit_name="杨和派出所").complaint
    assert case.accused_unit.code == "640121-GAJ-YH"


def test_a_typed_proof_is_recognised_as_the_cancelled_item(submit, clock):
    case = submit(item="", item_name="健在证明").complaint
    assert (case.item_code, case.item_status) == ("GJ1-10", "cancelled")
    other = submit(item="", item_name="彩票领奖证明", date="2026-12-02").complaint
    assert (other.item_code, other.item_status, other.item_name) == (
        "",
        "not_listed",
        "彩票领奖证明",
    )


def test_the_life_cycle_with_working_day_deadlines(
    submit, clock, civil_affairs_admin, police_officer
):
    case = submit().complaint
    with pytest.raises(RuleViolation) as caught:
        services.transition(actor=civil_affairs_admin, complaint=case, to=S.VERIFIED, note="x")
    assert caught.value.status == 409 and caught.value.details["allowed"] == [
        "accepted",
        "not_accepted",
    ]
    with pytest.raises(PermissionDenied):  # the accused unit does not accept its own case
        services.transition(actor=police_officer, complaint=case, to=S.ACCEPTED)
    case = services.transition(actor=civil_affairs_admin, complaint=case, to=S.ACCEPTED)
    assert case.due_on == dt.date(2026, 12, 17)  # 10 working days after Thursday 3 Dec
    with pytest.raises(RuleViolation) as caught:
        services.transition(actor=police_officer, complaint=case, to=S.ANSWERED, note="")
    assert "note" in caught.value.fields
    case = services.transition(
        actor=police_officer, complaint=case, to=S.ANSWERED, note="窗口人员理解有误，已纠正"
    )
    case = services.transition(
        actor=civil_affairs_admin, complaint=case, to=S.VERIFIED, note="经调取窗口录像，情况属实"
    )
    case = services.transition(
        actor=civil_affairs_admin, complaint=case, to=S.RECTIFIED, note="已约谈窗口负责人并全员培训"
    )
    case = services.transition(actor=civil_affairs_admin, complaint=case, to=S.CLOSED)
    assert case.due_on is None
    public = [e.public_text for e in selectors.public_timeline(case)]
    assert public[0].startswith("已收到举报，由永宁县民政局办理")
    assert any("已核实：经调取窗口录像" in t for t in public)
    assert public[-1] == "已办结"
    assert AuditEntry.objects.filter(action__startswith="complaint.").count() == 6
    # Every public update is queued for the reporter's email, none with the secret.
    mails = OutboxMessage.objects.filter(kind="notify.email")
    assert mails.count() == len(public)


def test_not_accepted_says_who_decided_why_and_where_else_to_go(submit, clock, civil_affairs_admin):
    case = submit().complaint
    with pytest.raises(RuleViolation) as caught:
        services.transition(actor=civil_affairs_admin, complaint=case, to=S.NOT_ACCEPTED)
    assert "不予受理的理由" in caught.value.fields["note"]
    case = services.transition(
        actor=civil_affairs_admin, complaint=case, to=S.NOT_ACCEPTED, note="已由纪检部门处理"
    )
    assert case.decided_by_name == "永宁县民政局"
    assert "0951-6888759" in case.redirect_to  # the city's hotline
    text = selectors.public_timeline(case)[-1].public_text
    assert "永宁县民政局决定不予受理：已由纪检部门处理" in text and "银川市" in text


def test_new_information_from_the_reporter_reopens_a_case_not_accepted(
    submit, clock, civil_affairs_admin
):
    case = submit().complaint
    services.transition(
        actor=civil_affairs_admin, complaint=case, to=S.NOT_ACCEPTED, note="证据不足"
    )
    services.add_message(complaint=case, text="补充：窗口工作人员工号 1024，另有同行人可作证。")
    case.refresh_from_db()
    assert case.state == S.RECEIVED and case.due_on == dt.date(2026, 12, 7)


def test_an_overdue_case_is_flagged_then_goes_up_to_the_city(
    submit, clock, helan, civil_affairs_admin, city_admin
):
    case = submit().complaint
    clock.move_to(dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert services.is_overdue(case)
    assert [c.pk for c in selectors.list_complaints(civil_affairs_admin, overdue=True)] == [case.pk]
    assert services.escalate_overdue() == []  # 3 further working days not yet past
    clock.move_to(dt.datetime(2026, 12, 11, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    [moved] = services.escalate_overdue()
    assert (moved.level, moved.handling_region.code, moved.escalated_times) == ("city", "6401", 1)
    assert moved.due_on == dt.date(2026, 12, 15)
    with pytest.raises(PermissionDenied):
        services.transition(actor=civil_affairs_admin, complaint=moved, to=S.ACCEPTED)
    services.transition(actor=city_admin, complaint=moved, to=S.ACCEPTED)
    assert "银川市民政局督办" in selectors.public_timeline(moved)[-2].public_text


def test_a_case_against_the_citys_own_unit_is_handled_by_the_city(submit, clock, helan):
    case = submit(unit="6401-MZJ").complaint
    assert (case.level, case.handling_region.code, case.county.code) == ("city", "6401", "640121")


def test_the_accused_unit_sees_only_the_cases_about_itself(
    submit, clock, police_officer, hrss_officer, civil_affairs_admin, yanghe_officer, auditor
):
    about_police = submit().complaint
    about_hrss = submit(unit="640121-RSJ", date="2026-12-02").complaint
    assert list(permissions.visible_complaints(police_officer)) == [about_police]
    assert list(permissions.visible_complaints(hrss_officer)) == [about_hrss]
    assert set(permissions.visible_complaints(civil_affairs_admin)) == {about_police, about_hrss}
    assert set(permissions.visible_complaints(auditor)) == {about_police, about_hrss}
    assert not permissions.visible_complaints(yanghe_officer).exists()
    assert not permissions.can_see_contact(police_officer, about_police)


def test_a_likely_duplicate_is_offered_and_joined(submit, clock, civil_affairs_admin):
    first = submit().complaint
    second = submit(contact_email="niu@example.com")
    assert second.likely_duplicate == first
    joined = services.join_duplicate(complaint=second.complaint, into=first)
    assert joined.joined_to == first
    services.transition(actor=civil_affairs_admin, complaint=first, to=S.ACCEPTED)
    joined.refresh_from_db()
    assert joined.state == S.ACCEPTED
    assert selectors.public_timeline(joined)[-1].public_text.startswith("已受理")
    # Payloads are sealed at rest (core.pii): read in Python, never filtered in SQL.
    to_niu = [m for m in OutboxMessage.objects.all() if m.payload.get("to") == "niu@example.com"]
    assert len(to_niu) == 2  # received, accepted
    with pytest.raises(RuleViolation) as caught:
        services.transition(actor=civil_affairs_admin, complaint=joined, to=S.ANSWERED, note="x")
    assert caught.value.status == 409


def test_assignment_is_to_the_handling_levels_own_staff(
    submit, clock, civil_affairs_admin, second_admin, police_officer
):
    case = submit().complaint
    services.assign(actor=civil_affairs_admin, complaint=case, assignee=second_admin)
    assert Complaint.objects.get(pk=case.pk).assignee == second_admin
    with pytest.raises(RuleViolation):
        services.assign(actor=civil_affairs_admin, complaint=case, assignee=police_officer)
    with pytest.raises(PermissionDenied):
        services.assign(actor=police_officer, complaint=case, assignee=second_admin)


def test_kept_names_count_complaints_as_records(submit, clock):
    submit(unit="", unit_name="永宁县某某物业公司")
    from jianzheng.regions.selectors import count_name_uses

    name = UnitName.objects.get(text="永宁县某某物业公司")
    assert count_name_uses([name])[name.pk] == 1
