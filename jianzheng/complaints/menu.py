"""The complaints area's staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.complaints import permissions, selectors
from jianzheng.core.registry import Link


def staff_links(user) -> list[Link]:
    links = []
    if permissions.can_read_any(user):
        links.append(
            Link(
                "complaints",
                "list",
                reverse("complaints_staff:list"),
                "监督举报",
                "群众对索要不合理证明的举报：受理、核实、整改、通报"
                if permissions.can_handle_any(user)
                else "涉及本单位的举报：查看并答复",
                primary=True,
                count=partial(selectors.count_waiting, user),
                count_label="待处理",
            )
        )
    if permissions.can_rank_refusals(user):
        links.append(
            Link(
                "complaints",
                "refusals",
                reverse("complaints_staff:refusals"),
                "仍在索要已取消证明的单位",
                "按社区拒绝出具记录排名，一键立案并附记录为证据",
            )
        )
    return links
