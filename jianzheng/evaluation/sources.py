"""Where each indicator's value comes from: the platform's own records, never paperwork
(二(二) 主要考评服务居民实效和群众满意度). A source computes one community's value for a period
and the data behind it, so every result is explainable.

`plaque_compliance` (二(四) 清理标牌) is the `signage` app's (`signage.selectors.compliance_share`)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from jianzheng.certificates.models import Certificate, Demand
from jianzheng.complaints.models import Complaint
from jianzheng.core.errors import RuleViolation
from jianzheng.evaluation.models import GRADE_POINTS, LOW_GRADES, FollowUp, Grade, Rating
from jianzheng.regions.models import Unit
from jianzheng.signage.selectors import compliance_share
from jianzheng.workitems.models import WorkPush


@dataclass(frozen=True)
class Value:
    value: float | None  # None: no data this period
    data: dict = field(default_factory=dict)  # the numbers behind it, shown on the page
    text: str = ""  # one sentence saying what they are


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    kind: str  # Indicator.Kind
    unit: str  # "比例", "件", "分"
    compute: Callable[[Unit, dt.date, dt.date], Value]


def _moments(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def same_day_issue(community: Unit, start: dt.date, end: dt.date) -> Value:
    """Certificates issued at the desk on the day they were asked for. The ledger records a
    certificate when it is handed over; one issued under the 四(三) hand-over exception after
    a demand was first refused is not same-day."""
    issued = Certificate.objects.filter(
        community=community, issued_on__gte=start, issued_on__lte=end
    )
    total = issued.count()
    later = issued.filter(is_handover=True).count()
    same = total - later
    return Value(
        _share(same, total),
        {"issued": total, "same_day": same},
        f"出具证明 {total} 份，其中当场出具 {same} 份",
    )


def refusals_correct(community: Unit, start: dt.date, end: dt.date) -> Value:
    """Refusals recorded as the list requires (二(五)): with the reason and the demanding unit
    named (linked to a registered unit or a kept name), so the demand can be followed up."""
    refused = Demand.objects.filter(
        community=community,
        outcome=Demand.Outcome.REFUSED,
        requested_on__gte=start,
        requested_on__lte=end,
    )
    total = refused.count()
    named = refused.filter(
        Q(requester_unit__isnull=False) | Q(requester_name__isnull=False)
    ).count()
    return Value(
        _share(named, total),
        {"refused": total, "named": named},
        f"拒绝出具 {total} 次，其中登记了索要单位 {named} 次",
    )


def follow_ups_in_time(community: Unit, start: dt.date, end: dt.date) -> Value:
    """Follow-ups of bad ratings due in the period, answered by their deadline."""
    due = FollowUp.objects.filter(
        rating__unit=community, deadline__gte=start, deadline__lte=end
    ) | FollowUp.objects.filter(rating__unit=community, opened_on__gte=start, opened_on__lte=end)
    rows = list(due.distinct())
    closed = sum(1 for row in rows if row.closed_in_time)
    return Value(
        _share(closed, len(rows)),
        {"follow_ups": len(rows), "closed_in_time": closed},
        f"差评整改 {len(rows)} 件，按期答复 {closed} 件",
    )


UPHELD = (Complaint.State.VERIFIED, Complaint.State.RECTIFIED)


def complaints_upheld(community: Unit, start: dt.date, end: dt.date) -> Value:
    """Complaints against the community found true (核实、整改, or closed with a notice)."""
    low, high = _moments(start, end)
    found = Complaint.objects.filter(
        accused_unit=community, received_at__gte=low, received_at__lt=high
    ).filter(Q(state__in=UPHELD) | Q(notice__isnull=False))
    numbers = list(found.values_list("tracking_number", flat=True))
    return Value(
        len(numbers),
        {"upheld": len(numbers), "numbers": numbers[:50]},
        f"被查实的举报 {len(numbers)} 件",
    )


def work_pushes_refused(community: Unit, start: dt.date, end: dt.date) -> Value:
    """Work pushed onto the community without admission that it refused (二(二) 准入)."""
    low, high = _moments(start, end)
    pushes = WorkPush.objects.filter(
        community=community, recorded_at__gte=low, recorded_at__lt=high
    )
    total = pushes.count()
    refused = pushes.filter(decision=WorkPush.Decision.REFUSED).count()
    return Value(
        refused,
        {"pushes": total, "refused": refused},
        f"登记推送任务 {total} 项，拒绝 {refused} 项",
    )


def plaque_compliance(community: Unit, start: dt.date, end: dt.date) -> Value:
    """Share of the community's venues whose plaques, postings and awards break no rule, on the
    period's last day (or today, within the period)."""
    compliant, total = compliance_share(region=community.region, on=min(end, timezone.localdate()))
    return Value(
        _share(compliant, total),
        {"venues": total, "compliant": compliant},
        f"登记活动场所 {total} 处，挂牌和上墙合规 {compliant} 处",
    )


def _ratings(community: Unit, start: dt.date, end: dt.date):
    return Rating.objects.filter(unit=community, served_on__gte=start, served_on__lte=end)


def satisfaction_mean(community: Unit, start: dt.date, end: dt.date) -> Value:
    grades = list(_ratings(community, start, end).values_list("grade", flat=True))
    counts = {grade.label: grades.count(grade.value) for grade in Grade}
    points = sum(GRADE_POINTS[Grade(g)] for g in grades)
    mean = round(points / len(grades), 2) if grades else None
    return Value(
        mean,
        {"ratings": len(grades), **counts},
        f"群众评价 {len(grades)} 次，平均 {mean if mean is not None else '—'} 分",
    )


def satisfied_share(community: Unit, start: dt.date, end: dt.date) -> Value:
    grades = list(_ratings(community, start, end).values_list("grade", flat=True))
    good = sum(1 for g in grades if g not in LOW_GRADES)
    return Value(
        _share(good, len(grades)),
        {"ratings": len(grades), "satisfied": good},
        f"群众评价 {len(grades)} 次，基本满意及以上 {good} 次",
    )


SOURCES: dict[str, Source] = {
    source.code: source
    for source in (
        Source("same_day_issue", "当场出具证明的比例", "service_result", "比例", same_day_issue),
        Source(
            "refusals_correct",
            "依规拒绝出具并登记的比例",
            "service_result",
            "比例",
            refusals_correct,
        ),
        Source(
            "follow_ups_in_time",
            "差评按期整改答复的比例",
            "service_result",
            "比例",
            follow_ups_in_time,
        ),
        Source("complaints_upheld", "被查实的举报", "service_result", "件", complaints_upheld),
        Source(
            "work_pushes_refused",
            "拒绝未经准入的推送任务",
            "service_result",
            "件",
            work_pushes_refused,
        ),
        Source(
            "plaque_compliance",
            "牌匾合规率",
            "service_result",
            "比例",
            plaque_compliance,
        ),
        Source("satisfaction_mean", "群众评价平均分", "satisfaction", "分", satisfaction_mean),
        Source("satisfied_share", "基本满意及以上的比例", "satisfaction", "比例", satisfied_share),
    )
}


def source_for(code: str, *, kind: str) -> Source:
    source = SOURCES.get(code)
    if source is None:
        raise RuleViolation(
            "unknown_source",
            "数据来源应为平台记录的服务实效或群众评价：" + "、".join(SOURCES),
            field="source",
        )
    if source.kind != kind:
        raise RuleViolation(
            "source_kind_mismatch",
            f"“{source.label}”属于{'服务居民实效' if source.kind == 'service_result' else '群众满意度'}指标",
            field="source",
        )
    return source
