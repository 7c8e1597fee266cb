"""The work-item area's staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.core.registry import Link
from jianzheng.workitems import permissions, selectors


def staff_links(user) -> list[Link]:
    links = []
    if permissions.is_clerk(user):
        links.append(
            Link(
                "workitems",
                "community",
                reverse("workitems_staff:community"),
                "社区工作事项",
                "本社区已准入的工作、服务协议和经费；登记部门推送的任务，一键接受或拒绝",
                primary=True,
            )
        )
    if permissions.can_read_requests(user):
        links.append(
            Link(
                "workitems",
                "requests",
                reverse("workitems_staff:requests"),
                "工作事项准入申请",
                "部门申请社区协助：民政局审核、会签、期限；突发事件事后审查",
                count=partial(selectors.count_waiting, user),
                count_label="待审核",
            )
        )
        links.append(
            Link(
                "workitems",
                "agreements",
                reverse("workitems_staff:agreements"),
                "社区服务协议与经费",
                "准入后签订的服务协议（权随责走、费随事转），承诺经费与已拨付经费",
            )
        )
    if permissions.can_read_pushes(user) and not permissions.is_clerk(user):
        links.append(
            Link(
                "workitems",
                "pushes",
                reverse("workitems_staff:pushes"),
                "推送给社区的任务",
                "社区登记的推送任务：接受与拒绝（部门：本单位被拒绝的任务）",
            )
        )
    if permissions.can_read_ranking(user):
        links.append(
            Link(
                "workitems",
                "ranking",
                reverse("workitems_staff:ranking"),
                "被社区拒绝的部门排名",
                "按被拒绝的推送任务数排名，基层减负督查的依据",
            )
        )
    if permissions.can_configure(user):
        links.append(
            Link(
                "workitems",
                "settings",
                reverse("workitems_staff:settings"),
                "工作事项准入设置",
                "审核期限（工作日）和组织部会签",
            )
        )
    return links
