"""The complaints area's staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.accounts.permissions import has_role
from jianzheng.accounts.roles import Role
from jianzheng.complaints import permissions, selectors
from jianzheng.core.registry import Link


def _hint(user) -> str:
    """What this user may do with complaints, and no more."""
    if permissions.can_handle_any(user):
        return "群众对索要不合理证明的举报：受理、核实、整改、通报"
    if has_role(user, Role.AUDITOR):
        return "辖区内的举报及办理情况（只读）"
    if has_role(user, Role.TOWNSHIP_OFFICER):
        return "辖区内单位被举报的情况（只读）"
    if has_role(user, Role.DEPARTMENT_OFFICER):
        return "涉及本单位的举报：查看并答复"
    return "涉及本单位的举报（只读）"


def staff_links(user) -> list[Link]:
    links = []
    if permissions.can_read_any(user):
        links.append(
            Link(
                "complaints",
                "list",
                reverse("complaints_staff:list"),
                "监督举报",
                _hint(user),
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
