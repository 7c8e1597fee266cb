"""The certificates' staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.certificates import permissions, selectors
from jianzheng.core.registry import Link


def staff_links(user) -> list[Link]:
    links = []
    clerk = permissions.can_issue_for_own_community(user)
    issued_today = partial(selectors.count_issued_today, user)
    if clerk:
        links.append(
            Link(
                "certificates",
                "issue",
                reverse("certificates_staff:issue"),
                "出具证明",
                "按清单和证明式样出具，生成带二维码的签名 PDF",
                primary=True,
                count=issued_today,
                count_label="今日出具",
            )
        )
    if permissions.can_read_ledger(user):
        links.append(
            Link(
                "certificates",
                "ledger",
                reverse("certificates_staff:ledger"),
                "证明台账",
                "已出具的证明：筛选、查看、导出",
                primary=True,
                # A clerk sees today's count on the issuing card already.
                count=None if clerk else issued_today,
                count_label="今日出具",
            )
        )
        links.append(
            Link(
                "certificates",
                "refusals",
                reverse("certificates_staff:refusals"),
                "拒绝出具记录",
                "拒绝出具和工作衔接据实出具，记录索要单位",
                count=partial(selectors.count_refusals_today, user),
                count_label="今日登记",
            )
        )
    if clerk:
        links.append(
            Link(
                "certificates",
                "refusal-new",
                reverse("certificates_staff:refusal-new"),
                "登记拒绝出具",
                "居民在窗口被要求开具不应出具的证明时登记",
            )
        )
    if permissions.can_manage_handover(user):
        links.append(
            Link(
                "certificates",
                "handover",
                reverse("certificates_staff:handover"),
                "工作衔接开关",
                "永民发〔2020〕91号 四（三） 例外的开关",
            )
        )
    return links
