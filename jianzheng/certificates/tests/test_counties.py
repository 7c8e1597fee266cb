"""Two counties on one platform: each community works by its own county's list, and one county's
hand-over switches never touch another's."""

from jianzheng.accounts.roles import Role
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.tests.conftest import _person
from jianzheng.certificates import rules
from jianzheng.certificates.demands import refuse_at_desk, set_handover
from jianzheng.certificates.models import Demand
from jianzheng.regions.models import Region, Unit


def test_each_community_decides_by_its_own_countys_list(helan, yanghe):
    xigang = Unit.objects.get(code="640122100001")
    assert rules.decide("居住证明", county=rules.county_for(yanghe)).allowed
    refused = rules.decide("居住证明", county=rules.county_for(xigang))
    assert not refused.allowed and refused.refusal_reason == Demand.Reason.CANCELLED
    assert refused.item.code == "HL-C01"


def test_a_clerk_of_the_second_county_refuses_what_the_first_county_issues(helan):
    xigang = Unit.objects.get(code="640122100001")
    clerk = _person("xigang_clerk", "640122100001", Role.COMMUNITY_CLERK, "习岗")
    refusal = refuse_at_desk(actor=clerk, community=xigang, item="居住证明", requester="某公司")
    assert refusal.reason == Demand.Reason.CANCELLED
    assert refusal.item.code == "HL-C01"


def test_closing_the_hand_over_in_one_county_leaves_it_open_in_the_other(
    helan, civil_affairs_admin
):
    yongning = Region.objects.get(code="640121")
    alive = get_item("GJ1-10", county=yongning)
    set_handover(actor=civil_affairs_admin, item=alive, enabled=False, reason="信息共享已上线")
    assert not rules.handover_enabled(alive, county=yongning)
    assert rules.handover_enabled(get_item("GJ1-10", county=helan), county=helan)
