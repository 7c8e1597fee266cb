"""The campaign over HTTP: campaigns in scope, one campaign's tasks with their units and state,
and a unit's progress report (JSON; evidence files go through the staff page). Thin."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Router, Status

from jianzheng.accounts.api_auth import bearer
from jianzheng.campaign import permissions, selectors, services
from jianzheng.campaign.models import TaskUnit
from jianzheng.campaign.schemas import (
    CampaignListOut,
    CampaignOut,
    CampaignPhaseOut,
    CampaignTaskOut,
    CampaignTasksOut,
    ProgressIn,
    ProgressOut,
    TaskUnitOut,
)
from jianzheng.core.schemas import CodeNameRef, errors

campaigns_router = Router(tags=["campaign"], auth=bearer)
tasks_router = Router(tags=["campaign"], auth=bearer)


def _reader(user):
    if not permissions.can_read(user):
        raise PermissionDenied("无权查看专项行动")


def _unit_out(u: TaskUnit) -> TaskUnitOut:
    return TaskUnitOut(
        text=u.text,
        unit=CodeNameRef(code=u.unit.code, name=u.unit.name) if u.unit else None,
        kept_name=u.unit_name_id is not None and u.unit_id is None,
        collective=u.collective,
    )


@campaigns_router.get("", response={200: CampaignListOut, **errors(401, 403)}, summary="专项行动")
def list_campaigns(request):
    _reader(request.user)
    rows = [
        CampaignOut.of(c)
        for c in permissions.visible_campaigns(request.user).select_related("county")
    ]
    return CampaignListOut(items=rows, count=len(rows))


@campaigns_router.get(
    "/{id}/tasks",
    response={200: CampaignTasksOut, **errors(401, 403, 404)},
    summary="专项行动的重点任务、牵头和配合单位、实施步骤",
)
def campaign_tasks(request, id: int):
    """Each task with its units as the plan names them (`text`), the registered unit it means
    (`unit`, or `kept_name` when nobody registered it), its deadline and state (`overdue` when the
    deadline passed before every lead unit reported it done)."""
    _reader(request.user)
    campaign = selectors.get_campaign(request.user, id)
    if campaign is None:
        raise Http404
    today = timezone.localdate()
    tasks = []
    for s in selectors.campaign_progress(campaign, today=today):
        t = s.task
        state = (
            "done"
            if s.done
            else "overdue"
            if s.overdue
            else "ongoing"
            if t.due_on is None
            else "under_way"
        )
        units = list(t.units.all())
        tasks.append(
            CampaignTaskOut(
                id=t.pk,
                label=t.label,
                title=t.title,
                content=t.content,
                lead_units=[_unit_out(u) for u in units if u.role == TaskUnit.Role.LEAD],
                cooperating_units=[
                    _unit_out(u) for u in units if u.role == TaskUnit.Role.COOPERATING
                ],
                phase=t.phase.label if t.phase else None,
                due_on=t.due_on,
                state=state,
                days_late=s.days_late,
                reports=s.reports,
            )
        )
    phases = [
        CampaignPhaseOut(
            label=p.label,
            title=p.title,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            works=[w.title for w in p.works.all()],
        )
        for p in campaign.phases.prefetch_related("works")
    ]
    return CampaignTasksOut(campaign=CampaignOut.of(campaign), phases=phases, tasks=tasks)


@tasks_router.post(
    "/{id}/progress",
    response={201: ProgressOut, **errors(401, 403, 404, 422)},
    summary="报送任务进展（牵头或配合单位）",
)
def report(request, id: int, payload: ProgressIn):
    """403 when the task does not name the caller's unit (nor a collective name covering it)."""
    _reader(request.user)
    task = selectors.get_task(request.user, id)
    if task is None:
        raise Http404
    made = services.report_progress(actor=request.user, task=task, **payload.model_dump())
    return Status(
        201,
        ProgressOut(
            id=made.pk,
            task=task.pk,
            unit=CodeNameRef(code=made.unit.code, name=made.unit.name),
            state=made.state,
            summary=made.summary,
            reported_on=made.reported_on,
        ),
    )
