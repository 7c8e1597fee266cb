"""The catalogue's staff menu entries: each hint promises only what this user may do."""

from functools import partial

from django.urls import reverse

from jianzheng.catalogue.permissions import can_propose_change, can_publish_version
from jianzheng.catalogue.selectors import count_open_change_requests
from jianzheng.core.registry import Link


def staff_links(user) -> list[Link]:
    proposer = can_propose_change(user)
    links = [
        Link(
            "catalogue",
            "items",
            reverse("catalogue_staff:items"),
            "证明事项清单",
            "查找事项，申请新增、变更或移出" if proposer else "查找事项，查看设定依据和替代方式",
            primary=True,
        )
    ]
    if can_publish_version(user):
        links.append(
            Link(
                "catalogue",
                "changes",
                reverse("catalogue_staff:changes"),
                "清单变更申请",
                "申请、审核、批准、发布新版本",
                primary=True,
                count=partial(count_open_change_requests, user),
                count_label="待审核、待批准",
            )
        )
    elif proposer:
        links.append(
            Link(
                "catalogue",
                "changes",
                reverse("catalogue_staff:changes"),
                "清单变更申请",
                "本单位提交的申请及审核进度",
                primary=True,
                count=partial(count_open_change_requests, user),
                count_label="审核中",
            )
        )
    return links
