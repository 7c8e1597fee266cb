import datetime as dt

import pytest
from django.db import IntegrityError

from jianzheng.core.errors import RuleViolation
from jianzheng.evaluation import services
from jianzheng.evaluation.models import FollowUp, Rating


def test_the_person_holding_the_certificate_rates_it_once(certificate):
    made = services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="satisfied", comment="很快"
    )
    assert made.rating.unit == certificate.community and made.follow_up is None
    assert made.rating.get_grade_display() == "满意"
    with pytest.raises(RuleViolation) as again:
        services.rate_case(
            case=certificate.serial, secret=certificate.check_code, grade="satisfied"
        )
    assert (again.value.code, again.value.status) == ("already_rated", 409)
    assert Rating.objects.count() == 1


def test_a_wrong_check_code_and_an_unknown_case_answer_alike(certificate):
    answers = []
    for case, secret in ((certificate.serial, "ABCDE-FGHJK"), ("640121100001-2026-999999", "x")):
        with pytest.raises(RuleViolation) as caught:
            services.rate_case(case=case, secret=secret, grade="very_satisfied")
        answers.append((caught.value.code, caught.value.status, caught.value.message))
    assert answers[0] == answers[1] == ("unknown_case", 404, services.UNKNOWN_CASE)
    assert not Rating.objects.exists()


def test_the_check_code_is_read_as_typed_on_a_phone(certificate):
    typed = certificate.check_code.lower().replace("-", " ")
    made = services.rate_case(case=certificate.serial, secret=typed, grade="very_satisfied")
    assert made.rating.case_number == certificate.serial


def test_one_rating_per_case_is_held_by_the_database(certificate):
    services.rate_case(case=certificate.serial, secret=certificate.check_code, grade="satisfied")
    rating = Rating.objects.get()
    rating.pk = None
    with pytest.raises(IntegrityError):
        rating.save()


def test_a_grade_outside_the_five_is_refused_naming_the_field(certificate):
    with pytest.raises(RuleViolation) as caught:
        services.rate_case(case=certificate.serial, secret=certificate.check_code, grade="ok")
    assert "grade" in caught.value.fields


def test_a_low_grade_opens_a_follow_up_due_in_fifteen_working_days(certificate):
    made = services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="dissatisfied"
    )
    # Thursday 3 December 2026 + 15 working days = Thursday 24 December.
    assert made.follow_up.deadline == dt.date(2026, 12, 24)
    assert made.follow_up.state == FollowUp.State.OPEN


def test_the_county_sets_a_shorter_follow_up_deadline(certificate, civil_affairs_admin):
    services.set_follow_up_days(
        actor=civil_affairs_admin, county=certificate.community.region.parent.parent, days=5
    )
    made = services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="very_dissatisfied"
    )
    assert made.follow_up.deadline == dt.date(2026, 12, 10)


def test_the_clerk_answers_and_the_follow_up_is_closed_in_time(certificate, yanghe_clerk):
    made = services.rate_case(
        case=certificate.serial, secret=certificate.check_code, grade="dissatisfied"
    )
    with pytest.raises(RuleViolation) as caught:
        services.answer_follow_up(
            actor=yanghe_clerk, follow_up=made.follow_up, rectification="改", answer="答"
        )
    assert "contact_note" in caught.value.fields
    services.record_contact(actor=yanghe_clerk, follow_up=made.follow_up, note="12月4日电话联系")
    done = services.answer_follow_up(
        actor=yanghe_clerk,
        follow_up=made.follow_up,
        rectification="窗口增加午间值班",
        answer="已安排午间值班，欢迎再来办理",
    )
    assert done.state == FollowUp.State.ANSWERED and done.closed_in_time


def test_a_commitment_is_rated_by_its_check_code(commit, calendar):
    commitment = commit()
    made = services.rate_case(
        case=commitment.serial, secret=commitment.check_code, grade="basically_satisfied"
    )
    assert made.rating.case_kind == "commitment" and made.rating.unit == commitment.department


def test_a_complaint_is_rated_with_its_secret_once_handled(submit, civil_affairs_admin, calendar):
    from jianzheng.complaints.services import transition

    made = submit()
    with pytest.raises(RuleViolation) as caught:
        services.rate_case(
            case=made.complaint.tracking_number, secret=made.secret, grade="satisfied"
        )
    assert caught.value.code == "case_open"
    transition(
        actor=civil_affairs_admin,
        complaint=made.complaint,
        to="not_accepted",
        note="不属于受理范围",
    )
    rated = services.rate_case(
        case=made.complaint.tracking_number, secret=made.secret, grade="very_dissatisfied"
    )
    assert rated.rating.unit is None and rated.follow_up is not None
    assert rated.rating.unit_label == "永宁县举报受理机关"
