"""Reads of the campaign area: campaigns in scope, each task's state (overdue when its deadline
passed before every lead unit reported it done), the timeline, and the supervision findings the
evaluation area reads (`supervision_findings`)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from jianzheng.accounts.permissions import units_in_scope
from jianzheng.campaign.models import (
    Campaign,
    Phase,
    ProgressReport,
    SupervisionFinding,
    Task,
    TaskUnit,
)
from jianzheng.campaign.permissions import visible_campaigns
from jianzheng.regions.models import Region


def get_campaign(user, pk: int) -> Campaign | None:
    return visible_campaigns(user).select_related("county").filter(pk=pk).first()


def get_task(user, pk: int) -> Task | None:
    return (
        Task.objects.filter(campaign__in=visible_campaigns(user), pk=pk)
        .select_related("campaign__county", "phase")
        .prefetch_related("units__unit", "units__unit_name")
        .first()
    )


def tasks_of(campaign: Campaign) -> QuerySet[Task]:
    return campaign.tasks.select_related("phase").prefetch_related(
        "units__unit", "units__unit_name"
    )


@dataclass
class LeadState:
    named: TaskUnit
    last: ProgressReport | None
    done: bool


@dataclass
class TaskState:
    task: Task
    leads: list[LeadState] = field(default_factory=list)
    reports: int = 0
    done: bool = False
    overdue: bool = False
    days_late: int = 0

    @property
    def state_label(self) -> str:
        if self.done:
            return "已完成"
        if self.overdue:
            return "已逾期"
        if self.task.due_on is None:
            return "长期坚持"
        return "推进中"


def task_state(task: Task, *, today: dt.date) -> TaskState:
    """Done when every lead unit the plan names has reported it done (a task naming none: when
    anyone has); overdue when its deadline has passed and it is not done."""
    reports = list(task.reports.select_related("unit").order_by("-reported_on", "-id"))
    state = TaskState(task=task, reports=len(reports))
    for named in task.units.all():
        if named.role != TaskUnit.Role.LEAD:
            continue
        own = [r for r in reports if named.unit_id and r.unit_id == named.unit_id]
        state.leads.append(
            LeadState(
                named=named,
                last=own[0] if own else None,
                done=any(r.state == ProgressReport.State.DONE for r in own),
            )
        )
    if state.leads:
        state.done = all(lead.done for lead in state.leads)
    else:
        state.done = any(r.state == ProgressReport.State.DONE for r in reports)
    if task.due_on is not None and today > task.due_on and not state.done:
        state.overdue = True
        state.days_late = (today - task.due_on).days
    return state


def campaign_progress(campaign: Campaign, *, today: dt.date) -> list[TaskState]:
    return [task_state(task, today=today) for task in tasks_of(campaign)]


def overdue_tasks(campaign: Campaign, *, today: dt.date) -> list[TaskState]:
    return [s for s in campaign_progress(campaign, today=today) if s.overdue]


@dataclass(frozen=True)
class TimelineBar:
    phase: Phase
    x: float  # 0..100 of the drawing's width
    width: float
    current: bool
    past: bool


def timeline(campaign: Campaign, *, today: dt.date) -> tuple[list[TimelineBar], float | None]:
    """The phases as bars on one axis from the first start to the last dated end (+ a month for
    the long-term phase), and where today falls on it (None: off the axis)."""
    phases = list(campaign.phases.prefetch_related("works"))
    if not phases:
        return [], None
    start = min(p.starts_on for p in phases)
    dated_end = max((p.ends_on or p.starts_on) for p in phases)
    end = dated_end + dt.timedelta(days=30)
    span = max((end - start).days, 1)

    def at(day: dt.date) -> float:
        return round(100 * (day - start).days / span, 2)

    bars = []
    for p in phases:
        stop = p.ends_on or end
        bars.append(
            TimelineBar(
                phase=p,
                x=at(p.starts_on),
                width=max(at(stop) - at(p.starts_on), 1.0),
                current=p.starts_on <= today and (p.ends_on is None or today <= p.ends_on),
                past=p.ends_on is not None and today > p.ends_on,
            )
        )
    marker = at(today) if start <= today <= end else None
    return bars, marker


def supervision_findings(*, county: Region, start: dt.date, end: dt.date):
    """四(二): findings on units of `county` found between `start` and `end` (both included),
    oldest first. The evaluation area calls exactly this."""
    return (
        SupervisionFinding.objects.filter(
            unit__region__path__startswith=county.path, found_on__gte=start, found_on__lte=end
        )
        .select_related("unit", "task")
        .order_by("found_on", "id")
    )


def visible_findings(user) -> QuerySet[SupervisionFinding]:
    return (
        SupervisionFinding.objects.filter(unit__in=units_in_scope(user))
        .select_related("unit", "task")
        .order_by("-found_on", "-id")
    )


def reports_of(user, task: Task) -> QuerySet[ProgressReport]:
    return task.reports.select_related("unit", "reported_by").prefetch_related("evidence__file")
