"""Demo work for `jianzheng setup --demo`, told through the area's own services (never by writing
rows): 公安局's request admitted by 民政局 with its service agreement for 杨和第一社区, a task the
clerk accepted under it, and a survey 卫健局 pushed without approval, which the clerk refused."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jianzheng.regions.models import Unit
from jianzheng.workitems.models import WorkItemRequest
from jianzheng.workitems.services import decide_request, record_push, submit_request

COMMUNITY = "640121100001"
TITLE = "协助做好居住证申领受理、发放（杨和第一社区）"


@transaction.atomic
def load_demo_workitems(*, demo: bool = True, actor=None) -> str:
    users = get_user_model().objects.in_bulk(
        ["police_officer", "civil_affairs_admin", "yanghe_clerk"], field_name="username"
    )
    community = Unit.objects.filter(code=COMMUNITY).first()
    if not demo or community is None or len(users) < 3:
        return "未建演示工作事项"
    if WorkItemRequest.objects.filter(title=TITLE).exists():
        return "已有演示工作事项"
    today = timezone.localdate()
    request = submit_request(
        actor=users["police_officer"],
        kind="task",
        title=TITLE,
        reason="流动人口较多，居住证申领材料由社区初步收集后交派出所受理",
        legal_basis="《居住证暂行条例》第八条",
        communities=[COMMUNITY],
        hours_per_month="10",
        funding_amount="6000",
        funding_method="按季度拨付至社区服务经费账户",
        term_start=today.isoformat(),
        term_end=(today + dt.timedelta(days=365)).isoformat(),
    )
    decide_request(
        actor=users["civil_affairs_admin"],
        request=request,
        decision="approve",
        reason="依据充分，经费到位，同意准入",
    )
    request.refresh_from_db()
    clerk = users["yanghe_clerk"]
    record_push(
        actor=clerk,
        community=community,
        department="640121-GAJ",
        title="本月居住证申领材料收集",
        work_item=request.work_item.code,
    )
    refused = record_push(
        actor=clerk, community=community, department="640121-WJJ", title="居民健康素养问卷调查"
    )
    return (
        f"演示工作事项：服务协议 {request.agreement.number}，"
        f"社区拒绝未经准入的任务 1 项（{refused.department.name}）"
    )
