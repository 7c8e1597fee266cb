"""The evaluation area's staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.core.registry import Link
from jianzheng.evaluation import permissions, selectors


def staff_links(user) -> list[Link]:
    links = []
    if permissions.can_read_ratings(user):
        links.append(
            Link(
                "evaluation",
                "follow_ups",
                reverse("evaluation_staff:follow_ups"),
                "群众评价与差评整改",
                "群众对证明、告知承诺、举报办理的好差评；差评限期联系、整改、答复",
                count=partial(selectors.count_open_follow_ups, user),
                count_label="待整改",
            )
        )
        links.append(
            Link(
                "evaluation",
                "ratings",
                reverse("evaluation_staff:ratings"),
                "服务评价",
                "每一次评价：办件、单位、评价和意见",
            )
        )
    if permissions.can_read_evaluations(user):
        links.append(
            Link(
                "evaluation",
                "schemes",
                reverse("evaluation_staff:schemes"),
                "星级和谐社区、服务型党组织考评",
                "统一考评：服务实效和群众满意度，星级、排名、年终扣分"
                + ("；制定、计算、公布考评" if permissions.is_manager(user) else ""),
                primary=permissions.is_manager(user),
            )
        )
    if permissions.is_manager(user):
        links.append(
            Link(
                "evaluation",
                "settings",
                reverse("evaluation_staff:settings"),
                "考评设置",
                "差评整改期限（工作日，默认15个）",
            )
        )
    return links
