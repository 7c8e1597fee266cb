"""The back office's menu: each link shown only to roles the permissions allow. The web app sits
on top of the area apps (like reporting) and asks their permissions.py; templates never test roles."""

from dataclasses import dataclass

from jianzheng.accounts.permissions import is_staff_member
from jianzheng.catalogue.permissions import can_propose_change, can_publish_version
from jianzheng.certificates import permissions as certificates


@dataclass(frozen=True)
class Link:
    group: str
    section: str
    href: str
    label: str
    hint: str
    primary: bool = False  # also in the header bar


def staff_links(user) -> list[Link]:
    if not is_staff_member(user):
        return []
    links = [
        Link(
            "catalogue",
            "items",
            "/staff/catalogue/",
            "证明事项清单",
            "查找事项，申请新增、变更或移出",
            primary=True,
        )
    ]
    if can_propose_change(user) or can_publish_version(user):
        links.append(
            Link(
                "catalogue",
                "changes",
                "/staff/catalogue/changes/",
                "清单变更申请",
                "申请、审核、批准、发布新版本",
                primary=True,
            )
        )
    if certificates.can_issue_for_own_community(user):
        links.append(
            Link(
                "certificates",
                "issue",
                "/staff/certificates/issue/",
                "出具证明",
                "按清单和证明式样出具，生成带二维码的签名 PDF",
                primary=True,
            )
        )
    if certificates.can_read_ledger(user):
        links.append(
            Link(
                "certificates",
                "ledger",
                "/staff/certificates/",
                "证明台账",
                "已出具的证明：筛选、查看、导出",
                primary=True,
            )
        )
        links.append(
            Link(
                "certificates",
                "refusals",
                "/staff/certificates/refusals/",
                "拒绝出具记录",
                "拒绝出具和工作衔接据实出具，记录索要单位",
            )
        )
    if certificates.can_issue_for_own_community(user):
        links.append(
            Link(
                "certificates",
                "refusal-new",
                "/staff/certificates/refusals/new/",
                "登记拒绝出具",
                "居民在窗口被要求开具不应出具的证明时登记",
            )
        )
    if certificates.can_manage_handover(user):
        links.append(
            Link(
                "certificates",
                "handover",
                "/staff/certificates/handover/",
                "工作衔接开关",
                "永民发〔2020〕91号 四（三） 例外的开关",
            )
        )
    return links
