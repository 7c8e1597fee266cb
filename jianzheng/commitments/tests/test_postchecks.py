"""Post-checks (事后核查, 二(七)): reproducible sampling at the item's rate, deadlines in working days,
the queue, results and the national reporting table."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jianzheng.catalogue.commitment_spec import example_commitment
from jianzheng.commitments import exports, postchecks, sampling, selectors
from jianzheng.commitments.models import Commitment, CreditRecord, PostCheck
from jianzheng.core import workdays
from jianzheng.core.errors import RuleViolation

from .conftest import OTHER_ID


def test_sampling_is_reproducible_from_the_serial_alone():
    assert sampling.sample_value("CN640121-2026-000001") == sampling.sample_value(
        "CN640121-2026-000001"
    )
    assert sampling.sample_value("CN640121-2026-000001") != sampling.sample_value(
        "CN640121-2026-000002"
    )


@pytest.mark.parametrize("rate", [10, 20, 50])
def test_sampling_draws_the_configured_rate_over_ten_thousand_serials(rate):
    drawn = sum(sampling.is_drawn(f"CN640121-2026-{n:06d}", rate) for n in range(1, 10001))
    assert abs(drawn / 10000 - rate / 100) <= 0.02


def test_full_check_and_the_higher_rate_for_earlier_findings():
    rule = example_commitment(
        post_check={"method": "on_site", "deadline_days": 5, "base_rate": 10, "higher_rate": 60}
    )["post_check"]
    assert sampling.rate_for(rule, earlier_findings=False) == 10
    assert sampling.rate_for(rule, earlier_findings=True) == 60
    assert sampling.rate_for({**rule, "full_check": True}, earlier_findings=False) == 100
    assert all(sampling.is_drawn(f"S{n}", 100) for n in range(200))
    assert not any(sampling.is_drawn(f"S{n}", 0) for n in range(200))


def test_a_commitment_records_its_draw_so_anyone_can_recompute_it(commit):
    commitment = commit()
    assert commitment.sample_value == sampling.sample_value(commitment.serial)
    assert commitment.sample_rate == 10
    assert commitment.sampled == sampling.is_drawn(commitment.serial, 10)
    assert PostCheck.objects.filter(commitment=commitment).exists() == commitment.sampled


def _drawn(commit, **overrides) -> Commitment:
    """Commit until the rule draws one (GJ1-08 checks 20 %)."""
    for n in range(60):
        commitment = commit(
            item="GJ1-08", department="640121-MZJ", case_number=f"MZ-{n}", **overrides
        )
        if commitment.sampled:
            return commitment
    raise AssertionError("nothing drawn in 60 commitments at 20 %")


def test_the_deadline_skips_a_weekend_a_holiday_and_counts_a_make_up_workday(items):
    # 2026-09-18 is a Friday; 19 Sat; 20 Sun is a 国庆 make-up workday; 25 Fri is 中秋.
    start = dt.date(2026, 9, 18)
    assert workdays.add_working_days(start, 1) == dt.date(2026, 9, 20)
    assert workdays.add_working_days(start, 5) == dt.date(2026, 9, 24)
    assert workdays.add_working_days(start, 6) == dt.date(2026, 9, 28)


@pytest.fixture
def september(db):
    """The clock on Friday 2026-09-18, 10:00 Beijing time, before the catalogue is loaded."""
    traveller = time_machine.travel(dt.datetime(2026, 9, 18, 2, 0, tzinfo=dt.UTC), tick=False)
    shift = traveller.start()
    yield shift
    traveller.stop()


def test_a_drawn_commitment_is_due_within_the_items_working_days(september, commit):
    commitment = _drawn(commit)
    check = commitment.post_check
    assert check.created_on == dt.date(2026, 9, 18)
    # GJ1-08: 10 working days: 20, 21, 22, 23, 24, (25–27 off), 28, 29, 30, (10-1..7 off), 8, 9.
    assert check.deadline == dt.date(2026, 10, 9)
    assert check.method == "data_sharing"


def test_the_queue_flags_due_and_overdue(september, commit, civil_affairs_admin):
    check = _drawn(commit).post_check
    assert check in selectors.list_post_checks(civil_affairs_admin, state="due")
    september.move_to(dt.datetime(2026, 10, 9, 8, 0, tzinfo=dt.UTC))  # the last day: still due
    assert check in selectors.list_post_checks(civil_affairs_admin, state="due")
    september.move_to(dt.datetime(2026, 10, 12, 2, 0, tzinfo=dt.UTC))
    assert check in selectors.list_post_checks(civil_affairs_admin, state="overdue")
    assert check not in selectors.list_post_checks(civil_affairs_admin, state="due")


def test_another_department_neither_sees_nor_checks(commit, spj_officer):
    check = _drawn(commit).post_check
    assert not selectors.list_post_checks(spj_officer).filter(pk=check.pk).exists()
    with pytest.raises(PermissionDenied):
        postchecks.record_result(actor=spj_officer, check=check, fulfilled=True, basis="b", how="h")


def test_a_result_records_who_when_basis_and_how(commit, civil_affairs_admin):
    check = postchecks.record_result(
        actor=civil_affairs_admin,
        check=_drawn(commit).post_check,
        fulfilled=True,
        basis="《婚姻登记条例》",
        how="经婚姻登记信息系统核对，婚姻状况与承诺一致",
    )
    assert check.state == PostCheck.State.FULFILLED
    assert check.checked_by == civil_affairs_admin and check.checked_at is not None
    assert check in selectors.list_post_checks(civil_affairs_admin, state="done")
    with pytest.raises(RuleViolation) as caught:
        postchecks.record_result(
            actor=civil_affairs_admin, check=check, fulfilled=False, basis="b", how="h"
        )
    assert caught.value.status == 409


def test_an_untrue_result_needs_findings_and_evidence(commit, civil_affairs_admin):
    check = _drawn(commit).post_check
    with pytest.raises(RuleViolation) as caught:
        postchecks.record_result(
            actor=civil_affairs_admin, check=check, fulfilled=False, basis="依据", how="核对"
        )
    assert {"findings", "evidence"} <= set(caught.value.fields)
    check.refresh_from_db()
    assert check.state == PostCheck.State.PENDING


def test_the_national_table_carries_its_fields(commit, civil_affairs_admin):
    check = postchecks.record_result(
        actor=civil_affairs_admin,
        check=_drawn(commit).post_check,
        fulfilled=True,
        basis="=HYPERLINK(1)",
        how="数据共享核对",
    )
    text = exports.checks_csv([check])
    header = text.lstrip("\ufeff").splitlines()[0]
    assert (
        header
        == "核查编号,核查时间,核查部门,核查依据,是否履行承诺,履行情况,核查方式,证明事项,告知承诺书编号"
    )
    assert check.number in text and ",是," in text
    assert "'=HYPERLINK(1)" in text  # a formula is neutralised


def untrue(check, officer, *, answer="", months=12, severity="serious"):
    postchecks.record_result(
        actor=officer,
        check=check,
        fulfilled=False,
        basis="《婚姻登记条例》",
        how="婚姻登记信息系统核对",
        findings="承诺未婚，登记信息为已婚",
        evidence="婚姻登记信息截图",
    )
    postchecks.notify_finding(actor=officer, check=check, method="电话告知并送达书面告知书")
    return postchecks.confirm_finding(
        actor=officer,
        check=check,
        answer=answer,
        severity=severity,
        measure_basis="国办发〔2020〕42号",
        months=months,
    )


def test_no_credit_record_before_the_applicant_was_told_and_could_answer(
    commit, civil_affairs_admin
):
    check = _drawn(commit).post_check
    postchecks.record_result(
        actor=civil_affairs_admin,
        check=check,
        fulfilled=False,
        basis="依据",
        how="核对",
        findings="不实",
        evidence="截图",
    )
    with pytest.raises(RuleViolation) as caught:
        postchecks.confirm_finding(actor=civil_affairs_admin, check=check, measure_basis="x")
    assert caught.value.code == "not_notified"
    postchecks.notify_finding(actor=civil_affairs_admin, check=check, method="电话")
    with pytest.raises(RuleViolation) as caught:
        postchecks.confirm_finding(actor=civil_affairs_admin, check=check, measure_basis="x")
    assert "陈述申辩期限" in caught.value.fields["answer"]
    assert not CreditRecord.objects.exists()


def test_a_confirmed_untrue_commitment_creates_a_credit_record(commit, civil_affairs_admin):
    check = untrue(_drawn(commit).post_check, civil_affairs_admin, answer="本人无异议")
    assert check.state == PostCheck.State.CONFIRMED
    record = CreditRecord.objects.get()
    assert record.subject_id_masked.endswith("1232") and "1990" not in record.subject_id_masked
    assert record.subject_name_masked == "马*花"
    assert record.item_code == "GJ1-08" and record.severity == "serious"
    assert not record.publish


def test_an_answer_can_clear_the_finding(commit, civil_affairs_admin):
    check = _drawn(commit).post_check
    postchecks.record_result(
        actor=civil_affairs_admin,
        check=check,
        fulfilled=False,
        basis="b",
        how="h",
        findings="f",
        evidence="e",
    )
    postchecks.notify_finding(actor=civil_affairs_admin, check=check, method="电话")
    postchecks.confirm_finding(
        actor=civil_affairs_admin, check=check, answer="已于上月离婚，提供离婚证", upheld=False
    )
    check.refresh_from_db()
    assert check.state == PostCheck.State.CLEARED
    assert not CreditRecord.objects.exists()


def test_an_applicant_with_an_earlier_finding_is_checked_at_the_higher_rate(
    september, commit, civil_affairs_admin
):
    check = _drawn(commit).post_check
    postchecks.record_result(
        actor=civil_affairs_admin,
        check=check,
        fulfilled=False,
        basis="b",
        how="h",
        findings="f",
        evidence="e",
    )
    postchecks.notify_finding(actor=civil_affairs_admin, check=check, method="电话")
    september.move_to(dt.datetime(2026, 10, 12, 2, 0, tzinfo=dt.UTC))  # the answer period ran out
    postchecks.confirm_finding(
        actor=civil_affairs_admin, check=check, measure_basis="42号", months=1
    )
    september.move_to(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC))  # the record has ended
    later = commit(item="GJ1-08", department="640121-MZJ", case_number="MZ-later")
    assert later.sample_rate == 100 and later.sampled
    other = commit(item="GJ1-08", department="640121-MZJ", applicant_id_number=OTHER_ID)
    assert other.sample_rate == 20
