"""Demo signage for `jianzheng setup --demo`, told through the area's own services: 杨和第一社区's
党群服务中心 with the three door plaques, the two header signs, the guide board, a notice, and a
fourth plaque beside the door, so a visitor sees a violation with its clause and its task."""

from django.contrib.auth import get_user_model
from django.db import transaction

from jianzheng.regions.models import Unit
from jianzheng.signage.models import Venue
from jianzheng.signage.services import (
    GUIDE_ROWS,
    create_venue,
    record_plaque,
    record_posting,
    set_rooms,
)

COMMUNITY = "640121100001"
VENUE = "党群服务中心"

PLAQUES = [
    ("door_side", "vertical", "中共永宁县杨和镇杨和第一社区委员会", 60, 240),
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区居民委员会", 60, 240),
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区服务站", 60, 240),
    ("door_header", "horizontal", "中国社区", 300, 80),
    ("door_header", "horizontal", "党群服务中心", 400, 80),
    ("door_wall", "vertical", "社区(村)服务工作机构引导牌", 40, 60),
    # The violation the visitor sees: a department's plaque beside the door (三(三)二).
    ("door_side", "vertical", "永宁县杨和镇杨和第一社区老年人协会", 60, 240),
]


@transaction.atomic
def load_demo_signage(*, demo: bool = True, actor=None) -> str:
    clerk = get_user_model().objects.filter(username="yanghe_clerk").first()
    community = Unit.objects.filter(code=COMMUNITY).first()
    if not demo or clerk is None or community is None:
        return "未建演示社区挂牌"
    if Venue.objects.filter(community=community, name=VENUE).exists():
        return "已有演示社区挂牌"
    venue = create_venue(actor=clerk, community=community, name=VENUE, address="杨和镇示例路1号")
    set_rooms(
        actor=clerk,
        venue=venue,
        rooms={row: f"{101 + i}" for i, row in enumerate(GUIDE_ROWS[:9])},
    )
    for position, orientation, text, width, height in PLAQUES:
        record_plaque(
            actor=clerk,
            venue=venue,
            position=position,
            orientation=orientation,
            text=text,
            width_cm=width,
            height_cm=height,
            material="铝合金",
            erected_by="杨和镇人民政府",
        )
    record_posting(actor=clerk, venue=venue, title="活动室使用须知", kind="notice")
    record_posting(
        actor=clerk,
        venue=venue,
        title="社区居委会工作职责",
        kind="internal",
        body="一、宣传宪法、法律、法规和国家的政策……",
    )
    return f"演示社区挂牌：{community.name}{VENUE}，大门两侧第4块牌子待整改"
