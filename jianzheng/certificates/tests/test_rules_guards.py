"""The guards of `rules.decide`, each named by the clause it carries (docs/policy-trace.md P23,
P30). Written so that each fails when its guard is taken out (`make mutants`)."""

import datetime as dt

import pytest

from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import (
    decide_change,
    propose_change,
    publish_version,
    review_change,
)
from jianzheng.catalogue.tests.conftest import new_item_payload, region_approves
from jianzheng.certificates import rules
from jianzheng.certificates.demands import set_handover
from jianzheng.core.errors import RuleViolation

HANDOVER = {
    "reason": "entity_demand",
    "requester": "示例企业·永宁县农村商业银行",
    "within_duties": True,
    "verifiable": True,
}
ALIVE = "GJ1-10"  # 健在证明: national first batch, cancelled, with its hand-over template


@pytest.fixture
def switch(civil_affairs_admin):
    def _switch(code, enabled):
        item = get_item(code) if code else None
        set_handover(actor=civil_affairs_admin, item=item, enabled=enabled, reason="替代方式已可用")

    return _switch


# 永民发〔2020〕91号 四(三) (P30): the hand-over exception.


@pytest.mark.parametrize("batch", [None, 2])
def test_handover_is_refused_for_a_cancelled_item_outside_the_national_first_batch(
    catalogue, batch
):
    CertificateItem.objects.filter(code=ALIVE).update(national_batch=batch)
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide(ALIVE, handover=HANDOVER)
    assert excinfo.value.code == "handover_not_applicable"
    assert "handover" in excinfo.value.fields
    assert not rules.handover_available(get_item(ALIVE))


def test_handover_is_refused_for_a_first_batch_item_without_a_template(catalogue):
    CertificateItem.objects.filter(code=ALIVE).update(template=None)
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide(ALIVE, handover=HANDOVER)
    assert excinfo.value.code == "handover_not_applicable"


def test_a_first_batch_item_with_a_valid_handover_is_allowed_and_says_why(catalogue):
    decision = rules.decide(ALIVE, handover={**HANDOVER, "requester": "  永宁县农商银行 "})
    assert decision.allowed and decision.item.code == ALIVE and decision.asked_for == "健在证明"
    assert decision.handover == rules.Handover(reason="entity_demand", requester="永宁县农商银行")
    assert rules.handover_available(decision.item)


def test_a_retained_item_needs_no_handover_and_offers_none(catalogue):
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide("YN-B03", handover=HANDOVER)
    assert excinfo.value.code == "handover_not_needed" and "handover" in excinfo.value.fields
    assert not rules.handover_available(get_item("YN-B03"))


def test_an_item_on_no_list_offers_no_handover(catalogue):
    assert not rules.handover_applicable(None) and not rules.handover_available(None)


def test_a_cancelled_item_without_a_handover_is_refused_as_cancelled(catalogue):
    for handover in (None, {}):
        decision = rules.decide(ALIVE, handover=handover)
        assert not decision.allowed and decision.refusal_reason == "cancelled"
        assert decision.item.code == ALIVE and decision.handover is None
    assert "已取消" in decision.message


def test_switching_one_item_off_refuses_it_and_leaves_the_others_open(catalogue, switch):
    switch(ALIVE, enabled=False)
    decision = rules.decide(ALIVE, handover=HANDOVER)
    assert not decision.allowed and decision.refusal_reason == "handover_disabled"
    assert decision.handover is None
    assert "已关闭" in decision.message
    assert not rules.handover_available(decision.item)
    assert rules.decide("GJ1-08", handover=HANDOVER).allowed


def test_the_county_switch_closes_even_an_item_switched_back_on(catalogue, switch):
    switch(ALIVE, enabled=True)
    assert rules.decide(ALIVE, handover=HANDOVER).allowed
    switch(None, enabled=False)
    assert rules.decide(ALIVE, handover=HANDOVER).refusal_reason == "handover_disabled"
    assert rules.decide("GJ1-08", handover=HANDOVER).refusal_reason == "handover_disabled"


def test_an_item_switched_off_stays_off_while_the_county_switch_is_on(catalogue, switch):
    switch(None, enabled=True)
    switch(ALIVE, enabled=False)
    assert rules.decide(ALIVE, handover=HANDOVER).refusal_reason == "handover_disabled"
    assert rules.decide("GJ1-08", handover=HANDOVER).allowed


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        ({"within_duties": 1}, "handover.within_duties"),
        ({"within_duties": None}, "handover.within_duties"),
        ({"verifiable": "true"}, "handover.verifiable"),
        ({"verifiable": None}, "handover.verifiable"),
        ({"reason": None}, "handover.reason"),
        ({"requester": 123}, "handover.requester"),
        ({"requester": "行" * 201}, "handover.requester"),
    ],
)
def test_handover_conditions_must_be_met_exactly_and_the_field_is_named(catalogue, broken, field):
    """四(三): only facts "属于自身职责范围内、且能够核实的", on purpose: a truthy value is not a yes."""
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide(ALIVE, handover={**HANDOVER, **broken})
    assert excinfo.value.code == "invalid_handover"
    assert set(excinfo.value.fields) == {field}


def test_every_unmet_handover_condition_is_named_at_once(catalogue):
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide(ALIVE, handover={"reason": "because"})
    assert set(excinfo.value.fields) == {
        "handover.reason",
        "handover.requester",
        "handover.within_duties",
        "handover.verifiable",
    }


def test_a_handover_that_is_not_a_form_is_refused(catalogue):
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide(ALIVE, handover="yes")
    assert excinfo.value.code == "invalid_handover" and "handover" in excinfo.value.fields


def test_the_policy_gap_reason_and_a_two_hundred_character_unit_are_accepted(catalogue):
    requester = "行" * 200
    decision = rules.decide(
        ALIVE, handover={**HANDOVER, "reason": "policy_gap", "requester": requester}
    )
    assert decision.handover == rules.Handover(reason="policy_gap", requester=requester)


# 三(三)一 (P23): off-list proofs are refused; listed ones are found by code or by name.


def test_a_proof_on_no_list_is_refused_by_the_name_asked_for(catalogue):
    decision = rules.decide("宠物健康证明")
    assert decision.item is None and decision.asked_for == "宠物健康证明"
    assert not decision.allowed and decision.refusal_reason == "not_listed"
    assert "宠物健康证明" in decision.message


def test_a_retained_item_is_allowed_by_code_in_any_case_and_by_name(catalogue):
    for asked in ("YN-B03", "yn-b03", "居（租）住证明"):
        decision = rules.decide(asked)
        assert decision.allowed and decision.item.code == "YN-B03", asked
        assert decision.asked_for == "居（租）住证明" and decision.handover is None


def test_a_name_two_listed_items_share_is_the_clerks_question_not_a_refusal(
    catalogue, police_officer, civil_affairs_admin, second_admin
):
    """ "居住证明" is an alias of YN-B03; once a second item carries it, the clerk must choose."""
    change = propose_change(
        actor=police_officer,
        kind="add",
        payload=new_item_payload(aliases=["居住证明"]),
        reason="宅基地确权需要",
        legal_basis="《土地管理法》第六十二条",
    )
    review_change(actor=civil_affairs_admin, change=change, accept=True)
    decide_change(
        actor=second_admin, change=change, approve=True, approval_reference="宁政函〔2026〕1号"
    )
    region_approves(change)
    publish_version(actor=civil_affairs_admin, effective_date=dt.date.today(), summary="新增一项")
    with pytest.raises(RuleViolation) as excinfo:
        rules.decide("居住证明")
    assert excinfo.value.code == "ambiguous_item" and "item" in excinfo.value.fields
    assert "YN-B03" in excinfo.value.message and "YN-B09" in excinfo.value.message
    assert rules.decide("租住证明").item.code == "YN-B03"
