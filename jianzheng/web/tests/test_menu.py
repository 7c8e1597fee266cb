"""The staff dashboard shows each role the cards it may use, and no card promises more."""

import re

import pytest

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.regions.models import Unit

CARD = re.compile(r'<li><a href="([^"]+)"><strong>([^<]+)</strong><span>([^<]*)</span>')
PROPOSE_HINT = "申请新增、变更或移出"
EVERY_CARD = {
    "证明事项清单",
    "清单变更申请",
    "出具证明",
    "证明台账",
    "拒绝出具记录",
    "登记拒绝出具",
    "工作衔接开关",
    "归并单位名称",
    *("待答复的共享核查", "发起信息共享核查", "信息共享核查记录"),
    *("监督举报", "仍在索要已取消证明的单位"),
    *("窗口受理告知承诺", "事后核查", "告知承诺书", "虚假承诺信用记录"),
    *("社区工作事项", "工作事项准入申请", "社区服务协议与经费", "推送给社区的任务"),
    *("被社区拒绝的部门排名", "工作事项准入设置"),
    *("群众评价与差评整改", "服务评价", "星级和谐社区、服务型党组织考评", "考评设置"),
    "社区挂牌和上墙",
    *("专项行动", "督查通报", "统计看板", "摸底清单"),
}
# 二(二) 准入: a community's own page; those who push work onto communities apply, see their
# agreements and the pushes recorded against them; the county also ranks the refused departments.
COMMUNITY_WORK = "社区工作事项"
PUSHERS = {"工作事项准入申请", "社区服务协议与经费", "推送给社区的任务"}
WORK_RANKING = "被社区拒绝的部门排名"
# 二(六): who asks a holder (departments, townships, 民政), who answers (a holder's officers), who
# reads the checks (both, and auditors).
# 二(七): a department's counter, its post-checks and commitments; 发改局's credit records.
COMMITMENTS = {"窗口受理告知承诺", "事后核查", "告知承诺书"}
ASKS = {"发起信息共享核查", "信息共享核查记录"}
ANSWERS = {"待答复的共享核查", "信息共享核查记录"}
# 二(五): every staff member sees the complaints about their unit (or, for civil affairs, a township
# and auditors, those in scope); civil affairs and auditors rank the units still demanding proofs.
COMPLAINTS = "监督举报"
# 二(四), 三(三): a community's clerk records and puts right; townships, the county, auditors read.
SIGNAGE = "社区挂牌和上墙"
RANKING = "仍在索要已取消证明的单位"
# 二(二) 综合考评: every staff member reads the evaluations; the units that serve residents (and
# those above them, auditors) read ratings and follow-ups; the county's civil affairs set it up.
EVALUATIONS = "星级和谐社区、服务型党组织考评"
RATINGS = {"群众评价与差评整改", "服务评价", EVALUATIONS}
# The campaign (二, 三, 四(二)): every unit the plan names reads its tasks and the findings; the
# dashboard and the census read a subtree's ledger, so they are for communities and the offices
# above them, not for a department.
CAMPAIGN = {"专项行动", "督查通报"}
REPORTING = {"统计看板", "摸底清单"}


@pytest.fixture
def credit_officer(county):
    """发改局 credit officer: keeps credit records (a later area); reads the catalogue today."""
    return create_user(
        actor=None,
        username="credit_officer",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-FGJ"),
        role=Role.CREDIT_OFFICER,
        full_name="发改",
        validate=False,
    )


def cards(client, user) -> dict[str, tuple[str, str]]:
    """label -> (href, hint) of the dashboard's cards, the public page's card left out."""
    client.force_login(user)
    page = client.get("/staff/").content.decode()
    return {label: (href, hint) for href, label, hint in CARD.findall(page) if href != "/"}


def test_a_clerk_issues_and_reads_their_ledger_but_changes_no_catalogue(
    client, county, yanghe_clerk
):
    shown = cards(client, yanghe_clerk)
    assert set(shown) == {
        "证明事项清单",
        "出具证明",
        "证明台账",
        "拒绝出具记录",
        "登记拒绝出具",
        COMPLAINTS,
        COMMUNITY_WORK,
        *RATINGS,
        SIGNAGE,
        *CAMPAIGN,
        *REPORTING,
    }
    assert shown[COMPLAINTS][1] == "涉及本单位的举报（只读）"


def test_a_township_officer_reads_the_ledger_and_proposes_changes_but_issues_nothing(
    client, county, yanghe_officer
):
    shown = cards(client, yanghe_officer)
    assert set(shown) == {
        "证明事项清单",
        "清单变更申请",
        "证明台账",
        "拒绝出具记录",
        *ASKS,
        COMPLAINTS,
        *PUSHERS,
        *RATINGS,
        SIGNAGE,
        *CAMPAIGN,
        *REPORTING,
    }


def test_a_department_officer_sees_the_catalogue_and_their_change_requests_only(
    client, county, police_officer
):
    shown = cards(client, police_officer)
    assert set(shown) == {
        "证明事项清单",
        "清单变更申请",
        *ASKS,
        *ANSWERS,
        COMPLAINTS,
        *COMMITMENTS,
        *PUSHERS,
        *RATINGS,
        *CAMPAIGN,
    }
    assert shown[COMPLAINTS][1] == "涉及本单位的举报：查看并答复"
    assert shown["清单变更申请"][1] == "本单位提交的申请及审核进度"


def test_an_admin_runs_catalogue_changes_and_the_handover_switch_but_issues_nothing(
    client, county, civil_affairs_admin
):
    shown = cards(client, civil_affairs_admin)
    assert set(shown) == EVERY_CARD - {
        "出具证明",
        "登记拒绝出具",
        "虚假承诺信用记录",
        COMMUNITY_WORK,
    }
    assert shown["清单变更申请"][1] == "申请、审核、批准、发布新版本"


def test_an_auditor_reads_the_ledger_and_is_offered_nothing_to_change(client, county, auditor):
    shown = cards(client, auditor)
    assert set(shown) == {
        "证明事项清单",
        "证明台账",
        "拒绝出具记录",
        "信息共享核查记录",
        COMPLAINTS,
        RANKING,
        "事后核查",
        "告知承诺书",
        "虚假承诺信用记录",
        *PUSHERS,
        WORK_RANKING,
        *RATINGS,
        SIGNAGE,
        *CAMPAIGN,
        *REPORTING,
    }
    assert "只读" in shown[COMPLAINTS][1]
    assert PROPOSE_HINT not in shown["证明事项清单"][1]


def test_a_credit_officer_sees_the_catalogue_credit_records_and_complaints_about_their_unit(
    client, county, credit_officer
):
    assert set(cards(client, credit_officer)) == {
        "证明事项清单",
        COMPLAINTS,
        "虚假承诺信用记录",
        EVALUATIONS,
        *CAMPAIGN,
    }


def test_a_login_without_a_unit_gets_no_staff_cards(client, county, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x-9-correct")
    assert cards(client, nobody) == {}


PERSONAS = [
    "yanghe_clerk",
    "yanghe_officer",
    "police_officer",
    "civil_affairs_admin",
    "credit_officer",
    "auditor",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_card_a_user_is_shown_opens_for_them(client, catalogue, keys, request, persona):
    user = request.getfixturevalue(persona)
    for label, (href, _) in cards(client, user).items():
        assert client.get(href).status_code == 200, (persona, label, href)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_catalogue_card_offers_proposing_only_to_those_who_may_propose(
    client, county, request, persona
):
    user = request.getfixturevalue(persona)
    offered = PROPOSE_HINT in cards(client, user)["证明事项清单"][1]
    may_propose = client.get("/staff/catalogue/new/").status_code == 200
    assert offered == may_propose, persona


COUNT = re.compile(
    r'<strong>([^<]+)</strong><span>[^<]*</span><span class="count"><b>(\d+)</b> ([^<]+)</span>'
)


def counts(client, user) -> dict[str, tuple[int, str]]:
    """label -> (number, what it counts) for the cards that show the work waiting."""
    client.force_login(user)
    page = client.get("/staff/").content.decode()
    return {label: (int(n), what) for label, n, what in COUNT.findall(page)}


def test_a_clerk_sees_how_many_certificates_and_refusals_were_logged_today(
    client, catalogue, keys, yanghe_clerk, lijun_clerk, yanghe, lijun
):
    from jianzheng.certificates.demands import refuse_at_desk
    from jianzheng.certificates.services import issue_certificate
    from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS

    for actor, community in ((yanghe_clerk, yanghe), (yanghe_clerk, yanghe), (lijun_clerk, lijun)):
        issue_certificate(
            actor=actor,
            community=community,
            item="YN-B03",
            facts=dict(RESIDENCE_FACTS),
            checks=CHECKS,
            purpose="办理居住证",
            requester="永宁县公安局杨和派出所",
        )
    refuse_at_desk(
        actor=yanghe_clerk, community=yanghe, item="健在证明", requester="永宁县农村商业银行"
    )
    shown = counts(client, yanghe_clerk)
    assert shown["出具证明"] == (2, "今日出具")
    assert shown["拒绝出具记录"] == (1, "今日登记")


def test_an_admin_sees_how_many_change_requests_wait_for_review_or_approval(
    client, catalogue, civil_affairs_admin, police_officer
):
    from jianzheng.catalogue.services import propose_change

    assert counts(client, civil_affairs_admin)["清单变更申请"] == (0, "待审核、待批准")
    for code in ("YN-B05", "YN-B04"):
        propose_change(
            actor=police_officer,
            kind="remove",
            item_code=code,
            reason="公证机构已可自行核实",
            legal_basis="《公证法》",
        )
    assert counts(client, civil_affairs_admin)["清单变更申请"] == (2, "待审核、待批准")
    assert counts(client, police_officer)["清单变更申请"] == (2, "审核中")


def test_an_admin_sees_how_many_typed_unit_names_wait_to_be_merged(
    client, catalogue, keys, yanghe_clerk, yanghe, civil_affairs_admin
):
    from jianzheng.certificates.demands import refuse_at_desk
    from jianzheng.regions.models import Unit, UnitName
    from jianzheng.regions.services import merge_unit_name

    assert counts(client, civil_affairs_admin)["归并单位名称"] == (0, "待处理")
    for unit_name in ("宏达小额贷款公司", "宏达小额贷款公司", "永宁县自来水公司"):
        refuse_at_desk(actor=yanghe_clerk, community=yanghe, item="健在证明", requester=unit_name)
    assert counts(client, civil_affairs_admin)["归并单位名称"] == (2, "待处理")
    water = UnitName.objects.get(text="永宁县自来水公司")
    merge_unit_name(actor=civil_affairs_admin, name=water, into=Unit.objects.get(code="640121-SW"))
    assert counts(client, civil_affairs_admin)["归并单位名称"] == (1, "待处理")
