"""The sharing area's staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.core.registry import Link
from jianzheng.sharing import permissions, selectors


def staff_links(user) -> list[Link]:
    links = []
    if permissions.can_answer_any(user):
        links.append(
            Link(
                "sharing",
                "inbox",
                reverse("sharing_staff:list") + "?role=holder",
                "待答复的共享核查",
                "其他单位请本单位核对的数据：2个工作日内答复“是／否”或最少字段",
                primary=True,
                count=partial(selectors.count_pending_for_holder, user),
                count_label="待处理",
            )
        )
    if permissions.can_ask(user):
        links.append(
            Link(
                "sharing",
                "new",
                reverse("sharing_staff:new"),
                "发起信息共享核查",
                "向数据提供单位核对一项事实，不再让群众开证明",
            )
        )
    if permissions.can_read(user):
        links.append(
            Link(
                "sharing",
                "list",
                reverse("sharing_staff:list"),
                "信息共享核查记录",
                "本单位发起的和发给本单位的核查",
            )
        )
    return links
