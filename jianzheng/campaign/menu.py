"""The campaign's staff menu entries, from this app's permissions."""

from django.urls import reverse

from jianzheng.campaign import permissions
from jianzheng.core.registry import Link


def staff_links(user) -> list[Link]:
    if not permissions.can_read(user):
        return []
    return [
        Link(
            "campaign",
            "list",
            reverse("campaign_staff:list"),
            "专项行动",
            "重点任务、实施步骤时间线、牵头和配合单位的进展报送，逾期提示",
        ),
        Link(
            "campaign",
            "findings",
            reverse("campaign_staff:findings"),
            "督查通报",
            "自治区、市督导发现的问题，按任务和单位登记"
            if permissions.can_record_findings(user)
            else "自治区、市督导发现的问题",
        ),
    ]
