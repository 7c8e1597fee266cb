"""二(六) 信息共享核查: the rules of asking and answering, without HTTP."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.sharing import integrity, selectors
from jianzheng.sharing.models import SharingCheck
from jianzheng.sharing.services import answer_check, answer_deadline, ask_check

from .conftest import marital_check, residence_check


def test_a_township_asks_police_instead_of_sending_the_resident_for_a_residence_proof(
    ask, yanghe_officer
):
    check = ask(yanghe_officer)
    assert check.state == "pending"
    assert check.requester_unit.code == "640121100"
    assert check.holder.code == "640121-GAJ"
    assert (check.replaces_item_code, check.replaces_item_name) == ("YN-B03", "居（租）住证明")
    assert check.county.code == "640121"
    assert check.subject_id_masked == "**************1232"
    assert check.subject_key == integrity.subject_key("640121199003071232", "马小花")
    assert integrity.verify_check(check) == []
    entry = AuditEntry.objects.get(action="sharing.ask")
    assert entry.summary["request_hash"] == check.request_hash
    assert "640121199003071232" not in str(entry.summary)


@pytest.mark.parametrize(
    ("field", "code"),
    [("purpose", "required"), ("case_number", "required"), ("legal_basis", "required")],
)
def test_a_request_without_purpose_case_or_legal_basis_is_refused_naming_the_field(
    ask, yanghe_officer, field, code
):
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, **{field: "  "})
    assert caught.value.status == 422
    assert list(caught.value.fields) == [field]
    assert not SharingCheck.objects.exists()


def test_a_request_without_the_item_it_replaces_is_refused(ask, yanghe_officer):
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, replaces_item="")
    assert list(caught.value.fields) == ["replaces_item"]


def test_an_item_the_fact_does_not_replace_or_no_list_knows_is_refused(ask, yanghe_officer):
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, replaces_item="GJ1-08")  # 婚姻状况证明: 民政's, not 户籍's
    assert "GJ1-08" not in caught.value.fields["replaces_item"].split("是")[0]
    assert "婚姻状况证明" in caught.value.fields["replaces_item"]
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, replaces_item="XX-99")
    assert "XX-99" in caught.value.fields["replaces_item"]


def test_an_unknown_holder_or_a_fact_the_holder_does_not_answer_is_refused(ask, yanghe_officer):
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, holder="640121-XXX")
    assert "holder" in caught.value.fields
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, fact="marital-status")  # 民政's fact, asked of 公安
    assert "fact" in caught.value.fields
    assert "户籍登记地址核对（hukou-address）" in caught.value.fields["fact"]
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, holder="640121-SFJ")  # 司法局 declares no facts
    assert "未登记任何核查事项" in caught.value.fields["fact"]


def test_an_invalid_id_number_is_refused_and_every_problem_is_named_at_once(ask, yanghe_officer):
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, subject_id_number="640121199003071233", purpose="", particulars={})
    assert caught.value.fields.keys() == {"subject_id_number", "purpose", "particulars.address"}
    assert "校验位" in caught.value.fields["subject_id_number"]


def test_a_community_clerk_may_not_ask(ask, yanghe_clerk):
    with pytest.raises(PermissionDenied):
        ask(yanghe_clerk)


def test_a_unit_does_not_ask_itself(ask, police_officer):
    with pytest.raises(RuleViolation) as caught:
        ask(police_officer)
    assert "holder" in caught.value.fields


def test_the_deadline_is_two_working_days_after_the_day_asked(ask, yanghe_officer):
    friday = dt.date(2026, 11, 27)
    assert answer_deadline(friday) == dt.date(2026, 12, 1)  # Monday and Tuesday
    check = ask(yanghe_officer)
    assert check.deadline == answer_deadline(timezone.localdate())
    assert selectors.is_overdue(check, on=check.deadline) is False
    assert selectors.is_overdue(check, on=check.deadline + dt.timedelta(days=1)) is True


def test_the_holder_answers_yes_and_the_answer_is_bound_to_the_request(
    ask, yanghe_officer, police_officer
):
    check = ask(yanghe_officer)
    answered = answer_check(actor=police_officer, check=check, answer="yes")
    answered.refresh_from_db()
    assert (answered.state, answered.answer, answered.fields) == ("answered", "yes", {})
    assert answered.answered_by == police_officer
    assert integrity.verify_check(answered) == []
    entry = AuditEntry.objects.get(action="sharing.answer")
    assert entry.summary["answer_hash"] == answered.answer_hash
    assert entry.summary["request_hash"] == answered.request_hash


def test_an_altered_answer_or_request_is_detected(ask, yanghe_officer, police_officer):
    check = answer_check(actor=police_officer, check=ask(yanghe_officer), answer="yes")
    SharingCheck.objects.filter(pk=check.pk).update(answer="no")
    check.refresh_from_db()
    assert integrity.verify_check(check) == ["answer"]
    SharingCheck.objects.filter(pk=check.pk).update(answer="yes", purpose="别的用途")
    check.refresh_from_db()
    assert integrity.verify_check(check) == ["request"]


def test_a_rehashed_request_breaks_the_answer_bound_to_it(ask, yanghe_officer, police_officer):
    check = answer_check(actor=police_officer, check=ask(yanghe_officer), answer="yes")
    check.case_number = "YHZ-2026-9999"
    check.request_hash = integrity.request_hash(check)
    assert integrity.verify_check(check) == ["answer"]


def test_answering_twice_is_409_and_changes_nothing(ask, yanghe_officer, police_officer):
    check = answer_check(actor=police_officer, check=ask(yanghe_officer), answer="yes")
    stale = SharingCheck.objects.get(pk=check.pk)
    with pytest.raises(RuleViolation) as caught:
        answer_check(actor=police_officer, check=stale, answer="no")
    assert (caught.value.status, caught.value.code) == (409, "already_answered")
    # A copy read before the first answer (two officers at once) is refused by the update.
    stale.state, stale.answer = "pending", ""
    with pytest.raises(RuleViolation) as caught:
        answer_check(actor=police_officer, check=stale, answer="no")
    assert caught.value.status == 409
    assert SharingCheck.objects.get(pk=check.pk).answer == "yes"


def test_someone_elses_check_is_not_theirs_to_answer(
    ask, yanghe_officer, civil_affairs_admin, hrss_officer
):
    check = ask(yanghe_officer)
    assert selectors.get_check(hrss_officer, check.pk) is None  # the view's 404
    with pytest.raises(PermissionDenied):
        answer_check(actor=civil_affairs_admin, check=check, answer="yes")
    with pytest.raises(PermissionDenied):  # the requester may not answer its own question
        answer_check(actor=yanghe_officer, check=check, answer="yes")


def test_a_fields_answer_gives_exactly_the_named_fields(civil_affairs_admin, police_officer, facts):
    check = ask_check(actor=police_officer, **marital_check())
    for fields in ({}, {"marital_status": "已婚", "spouse": "张三"}, {"spouse": "张三"}):
        with pytest.raises(RuleViolation) as caught:
            answer_check(actor=civil_affairs_admin, check=check, answer="yes", fields=fields)
        assert all(k.startswith("fields.") for k in caught.value.fields)
    answered = answer_check(
        actor=civil_affairs_admin, check=check, answer="yes", fields={"marital_status": "已婚"}
    )
    assert answered.fields == {"marital_status": "已婚"}


def test_a_yes_no_fact_gives_no_fields_and_a_decline_needs_a_reason(
    ask, yanghe_officer, police_officer
):
    check = ask(yanghe_officer)
    with pytest.raises(RuleViolation) as caught:
        answer_check(actor=police_officer, check=check, answer="yes", fields={"address": "x"})
    assert "fields" in caught.value.fields
    with pytest.raises(RuleViolation) as caught:
        answer_check(actor=police_officer, check=check, answer="declined")
    assert "reason" in caught.value.fields
    with pytest.raises(RuleViolation):
        answer_check(actor=police_officer, check=check, answer="maybe")
    declined = answer_check(
        actor=police_officer, check=check, answer="declined", reason="用途与所称依据不符"
    )
    assert (declined.state, declined.reason) == ("declined", "用途与所称依据不符")


def test_each_unit_sees_its_own_requests_and_those_addressed_to_it(
    ask, yanghe_officer, police_officer, civil_affairs_admin, auditor, hrss_officer
):
    to_police = ask(yanghe_officer)
    to_civil = ask_check(actor=police_officer, **marital_check())
    assert set(selectors.list_checks(police_officer)) == {to_police, to_civil}
    assert list(selectors.list_checks(police_officer, role="holder")) == [to_police]
    assert list(selectors.list_checks(police_officer, role="requester")) == [to_civil]
    assert list(selectors.list_checks(yanghe_officer)) == [to_police]
    assert list(selectors.list_checks(civil_affairs_admin)) == [to_civil]
    assert list(selectors.list_checks(hrss_officer)) == []
    assert set(selectors.list_checks(auditor)) == {to_police, to_civil}


def test_the_relatives_id_number_is_checked_too(police_officer, facts, yanghe_officer):
    values = residence_check(
        fact="kinship",
        replaces_item="GJ1-01",
        particulars={"relative_name": "马大山", "relative_id_number": "123", "relation": "父女"},
    )
    with pytest.raises(RuleViolation) as caught:
        ask_check(actor=yanghe_officer, **values)
    assert list(caught.value.fields) == ["particulars.relative_id_number"]
