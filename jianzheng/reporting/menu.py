"""The reporting area's staff menu entries."""

from django.urls import reverse

from jianzheng.core.registry import Link
from jianzheng.reporting import permissions


def staff_links(user) -> list[Link]:
    if not permissions.can_read(user):
        return []
    return [
        Link(
            "reporting",
            "dashboard",
            reverse("reporting_staff:dashboard"),
            "统计看板",
            "本辖区出具证明、拒绝出具、核验、信息共享、告知承诺、举报、推送任务与专项任务进展",
            primary=True,
        ),
        Link(
            "reporting",
            "census",
            reverse("reporting_staff:census"),
            "摸底清单",
            "《出具证明情况清单》《法规政策规定清单》：导出表格或打印",
        ),
    ]
