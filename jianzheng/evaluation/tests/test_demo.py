"""`jianzheng setup --demo` gives 好差评 something true to show: six papers rated by the residents
who hold them, a bad rating answered, another still open, on the pages and the dashboard."""

import re

import pytest

from jianzheng.evaluation.demo import load_demo_ratings
from jianzheng.evaluation.models import FollowUp, Rating
from jianzheng.regions.models import Region
from jianzheng.reporting import panels
from jianzheng.reporting.scope import Period

pytestmark = pytest.mark.pdf


@pytest.fixture
def demo(catalogue, keys, calendar, yanghe_clerk, lijun_clerk):
    return load_demo_ratings(demo=True)


def test_the_demo_rates_six_papers_and_the_dashboard_counts_them_by_grade(demo):
    assert Rating.objects.count() == 6
    county = Region.objects.get(code="640121")
    assert panels.satisfaction(None, county, Period(None, None)).rows == [
        ["非常满意", 2],
        ["满意", 1],
        ["基本满意", 1],
        ["不满意", 2],
    ]
    assert load_demo_ratings(demo=True) == "已有评价，未建演示好差评"
    assert Rating.objects.count() == 6


def test_one_bad_rating_is_answered_and_the_other_waits_for_its_community(
    demo, client, lijun_clerk
):
    follow_ups = {f.rating.unit.code: f for f in FollowUp.objects.select_related("rating__unit")}
    assert follow_ups["640121100001"].state == FollowUp.State.ANSWERED
    assert follow_ups["640121101001"].state == FollowUp.State.OPEN
    client.force_login(lijun_clerk)  # 李俊第一社区 sees its own case waiting, not 杨和's
    waiting = client.get("/staff/evaluation/follow-ups/").content.decode()
    assert follow_ups["640121101001"].rating.case_number in waiting and "待联系" in waiting
    assert follow_ups["640121100001"].rating.case_number not in waiting


def test_the_printed_number_and_check_code_open_the_rating_and_its_answer(demo, client):
    serial, code = re.search(r"/rate/(\S+) 用校验码 (\S+) ", demo).groups()
    opened = client.post(f"/rate/{serial}", {"secret": code})
    assert opened.status_code == 302
    page = client.get(opened["Location"]).content.decode()
    assert "不满意" in page and "增开一个窗口" in page


def test_without_the_demo_nothing_is_rated(catalogue, keys, calendar, yanghe_clerk, lijun_clerk):
    assert load_demo_ratings(demo=False) == "未建演示好差评"
    assert not Rating.objects.exists()
