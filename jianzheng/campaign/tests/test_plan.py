"""The seed's plan loaded as data, exactly as 永民发〔2020〕91号 writes it."""

import datetime as dt

import pytest

from jianzheng.campaign.models import Campaign, Task, TaskUnit
from jianzheng.campaign.services import load_seed_campaign

pytestmark = pytest.mark.django_db

EXPECTED = {
    "二(一)": ("全面摸排清理", ["民政局", "司法局"], ["各乡镇(街道)", "县直各单位"]),
    "二(二)": (
        "严格清单管理",
        ["民政局", "组织部"],
        ["司法局", "审批服务管理局", "编办", "各乡镇(街道)", "县直各单位"],
    ),
    "二(三)": ("完善配套措施", ["民政局"], ["各乡镇(街道)", "县直各单位"]),
    "二(四)": ("清理规范标牌", ["县委组织部", "民政局"], ["各乡镇(街道)", "县直各单位"]),
    "二(五)": ("强化公开曝光", [], []),
    "二(六)": ("推进信息共享", ["审批服务管理局"], ["各乡镇(街道)", "县直各单位"]),
    "二(七)": ("衔接信用体系", ["发改局"], ["各乡镇(街道)", "县直各单位"]),
}


def names(task: Task, role: str) -> list[str]:
    return [u.text for u in task.units.filter(role=role).order_by("position")]


def test_the_seven_tasks_carry_their_lead_and_cooperating_units_exactly_as_the_plan_names_them(
    plan,
):
    tasks = list(plan.tasks.order_by("number"))
    assert [t.label for t in tasks] == list(EXPECTED)
    for task in tasks:
        title, lead, cooperating = EXPECTED[task.label]
        assert (task.title, names(task, "lead"), names(task, "cooperating")) == (
            title,
            lead,
            cooperating,
        )


def test_named_units_link_to_the_county_units_and_collective_names_cover_a_kind(plan):
    first = plan.tasks.get(number=1)
    lead = {u.text: u.unit.code for u in first.units.filter(role="lead")}
    assert lead == {"民政局": "640121-MZJ", "司法局": "640121-SFJ"}
    second = plan.tasks.get(number=2)
    assert second.units.get(text="组织部").unit.code == "640121-ZZB"
    assert second.units.get(text="编办").unit.code == "640121-BB"
    assert plan.tasks.get(number=7).units.get(role="lead").unit.code == "640121-FGJ"
    townships = first.units.get(text="各乡镇(街道)")
    assert townships.collective == TaskUnit.Collective.TOWNSHIPS and townships.unit is None


def test_the_four_phases_have_the_plans_dates_and_the_work_each_asks(plan):
    phases = [(p.label, p.title, p.starts_on, p.ends_on) for p in plan.phases.order_by("number")]
    assert phases == [
        ("三(一)", "制定实施方案", dt.date(2020, 8, 20), dt.date(2020, 8, 31)),
        ("三(二)", "开展排查摸底", dt.date(2020, 9, 1), dt.date(2020, 9, 30)),
        ("三(三)", "集中清理整治", dt.date(2020, 10, 1), dt.date(2020, 10, 31)),
        ("三(四)", "建立长效机制", dt.date(2020, 11, 1), None),
    ]
    census = [w.title for w in plan.phases.get(number=2).works.all()]
    assert census[:2] == ["《出具证明情况清单》", "《法规政策规定清单》"]
    assert "挂牌" in census[2]
    assert "保留和取消的证明事项清单" in plan.phases.get(number=3).works.first().title
    assert plan.phases.get(number=4).works.count() == 2


def test_loading_twice_changes_nothing(plan):
    load_seed_campaign(demo=True)
    assert Campaign.objects.count() == 1
    assert TaskUnit.objects.filter(task__campaign=plan).count() == 24
