"""Demo cases for `jianzheng setup --demo`: three reports in 永宁县, told through the workflow's
own services (never by writing rows), so the back office, the tracking page and the public
exposure page have something true to show: one case carried to a published notice, one the
accused unit has answered, one just received from an anonymous resident."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jianzheng.complaints import services
from jianzheng.complaints.models import Complaint
from jianzheng.regions.models import Region

S = Complaint.State
COUNTY = "640121"
ADMIN = "civil_affairs_admin"


@transaction.atomic
def load_demo_complaints(*, demo: bool = True, actor=None) -> str:
    county = Region.objects.filter(code=COUNTY).first()
    admin = get_user_model().objects.filter(username=ADMIN).first()
    if not demo or county is None or admin is None:
        return "未建演示举报"
    if Complaint.objects.filter(county=county).exists():
        return "已有举报，未建演示举报"
    today = timezone.localdate()

    def report(days_ago: int, **fields) -> services.Submitted:
        return services.submit_complaint(
            county=county, date=today - dt.timedelta(days=days_ago), **fields
        )

    published = report(
        9,
        unit="640121-YH",
        item="GJ1-10",
        place="永宁县农村商业银行杨和支行柜台",
        description="为母亲办理养老金代领时，柜台要求先到社区开健在证明，否则不予办理。",
    ).complaint
    for to, note in (
        (S.ACCEPTED, "属于要求出具已取消证明事项，予以受理"),
        (S.ANSWERED, "银行答复：柜台人员未及时掌握清单，已改为现场视频核验"),
        (S.VERIFIED, "经核实，该支行确曾要求居民开具健在证明"),
        (S.RECTIFIED, "该支行已停止索要健在证明，改为视频核验，并对柜台人员开展培训"),
    ):
        services.transition(actor=admin, complaint=published, to=to, note=note)
    services.publish_notice(
        actor=admin,
        complaint=published,
        finding="该支行在办理养老金代领业务时要求居民到社区开具健在证明",
        rectification="已停止索要，改为现场或视频核验本人",
    )

    answered = report(
        4,
        unit="640121-GD",
        item="GJ1-10",
        place="国网永宁县供电公司营业厅",
        description="办理电费户名变更时，营业厅要求提供社区出具的健在证明。",
    ).complaint
    services.transition(actor=admin, complaint=answered, to=S.ACCEPTED, note="予以受理")
    services.transition(
        actor=admin,
        complaint=answered,
        to=S.ANSWERED,
        note="供电公司答复：将核实后改为查验户口簿等有效证件",
    )

    received = report(
        1,
        unit_name="某民办幼儿园",
        item_name="居民身份证明",
        place="望远镇",
        description="孩子入园报名时，幼儿园要求到社区开具居民身份证明才收材料。",
    )
    return (
        "演示举报 3 件（1 件已通报）；可在 /report/track 用跟踪号 "
        f"{received.complaint.tracking_number}、查询码 {received.secret} 查看进度"
    )
