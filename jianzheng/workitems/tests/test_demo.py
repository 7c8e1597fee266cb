"""`jianzheng setup --demo` shows the area with something true: an admitted task with its signed
agreement, a push accepted under it and one refused, told through the services."""

from jianzheng.accounts.demo import create_demo_users
from jianzheng.workitems.demo import load_demo_workitems
from jianzheng.workitems.models import ServiceAgreement, WorkPush


def test_the_demo_tells_an_agreement_an_accepted_push_and_a_refused_one(helan, lists, keys):
    create_demo_users()
    line = load_demo_workitems(demo=True)
    agreement = ServiceAgreement.objects.get()
    assert agreement.number in line and "永宁县卫生健康局" in line
    pushes = dict(WorkPush.objects.values_list("department__code", "decision"))
    assert pushes == {"640121-GAJ": "accepted", "640121-WJJ": "refused"}
    assert load_demo_workitems(demo=True) == "已有演示工作事项"
    assert WorkPush.objects.count() == 2
