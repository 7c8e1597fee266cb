"""The signage area's staff menu entry, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.core.registry import Link
from jianzheng.signage import permissions, selectors


def staff_links(user) -> list[Link]:
    if not permissions.can_read(user):
        return []
    hint = (
        "登记本社区活动场所的牌子、上墙制度和奖牌，查看违规条款并整改"
        if permissions.is_clerk(user)
        else "各社区挂牌和上墙是否合规、整改任务和确认、牌匾统计"
    )
    return [
        Link(
            "signage",
            "overview",
            reverse("signage_staff:overview"),
            "社区挂牌和上墙",
            hint,
            primary=permissions.is_clerk(user),
            count=partial(selectors.count_waiting, user),
            count_label="待整改",
        )
    ]
