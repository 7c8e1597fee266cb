"""Credit records of false commitments (二(七)): the block and its end, publish, correct, repair,
objections, the public page and the export."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jianzheng.commitments import credit, exports, selectors
from jianzheng.commitments.models import CreditRecord
from jianzheng.commitments.services import blocking_record
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry

from .conftest import APPLICANT
from .test_postchecks import _drawn, untrue

ID = APPLICANT["applicant_id_number"]


@pytest.fixture
def record(commit, civil_affairs_admin) -> CreditRecord:
    untrue(_drawn(commit).post_check, civil_affairs_admin, answer="无异议", months=6)
    return CreditRecord.objects.get()


def test_an_active_record_refuses_the_route_with_its_end_date(record, commit):
    with pytest.raises(RuleViolation) as caught:
        commit(case_number="SPJ-blocked")
    error = caught.value
    assert error.code == "credit_blocked" and error.status == 409
    end = record.end_date
    assert f"{end.year}年{end.month}月{end.day}日" in error.message
    assert "提交证明材料" in error.message
    assert error.details["ends_on"] == end.isoformat()


def test_the_block_ends_with_the_record(record, commit):
    with time_machine.travel(record.end_date + dt.timedelta(days=1, hours=12), tick=False):
        assert blocking_record(ID) is None
        assert commit(case_number="SPJ-after").serial


def test_a_repaired_record_no_longer_blocks(record, commit, credit_officer):
    credit.repair_record(actor=credit_officer, record=record, basis="已主动纠正并完成信用修复培训")
    record.refresh_from_db()
    assert record.state == CreditRecord.State.REPAIRED
    assert blocking_record(ID) is None
    assert commit(case_number="SPJ-repaired").serial


def test_repair_needs_its_basis(record, credit_officer):
    with pytest.raises(RuleViolation) as caught:
        credit.repair_record(actor=credit_officer, record=record, basis="")
    assert "basis" in caught.value.fields


def test_a_correction_is_a_new_record_pointing_at_the_old(record, credit_officer):
    new = credit.correct_record(
        actor=credit_officer, record=record, reason="期限填写有误", end_date="2027-12-31"
    )
    record.refresh_from_db()
    assert new.corrects == record and new.end_date == dt.date(2027, 12, 31)
    assert record.state == CreditRecord.State.CORRECTED
    assert blocking_record(ID) == new  # the corrected record blocks, the old one no longer
    assert CreditRecord.objects.count() == 2
    with pytest.raises(RuleViolation):
        credit.correct_record(actor=credit_officer, record=record, reason="再改")


def test_an_upheld_objection_annuls_the_record(record, credit_officer):
    credit.decide_objection(
        actor=credit_officer,
        record=record,
        reason="核查对象有误",
        decision="upheld",
        note="经复核属实",
    )
    record.refresh_from_db()
    assert record.state == CreditRecord.State.ANNULLED
    assert blocking_record(ID) is None


def test_a_rejected_objection_keeps_the_record(record, credit_officer):
    credit.decide_objection(
        actor=credit_officer, record=record, reason="不服", decision="rejected", note="证据充分"
    )
    record.refresh_from_db()
    assert record.state == CreditRecord.State.ACTIVE
    assert record.objections.count() == 1


def test_only_credit_officers_keep_records(record, civil_affairs_admin, auditor):
    for someone in (civil_affairs_admin, auditor):
        with pytest.raises(PermissionDenied):
            credit.publish_record(actor=someone, record=record)


def test_another_countys_credit_officer_sees_nothing(record, helan_credit_officer):
    assert not selectors.list_credit_records(helan_credit_officer).exists()
    with pytest.raises(PermissionDenied):
        credit.publish_record(actor=helan_credit_officer, record=record)


def test_published_serious_cases_show_without_id_numbers(record, credit_officer):
    assert not selectors.published_serious_cases().exists()
    credit.publish_record(actor=credit_officer, record=record)
    shown = list(selectors.published_serious_cases())
    assert shown == [record]
    assert AuditEntry.objects.filter(action="credit.published").count() == 1


def test_the_export_masks_id_numbers_except_for_the_authorised_receiver(
    record, credit_officer, settings
):
    rows = exports.credit_rows([record], with_ids=selectors.receives_id_numbers(credit_officer))
    assert rows[0]["id_number"] == record.subject_id_masked
    settings.CREDIT_ID_RECEIVERS = [credit_officer.username]
    rows = exports.credit_rows([record], with_ids=selectors.receives_id_numbers(credit_officer))
    assert rows[0]["id_number"] == ID
    assert json.dumps(rows, ensure_ascii=False)
    text = exports.credit_csv(rows)
    assert text.lstrip("\ufeff").startswith("信用记录编号,失信主体名称,主体类型,证件号码")
