"""The commitment area's staff menu entries, from this app's permissions."""

from functools import partial

from django.urls import reverse

from jianzheng.commitments import permissions, selectors
from jianzheng.core.registry import Link


def staff_links(user) -> list[Link]:
    links = []
    if permissions.can_record_commitment(user):
        links.append(
            Link(
                "commitments",
                "new",
                reverse("commitments_staff:new"),
                "窗口受理告知承诺",
                "申请人本人阅读告知内容、逐条确认后，出具告知承诺书，不再要求开证明",
            )
        )
    if permissions.can_read_commitments(user):
        links.append(
            Link(
                "commitments",
                "checks",
                reverse("commitments_staff:checks"),
                "事后核查",
                "抽中的告知承诺：在期限内核查并登记结果",
                primary=permissions.is_department_officer(user),
                count=partial(selectors.count_open_checks, user),
                count_label="待处理",
            )
        )
        links.append(
            Link(
                "commitments",
                "list",
                reverse("commitments_staff:list"),
                "告知承诺书",
                "本部门受理的告知承诺书、撤回和决定",
            )
        )
    if permissions.can_read_credit(user):
        links.append(
            Link(
                "commitments",
                "credit",
                reverse("commitments_staff:credit"),
                "虚假承诺信用记录",
                "公开、更正、信用修复、异议处理，导出至信用信息共享平台",
                primary=permissions.is_credit_officer(user),
            )
        )
    return links
