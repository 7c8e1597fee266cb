"""The two decisions of 社区工作事项准入 that need no database write, tested on their own.

永民发〔2020〕91号 二(二): "未经批准的事项社区可拒绝接受；确需社区协助办理的按'权随责走、费随事转'原则，
与社区签订服务协议并安排服务经费。取消街道(镇)与社区签订的工作目标责任书；取消县、街道(镇)摊派给社区的
各类报刊和杂志征订、募捐等任务；取消相关部门(单位)要求社区出具的各类行政审批证明。"""

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from jianzheng.workitems.fields import day_text
from jianzheng.workitems.models import ServiceAgreement, WorkItem, WorkPush

Reason = WorkPush.Reason


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace(" ", "").lower()


def matching_negative(texts: Iterable[str], negatives: Iterable[WorkItem]) -> WorkItem | None:
    """二(二) 取消: the first negative item whose name or one of its words the texts contain."""
    haystack = _folded(" ".join(texts))
    for item in negatives:
        words = [item.name, *item.keywords]
        if any(_folded(word) and _folded(word) in haystack for word in words):
            return item
    return None


@dataclass(frozen=True)
class PushDecision:
    decision: str  # WorkPush.Decision
    reason_code: str  # WorkPush.Reason
    reason: str
    cited_item: WorkItem | None = None
    agreement: ServiceAgreement | None = None

    @property
    def refused(self) -> bool:
        return self.decision == WorkPush.Decision.REFUSED


def _refuse(code: str, reason: str, item=None, agreement=None) -> PushDecision:
    return PushDecision(WorkPush.Decision.REFUSED, code, reason, item, agreement)


def _accept(code: str, reason: str, item=None, agreement=None) -> PushDecision:
    return PushDecision(WorkPush.Decision.ACCEPTED, code, reason, item, agreement)


def negative_reason(item: WorkItem) -> str:
    return f"属负面清单事项“{item.name}”（{item.code}，{item.legal_basis}），不得交由社区办理"


def decide_push(
    *,
    community_id: int,
    department_id: int,
    department_name: str,
    title: str,
    item: WorkItem | None,
    negatives: list[WorkItem],
    agreements: list[ServiceAgreement],
    on: dt.date,
) -> PushDecision:
    """Accept an admitted task or refuse it (二(二) 未经批准的事项社区可拒绝接受).

    `agreements`: the item's agreements, each with its communities prefetched. A task is refused
    when it is (or its title reads as) a negative item, when it names no admitted item, when the
    item is not this department's, or when every agreement covering this community has lapsed."""
    negative = item if item is not None and item.category == WorkItem.Category.NEGATIVE else None
    negative = negative or matching_negative([title], negatives)
    if negative is not None:
        return _refuse(Reason.NEGATIVE, negative_reason(negative), negative)
    if item is None or not item.is_active:
        return _refuse(
            Reason.NOT_ADMITTED,
            f"{department_name}推送的“{title}”未经民政局准入审批（未列入本县社区工作事项清单），"
            "社区有权拒绝",
        )
    if item.category == WorkItem.Category.DUTY:
        return _accept(Reason.DUTY, f"属依法履职事项（{item.legal_basis}）", item)
    request = item.source_request
    if request is not None and request.emergency:
        covered = community_id in {c.pk for c in request.communities.all()}
        if request.department_id != department_id or not covered:
            return _refuse(
                Reason.NOT_ADMITTED,
                f"应急任务“{item.name}”不是{department_name}向本社区登记的",
                item,
            )
        if not request.term_start <= on <= request.term_end:
            return _refuse(
                Reason.LAPSED, f"应急任务“{item.name}”已于{day_text(request.term_end)}结束", item
            )
        return _accept(
            Reason.EMERGENCY,
            f"突发{request.get_emergency_display()}事件，免于事前审批（{request.number}，"
            "须事后审查）",
            item,
        )
    mine = [a for a in agreements if a.department_id == department_id]
    covering = [a for a in mine if community_id in {c.pk for c in a.communities.all()}]
    in_force = [a for a in covering if a.in_force_on(on)]
    if in_force:
        agreement = in_force[0]
        return _accept(
            Reason.ADMITTED,
            f"已准入，服务协议 {agreement.number}（至{day_text(agreement.term_end)}，"
            f"服务经费 {agreement.funding_amount} 元）",
            item,
            agreement,
        )
    if covering:
        last = max(covering, key=lambda a: a.term_end)
        if last.document.revoked_at is None and on < last.term_start:
            return _refuse(
                Reason.NOT_ADMITTED,
                f"服务协议 {last.number} 自{day_text(last.term_start)}起生效，此前社区有权拒绝",
                item,
                last,
            )
        return _refuse(
            Reason.LAPSED,
            f"服务协议 {last.number} 已于{day_text(last.term_end)}到期失效，续签须重新申请准入",
            item,
            last,
        )
    if agreements or item.source_request is not None:
        return _refuse(
            Reason.NOT_ADMITTED,
            f"“{item.name}”的服务协议不包括本社区或{department_name}，社区有权拒绝",
            item,
        )
    if item.department_id is not None and item.department_id != department_id:
        return _refuse(
            Reason.NOT_ADMITTED,
            f"“{item.name}”的责任部门是{item.department.name}，不是{department_name}",
            item,
        )
    return _accept(
        Reason.ADMITTED,
        f"属协助政府工作事项（{item.legal_basis}）；按“权随责走、费随事转”，可要求部门签订服务协议",
        item,
    )
