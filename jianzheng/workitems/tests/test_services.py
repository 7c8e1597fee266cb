"""社区工作事项准入 (永民发〔2020〕91号 二(二)) without HTTP: the lists, requests and their deadlines,
negative items refused at once, emergencies, agreements and their expiry, the community's side."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.documents.services import verify_token
from jianzheng.regions.models import Region, Unit
from jianzheng.workitems import selectors
from jianzheng.workitems.agreements import record_payment
from jianzheng.workitems.models import ServiceAgreement, WorkItem, WorkItemRequest, WorkPush
from jianzheng.workitems.services import configure_county, decide_request, record_push
from jianzheng.workitems.tests.conftest import TASK, ask

State = WorkItemRequest.State


def test_a_county_inherits_the_regions_duty_and_assistance_items_and_has_the_four_negatives(
    lists, county, helan
):
    yongning = Region.objects.get(code="640121")
    items = selectors.county_items(yongning)
    by_category = {c: [i for i in items if i.category == c] for c in WorkItem.Category.values}
    assert len(by_category["duty"]) == 5
    assert any("城市居民委员会组织法》第四条" in i.legal_basis for i in by_category["duty"])
    assert {i.legal_basis for i in by_category["assistance"]} >= {
        "《中华人民共和国禁毒法》第十七条",
        "《居住证暂行条例》第八条",
    }
    negatives = by_category["negative"]
    assert len(negatives) == 4
    assert all("二（二）" in i.legal_basis for i in negatives)
    assert {i.region.code for i in by_category["duty"]} == {"64"}
    # 贺兰县 inherits 宁夏's but not 永宁县's own items.
    helan_codes = {i.code for i in selectors.county_items(Region.objects.get(code="640122"))}
    assert "64-LZ-01" in helan_codes and "640121-FM-01" not in helan_codes


def test_a_request_waits_fifteen_working_days_over_the_national_holiday(
    lists, clock, police_officer, yanghe
):
    assert ask(police_officer, [yanghe.code]).deadline == dt.date(2026, 9, 21)
    # Submitted on Tuesday 22 September: 中秋 (25–27 September) and 国庆 (1–7 October) are
    # skipped, the make-up Saturday 10 October counts: the 15th working day is 20 October.
    clock.move_to(dt.datetime(2026, 9, 22, 2, 0, tzinfo=dt.UTC))
    request = ask(police_officer, [yanghe.code])
    assert request.state == State.PENDING
    assert request.deadline == dt.date(2026, 10, 20)
    assert AuditEntry.objects.filter(action="workitems.request_submitted").count() == 2


def test_a_request_still_waiting_after_its_deadline_is_flagged_overdue(
    lists, clock, police_officer, civil_affairs_admin, yanghe
):
    request = ask(police_officer, [yanghe.code])
    clock.move_to(dt.datetime(2026, 9, 21, 9, 0, tzinfo=dt.UTC))
    assert not selectors.is_overdue(request)
    clock.move_to(dt.datetime(2026, 9, 22, 1, 0, tzinfo=dt.UTC))
    assert selectors.is_overdue(request)
    assert list(selectors.list_requests(civil_affairs_admin, state="overdue")) == [request]


def test_the_county_may_set_its_own_review_deadline(
    lists, civil_affairs_admin, police_officer, yanghe
):
    configure_county(actor=civil_affairs_admin, county=yanghe.region.parent.parent, review_days=5)
    assert ask(police_officer, [yanghe.code]).deadline == dt.date(2026, 9, 8)


@pytest.mark.parametrize(
    ("title", "cited"),
    [
        ("2027年度《求是》杂志征订", "640121-FM-02"),
        ("与社区签订安全生产工作目标责任书", "640121-FM-01"),
        ("社区为企业开具行政审批证明", "640121-FM-03"),
        ("“最美楼道”社区评比达标活动", "640121-FM-04"),
    ],
)
def test_a_request_matching_a_negative_item_is_refused_at_once_citing_it(
    lists, police_officer, yanghe, title, cited
):
    request = ask(police_officer, [yanghe.code], title=title)
    assert request.state == State.REFUSED
    assert request.negative_item.code == cited
    assert "负面清单" in request.decision_reason and "二（二）" in request.decision_reason
    assert request.deadline is None
    assert not ServiceAgreement.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"legal_basis": ""}, "legal_basis"),
        ({"funding_amount": "0"}, "funding_amount"),
        ({"funding_amount": "-5"}, "funding_amount"),
        ({"funding_method": ""}, "funding_method"),
        ({"term_end": "2026-09-01"}, "term_end"),
        ({"term_start": "not a date"}, "term_start"),
        ({"hours_per_month": "1000"}, "hours_per_month"),
        ({"kind": "survey"}, "kind"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_request_names_the_field_and_writes_nothing(
    lists, police_officer, yanghe, changes, field
):
    audited = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as caught:
        ask(police_officer, [yanghe.code], **changes)
    assert field in caught.value.fields
    assert not WorkItemRequest.objects.exists()
    assert AuditEntry.objects.count() == audited


def test_every_bad_field_is_named_at_once(lists, police_officer):
    with pytest.raises(RuleViolation) as caught:
        ask(
            police_officer,
            ["640122100001"],
            legal_basis="",
            funding_amount="0",
            term_end="2026-01-01",
        )
    assert set(caught.value.fields) >= {"legal_basis", "funding_amount", "term_end", "communities"}


def test_a_township_pushes_only_onto_its_own_communities(lists, yanghe_officer, yanghe, lijun):
    with pytest.raises(RuleViolation) as caught:
        ask(yanghe_officer, [yanghe.code, lijun.code])
    assert lijun.code in caught.value.fields["communities"]
    assert ask(yanghe_officer, [yanghe.code]).state == State.PENDING


def test_a_clerk_cannot_request(lists, yanghe_clerk, yanghe):
    with pytest.raises(PermissionDenied):
        ask(yanghe_clerk, [yanghe.code])


def test_approval_signs_an_agreement_that_verifies_and_lapses_at_expiry(
    lists, keys, clock, police_officer, civil_affairs_admin, yanghe, yanghe_clerk
):
    request = ask(police_officer, [yanghe.code])
    decided = decide_request(
        actor=civil_affairs_admin, request=request, decision="approve", reason="依据充分，经费到位"
    )
    assert decided.state == State.APPROVED
    agreement = ServiceAgreement.objects.get(request=request)
    assert agreement.department.code == "640121-GAJ"
    assert list(agreement.communities.all()) == [yanghe]
    assert agreement.funding_amount == Decimal("3000")
    assert agreement.term_end == dt.date(2026, 12, 31)
    assert agreement.document.kind == "agreement"
    assert bytes(agreement.pdf.content).startswith(b"%PDF")
    result = verify_token(agreement.document.token, log=False)
    assert result.status == "valid"

    clock.move_to(dt.datetime(2026, 10, 9, 2, 0, tzinfo=dt.UTC))
    push = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-GAJ",
        title="独居老人入户走访（10月）",
        work_item=agreement.work_item.code,
    )
    assert push.decision == WorkPush.Decision.ACCEPTED
    assert push.agreement == agreement

    clock.move_to(dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC))
    result = verify_token(agreement.document.token, log=False)
    assert (result.status, result.reason) == ("invalid", "expired")
    from jianzheng.documents.kinds import describe

    rows = dict(describe(agreement.document))
    assert "2026年12月31日到期失效" in rows["协议状态"]
    refused = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-GAJ",
        title="独居老人入户走访（1月）",
        work_item=agreement.work_item.code,
    )
    assert refused.decision == WorkPush.Decision.REFUSED
    assert refused.reason_code == WorkPush.Reason.LAPSED
    assert agreement.number in refused.reason and "重新申请" in refused.reason


def test_rejection_needs_a_reason_and_creates_no_agreement(
    lists, police_officer, civil_affairs_admin, yanghe
):
    request = ask(police_officer, [yanghe.code])
    with pytest.raises(RuleViolation) as caught:
        decide_request(actor=civil_affairs_admin, request=request, decision="reject", reason="")
    assert "reason" in caught.value.fields
    request.refresh_from_db()
    assert request.state == State.PENDING
    decide_request(
        actor=civil_affairs_admin, request=request, decision="reject", reason="属部门自身职责"
    )
    request.refresh_from_db()
    assert request.state == State.REJECTED and request.decision_reason == "属部门自身职责"
    assert not ServiceAgreement.objects.exists()
    with pytest.raises(RuleViolation) as again:
        decide_request(
            actor=civil_affairs_admin, request=request, decision="approve", reason="再议"
        )
    assert again.value.status == 409


def test_nobody_decides_their_own_units_request(
    lists, civil_affairs_admin, second_admin, police_officer, yanghe
):
    own = ask(civil_affairs_admin, [yanghe.code])  # 民政局 pushes work too
    with pytest.raises(PermissionDenied):
        decide_request(actor=second_admin, request=own, decision="approve", reason="同意")
    with pytest.raises(PermissionDenied):
        decide_request(
            actor=police_officer,
            request=ask(police_officer, [yanghe.code]),
            decision="approve",
            reason="自批",
        )
    own.refresh_from_db()
    assert own.state == State.PENDING


def test_where_the_county_configures_it_the_organisation_department_cosigns(
    lists, keys, civil_affairs_admin, zzb_admin, police_officer, yanghe
):
    configure_county(
        actor=civil_affairs_admin,
        county=yanghe.region.parent.parent,
        review_days=15,
        cosign_unit="640121-ZZB",
    )
    request = ask(police_officer, [yanghe.code])
    with pytest.raises(RuleViolation) as first:
        decide_request(actor=zzb_admin, request=request, decision="approve", reason="同意")
    assert first.value.code == "awaiting_first_review"
    request = decide_request(
        actor=civil_affairs_admin, request=request, decision="approve", reason="同意"
    )
    assert request.state == State.COSIGN and not ServiceAgreement.objects.exists()
    with pytest.raises(RuleViolation):
        decide_request(actor=civil_affairs_admin, request=request, decision="approve", reason="再")
    request = decide_request(
        actor=zzb_admin, request=request, decision="approve", reason="会签同意"
    )
    assert request.state == State.APPROVED
    agreement = ServiceAgreement.objects.get(request=request)
    assert agreement.approved_by_unit.code == "640121-MZJ"


def test_an_emergency_is_admitted_at_once_recorded_and_reviewed_afterwards(
    lists, clock, health_officer, civil_affairs_admin, yanghe, yanghe_clerk, lijun
):
    request = ask(
        health_officer,
        [yanghe.code],
        title="疫情防控入户排查",
        legal_basis="",
        funding_amount="0",
        funding_method="",
        term_start="2026-09-01",
        term_end="2026-09-30",
        emergency="public_health",
        emergency_reason="辖区出现聚集性疫情，须当日入户排查",
    )
    assert request.state == State.EMERGENCY
    assert request.emergency_reason.startswith("辖区出现")
    item = request.work_item
    push = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-WJJ",
        title="今日入户排查",
        work_item=item.code,
    )
    assert push.decision == WorkPush.Decision.ACCEPTED
    assert push.reason_code == WorkPush.Reason.EMERGENCY and "事后审查" in push.reason
    # The review is due within the county's deadline like any request, and flagged when late.
    clock.move_to(dt.datetime(2026, 9, 23, 2, 0, tzinfo=dt.UTC))
    assert selectors.is_overdue(request)
    reviewed = decide_request(
        actor=civil_affairs_admin,
        request=request,
        decision="reject",
        reason="经核查不属突发公共卫生事件，应按程序申请准入",
    )
    assert reviewed.state == State.OVERTURNED
    item.refresh_from_db()
    assert not item.is_active
    again = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-WJJ",
        title="继续入户排查",
        work_item=item.code,
    )
    assert again.decision == WorkPush.Decision.REFUSED
    assert again.reason_code == WorkPush.Reason.NOT_ADMITTED


def test_an_emergency_needs_its_reason(lists, health_officer, yanghe):
    with pytest.raises(RuleViolation) as caught:
        ask(health_officer, [yanghe.code], emergency="disaster", emergency_reason="")
    assert "emergency_reason" in caught.value.fields


def test_a_task_without_approval_is_refused_naming_the_department_and_counted(
    lists, yanghe_clerk, yanghe, health_officer, civil_affairs_admin
):
    push = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-WJJ",
        title="居民健康素养问卷调查",
    )
    assert push.decision == WorkPush.Decision.REFUSED
    assert push.reason_code == WorkPush.Reason.NOT_ADMITTED
    assert "永宁县卫生健康局" in push.reason
    ranking = selectors.refusal_ranking(civil_affairs_admin)
    assert [(r.department.code, r.refused) for r in ranking] == [("640121-WJJ", 1)]
    assert list(selectors.list_pushes(health_officer)) == [push]
    assert AuditEntry.objects.filter(action="workitems.push_recorded").count() == 1


def test_a_negative_task_is_refused_citing_the_item_even_under_an_admitted_code(
    lists, yanghe_clerk, yanghe
):
    push = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-GAJ",
        title="禁毒宣传暨报刊征订",
        work_item="64-XZ-01",
    )
    assert push.decision == WorkPush.Decision.REFUSED
    assert push.cited_item.code == "640121-FM-02"
    negative = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-GAJ",
        title="签订责任书",
        work_item="640121-FM-01",
    )
    assert negative.reason_code == WorkPush.Reason.NEGATIVE


def test_duty_and_listed_assistance_items_are_accepted(lists, yanghe_clerk, yanghe):
    duty = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121100",
        title="召开居民会议",
        work_item="64-LZ-02",
    )
    assert duty.decision == WorkPush.Decision.ACCEPTED and duty.reason_code == "duty"
    help_ = record_push(
        actor=yanghe_clerk,
        community=yanghe,
        department="640121-GAJ",
        title="禁毒宣传月",
        work_item="64-XZ-01",
    )
    assert help_.decision == WorkPush.Decision.ACCEPTED


def test_an_agreement_covers_only_its_communities_and_department(
    lists, keys, police_officer, civil_affairs_admin, yanghe, lijun, lijun_clerk
):
    request = ask(police_officer, [yanghe.code])
    decide_request(actor=civil_affairs_admin, request=request, decision="approve", reason="同意")
    code = request.work_item.code
    push = record_push(
        actor=lijun_clerk,
        community=lijun,
        department="640121-GAJ",
        title="入户走访",
        work_item=code,
    )
    assert push.decision == WorkPush.Decision.REFUSED and push.reason_code == "not_admitted"


def test_a_clerk_records_pushes_only_for_their_own_community(lists, yanghe_clerk, lijun):
    with pytest.raises(PermissionDenied):
        record_push(actor=yanghe_clerk, community=lijun, department="640121-WJJ", title="问卷")
    assert not WorkPush.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"department": ""}, "department"),
        ({"department": "640121100001"}, "department"),
        ({"title": ""}, "title"),
        ({"work_item": "NO-SUCH"}, "work_item"),
    ],
)
def test_a_bad_push_names_the_field_and_writes_nothing(lists, yanghe_clerk, yanghe, changes, field):
    body = {"department": "640121-WJJ", "title": "问卷", **changes}
    with pytest.raises(RuleViolation) as caught:
        record_push(actor=yanghe_clerk, community=yanghe, **body)
    assert field in caught.value.fields
    assert not WorkPush.objects.exists()


def test_funding_promised_and_paid_is_reported_per_department(
    lists, keys, clock, police_officer, civil_affairs_admin, yanghe, auditor
):
    request = ask(police_officer, [yanghe.code])
    decide_request(actor=civil_affairs_admin, request=request, decision="approve", reason="同意")
    agreement = ServiceAgreement.objects.get(request=request)
    with pytest.raises(RuleViolation) as caught:
        record_payment(actor=police_officer, agreement=agreement, amount="0", paid_on="2026-09-01")
    assert "amount" in caught.value.fields
    record_payment(
        actor=police_officer, agreement=agreement, amount="1200.50", paid_on="2026-09-01"
    )
    (row,) = selectors.funding_by_department(auditor)
    assert row.department.code == "640121-GAJ"
    assert (row.promised, row.paid, row.outstanding) == (
        Decimal("3000.00"),
        Decimal("1200.50"),
        Decimal("1799.50"),
    )


def test_approving_a_request_whose_term_has_ended_is_refused(
    lists, keys, clock, police_officer, civil_affairs_admin, yanghe
):
    request = ask(police_officer, [yanghe.code], term_end="2026-09-20")
    clock.move_to(dt.datetime(2026, 9, 21, 2, 0, tzinfo=dt.UTC))
    with pytest.raises(RuleViolation) as caught:
        decide_request(
            actor=civil_affairs_admin, request=request, decision="approve", reason="同意"
        )
    assert caught.value.code == "term_ended"
    assert (
        not ServiceAgreement.objects.exists()
        and not WorkItem.objects.filter(source_request=request).exists()
    )


def test_the_task_example_is_complete():
    assert {"legal_basis", "funding_amount", "term_start", "term_end"} <= set(TASK)
    assert Unit.Kind.COMMUNITY
